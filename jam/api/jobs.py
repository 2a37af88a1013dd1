"""Background jobs in the API: what `recomputeThemes` and `analyseConnectors` return."""

from __future__ import annotations

from datetime import datetime

import strawberry

from jam.actions.jobs import JobKind, JobStatus
from jam.models import Job as JobRow

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
