"""Moderation: flags, hiding and restoring ideas and comments with a reason, muting members.

A flag is one member's report of an item; once a jam's threshold of counted flags is reached
the item is hidden until a moderator decides (keep, hide or restore), and every decision on an
item resolves its open flags. Whatever is hidden or restored, its author is told why.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam import validation
from jam.access import (
    Actor,
    active_mute,
    may_moderate,
    membership_of,
    require_moderator,
)
from jam.actions.ideas import IdeaInJam, visible_idea
from jam.actions.notifications import notify
from jam.actions.records import audit
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind, record_event
from jam.models import (
    Comment,
    Flag,
    FlagReason,
    Idea,
    ItemKind,
    JamRole,
    Mute,
    NotificationKind,
)
from jam.runtime import Runtime
from jam.timeutil import as_utc, utcnow

REASON_MAX = 500
NOTE_MAX = 500
BULK_MAX = 100
MUTE_MINUTES_MAX = 60 * 24 * 30


class Decision(enum.StrEnum):
    """A moderator's decision on a flagged (or any) item.

    KEEP dismisses the flags: the item stays visible, and one hidden only by its flags comes
    back; one a moderator hid stays hidden. HIDE hides it with a reason. RESTORE shows a hidden
    item again, with a reason."""

    KEEP = "keep"
    HIDE = "hide"
    RESTORE = "restore"


@dataclass(frozen=True)
class ItemRef:
    kind: ItemKind
    id: int


@dataclass
class Item:
    """An idea, or a comment with its idea, and the actor's standing in their jam."""

    found: IdeaInJam
    comment: Comment | None = None

    @property
    def ref(self) -> ItemRef:
        if self.comment is not None:
            assert self.comment.id is not None
            return ItemRef(ItemKind.COMMENT, self.comment.id)
        assert self.found.idea.id is not None
        return ItemRef(ItemKind.IDEA, self.found.idea.id)

    @property
    def row(self) -> Idea | Comment:
        return self.comment if self.comment is not None else self.found.idea

    @property
    def jam_id(self) -> int:
        return self.found.idea.jam_id


async def load_item(
    session: AsyncSession, actor: Actor, ref: ItemRef, field: str, now: datetime
) -> Item:
    """The item if the actor may see it (a hidden comment only for moderators and its
    author); NOT_FOUND otherwise."""
    if ref.kind is ItemKind.IDEA:
        return Item(await visible_idea(session, actor, ref.id, field, now=now))
    comment = await session.get(Comment, ref.id)
    if comment is None:
        raise ActionError(ErrorCode.NOT_FOUND, "no such comment", field)
    try:
        found = await visible_idea(session, actor, comment.idea_id, field, now=now)
    except ActionError:
        raise ActionError(ErrorCode.NOT_FOUND, "no such comment", field) from None
    moderator = may_moderate(actor, found.membership)
    if comment.hidden and not moderator and comment.author_id != actor.user_id:
        raise ActionError(ErrorCode.NOT_FOUND, "no such comment", field)
    return Item(found, comment)


def _reason(text: str | None, field: str = "reason", *, required: bool = True) -> str | None:
    if text is None or not text.strip():
        if required:
            raise validation.invalid(field, "say why: the author is told")
        return None
    validation.text(text, field, max_length=REASON_MAX)
    return text.strip()


async def _open_flags(session: AsyncSession, ref: ItemRef) -> int:
    """How many open, counted flags the item has."""
    return int(
        (
            await session.execute(
                select(func.count())
                .select_from(Flag)
                .where(
                    Flag.item_kind == ref.kind.value,
                    Flag.item_id == ref.id,
                    col(Flag.resolved_at).is_(None),
                    col(Flag.counted).is_(True),
                )
            )
        ).scalar_one()
    )


