"""Events: what changed, recorded in the changing transaction (the transactional outbox).

An action calls :func:`record_event` inside its transaction; the row commits with the change or
rolls back with it, so a subscriber never hears of a change that did not happen, and an action
that changed nothing (a replayed call, a vote equal to the current one) records nothing.
Each process's :class:`jam.feed.EventFeed` reads the committed rows with :func:`read_committed`
and fans them out; the worker reads them to find new work.

Ordering. Rows are read in ``(xid, position)`` order. On SQLite every write holds the database
lock (``BEGIN IMMEDIATE``), so transactions commit in ``position`` order and ``xid`` is 0. On
PostgreSQL a sequence value is taken at insert, not at commit, so a reader of ``position >
last`` could pass over a row whose transaction commits later. Each row therefore stores its
transaction id (``pg_current_xact_id()``) and a reader takes only rows of transactions older
than the oldest one still running (``pg_snapshot_xmin(pg_current_snapshot())``): every such
transaction has ended, so no row can later appear before the reader's cursor.

Events carry ids and small facts, not objects: subscribers re-read what they need, under their
own visibility rules.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Text, and_, delete, func, insert, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from jam.db import EVENTS_RECORDED as RECORDED
from jam.models import OutboxEvent
from jam.timeutil import utcnow

# PostgreSQL channel woken (inside the writing transaction, so at its commit) by every write
# that records an event. The payload is empty: listeners re-read the table.
NOTIFY_CHANNEL = "jam_events"


class EventKind(enum.StrEnum):
    """Every kind of event. Stored as its value: never rename a value, add new members."""

    JAM_CREATED = "jam.created"
    JAM_UPDATED = "jam.updated"
    FORUM_ADDED = "forum.added"
    MODERATOR_ASSIGNED = "moderator.assigned"
    MEMBER_JOINED = "member.joined"
    IDEA_POSTED = "idea.posted"
    IDEA_EDITED = "idea.edited"
    IDEA_HIDDEN = "idea.hidden"
    IDEA_RESTORED = "idea.restored"
    VOTES_CHANGED = "idea.voted"
    COMMENT_ADDED = "comment.added"
    THEMES_UPDATED = "themes.updated"
    CONNECTORS_UPDATED = "connectors.updated"
    OPINIONS_UPDATED = "opinions.updated"
    JOB_QUEUED = "job.queued"
    JOB_FINISHED = "job.finished"
    IDEAS_EMBEDDED = "ideas.embedded"
    SESSION_ENDED = "session.ended"
    ITEM_FLAGGED = "item.flagged"
    FLAGS_RESOLVED = "flags.resolved"
    COMMENT_HIDDEN = "comment.hidden"
    COMMENT_RESTORED = "comment.restored"
    MEMBER_MUTED = "member.muted"
    MUTE_LIFTED = "mute.lifted"
    NOTIFICATION_ADDED = "notification.added"
    IDEA_FEATURED = "idea.featured"  # pinned, unpinned or labelled
    ANNOUNCEMENT_POSTED = "announcement.posted"
    ANNOUNCEMENT_RETRACTED = "announcement.retracted"
    MERGE_CHANGED = "merge.changed"  # proposed, answered, cancelled
    IDEA_MERGED = "idea.merged"
    IDEA_UNMERGED = "idea.unmerged"
    SHIFT_CHANGED = "shift.changed"
    JOURNAL_CHANGED = "journal.changed"
    MODERATOR_REMOVED = "moderator.removed"


@dataclass(frozen=True, order=True)
class Position:
    """Where an event stands in the stream; compares in delivery order.

    Shown to clients as one opaque string (``"<xid>.<position>"``) that they hand back to
    resume after a reconnect."""

    xid: int
    seq: int

    def __str__(self) -> str:
        return f"{self.xid}.{self.seq}"

    @classmethod
    def parse(cls, value: str) -> Position:
        """The position a client sent back; ValueError when it is not one of ours."""
        xid, _, seq = value.strip().partition(".")
        if not xid.isdigit() or not seq.isdigit() or len(value) > 60:
            raise ValueError(f"not an event position: {value!r}")
        position = cls(int(xid), int(seq))  # int() refuses digits that are not ASCII
        if max(position.xid, position.seq) >= 2**63:  # beyond what both databases store
            raise ValueError(f"not an event position: {value!r}")
        return position


START = Position(0, 0)


@dataclass(frozen=True)
class LiveEvent:
    position: Position
    kind: EventKind
    jam_id: int | None
    subject_id: int | None
    idea_id: int | None
    actor_id: int | None
    at: datetime
    data: dict[str, Any] = field(default_factory=dict)
    # What the subscribers of this one event share while presenting it (see
    # ``jam.queries.loaders.make_loaders``); never compared, never stored.
    shared: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def _postgres(session: AsyncSession) -> bool:
    bind = session.bind
    return bind is not None and bind.dialect.name == "postgresql"


async def record_event(
    session: AsyncSession,
    kind: EventKind,
    *,
    jam_id: int | None,
    subject_id: int | None = None,
    idea_id: int | None = None,
    actor_id: int | None = None,
    **data: object,
) -> None:
    """Add an event to the outbox, in the caller's transaction; ``data`` holds small facts
    (JSON) that spare subscribers a read, such as an idea's new vote counts."""
    postgres = _postgres(session)
    values: dict[str, Any] = {
        "kind": kind.value,
        "jam_id": jam_id,
        "subject_id": subject_id,
        "idea_id": idea_id,
        "actor_id": actor_id,
        "at": utcnow(),
        "data": json.dumps(data, default=str, ensure_ascii=False, separators=(",", ":")),
    }
    if postgres:
        values["xid"] = func.pg_current_xact_id().cast(Text).cast(BigInteger)
    await session.execute(insert(OutboxEvent).values(**values))
    if not session.info.get(RECORDED):
        session.info[RECORDED] = True
        if postgres:
            await session.execute(
                text("SELECT pg_notify(:channel, '')"), {"channel": NOTIFY_CHANNEL}
            )


