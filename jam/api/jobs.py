"""Background jobs in the API: what `recomputeThemes` and `analyseConnectors` return."""

from __future__ import annotations

from datetime import datetime

import strawberry

from jam.actions.jobs import JobKind, JobStatus, request_analysis
from jam.api.context import Info
from jam.api.errors import UserError, payload
from jam.api.ids import id_or_none, parse_id
from jam.models import Job as JobRow
from jam.queries.jobs import job_for

strawberry.enum(JobKind, name="JobKind")
strawberry.enum(JobStatus, name="JobStatus")


@strawberry.type(description="Work the background worker does on request; poll `job(id)` or "
                 "listen to `jamActivity` for `JobFinished`.")
class Job:
    id: strawberry.ID
    kind: JobKind
    status: JobStatus
    reason: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None = strawberry.field(description="Why it failed, when it did.")
    jam_id: strawberry.ID

    @classmethod
    def of(cls, row: JobRow) -> Job:
        return cls(
            id=strawberry.ID(str(row.id)),
            kind=JobKind(row.kind),
            status=JobStatus(row.status),
            reason=row.reason,
            created_at=row.created_at,
            started_at=row.started_at,
            finished_at=row.finished_at,
            error=row.error,
            jam_id=strawberry.ID(str(row.jam_id)),
        )



@strawberry.type
class JobPayload:
    job: Job | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


async def job_payload(info: Info, input_jam_id: strawberry.ID, kind: JobKind) -> JobPayload:
    actor = info.context.require_actor()

    async def run() -> Job:
        jam_id = parse_id(input_jam_id, "jamId")
        return Job.of(await request_analysis(info.context.rt, actor, jam_id, kind))

    return await payload(JobPayload, "job", run())


@strawberry.type
class JobsQuery:
    @strawberry.field(description="A background job you asked for (or, for analysts and the "
                      "jam's moderators, any of its jobs); null if missing or not yours to see.")
    async def job(self, info: Info, id: strawberry.ID) -> Job | None:
        actor = info.context.require_actor()
        job_id = id_or_none(id)
        if job_id is None:
            return None
        job = await job_for(info.context.rt, actor, job_id)
        return Job.of(job) if job else None

