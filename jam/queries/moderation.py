"""What moderators read: the flag queue, the moderation log, members and their mutes."""

from __future__ import annotations

import base64
import binascii
import json
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, or_
from sqlalchemy import select as select_columns
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam import validation
from jam.access import Actor, require_moderator
from jam.models import (
    AuditEvent,
    Comment,
    Flag,
    FlagReason,
    Idea,
    ItemKind,
    JamRole,
    Membership,
    Mute,
    User,
)
from jam.runtime import Runtime
from jam.timeutil import as_utc, utcnow

PAGE_MAX = 100
NOTES_SHOWN = 5

# The audit actions that make up a jam's moderation log (participants' own posts and votes are
# in the audit trail too, but are not moderation).
LOG_ACTIONS = (
    "idea.hide",
    "idea.restore",
    "idea.auto_hide",
    "comment.hide",
    "comment.restore",
    "comment.auto_hide",
    "flags.keep",
    "flag.add",
    "member.mute",
    "member.unmute",
    "moderator.assign",
    "jam.update",
    "jam.close",
    "forum.add",
    "invitation.create",
    "moderator.remove",
    "invitation.revoke",
    "shift.create",
    "shift.update",
    "shift.delete",
    "journal.add",
    "journal.close",
    "idea.pin",
    "idea.unpin",
    "idea.label",
    "announcement.post",
    "announcement.retract",
    "merge.propose",
    "merge.accept",
    "merge.decline",
    "merge.cancel",
    "merge.done",
    "merge.undo",
)


def _encode(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":"), default=str)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, length: int) -> list[Any]:
    try:
        if len(cursor) > 200:
            raise ValueError("too long")
        values = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()))
        if not isinstance(values, list) or len(values) != length:
            raise ValueError("not one of ours")
        return values
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, RecursionError) as error:
        raise validation.invalid("after", "this cursor is not valid for this list") from error


def _page_size(first: int) -> None:
    if not 0 <= first <= PAGE_MAX:
        raise validation.invalid("first", f"first must be between 0 and {PAGE_MAX}")


# --- the queue ----------------------------------------------------------------------------


