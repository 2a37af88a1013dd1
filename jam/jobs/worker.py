"""``jam worker``: the one process that runs background jobs.

It holds the lease (``jam.jobs.lease``) or waits as a standby. While active it reads the event
outbox from where the last active worker stopped and

- places each new idea into its jam's current themes and refits a jam's themes when enough
  has changed, and once more when the jam closes (``jam.jobs.themes.ThemeRefresher``), then
  analyses the closed jam's network;
- runs the jobs people queue (``recomputeThemes``, ``analyseConnectors``), oldest first;
- deletes events older than the retention window.

Fits run in a process pool (``executor``) so this loop keeps renewing the lease while one runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from sqlmodel import select

from jam.actions.connectors import analyse_connectors
from jam.actions.jams import record_clock_change
from jam.actions.jobs import JobKind, claim_next_job, finish_job, requeue_abandoned_jobs
from jam.actions.opinions import analyse_opinions
from jam.clock import JamPhase, phase
from jam.events import EventKind, LiveEvent, Position, prune_events
from jam.feed import SubscriberDropped
from jam.jobs import lease
from jam.jobs.themes import RefreshPolicy, ThemeRefresher
from jam.models import Jam, Job
from jam.runtime import Runtime
from jam.timeutil import utcnow

# How often a pool's child process looks whether its parent is still there.
ORPHAN_CHECK_SECONDS = 1.0

log = logging.getLogger(__name__)

WANTED = {EventKind.IDEA_POSTED, EventKind.IDEA_EDITED, EventKind.JOB_QUEUED}
# New and edited ideas are embedded in batches this often (similar-ideas lookups read the
# stored vectors), so a burst of posts costs one call of the encoder, not one each.
EMBED_EVERY_SECONDS = 1.0
QUEUE_SIZE = 10_000


class Worker:
    def __init__(
        self,
        rt: Runtime,
        *,
        executor: Executor | None = None,
        policy: RefreshPolicy | None = None,
        lease_seconds: float = 30.0,
        standby_seconds: float = 5.0,
        holder: str | None = None,
    ) -> None:
        self.rt = rt
        self.executor = executor
        self.policy = policy or RefreshPolicy()
        self.lease_seconds = lease_seconds
        self.standby_seconds = standby_seconds
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.active = asyncio.Event()
        self.cursor: Position | None = None
        self.refresher: ThemeRefresher | None = None
        self._jobs_wanted = asyncio.Event()
        self._to_embed: set[int] = set()
        self._phases: dict[int, JamPhase] = {}

    async def run(self, stop: asyncio.Event) -> None:
        """Until ``stop`` is set: be the active worker, or wait to become it. A failure while
        active (the database went away, a bug) is logged and the worker starts over after a
        pause that grows with repeated failures (``RESTART_SECONDS``)."""
        failures = 0
        while not stop.is_set() and self.rt.feed.cursor is None:
            try:
                await self.rt.feed.start()
            except Exception:
                failures += 1
                log.exception("the worker could not read the event outbox; retrying")
                await _pause(stop, _backoff(failures))
        while not stop.is_set():
            try:
                stored = await lease.acquire(self.rt, self.holder, self.lease_seconds)
            except Exception:
                log.exception("could not read the worker lease; retrying")
                stored = None
            if stored is None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.standby_seconds)
                continue
            log.info("worker %s is active", self.holder)
            started = time.monotonic()
            try:
                await self._active(stop, Position.parse(stored) if stored else None)
            except Exception:
                # Worked a good while before this failure: start the backoff over.
                failures = 1 if time.monotonic() - started > HEALTHY_SECONDS else failures + 1
                wait = _backoff(failures)
                log.exception("the worker failed; starting it again in %.0f s", wait)
                await _pause(stop, wait)
            finally:
                self.active.clear()
        if self.cursor is not None:
            with contextlib.suppress(Exception):
                await lease.release(self.rt, self.holder, str(self.cursor))

    async def _active(self, stop: asyncio.Event, stored: Position | None) -> None:
        self.cursor = stored or self.rt.feed.cursor
        requeued = await requeue_abandoned_jobs(self.rt)
        if requeued:
            log.info("requeued %d job(s) a stopped worker left running", requeued)
        self.refresher = ThemeRefresher(self.rt, self.policy, self.executor)
        await self.refresher.catch_up()
        self.active.set()
        self._jobs_wanted.set()
        jobs = asyncio.create_task(self._run_jobs(stop))
        embedder = asyncio.create_task(self._embed_new_ideas(stop))
        try:
            while not stop.is_set():
                try:
                    if not await self._follow(stop):
                        return  # the lease went to another worker
                except SubscriberDropped:
                    log.warning("the worker fell behind the event stream; catching up")
        finally:
            for task in (jobs, embedder):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            await self.refresher.stop()

    async def _follow(self, stop: asyncio.Event) -> bool:
        """Handle events until ``stop``; False when the lease was lost."""
        assert self.refresher is not None
        renew_every = self.lease_seconds / 3
        next_renew = time.monotonic() + renew_every
        next_tick = time.monotonic()
        async with self.rt.feed.subscribe(
            after=self.cursor, accept=lambda e: e.kind in WANTED, queue_size=QUEUE_SIZE
        ) as events:
            stream = aiter(events)
            while not stop.is_set():
                now = time.monotonic()
                if now >= next_renew:
                    if not await lease.renew(
                        self.rt, self.holder, self.lease_seconds, str(self.cursor)
                    ):
                        log.warning("worker %s lost its lease; standing by", self.holder)
                        return False
                    next_renew = now + renew_every
                if now >= next_tick:
                    next_tick = now + self.policy.tick_seconds
                    await self._tick()
                wait = max(0.0, min(next_renew, next_tick) - time.monotonic())
                try:
                    event = await asyncio.wait_for(anext(stream), min(wait, 0.5))
                except TimeoutError:
                    continue
                await self._handle(event)
                self.cursor = event.position
        return True

    async def _handle(self, event: LiveEvent) -> None:
        assert self.refresher is not None
        if event.kind is EventKind.IDEA_POSTED and event.jam_id and event.subject_id:
            self._to_embed.add(event.subject_id)
            await self.refresher.on_idea_posted(event.subject_id, event.jam_id)
        elif event.kind is EventKind.IDEA_EDITED and event.subject_id:
            self._to_embed.add(event.subject_id)
        elif event.kind is EventKind.JOB_QUEUED:
            self._jobs_wanted.set()

    async def _tick(self) -> None:
        assert self.refresher is not None
        try:
            async with self.rt.db.read() as session:
                jams = (await session.execute(select(Jam))).scalars().all()
            await self.refresher.tick(jams)
            await self._record_clock_changes(jams)
            before = utcnow() - self.rt.feed.retention
            await self.rt.db.write(lambda session: prune_events(session, before))
        except Exception:
            log.exception("worker tick failed")
        self._jobs_wanted.set()  # also finds jobs whose event was missed

    async def _embed_new_ideas(self, stop: asyncio.Event) -> None:
        assert self.refresher is not None
        while not stop.is_set():
            await asyncio.sleep(EMBED_EVERY_SECONDS)
            batch, self._to_embed = self._to_embed, set()
            if not batch:
                continue
            try:
                await self.refresher.embed_ideas(sorted(batch))
            except Exception:
                log.exception("embedding %d new ideas failed", len(batch))

    async def _record_clock_changes(self, jams: Sequence[Jam]) -> None:
        """A jam that opened or closed by its clock (no one wrote anything) is news for its
        live listeners: record it once, as a ``jam.updated`` event."""
        now = utcnow()
        for jam in jams:
            assert jam.id is not None
            current = phase(jam, now)
            before = self._phases.get(jam.id)
            self._phases[jam.id] = current
            if before is not None and before is not current:
                await record_clock_change(self.rt, jam.id, current)

    async def _run_jobs(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self._jobs_wanted.wait()
            self._jobs_wanted.clear()
            try:
                while (job := await claim_next_job(self.rt)) is not None:
                    await self._run_job(job)
            except Exception:
                # The database went away mid-job, say: the next tick wants jobs again.
                log.exception("running queued jobs failed; trying again at the next tick")

    async def run_queued_jobs(self) -> int:
        """Run every queued job now, oldest first; how many ran (tools and tests)."""
        if self.refresher is None:
            self.refresher = ThemeRefresher(self.rt, self.policy, self.executor)
        count = 0
        while (job := await claim_next_job(self.rt)) is not None:
            await self._run_job(job)
            count += 1
        return count

    async def _run_job(self, job: Job) -> None:
        try:
            if job.kind == JobKind.THEMES.value:
                assert self.refresher is not None
                snapshot = await self.refresher.refresh_jam(
                    job.jam_id, reason=job.reason, requested_by=job.requested_by
                )
                result = snapshot.id if snapshot is not None else None
            elif job.kind == JobKind.CONNECTORS.value:
                analysis = await analyse_connectors(
                    self.rt,
                    job.jam_id,
                    reason=job.reason,
                    requested_by=job.requested_by,
                    executor=self.executor,
                )
                result = analysis.id
            elif job.kind == JobKind.OPINIONS.value:
                opinions = await analyse_opinions(
                    self.rt,
                    job.jam_id,
                    reason=job.reason,
                    requested_by=job.requested_by,
                    executor=self.executor,
                )
                result = opinions.id
            else:
                raise ValueError(f"unknown job kind {job.kind!r}")
        except Exception as error:
            log.exception("job %s (%s) failed", job.id, job.kind)
            await finish_job(self.rt, job, error=f"{type(error).__name__}: {error}")
            return
        await finish_job(self.rt, job, result_id=result)


# Pauses before restarting a failed worker (or respawning a dead `jam worker` beside a
# server): 1, 2, 4, ... seconds up to the last, back to the first once it ran HEALTHY_SECONDS.
RESTART_SECONDS = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
HEALTHY_SECONDS = 60.0


def _backoff(failures: int) -> float:
    return RESTART_SECONDS[min(max(failures, 1), len(RESTART_SECONDS)) - 1]


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def stop_when_orphaned(parent_pid: int, stop: asyncio.Event) -> None:
    """Set ``stop`` once this process's parent is no longer ``parent_pid`` (it died)."""
    while not stop.is_set():
        if os.getppid() != parent_pid:
            log.warning("the server that started this worker is gone; stopping")
            stop.set()
            return
        await asyncio.sleep(1.0)


