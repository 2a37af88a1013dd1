"""Facilitator shifts and their hand-off journals.

A shift is one moderator's turn on duty in a jam (for all its forums, or some), at most a day
long and never overlapping another shift of the same person in that jam. Its journal holds
notes and open items for whoever comes next: a flag to settle, a thread to watch, an idea to
feature; an open item stays open until a moderator closes it. Only the jam's moderators (and
administrators) plan shifts and write journals.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam import validation
from jam.access import Actor, require_moderator
from jam.actions.records import audit
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind, record_event
from jam.models import Comment, Forum, Idea, JamRole, JournalEntry, JournalKind, Membership, Shift
from jam.runtime import Runtime
from jam.timeutil import as_utc, utcnow

SHIFT_MAX = timedelta(hours=24)
JOURNAL_BODY_MAX = 2_000
FORUMS_MAX = 100



def forum_ids_of(shift: Shift) -> list[int]:
    """The shift's forums; empty: all the jam's forums."""
    return [int(i) for i in json.loads(shift.forum_ids or "[]")]


def _period(starts_at: datetime, ends_at: datetime) -> tuple[datetime, datetime]:
    start = validation.moment(starts_at, "startsAt")
    end = validation.moment(ends_at, "endsAt")
    if end <= start:
        raise validation.invalid("endsAt", "a shift must end after it starts")
    if end - start > SHIFT_MAX:
        raise validation.invalid("endsAt", "a shift is at most 24 hours long")
    return start, end


def _forum_list(forum_ids: list[int] | None) -> list[int]:
    ids = sorted(set(forum_ids or []))
    if len(ids) > FORUMS_MAX:
        raise validation.invalid("forumIds", f"at most {FORUMS_MAX} forums")
    return ids


async def _check_forums(session: AsyncSession, jam_id: int, forum_ids: list[int]) -> None:
    if not forum_ids:
        return
    found = set(
        (
            await session.execute(
                select(Forum.id).where(Forum.jam_id == jam_id, col(Forum.id).in_(forum_ids))
            )
        ).scalars()
    )
    if found != set(forum_ids):
        raise validation.invalid("forumIds", "every forum must be one of this jam's")


async def _lock_moderator(session: AsyncSession, jam_id: int, user_id: int) -> Membership:
    """The person's moderator membership, locked (PostgreSQL) so that two shifts of one
    person are never checked for overlap at the same time; SQLite writes one at a time."""
    membership = (
        await session.execute(
            select(Membership)
            .where(Membership.jam_id == jam_id, Membership.user_id == user_id)
            .with_for_update()
        )
    ).scalar_one_or_none()
    if membership is None or membership.role != JamRole.MODERATOR.value:
        raise validation.invalid("userId", "only this jam's moderators take shifts")
    return membership


async def _check_overlap(
    session: AsyncSession,
    jam_id: int,
    user_id: int,
    start: datetime,
    end: datetime,
    *,
    other_than: int | None = None,
) -> None:
    query = select(Shift.id).where(
        Shift.jam_id == jam_id,
        Shift.user_id == user_id,
        col(Shift.starts_at) < end,
        col(Shift.ends_at) > start,
    )
    if other_than is not None:
        query = query.where(col(Shift.id) != other_than)
    if (await session.execute(query.limit(1))).first() is not None:
        raise ActionError(
            ErrorCode.CONFLICT, "this person already has a shift at that time", "startsAt"
        )


async def _shift(session: AsyncSession, actor: Actor, shift_id: int) -> Shift:
    shift = await session.get(Shift, shift_id)
    if shift is None:
        raise ActionError(ErrorCode.NOT_FOUND, "no such shift", "shiftId")
    await require_moderator(session, actor, shift.jam_id)
    return shift


async def create_shift(
    rt: Runtime,
    actor: Actor,
    jam_id: int,
    *,
    user_id: int,
    starts_at: datetime,
    ends_at: datetime,
    forum_ids: list[int] | None = None,
) -> Shift:
    """Put one of the jam's moderators on duty from ``starts_at`` to ``ends_at`` (≤ 24 h), for
    ``forum_ids`` (none: every forum). CONFLICT when it overlaps another shift of theirs."""
    start, end = _period(starts_at, ends_at)
    forums = _forum_list(forum_ids)

    async def work(session: AsyncSession) -> Shift:
        await require_moderator(session, actor, jam_id)
        await _lock_moderator(session, jam_id, user_id)
        await _check_forums(session, jam_id, forums)
        await _check_overlap(session, jam_id, user_id, start, end)
        shift = Shift(
            jam_id=jam_id,
            user_id=user_id,
            starts_at=start,
            ends_at=end,
            forum_ids=json.dumps(forums),
            created_by=actor.user_id,
        )
        session.add(shift)
        await session.flush()
        await audit(
            session,
            actor_id=actor.user_id,
            action="shift.create",
            subject_type="shift",
            subject_id=shift.id,
            jam_id=jam_id,
            user=user_id,
            startsAt=start.isoformat(),
            endsAt=end.isoformat(),
            forums=forums,
        )
        await record_event(
            session,
            EventKind.SHIFT_CHANGED,
            jam_id=jam_id,
            subject_id=shift.id,
            actor_id=actor.user_id,
            change="created",
            user=user_id,
        )
        return shift

    return await rt.db.write(work)


async def update_shift(
    rt: Runtime,
    actor: Actor,
    shift_id: int,
    *,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    forum_ids: list[int] | None = None,
    now: datetime | None = None,
) -> Shift:
    """Move a shift or change its forums (``[]``: every forum; ``None``: unchanged). A shift
    that is over stays as it was, and a running one keeps its start and cannot end in the
    past (CONFLICT); it may end now."""
    forums = None if forum_ids is None else _forum_list(forum_ids)
    new_start = None if starts_at is None else validation.moment(starts_at, "startsAt")
    new_end = None if ends_at is None else validation.moment(ends_at, "endsAt")

    async def work(session: AsyncSession) -> Shift:
        current = as_utc(now or utcnow())
        shift = await _shift(session, actor, shift_id)
        start = new_start if new_start is not None else shift.starts_at
        end = new_end if new_end is not None else shift.ends_at
        changes: dict[str, object] = {}
        if start != shift.starts_at:
            changes["startsAt"] = start.isoformat()
        if end != shift.ends_at:
            changes["endsAt"] = end.isoformat()
        if forums is not None and forums != forum_ids_of(shift):
            changes["forums"] = forums
        if not changes:
            return shift
        if shift.ends_at <= current:
            raise ActionError(ErrorCode.CONFLICT, "this shift is over", "shiftId")
        if shift.starts_at <= current and "startsAt" in changes:
            raise ActionError(
                ErrorCode.CONFLICT, "this shift has started: its start cannot move", "startsAt"
            )
        if shift.starts_at <= current and end < current:
            raise ActionError(
                ErrorCode.CONFLICT, "a running shift can end now, not in the past", "endsAt"
            )
        _period(start, end)
        if forums is not None:
            await _check_forums(session, shift.jam_id, forums)
        if "startsAt" in changes or "endsAt" in changes:
            await _lock_moderator(session, shift.jam_id, shift.user_id)
            await _check_overlap(
                session, shift.jam_id, shift.user_id, start, end, other_than=shift.id
            )
        shift.starts_at, shift.ends_at = start, end
        if forums is not None:
            shift.forum_ids = json.dumps(forums)
        session.add(shift)
        await audit(
            session,
            actor_id=actor.user_id,
            action="shift.update",
            subject_type="shift",
            subject_id=shift.id,
            jam_id=shift.jam_id,
            user=shift.user_id,
            **changes,
        )
        await record_event(
            session,
            EventKind.SHIFT_CHANGED,
            jam_id=shift.jam_id,
            subject_id=shift.id,
            actor_id=actor.user_id,
            change="updated",
            user=shift.user_id,
        )
        return shift

    return await rt.db.write(work)


async def delete_shift(
    rt: Runtime, actor: Actor, shift_id: int, *, now: datetime | None = None
) -> Shift:
    """Cancel a shift that has not started (with its journal); CONFLICT once it has."""

    async def work(session: AsyncSession) -> Shift:
        current = as_utc(now or utcnow())
        shift = await _shift(session, actor, shift_id)
        if shift.starts_at <= current:
            raise ActionError(
                ErrorCode.CONFLICT, "this shift has started: it cannot be deleted", "shiftId"
            )
        await session.execute(delete(JournalEntry).where(col(JournalEntry.shift_id) == shift.id))
        await session.delete(shift)
        await audit(
            session,
            actor_id=actor.user_id,
            action="shift.delete",
            subject_type="shift",
            subject_id=shift.id,
            jam_id=shift.jam_id,
            user=shift.user_id,
            startsAt=shift.starts_at.isoformat(),
            endsAt=shift.ends_at.isoformat(),
        )
        await record_event(
            session,
            EventKind.SHIFT_CHANGED,
            jam_id=shift.jam_id,
            subject_id=shift.id,
            actor_id=actor.user_id,
            change="deleted",
            user=shift.user_id,
        )
        return shift

    return await rt.db.write(work)


async def _linked(
    session: AsyncSession, jam_id: int, idea_id: int | None, comment_id: int | None
) -> tuple[int | None, int | None]:
    """(idea id, comment id) of the entry's link, both of ``jam_id``; a comment links its
    idea too."""
    if comment_id is not None:
        comment = await session.get(Comment, comment_id)
        commented = await session.get(Idea, comment.idea_id) if comment is not None else None
        if commented is None or commented.jam_id != jam_id:
            raise ActionError(ErrorCode.NOT_FOUND, "no such comment in this jam", "commentId")
        if idea_id is not None and idea_id != commented.id:
            raise validation.invalid("commentId", "this comment is not on that idea")
        return commented.id, comment_id
    if idea_id is not None:
        idea = await session.get(Idea, idea_id)
        if idea is None or idea.jam_id != jam_id:
            raise ActionError(ErrorCode.NOT_FOUND, "no such idea in this jam", "ideaId")
    return idea_id, None


async def add_journal_entry(
    rt: Runtime,
    actor: Actor,
    shift_id: int,
    *,
    kind: JournalKind,
    body: str,
    idea_id: int | None = None,
    comment_id: int | None = None,
) -> JournalEntry:
    """Write in a shift's journal (any moderator of its jam, on duty or not). An item to
    settle, watch or feature names its idea or comment; a note may."""
    validation.text(body, "body", max_length=JOURNAL_BODY_MAX)
    if kind is not JournalKind.NOTE and idea_id is None and comment_id is None:
        raise validation.invalid("ideaId", "say which idea or comment this is about")

    async def work(session: AsyncSession) -> JournalEntry:
        shift = await _shift(session, actor, shift_id)
        linked_idea, linked_comment = await _linked(session, shift.jam_id, idea_id, comment_id)
        entry = JournalEntry(
            shift_id=shift_id,
            author_id=actor.user_id,
            kind=kind.value,
            body=body.strip(),
            idea_id=linked_idea,
            comment_id=linked_comment,
        )
        session.add(entry)
        await session.flush()
        await audit(
            session,
            actor_id=actor.user_id,
            action="journal.add",
            subject_type="journal_entry",
            subject_id=entry.id,
            jam_id=shift.jam_id,
            shift=shift_id,
            kind=kind.value,
        )
        await record_event(
            session,
            EventKind.JOURNAL_CHANGED,
            jam_id=shift.jam_id,
            subject_id=entry.id,
            idea_id=linked_idea,
            actor_id=actor.user_id,
            change="added",
            shift=shift_id,
        )
        return entry

    return await rt.db.write(work)


async def close_journal_entry(
    rt: Runtime, actor: Actor, entry_id: int, *, now: datetime | None = None
) -> JournalEntry:
    """Mark an open item done. Notes are never open (INVALID_INPUT); closing a closed item
    changes nothing."""

    async def work(session: AsyncSession) -> JournalEntry:
        current = as_utc(now or utcnow())
        entry = await session.get(JournalEntry, entry_id)
        if entry is None:
            raise ActionError(ErrorCode.NOT_FOUND, "no such journal entry", "entryId")
        shift = await _shift(session, actor, entry.shift_id)
        if entry.kind == JournalKind.NOTE.value:
            raise validation.invalid("entryId", "a note is not an item: there is nothing to close")
        if entry.closed_at is not None:
            return entry
        entry.closed_at = current
        entry.closed_by = actor.user_id
        session.add(entry)
        await audit(
            session,
            actor_id=actor.user_id,
            action="journal.close",
            subject_type="journal_entry",
            subject_id=entry.id,
            jam_id=shift.jam_id,
            shift=shift.id,
            kind=entry.kind,
        )
        await record_event(
            session,
            EventKind.JOURNAL_CHANGED,
            jam_id=shift.jam_id,
            subject_id=entry.id,
            idea_id=entry.idea_id,
            actor_id=actor.user_id,
            change="closed",
            shift=shift.id,
        )
        return entry

    return await rt.db.write(work)


__all__ = [
    "JOURNAL_BODY_MAX",
    "SHIFT_MAX",
    "JournalKind",
    "add_journal_entry",
    "close_journal_entry",
    "create_shift",
    "delete_shift",
    "forum_ids_of",
    "update_shift",
]