@dataclass
class QueueEntry:
    """One flagged item with its open flags summed up."""

    kind: ItemKind
    item_id: int
    idea: Idea
    comment: Comment | None
    flag_count: int
    first_flagged_at: datetime
    last_flagged_at: datetime
    reasons: dict[FlagReason, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class QueuePage:
    entries: list[QueueEntry]
    cursors: list[str]
    has_next_page: bool
    total_count: int


@dataclass
class QueueFilter:
    jam_id: int
    forum_id: int | None = None
    kind: ItemKind | None = None
    reason: FlagReason | None = None
    first: int = 20
    after: str | None = None


async def moderation_queue(rt: Runtime, actor: Actor, spec: QueueFilter) -> QueuePage:
    """The items with open flags, oldest flag first, one entry per item; moderators only."""
    _page_size(spec.first)
    after = _decode(spec.after, 3) if spec.after else None
    async with rt.db.read() as session:
        await require_moderator(session, actor, spec.jam_id)
        conditions: list[Any] = [Flag.jam_id == spec.jam_id, col(Flag.resolved_at).is_(None)]
        if spec.forum_id is not None:
            conditions.append(Flag.forum_id == spec.forum_id)
        if spec.kind is not None:
            conditions.append(Flag.item_kind == spec.kind.value)
        groups = (
            select_columns(
                col(Flag.item_kind),
                col(Flag.item_id),
                func.min(Flag.idea_id).label("idea_id"),
                func.count().label("flags"),
                func.min(Flag.created_at).label("first_at"),
                func.max(Flag.created_at).label("last_at"),
            )
            .where(*conditions)
            .group_by(col(Flag.item_kind), col(Flag.item_id))
        )
        if spec.reason is not None:
            groups = groups.having(
                func.sum(case((col(Flag.reason) == spec.reason.value, 1), else_=0)) > 0
            )
        grouped = groups.subquery()
        total = (
            await session.execute(select(func.count()).select_from(grouped))
        ).scalar_one()
        query = select_columns(grouped)
        if after is not None:
            at, kind, item_id = after
            try:
                moment = as_utc(datetime.fromisoformat(str(at)))
            except ValueError as error:
                raise validation.invalid("after", "this cursor is not valid") from error
            query = query.where(
                or_(
                    grouped.c.first_at > moment,
                    and_(
                        grouped.c.first_at == moment,
                        or_(
                            grouped.c.item_kind > kind,
                            and_(grouped.c.item_kind == kind, grouped.c.item_id > item_id),
                        ),
                    ),
                )
            )
        rows = (
            await session.execute(
                query.order_by(grouped.c.first_at, grouped.c.item_kind, grouped.c.item_id).limit(
                    spec.first + 1
                )
            )
        ).all()
        has_next = len(rows) > spec.first
        rows = rows[: spec.first]
        entries = await _entries(session, rows)
    cursors = [
        _encode([as_utc(e.first_flagged_at).isoformat(), e.kind.value, e.item_id]) for e in entries
    ]
    return QueuePage(entries, cursors, has_next, int(total))


async def _entries(session: AsyncSession, rows: Sequence[Any]) -> list[QueueEntry]:
    """The page's items with their ideas, comments, reasons and notes: four queries."""
    if not rows:
        return []
    idea_ids = {row.idea_id for row in rows}
    comment_ids = [row.item_id for row in rows if row.item_kind == ItemKind.COMMENT.value]
    ideas = {
        i.id: i
        for i in (await session.execute(select(Idea).where(col(Idea.id).in_(idea_ids)))).scalars()
    }
    comments = {}
    if comment_ids:
        found = await session.execute(select(Comment).where(col(Comment.id).in_(comment_ids)))
        comments = {c.id: c for c in found.scalars()}
    keys = [(row.item_kind, row.item_id) for row in rows]
    reasons: dict[tuple[str, int], dict[FlagReason, int]] = defaultdict(dict)
    notes: dict[tuple[str, int], list[str]] = defaultdict(list)
    flags = await session.execute(
        select(Flag.item_kind, Flag.item_id, Flag.reason, Flag.note)
        .where(
            col(Flag.resolved_at).is_(None),
            or_(*(and_(Flag.item_kind == k, Flag.item_id == i) for k, i in keys)),
        )
        .order_by(col(Flag.created_at).desc())
    )
    for kind, item_id, reason, note in flags.all():
        counts = reasons[(kind, item_id)]
        counts[FlagReason(reason)] = counts.get(FlagReason(reason), 0) + 1
        if note and len(notes[(kind, item_id)]) < NOTES_SHOWN:
            notes[(kind, item_id)].append(note)
    entries = []
    for row in rows:
        key = (row.item_kind, row.item_id)
        kind = ItemKind(row.item_kind)
        entries.append(
            QueueEntry(
                kind=kind,
                item_id=row.item_id,
                idea=ideas[row.idea_id],
                comment=comments.get(row.item_id) if kind is ItemKind.COMMENT else None,
                flag_count=int(row.flags),
                first_flagged_at=row.first_at,
                last_flagged_at=row.last_at,
                reasons=reasons[key],
                notes=notes[key],
            )
        )
    return entries


# --- the log ------------------------------------------------------------------------------


@dataclass
class LogPage:
    entries: list[AuditEvent]
    has_next_page: bool
    total_count: int

    @property
    def end_cursor(self) -> str | None:
        return _encode([self.entries[-1].id]) if self.entries else None


@dataclass
class LogFilter:
    jam_id: int
    action: str | None = None
    actor_id: int | None = None
    first: int = 50
    after: str | None = None


def _log_conditions(spec: LogFilter) -> list[Any]:
    if spec.action is not None and spec.action not in LOG_ACTIONS:
        raise validation.invalid("action", "not an action of the moderation log")
    conditions: list[Any] = [
        AuditEvent.jam_id == spec.jam_id,
        col(AuditEvent.action).in_([spec.action] if spec.action else LOG_ACTIONS),
    ]
    if spec.actor_id is not None:
        conditions.append(AuditEvent.actor_id == spec.actor_id)
    return conditions


async def moderation_log(rt: Runtime, actor: Actor, spec: LogFilter) -> LogPage:
    """The jam's moderation trail, newest first; moderators only."""
    _page_size(spec.first)
    conditions = _log_conditions(spec)
    if spec.after:
        (before,) = _decode(spec.after, 1)
        if not isinstance(before, int):
            raise validation.invalid("after", "this cursor is not valid for this list")
        page_conditions = [*conditions, col(AuditEvent.id) < before]
    else:
        page_conditions = conditions
    async with rt.db.read() as session:
        await require_moderator(session, actor, spec.jam_id)
        total = (
            await session.execute(select(func.count()).select_from(AuditEvent).where(*conditions))
        ).scalar_one()
        rows = list(
            (
                await session.execute(
                    select(AuditEvent)
                    .where(*page_conditions)
                    .order_by(col(AuditEvent.id).desc())
                    .limit(spec.first + 1)
                )
            ).scalars()
        )
    return LogPage(rows[: spec.first], len(rows) > spec.first, int(total))


async def moderation_log_rows(
    rt: Runtime, actor: Actor, spec: LogFilter, chunk: int = 1000
) -> AsyncIterator[tuple[AuditEvent, str | None]]:
    """The whole log (newest first) with each actor's display name, a chunk per query, for
    the CSV export; FORBIDDEN/NOT_FOUND before the first row."""
    conditions = _log_conditions(spec)
    async with rt.db.read() as session:
        await require_moderator(session, actor, spec.jam_id)
    before: int | None = None
    while True:
        async with rt.db.read() as session:
            query = (
                select(AuditEvent, User.display_name)
                .outerjoin(User, col(User.id) == AuditEvent.actor_id)
                .where(*conditions)
            )
            if before is not None:
                query = query.where(col(AuditEvent.id) < before)
            rows = (
                await session.execute(query.order_by(col(AuditEvent.id).desc()).limit(chunk))
            ).all()
        for event, name in rows:
            yield event, name
        if len(rows) < chunk:
            return
        before = rows[-1][0].id


# --- members ------------------------------------------------------------------------------


@dataclass
class MemberEntry:
    user: User
    membership: Membership
    mute: Mute | None


@dataclass
class MemberPage:
    entries: list[MemberEntry]
    has_next_page: bool
    total_count: int

    @property
    def end_cursor(self) -> str | None:
        return _encode([self.entries[-1].membership.id]) if self.entries else None


@dataclass
class MemberFilter:
    jam_id: int
    search: str | None = None
    role: JamRole | None = None
    kind: str | None = None
    muted: bool | None = None
    first: int = 50
    after: str | None = None


async def members(rt: Runtime, actor: Actor, spec: MemberFilter) -> MemberPage:
    """The jam's members in joining order, searchable by name, e-mail, unit and country;
    moderators only. Each with their active mute, if any."""
    _page_size(spec.first)
    search = spec.search.strip() if spec.search else None
    if search is not None and len(search) > validation.SEARCH_MAX:
        raise validation.invalid("search", f"search is at most {validation.SEARCH_MAX} characters")
    now = utcnow()
    muted_now = and_(
        col(Mute.jam_id) == spec.jam_id,
        col(Mute.user_id) == Membership.user_id,
        col(Mute.lifted_at).is_(None),
        col(Mute.ends_at) > now,
    )
    conditions: list[Any] = [Membership.jam_id == spec.jam_id]
    if spec.role is not None:
        conditions.append(Membership.role == spec.role.value)
    if spec.kind is not None:
        conditions.append(User.kind == spec.kind)
    if spec.muted is not None:
        exists = select(Mute.id).where(muted_now).exists()
        conditions.append(exists if spec.muted else ~exists)
    if search:
        pattern = f"%{validation.escape_like(search)}%"
        conditions.append(
            or_(
                col(User.display_name).ilike(pattern, escape="\\"),
                col(User.email).ilike(pattern, escape="\\"),
                col(User.org_unit).ilike(pattern, escape="\\"),
                col(User.country).ilike(pattern, escape="\\"),
            )
        )
    page_conditions = list(conditions)
    if spec.after:
        (after_id,) = _decode(spec.after, 1)
        if not isinstance(after_id, int):
            raise validation.invalid("after", "this cursor is not valid for this list")
        page_conditions.append(col(Membership.id) > after_id)
    async with rt.db.read() as session:
        await require_moderator(session, actor, spec.jam_id)
        joined = select(func.count()).select_from(Membership).join(
            User, col(User.id) == Membership.user_id
        )
        total = (await session.execute(joined.where(*conditions))).scalar_one()
        rows = (
            await session.execute(
                select(Membership, User)
                .join(User, col(User.id) == Membership.user_id)
                .where(*page_conditions)
                .order_by(col(Membership.id))
                .limit(spec.first + 1)
            )
        ).all()
        has_next = len(rows) > spec.first
        rows = rows[: spec.first]
        user_ids = [user.id for _, user in rows]
        mutes: dict[int, Mute] = {}
        if user_ids:
            found = await session.execute(
                select(Mute).where(
                    col(Mute.jam_id) == spec.jam_id,
                    col(Mute.user_id).in_(user_ids),
                    col(Mute.lifted_at).is_(None),
                    col(Mute.ends_at) > now,
                )
            )
            mutes = {m.user_id: m for m in found.scalars()}
    return MemberPage(
        [MemberEntry(user, membership, mutes.get(user.id or 0)) for membership, user in rows],
        has_next,
        int(total),
    )


async def viewer_mutes(rt: Runtime, user_id: int, jam_ids: list[int]) -> list[Mute | None]:
    """Each jam's active mute of ``user_id`` (the DataLoader batch behind ``Jam.viewerMute``)."""
    now = utcnow()
    async with rt.db.read() as session:
        found = await session.execute(
            select(Mute).where(
                col(Mute.user_id) == user_id,
                col(Mute.jam_id).in_(jam_ids),
                col(Mute.lifted_at).is_(None),
                col(Mute.ends_at) > now,
            )
        )
        by_jam = {m.jam_id: m for m in found.scalars()}
    return [by_jam.get(i) for i in jam_ids]