def _event(row: OutboxEvent) -> LiveEvent:
    assert row.position is not None
    return LiveEvent(
        position=Position(row.xid, row.position),
        kind=EventKind(row.kind),
        jam_id=row.jam_id,
        subject_id=row.subject_id,
        idea_id=row.idea_id,
        actor_id=row.actor_id,
        at=row.at,
        data=json.loads(row.data),
    )


def _after(position: Position) -> Any:
    return or_(
        col(OutboxEvent.xid) > position.xid,
        and_(col(OutboxEvent.xid) == position.xid, col(OutboxEvent.position) > position.seq),
    )


def _in_order(query: Any) -> Any:
    return query.order_by(col(OutboxEvent.xid), col(OutboxEvent.position))


async def read_committed(
    session: AsyncSession, after: Position, limit: int = 500
) -> tuple[list[LiveEvent], bool]:
    """The next events after ``after`` that no running transaction can still precede, and
    whether later committed rows are being held back (a transaction older than theirs is still
    running: the caller should look again soon rather than wait for the next wake-up)."""
    query = select(OutboxEvent).where(_after(after))
    if not _postgres(session):
        rows = (await session.execute(_in_order(query).limit(limit))).scalars().all()
        return [_event(r) for r in rows], False
    horizon = await _horizon(session)
    rows = (
        await session.execute(_in_order(query.where(col(OutboxEvent.xid) < horizon)).limit(limit))
    ).scalars().all()
    held = False
    if len(rows) < limit:
        held = (
            await session.execute(
                select(col(OutboxEvent.position))
                .where(_after(after), col(OutboxEvent.xid) >= horizon)
                .limit(1)
            )
        ).first() is not None
    return [_event(r) for r in rows], held


async def read_range(
    session: AsyncSession,
    after: Position,
    upto: Position,
    *,
    since: datetime,
    jam_id: int | None = None,
    idea_id: int | None = None,
    limit: int = 5_000,
) -> list[LiveEvent]:
    """Events in ``(after, upto]`` recorded since ``since``, for a client catching up."""
    query = select(OutboxEvent).where(
        _after(after),
        or_(
            col(OutboxEvent.xid) < upto.xid,
            and_(col(OutboxEvent.xid) == upto.xid, col(OutboxEvent.position) <= upto.seq),
        ),
        col(OutboxEvent.at) >= since,
    )
    if jam_id is not None:
        query = query.where(col(OutboxEvent.jam_id) == jam_id)
    if idea_id is not None:
        query = query.where(col(OutboxEvent.idea_id) == idea_id)
    rows = (await session.execute(_in_order(query).limit(limit))).scalars().all()
    return [_event(r) for r in rows]


async def last_position(session: AsyncSession) -> Position:
    """The position of the newest event (START when there is none): where a new reader starts
    to hear only what happens from now on."""
    query = select(col(OutboxEvent.xid), col(OutboxEvent.position))
    if _postgres(session):
        # Rows of transactions still running, or committed but above the horizon, are then
        # delivered as new: never skipped.
        query = query.where(col(OutboxEvent.xid) < await _horizon(session))
    row = (
        await session.execute(
            query.order_by(col(OutboxEvent.xid).desc(), col(OutboxEvent.position).desc()).limit(1)
        )
    ).first()
    return Position(int(row[0]), int(row[1] or 0)) if row else START


async def _horizon(session: AsyncSession) -> int:
    """The oldest transaction id still running (PostgreSQL): every older one has ended."""
    value = await session.execute(
        text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
    )
    return int(value.scalar_one())


async def prune_events(session: AsyncSession, before: datetime) -> int:
    """Delete events recorded before ``before`` (past the replay window); how many went."""
    result = await session.execute(delete(OutboxEvent).where(col(OutboxEvent.at) < before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
