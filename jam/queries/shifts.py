"""What moderators read of shifts: the rota, who is on duty, a shift's journal and its hand-off
(the journal of the shift before), and the open items across a jam's journals."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam import validation
from jam.access import Actor, require_moderator
from jam.models import JournalEntry, JournalKind, Shift
from jam.runtime import Runtime
from jam.timeutil import as_utc, utcnow

# Shifts one answer holds at most (a week of hourly shifts for a dozen moderators is ~2,000).
SHIFTS_MAX = 500
OPEN_ITEMS_MAX = 500


@dataclass
class ShiftView:
    shift: Shift
    journal: list[JournalEntry]


@dataclass
class HandOff:
    """The journal of the shift before (the latest in the jam that ended when this one began
    or earlier), open items first."""

    shift: Shift
    entries: list[JournalEntry]


def is_open(entry: JournalEntry) -> bool:
    return entry.kind != JournalKind.NOTE.value and entry.closed_at is None


async def _journals(session: AsyncSession, shift_ids: list[int]) -> dict[int, list[JournalEntry]]:
    by_shift: dict[int, list[JournalEntry]] = defaultdict(list)
    if not shift_ids:
        return by_shift
    rows = await session.execute(
        select(JournalEntry)
        .where(col(JournalEntry.shift_id).in_(shift_ids))
        .order_by(col(JournalEntry.created_at), col(JournalEntry.id))
    )
    for entry in rows.scalars():
        by_shift[entry.shift_id].append(entry)
    return by_shift


async def _views(session: AsyncSession, shifts: list[Shift]) -> list[ShiftView]:
    journals = await _journals(session, [s.id for s in shifts if s.id is not None])
    return [ShiftView(s, journals.get(s.id or 0, [])) for s in shifts]


async def shifts(
    rt: Runtime,
    actor: Actor,
    jam_id: int,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[ShiftView]:
    """The jam's shifts that overlap ``[start, end)`` (either open), by start; moderators
    only; at most ``SHIFTS_MAX``."""
    since = None if start is None else validation.moment(start, "from")
    until = None if end is None else validation.moment(end, "to")
    if since is not None and until is not None and until <= since:
        raise validation.invalid("to", "to must be after from")
    async with rt.db.read() as session:
        await require_moderator(session, actor, jam_id)
        query = select(Shift).where(Shift.jam_id == jam_id)
        if since is not None:
            query = query.where(col(Shift.ends_at) > since)
        if until is not None:
            query = query.where(col(Shift.starts_at) < until)
        rows = await session.execute(
            query.order_by(col(Shift.starts_at), col(Shift.id)).limit(SHIFTS_MAX)
        )
        return await _views(session, list(rows.scalars()))


async def on_duty(
    rt: Runtime, actor: Actor, jam_id: int, *, now: datetime | None = None
) -> list[ShiftView]:
    """The shifts running now (by start); moderators only."""
    current = as_utc(now or utcnow())
    async with rt.db.read() as session:
        await require_moderator(session, actor, jam_id)
        rows = await session.execute(
            select(Shift)
            .where(
                Shift.jam_id == jam_id,
                col(Shift.starts_at) <= current,
                col(Shift.ends_at) > current,
            )
            .order_by(col(Shift.starts_at), col(Shift.id))
        )
        return await _views(session, list(rows.scalars()))


async def shift(rt: Runtime, actor: Actor, shift_id: int) -> ShiftView | None:
    """One shift with its journal (oldest entry first); None when there is no such shift,
    FORBIDDEN for anyone but its jam's moderators."""
    async with rt.db.read() as session:
        found = await session.get(Shift, shift_id)
        if found is None:
            return None
        await require_moderator(session, actor, found.jam_id)
        [view] = await _views(session, [found])
        return view


async def hand_off(rt: Runtime, actor: Actor, shift_id: int) -> HandOff | None:
    """What the shift before left for this one: its journal, open items first (each part
    oldest first); None when no shift ended before this one began."""
    async with rt.db.read() as session:
        current = await session.get(Shift, shift_id)
        if current is None:
            return None
        await require_moderator(session, actor, current.jam_id)
        previous = (
            await session.execute(
                select(Shift)
                .where(
                    Shift.jam_id == current.jam_id,
                    col(Shift.ends_at) <= current.starts_at,
                    col(Shift.id) != current.id,
                )
                .order_by(
                    col(Shift.ends_at).desc(), col(Shift.starts_at).desc(), col(Shift.id).desc()
                )
                .limit(1)
            )
        ).scalar_one_or_none()
        if previous is None:
            return None
        assert previous.id is not None
        entries = (await _journals(session, [previous.id])).get(previous.id, [])
    return HandOff(previous, sorted(entries, key=lambda e: not is_open(e)))


async def open_journal_items(
    rt: Runtime, actor: Actor, jam_id: int
) -> list[tuple[JournalEntry, Shift]]:
    """Every open item in the jam's journals with its shift, oldest first; moderators only;
    at most ``OPEN_ITEMS_MAX``."""
    async with rt.db.read() as session:
        await require_moderator(session, actor, jam_id)
        rows = await session.execute(
            select(JournalEntry, Shift)
            .join(Shift, col(Shift.id) == JournalEntry.shift_id)
            .where(
                Shift.jam_id == jam_id,
                col(JournalEntry.kind) != JournalKind.NOTE.value,
                col(JournalEntry.closed_at).is_(None),
            )
            .order_by(col(JournalEntry.created_at), col(JournalEntry.id))
            .limit(OPEN_ITEMS_MAX)
        )
        return [(entry, found) for entry, found in rows.all()]


async def journal_of(rt: Runtime, shift_id: int) -> list[JournalEntry]:
    """A shift's journal, oldest first; no permission check (for a shift the caller already
    read through one of the functions above)."""
    async with rt.db.read() as session:
        return (await _journals(session, [shift_id])).get(shift_id, [])


__all__ = [
    "OPEN_ITEMS_MAX",
    "SHIFTS_MAX",
    "HandOff",
    "ShiftView",
    "hand_off",
    "is_open",
    "journal_of",
    "on_duty",
    "open_journal_items",
    "shift",
    "shifts",
]