async def _set_hidden(
    session: AsyncSession,
    item: Item,
    hidden: bool,
    *,
    reason: str | None,
    by: int | None,
    now: datetime,
) -> bool:
    """Hide or show the item, tell its author why and everyone watching; False when it
    already was so (a moderator hiding an item the flags hid takes it over, with a reason)."""
    row = item.row
    taking_over = hidden and row.hidden and row.hidden_by is None and by is not None
    if row.hidden == hidden and not taking_over:
        return False
    row.hidden = hidden
    row.hidden_reason = reason if hidden else None
    row.hidden_by = by if hidden else None
    row.hidden_at = now if hidden else None
    session.add(row)
    ref = item.ref
    idea = item.found.idea
    verb = "hide" if hidden else "restore"
    await audit(
        session,
        actor_id=by,
        action=f"{ref.kind.value}.{verb}" if by is not None else f"{ref.kind.value}.auto_hide",
        subject_type=ref.kind.value,
        subject_id=ref.id,
        jam_id=idea.jam_id,
        reason=reason,
        idea=idea.id,
    )
    if not taking_over:
        if ref.kind is ItemKind.IDEA:
            kind = EventKind.IDEA_HIDDEN if hidden else EventKind.IDEA_RESTORED
        else:
            kind = EventKind.COMMENT_HIDDEN if hidden else EventKind.COMMENT_RESTORED
        await record_event(
            session,
            kind,
            jam_id=idea.jam_id,
            subject_id=ref.id,
            idea_id=idea.id,
            actor_id=by,
        )
    await notify(
        session,
        row.author_id,
        NotificationKind.ITEM_HIDDEN if hidden else NotificationKind.ITEM_RESTORED,
        jam_id=idea.jam_id,
        idea_id=idea.id,
        comment_id=item.comment.id if item.comment is not None else None,
        actor_id=by,
        reason=reason,
    )
    return True


async def flag_item(
    rt: Runtime,
    actor: Actor,
    ref: ItemRef,
    *,
    reason: FlagReason,
    note: str | None = None,
    now: datetime | None = None,
) -> Flag:
    """Report an idea or comment to the jam's moderators, once per person and item (flagging
    again returns the first flag). The flag that reaches the jam's threshold hides the item
    until a moderator decides."""
    clean_note = (note or "").strip()
    if clean_note:
        validation.text(clean_note, "note", max_length=NOTE_MAX)
    elif reason is FlagReason.OTHER:
        raise validation.invalid("note", "say what is wrong with it")

    async def work(session: AsyncSession) -> Flag:
        current = as_utc(now or utcnow())
        item = await load_item(session, actor, ref, "itemId", current)
        item.found.require_member()
        if item.row.author_id == actor.user_id:
            raise ActionError(ErrorCode.FORBIDDEN, "you cannot flag what you wrote", "itemId")
        earlier = (
            await session.execute(
                select(Flag).where(
                    Flag.item_kind == ref.kind.value,
                    Flag.item_id == ref.id,
                    Flag.user_id == actor.user_id,
                )
            )
        ).scalar_one_or_none()
        if earlier is not None:
            return earlier
        idea = item.found.idea
        assert idea.id is not None
        flag = Flag(
            jam_id=idea.jam_id,
            forum_id=idea.forum_id,
            item_kind=ref.kind.value,
            item_id=ref.id,
            idea_id=idea.id,
            user_id=actor.user_id,
            reason=reason.value,
            note=clean_note,
            created_at=current,
        )
        session.add(flag)
        await session.flush()
        await audit(
            session,
            actor_id=actor.user_id,
            action="flag.add",
            subject_type=ref.kind.value,
            subject_id=ref.id,
            jam_id=idea.jam_id,
            reason=reason.value,
        )
        count = await _open_flags(session, ref)
        await record_event(
            session,
            EventKind.ITEM_FLAGGED,
            jam_id=idea.jam_id,
            subject_id=ref.id,
            idea_id=idea.id,
            actor_id=actor.user_id,
            item=ref.kind.value,
            flags=count,
        )
        if count >= item.found.jam.flag_threshold and not item.row.hidden:
            await _set_hidden(session, item, True, reason=None, by=None, now=current)
        return flag

    return await rt.db.write(work)


