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
import time
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager

from sqlmodel import select

from jam.actions.connectors import analyse_connectors
from jam.actions.jams import record_clock_change
from jam.actions.jobs import JobKind, claim_next_job, finish_job, requeue_abandoned_jobs
from jam.clock import JamPhase, phase
from jam.events import EventKind, LiveEvent, Position, prune_events
from jam.feed import SubscriberDropped
from jam.jobs import lease
from jam.jobs.themes import RefreshPolicy, ThemeRefresher
from jam.models import Jam, Job
from jam.runtime import Runtime
from jam.timeutil import utcnow

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
        """Until ``stop`` is set: be the active worker, or wait to become it."""
        if self.rt.feed.cursor is None:
            await self.rt.feed.start()
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
            try:
                await self._active(stop, Position.parse(stored) if stored else None)
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
            while (job := await claim_next_job(self.rt)) is not None:
                await self._run_job(job)

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
            else:
                raise ValueError(f"unknown job kind {job.kind!r}")
        except Exception as error:
            log.exception("job %s (%s) failed", job.id, job.kind)
            await finish_job(self.rt, job, error=f"{type(error).__name__}: {error}")
            return
        await finish_job(self.rt, job, result_id=result)


async def stop_when_orphaned(parent_pid: int, stop: asyncio.Event) -> None:
    """Set ``stop`` once this process's parent is no longer ``parent_pid`` (it died)."""
    while not stop.is_set():
        if os.getppid() != parent_pid:
            log.warning("the server that started this worker is gone; stopping")
            stop.set()
            return
        await asyncio.sleep(1.0)


async def run_worker(rt: Runtime, stop: asyncio.Event, **options: object) -> None:
    """Run a worker with a process pool for fits (the ``jam worker`` command)."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    executor = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
    try:
        await Worker(rt, executor=executor, **options).run(stop)  # type: ignore[arg-type]
    finally:
        executor.shutdown(wait=False, cancel_futures=True)


@contextmanager
def worker_beside(*, enabled: bool, log_level: str = "info") -> Iterator[None]:
    """Run ``jam worker`` as a child process while the block runs (the server's own worker;
    another running elsewhere just makes it a standby). Stopped with SIGTERM, which ends its
    lease at once, and killed if it does not exit within 15 s. It also stops by itself when
    this process dies without running the block's end (``kill -9``, or uvicorn re-raising the
    signal it caught), so no worker outlives its server."""
    if not enabled:
        yield
        return
    child = subprocess.Popen(
        [sys.executable, "-m", "jam.cli", "worker", "--log-level", log_level,
         "--parent-pid", str(os.getpid())],
        env=os.environ.copy(),
    )
    try:
        yield
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
