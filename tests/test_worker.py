"""`jam worker` as real processes: one active under a database lease, a standby that takes
over when the active one is killed, and jobs done by whichever is active."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from jam.actions.jobs import JobKind, JobStatus, request_analysis
from jam.jobs import lease
from jam.models import Job
from tests.conftest import World


def _start_worker(database_url: str) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        JAM_DATABASE_URL=database_url,
        JAM_WORKER_LEASE_SECONDS="2",
        JAM_WORKER_STANDBY_SECONDS="0.3",
        JAM_EMBEDDING_MODEL="off",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "jam.cli", "worker", "--log-level", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def _holder_pid(world: World, timeout: float = 30.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = await lease.current_holder(world.rt)
        if row is not None and row.expires_at.timestamp() > time.time():
            return int(row.holder.split(":")[1])
        await asyncio.sleep(0.1)
    raise AssertionError("no worker took the lease")


async def _job_status(world: World, job_id: int | None, want: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    status = ""
    while time.monotonic() < deadline:
        async with world.rt.db.read() as session:
            job = await session.get(Job, job_id)
        assert job is not None
        status = job.status
        if status == want:
            return status
        await asyncio.sleep(0.1)
    return status


async def test_a_standby_worker_takes_over_when_the_active_one_is_killed(world: World) -> None:
    workers = [_start_worker(world.rt.db.url) for _ in range(2)]
    try:
        active = await _holder_pid(world)
        assert active in {w.pid for w in workers}
        standby = next(w for w in workers if w.pid != active)
        os.kill(active, signal.SIGKILL)
        killed_at = time.monotonic()
        while (await _holder_pid(world)) != standby.pid:
            assert time.monotonic() - killed_at < 60, "the standby did not take over in a minute"
            await asyncio.sleep(0.1)
        assert standby.poll() is None
        assert world.jam.id is not None
        job = await request_analysis(world.rt, world.admin, world.jam.id, JobKind.CONNECTORS)
        assert await _job_status(world, job.id, JobStatus.DONE.value, 60) == "done"
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
            worker.wait(timeout=10)


async def test_a_worker_stopped_gracefully_hands_over_at_once(world: World) -> None:
    workers = [_start_worker(world.rt.db.url) for _ in range(2)]
    try:
        holder = await _holder_pid(world)
        active = next(w for w in workers if w.pid == holder)
        standby = next(w for w in workers if w is not active)
        active.terminate()
        assert active.wait(timeout=20) == 0
        stopped_at = time.monotonic()
        while (await _holder_pid(world)) != standby.pid:
            await asyncio.sleep(0.05)
        # Released, not expired: the standby's next poll (0.3 s) takes it.
        assert time.monotonic() - stopped_at < 1.9
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
            worker.wait(timeout=10)


async def test_a_jam_opening_by_its_clock_is_heard_live(world: World) -> None:
    from datetime import timedelta

    from jam.events import EventKind
    from jam.jobs.themes import RefreshPolicy
    from jam.jobs.worker import Worker

    soon = await world.new_jam(starts_in=timedelta(seconds=1.5), lasts=timedelta(days=1))
    worker = Worker(world.rt, policy=RefreshPolicy(tick_seconds=0.1))
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run(stop))
    try:
        await asyncio.wait_for(worker.active.wait(), 10)
        async with world.rt.feed.subscribe(jam_id=soon.id) as events:
            event = await asyncio.wait_for(anext(events), 10)
        assert event.kind is EventKind.JAM_UPDATED and event.data["phase"] == "live"
    finally:
        stop.set()
        await asyncio.wait_for(running, 30)


def _fit_processes(worker_pid: int) -> list[int]:
    """The worker's process-pool children (spawned with multiprocessing's spawn_main)."""
    found = []
    for listing in Path(f"/proc/{worker_pid}/task").glob("*/children"):
        for pid in listing.read_text().split():
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if b"spawn_main" in command:
                found.append(int(pid))
    return found


async def test_a_killed_fit_process_is_replaced_for_the_next_job(world: World) -> None:
    """Fits run in the worker's process pool; a pool whose process was killed used to fail
    every later fit with BrokenProcessPool until the worker restarted."""
    assert world.jam.id is not None
    worker = _start_worker(world.rt.db.url)
    try:
        pid = await _holder_pid(world)
        first = await request_analysis(world.rt, world.admin, world.jam.id, JobKind.CONNECTORS)
        assert await _job_status(world, first.id, JobStatus.DONE.value, 60) == "done"
        pool = _fit_processes(pid)
        assert len(pool) == 1
        os.kill(pool[0], signal.SIGKILL)
        await asyncio.sleep(0.5)
        then = await request_analysis(world.rt, world.admin, world.jam.id, JobKind.CONNECTORS)
        assert await _job_status(world, then.id, JobStatus.DONE.value, 60) == "done"
        assert _fit_processes(pid) not in ([], pool)
        assert worker.poll() is None
    finally:
        worker.kill()
        worker.wait(timeout=10)
