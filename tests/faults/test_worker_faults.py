"""A dead background worker is replaced, and /healthz says whether one is alive."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from jam.config import Settings
from jam.db import Database
from jam.jobs import lease
from jam.jobs.worker import Worker
from jam.runtime import Runtime
from jam.timeutil import as_utc, utcnow
from tests.conftest import World
from tests.faults.conftest import JAM, PrivateCluster, Served, serving, wait_until

pytestmark = pytest.mark.slow


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


async def _health(http: httpx.AsyncClient) -> tuple[int, dict[str, Any]]:
    response = await http.get("/healthz")
    return response.status_code, response.json()


def _holder_pid(body: dict[str, Any]) -> int | None:
    holder = body["checks"]["worker"].get("holder")
    return int(holder.split(":")[1]) if holder and body["checks"]["worker"]["ok"] else None


async def test_a_killed_worker_beside_the_server_is_replaced_and_healthz_follows(
    world: World, tmp_path: Path
) -> None:
    with serving(world.rt.db.url, tmp_path, worker=True) as server:
        server.wait_ready("/healthz")  # the worker holds a fresh lease
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
            first = _holder_pid((await _health(http))[1])
            assert first is not None and first in server.children()
            os.kill(first, signal.SIGKILL)

            replaced: list[int] = []

            async def a_new_worker_is_healthy() -> bool:
                status, body = await _health(http)
                pid = _holder_pid(body)
                if status == 200 and pid not in (None, first):
                    replaced.append(pid)  # type: ignore[arg-type]
                    return True
                return False

            await wait_until(a_new_worker_is_healthy, 30, "no new worker took over")
        assert replaced[0] in server.children() and not _alive(first)
        assert "exited with code -9" in server.log()

    async def replacement_gone() -> bool:
        return not _alive(replaced[0])

    await wait_until(replacement_gone, 10, "the replacement outlived its server")


async def test_healthz_is_503_once_the_only_worker_is_killed(world: World, tmp_path: Path) -> None:
    with serving(world.rt.db.url, tmp_path) as server:  # --no-worker: it runs elsewhere
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
            status, body = await _health(http)
            assert status == 503 and body["checks"]["worker"]["ok"] is False
            assert body["checks"]["database"]["ok"] and body["checks"]["migrations"]["ok"]
            elsewhere = Served(world.rt.db.url, tmp_path)  # for its environment
            worker = subprocess.Popen(
                [*JAM, "worker", "--log-level", "warning"], env=elsewhere.env,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            try:
                async def healthy() -> bool:
                    return (await _health(http))[0] == 200

                await wait_until(healthy, 30, "/healthz did not see the worker")
                worker.kill()
                killed = time.monotonic()

                async def unhealthy() -> bool:
                    return (await _health(http))[0] == 503

                await wait_until(unhealthy, 10, "/healthz did not notice the dead worker")
                # Within its lease (2 s), with room for a busy machine: not the default 30 s.
                assert time.monotonic() - killed < 2 + 3
                status, body = await _health(http)
                assert body["checks"]["worker"]["ok"] is False
                assert "expired" in body["checks"]["worker"]["error"]
                assert (await http.get("/readyz")).status_code == 200
            finally:
                if worker.poll() is None:
                    worker.kill()
                worker.wait(timeout=10)


async def test_a_worker_task_outlives_a_database_outage_and_resumes(
    private_world: World, private_cluster: PrivateCluster
) -> None:
    """In-process: a failure while active (here the database going away) restarts the worker
    instead of ending its task for good."""
    url = private_cluster.url
    rt = Runtime(settings=Settings(database_url=url), db=Database(url))
    worker = Worker(rt, lease_seconds=2, standby_seconds=0.3)
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        await asyncio.wait_for(worker.active.wait(), 30)
        private_cluster.stop()
        try:
            await asyncio.sleep(3)  # past a lease renewal: the active worker fails
            assert not task.done()
        finally:
            private_cluster.start()

        async def renewed_after_restart() -> bool:
            try:
                row = await lease.current_holder(private_world.rt)
            except Exception:
                return False
            return (
                row is not None
                and row.holder == worker.holder
                and as_utc(row.expires_at) > utcnow()
                and worker.active.is_set()
            )

        back = time.monotonic()
        await wait_until(renewed_after_restart, 40, "the worker did not come back")
        assert not task.done()
        assert time.monotonic() - back < 40
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        await rt.close()