async def moderate_items(
    rt: Runtime,
    actor: Actor,
    refs: list[ItemRef],
    decision: Decision,
    *,
    reason: str | None = None,
    now: datetime | None = None,
) -> list[Item]:
    """One decision on up to ``BULK_MAX`` items, all or none: one item the actor may not
    moderate changes nothing (its error names ``items.<index>``). Resolves the items' open
    flags; HIDE and RESTORE need a reason, which the authors are told."""
    if not refs:
        raise validation.invalid("items", "choose at least one item")
    if len(refs) > BULK_MAX:
        raise validation.invalid("items", f"at most {BULK_MAX} items at once")
    clean = _reason(reason, required=decision is not Decision.KEEP)
    unique = list(dict.fromkeys(refs))

    async def work(session: AsyncSession) -> list[Item]:
        current = as_utc(now or utcnow())
        items = []
        for index, ref in enumerate(unique):
            field = f"items.{index}"
            item = await load_item(session, actor, ref, field, current)
            if not may_moderate(actor, item.found.membership):
                raise ActionError(
                    ErrorCode.FORBIDDEN, "only this jam's moderators may do this", field
                )
            items.append(item)
        for item in items:
            await _decide(session, actor, item, decision, clean, current)
        return items

    return await rt.db.write(work)


async def _decide(
    session: AsyncSession,
    actor: Actor,
    item: Item,
    decision: Decision,
    reason: str | None,
    now: datetime,
) -> None:
    row = item.row
    if decision is Decision.HIDE:
        await _set_hidden(session, item, True, reason=reason, by=actor.user_id, now=now)
    elif decision is Decision.RESTORE or (row.hidden and row.hidden_by is None):
        await _set_hidden(session, item, False, reason=reason, by=actor.user_id, now=now)
    ref = item.ref
    resolved = (
        await session.execute(
            update(Flag)
            .where(
                col(Flag.item_kind) == ref.kind.value,
                col(Flag.item_id) == ref.id,
                col(Flag.resolved_at).is_(None),
            )
            .values(resolved_at=now, resolved_by=actor.user_id, resolution=decision.value)
        )
    ).rowcount  # type: ignore[attr-defined]
    if not resolved:
        return
    if decision is Decision.KEEP:
        await audit(
            session,
            actor_id=actor.user_id,
            action="flags.keep",
            subject_type=ref.kind.value,
            subject_id=ref.id,
            jam_id=item.jam_id,
            reason=reason,
            flags=resolved,
        )
    await record_event(
        session,
        EventKind.FLAGS_RESOLVED,
        jam_id=item.jam_id,
        subject_id=ref.id,
        idea_id=item.found.idea.id,
        actor_id=actor.user_id,
        item=ref.kind.value,
        decision=decision.value,
    )


async def set_idea_hidden(
    rt: Runtime,
    actor: Actor,
    idea_id: int,
    *,
    hidden: bool,
    reason: str | None = None,
    now: datetime | None = None,
) -> Idea:
    """Moderators hide an idea from participants (or show it again); it stays visible to them
    and its author. (The older one-idea form of :func:`moderate_items`; the reason is
    optional here.)"""
    clean = _reason(reason, required=False)

    async def work(session: AsyncSession) -> Idea:
        current = as_utc(now or utcnow())
        idea = await session.get(Idea, idea_id)
        if idea is None:
            raise ActionError(ErrorCode.NOT_FOUND, "no such idea", "ideaId")
        await require_moderator(session, actor, idea.jam_id)
        item = await load_item(session, actor, ItemRef(ItemKind.IDEA, idea_id), "ideaId", current)
        decision = Decision.HIDE if hidden else Decision.RESTORE
        await _decide(session, actor, item, decision, clean, current)
        return item.found.idea

    return await rt.db.write(work)


