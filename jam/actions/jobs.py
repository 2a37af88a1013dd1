"""Background jobs people ask for: queued here, done by the worker (``jam.jobs``).

An API process never fits themes or analyses a network itself: the request is a row in ``job``
plus a ``job.queued`` event, which wakes the worker wherever it runs. The worker moves the job
through ``running`` to ``done`` (with the snapshot it made) or ``failed`` (with the reason).
"""

from __future__ import annotations

import enum

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam.access import Actor, may_analyse, may_moderate, membership_of, require_viewable_jam
from jam.actions.records import audit
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind, record_event
from jam.models import Job
from jam.runtime import Runtime
from jam.timeutil import utcnow

ERROR_MAX = 2_000


class JobKind(enum.StrEnum):
    THEMES = "themes.refit"
    CONNECTORS = "connectors.analyse"
    OPINIONS = "opinions.analyse"


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


async def queue_job(
    session: AsyncSession, kind: JobKind, jam_id: int, *, reason: str, requested_by: int | None
) -> Job:
    """Add a job in the caller's transaction; an equal job still waiting is reused, so asking
    twice (or a retried request) does the work once."""
    waiting = (
        await session.execute(
            select(Job).where(
                Job.kind == kind.value,
                Job.jam_id == jam_id,
                Job.status == JobStatus.QUEUED.value,
            )
        )
    ).scalars().first()
    if waiting is not None:
        return waiting
    job = Job(kind=kind.value, jam_id=jam_id, reason=reason, requested_by=requested_by)
    session.add(job)
    await session.flush()
    assert job.id is not None
    await record_event(
        session,
        EventKind.JOB_QUEUED,
        jam_id=jam_id,
        subject_id=job.id,
        actor_id=requested_by,
        job=kind.value,
    )
    return job


async def request_analysis(rt: Runtime, actor: Actor, jam_id: int, kind: JobKind) -> Job:
    """Analysts and the jam's moderators ask for a theme refit, a network analysis or the
    opinion groups now."""

    async def work(session: AsyncSession) -> Job:
        await require_viewable_jam(session, actor, jam_id)
        membership = await membership_of(session, jam_id, actor.user_id)
        if not may_analyse(actor, may_moderate(actor, membership)):
            raise ActionError(
                ErrorCode.FORBIDDEN, "only analysts and this jam's moderators may do this"
            )
        job = await queue_job(session, kind, jam_id, reason="requested", requested_by=actor.user_id)
        await audit(
            session,
            actor_id=actor.user_id,
            action=f"{kind.value}.request",
            subject_type="job",
            subject_id=job.id,
            jam_id=jam_id,
        )
        return job

    return await rt.db.write(work)


async def claim_next_job(rt: Runtime) -> Job | None:
    """The oldest queued job, now marked running (the worker's; only one worker is active)."""

    async def work(session: AsyncSession) -> Job | None:
        job = (
            await session.execute(
                select(Job)
                .where(Job.status == JobStatus.QUEUED.value)
                .order_by(col(Job.id))
                .limit(1)
                .with_for_update(skip_locked=True)
            )
        ).scalars().first()
        if job is None:
            return None
        job.status = JobStatus.RUNNING.value
        job.started_at = utcnow()
        session.add(job)
        return job

    return await rt.db.write(work)


async def finish_job(
    rt: Runtime, job: Job, *, result_id: int | None = None, error: str | None = None
) -> Job:
    async def work(session: AsyncSession) -> Job:
        row = await session.get(Job, job.id)
        assert row is not None
        row.status = (JobStatus.FAILED if error else JobStatus.DONE).value
        row.finished_at = utcnow()
        row.result_id = result_id
        row.error = error[:ERROR_MAX] if error else None
        session.add(row)
        await record_event(
            session,
            EventKind.JOB_FINISHED,
            jam_id=row.jam_id,
            subject_id=row.id,
            job=row.kind,
            status=row.status,
            result=result_id,
        )
        return row

    return await rt.db.write(work)


async def requeue_abandoned_jobs(rt: Runtime) -> int:
    """Put jobs left running by a worker that died back in the queue (called by the worker
    that has just taken the lease: no other worker can be running them)."""

    async def work(session: AsyncSession) -> int:
        result = await session.execute(
            update(Job)
            .where(col(Job.status) == JobStatus.RUNNING.value)
            .values(status=JobStatus.QUEUED.value, started_at=None)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    return await rt.db.write(work)
