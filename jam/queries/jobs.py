"""Reading background jobs: whoever asked, and the jam's analysts and moderators."""

from __future__ import annotations

from jam.access import Actor, may_analyse, may_moderate, may_view, membership_of
from jam.models import Job
from jam.runtime import Runtime


async def job_for(rt: Runtime, actor: Actor, job_id: int) -> Job | None:
    """The job, or None when it does not exist or the actor may not see it."""
    async with rt.db.read() as session:
        job = await session.get(Job, job_id)
        if job is None:
            return None
        if job.requested_by == actor.user_id:
            return job
        membership = await membership_of(session, job.jam_id, actor.user_id)
    if may_view(actor, membership) and may_analyse(actor, may_moderate(actor, membership)):
        return job
    return None