async def mute_member(
    rt: Runtime,
    actor: Actor,
    jam_id: int,
    user_id: int,
    *,
    minutes: int,
    reason: str,
    now: datetime | None = None,
) -> Mute:
    """A moderator mutes a member of their jam for ``minutes``: they read but cannot post,
    comment, vote or flag, and their open flags stop counting. Muting someone muted replaces
    the mute (its history stays)."""
    if not 1 <= minutes <= MUTE_MINUTES_MAX:
        raise validation.invalid("minutes", f"between 1 and {MUTE_MINUTES_MAX} minutes (30 days)")
    clean = _reason(reason)
    assert clean is not None

    async def work(session: AsyncSession) -> Mute:
        current = as_utc(now or utcnow())
        await require_moderator(session, actor, jam_id)
        member = await membership_of(session, jam_id, user_id)
        if member is None:
            raise ActionError(ErrorCode.NOT_FOUND, "no such member of this jam", "userId")
        if user_id == actor.user_id or member.role == JamRole.MODERATOR.value:
            raise ActionError(
                ErrorCode.MODERATOR_NOT_MUTABLE, "moderators cannot be muted", "userId"
            )
        earlier = await active_mute(session, jam_id, user_id, current)
        if earlier is not None:
            earlier.lifted_at = current
            earlier.lifted_by = actor.user_id
            session.add(earlier)
        mute = Mute(
            jam_id=jam_id,
            user_id=user_id,
            reason=clean,
            created_by=actor.user_id,
            created_at=current,
            ends_at=current + timedelta(minutes=minutes),
        )
        session.add(mute)
        await session.flush()
        await session.execute(
            update(Flag)
            .where(
                col(Flag.jam_id) == jam_id,
                col(Flag.user_id) == user_id,
                col(Flag.resolved_at).is_(None),
            )
            .values(counted=False)
        )
        await audit(
            session,
            actor_id=actor.user_id,
            action="member.mute",
            subject_type="user",
            subject_id=user_id,
            jam_id=jam_id,
            reason=clean,
            minutes=minutes,
        )
        await record_event(
            session, EventKind.MEMBER_MUTED, jam_id=jam_id, subject_id=mute.id,
            actor_id=actor.user_id, user=user_id,
        )
        await notify(
            session, user_id, NotificationKind.MUTED, jam_id=jam_id, actor_id=actor.user_id,
            reason=clean,
        )
        return mute

    return await rt.db.write(work)


async def lift_mute(
    rt: Runtime, actor: Actor, jam_id: int, user_id: int, *, now: datetime | None = None
) -> Mute:
    """End a member's mute now; NOT_FOUND when they are not muted."""

    async def work(session: AsyncSession) -> Mute:
        current = as_utc(now or utcnow())
        await require_moderator(session, actor, jam_id)
        mute = await active_mute(session, jam_id, user_id, current)
        if mute is None:
            raise ActionError(ErrorCode.NOT_FOUND, "this member is not muted", "userId")
        mute.lifted_at = current
        mute.lifted_by = actor.user_id
        session.add(mute)
        await audit(
            session,
            actor_id=actor.user_id,
            action="member.unmute",
            subject_type="user",
            subject_id=user_id,
            jam_id=jam_id,
        )
        await record_event(
            session, EventKind.MUTE_LIFTED, jam_id=jam_id, subject_id=mute.id,
            actor_id=actor.user_id, user=user_id,
        )
        await notify(
            session, user_id, NotificationKind.UNMUTED, jam_id=jam_id, actor_id=actor.user_id
        )
        return mute

    return await rt.db.write(work)


__all__ = [
    "Decision",
    "Item",
    "ItemRef",
    "flag_item",
    "lift_mute",
    "load_item",
    "moderate_items",
    "mute_member",
    "set_idea_hidden",
]