def exit_when_orphaned() -> None:
    """For a pool's child process (its initializer): end it once its parent is gone. A parent
    killed outright (kill -9; the fault tests do it) cannot shut its pool down, and the child
    would otherwise wait for work forever."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


class RespawningProcessPool(Executor):
    """A one-process pool for fits that replaces its process when it dies.

    A ``ProcessPoolExecutor`` whose process was killed (``kill -9``, the OOM killer) is broken
    for good: every later ``submit`` raises ``BrokenProcessPool``. The fit that was running
    fails (its job is marked failed and says why); the next one gets a new pool."""

    def __init__(self) -> None:
        self._pool = self._new_pool()

    @staticmethod
    def _new_pool() -> ProcessPoolExecutor:
        from multiprocessing import get_context

        return ProcessPoolExecutor(
            max_workers=1, mp_context=get_context("spawn"), initializer=exit_when_orphaned
        )

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        try:
            return self._pool.submit(fn, *args, **kwargs)
        except BrokenProcessPool:
            log.warning("the fit process died; starting a new one")
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            return self._pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


async def run_worker(rt: Runtime, stop: asyncio.Event, **options: object) -> None:
    """Run a worker with a process pool for fits (the ``jam worker`` command)."""
    executor = RespawningProcessPool()
    try:
        await Worker(rt, executor=executor, **options).run(stop)  # type: ignore[arg-type]
    finally:
        executor.shutdown(wait=False, cancel_futures=True)


@contextmanager
def worker_beside(*, enabled: bool, log_level: str = "info") -> Iterator[None]:
    """Run ``jam worker`` as a child process while the block runs (the server's own worker;
    another running elsewhere just makes it a standby). A child that dies (``kill -9``, a
    crash) is replaced, after a pause that grows while it keeps dying (``RESTART_SECONDS``),
    and each death is logged. At the end the child is stopped with SIGTERM, which ends its
    lease at once, and killed if it does not exit within 15 s. It also stops by itself when
    this process dies without running the block's end (``kill -9``, or uvicorn re-raising the
    signal it caught), so no worker outlives its server."""
    if not enabled:
        yield
        return
    beside = WorkerBeside(log_level)
    beside.start()
    try:
        yield
    finally:
        beside.stop()


class WorkerBeside:
    """The ``jam worker`` child of ``jam serve``, watched by a thread that starts a new one
    whenever it exits while the server runs."""

    POLL_SECONDS = 0.5

    def __init__(self, log_level: str) -> None:
        self.argv = [
            sys.executable, "-m", "jam.cli", "worker", "--log-level", log_level,
            "--parent-pid", str(os.getpid()),
        ]
        self.child: subprocess.Popen[bytes] | None = None
        self.started = 0.0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="jam-worker-beside", daemon=True)

    def start(self) -> None:
        self._spawn()
        self._watcher.start()

    def _spawn(self) -> None:
        with self._lock:
            if not self._stopping.is_set():
                self.child = subprocess.Popen(self.argv, env=os.environ.copy())
                self.started = time.monotonic()

    def _watch(self) -> None:
        failures = 0
        while not self._stopping.wait(self.POLL_SECONDS):
            child = self.child
            if child is None or child.poll() is None:
                continue
            lived = time.monotonic() - self.started
            failures = 1 if lived > HEALTHY_SECONDS else failures + 1
            wait = _backoff(failures)
            log.warning(
                "the worker beside this server (pid %d) exited with code %s after %.0f s; "
                "starting a new one in %.0f s", child.pid, child.returncode, lived, wait,
            )
            if self._stopping.wait(wait):
                return
            self._spawn()
            if self.child is not None and self.child is not child:
                log.warning("started a new worker beside this server (pid %d)", self.child.pid)

    def stop(self) -> None:
        with self._lock:
            self._stopping.set()
        self._watcher.join(timeout=5)
        child = self.child
        if child is None or child.poll() is not None:
            return
        child.terminate()
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
