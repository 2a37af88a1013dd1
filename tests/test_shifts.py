"""Facilitator shifts and hand-off journals (jam.actions.shifts, jam.queries.shifts), on both
backends."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlmodel import col, select

from jam import actions
from jam.access import Actor
from jam.actions import shifts as shift_actions
from jam.actions.shifts import JournalKind
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind
from jam.models import AuditEvent, Forum, JournalEntry, OutboxEvent, Shift
from jam.queries import shifts as queries
from jam.timeutil import utcnow
from tests.conftest import World


async def refused(call: object) -> ActionError:
    with pytest.raises(ActionError) as caught:
        await call  # type: ignore[misc]
    return caught.value


def at(hours: float) -> datetime:
    """A moment ``hours`` from now (whole seconds, so stored times compare equal)."""
    return (utcnow() + timedelta(hours=hours)).replace(microsecond=0)


async def plan(
    world: World,
    start: float,
    hours: float = 4,
    *,
    user: Actor | None = None,
    by: Actor | None = None,
    forum_ids: list[int] | None = None,
) -> Shift:
    """A shift starting ``start`` hours from now (negative: in the past)."""
    assert world.jam.id is not None
    return await shift_actions.create_shift(
        world.rt,
        by or world.moderator,
        world.jam.id,
        user_id=(user or world.moderator).user_id,
        starts_at=at(start),
        ends_at=at(start + hours),
        forum_ids=forum_ids,
    )


async def second_moderator(world: World) -> Actor:
    assert world.jam.id is not None
    person = await world.user(join=True)
    await actions.assign_moderator(world.rt, world.admin, world.jam.id, person.user_id)
    return person


async def moderator_elsewhere(world: World) -> Actor:
    other = await world.new_jam(starts_in=-timedelta(hours=1), lasts=timedelta(days=1))
    assert other.id is not None
    person = await world.user()
    await actions.assign_moderator(world.rt, world.admin, other.id, person.user_id)
    return person


async def audits(world: World, action: str) -> list[AuditEvent]:
    async with world.rt.db.read() as session:
        rows = await session.execute(
            select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.id))
        )
        return list(rows.scalars())


async def events(world: World, kind: EventKind) -> list[OutboxEvent]:
    async with world.rt.db.read() as session:
        rows = await session.execute(
            select(OutboxEvent)
            .where(OutboxEvent.kind == kind.value)
            .order_by(col(OutboxEvent.position))
        )
        return list(rows.scalars())


async def shift_row(world: World, shift_id: int | None) -> Shift | None:
    async with world.rt.db.read() as session:
        return await session.get(Shift, shift_id)


async def note(
    world: World,
    shift: Shift,
    kind: JournalKind = JournalKind.NOTE,
    body: str = "Quiet night",
    **links: int | None,
) -> JournalEntry:
    assert shift.id is not None
    return await shift_actions.add_journal_entry(
        world.rt, world.moderator, shift.id, kind=kind, body=body, **links
    )


# --- planning shifts ----------------------------------------------------------------------


async def test_a_moderator_plans_a_shift_for_all_forums(world: World) -> None:
    shift = await plan(world, 1)
    stored = await shift_row(world, shift.id)
    assert stored is not None
    assert (stored.user_id, stored.created_by, stored.forum_ids) == (
        world.moderator.user_id, world.moderator.user_id, "[]"
    )
    assert stored.ends_at - stored.starts_at == timedelta(hours=4)


async def test_planning_is_audited_and_announced(world: World) -> None:
    shift = await plan(world, 1)
    [entry] = await audits(world, "shift.create")
    assert (entry.subject_type, entry.subject_id, entry.jam_id) == ("shift", shift.id, world.jam.id)
    [event] = await events(world, EventKind.SHIFT_CHANGED)
    assert event.subject_id == shift.id and json.loads(event.data)["change"] == "created"


async def test_an_administrator_plans_a_shift(world: World) -> None:
    shift = await plan(world, 1, by=world.admin)
    assert shift.created_by == world.admin.user_id


async def test_a_participant_cannot_plan_shifts(world: World) -> None:
    error = await refused(plan(world, 1, by=world.participant))
    assert error.code is ErrorCode.FORBIDDEN


async def test_a_moderator_of_another_jam_cannot_plan_shifts(world: World) -> None:
    error = await refused(plan(world, 1, by=await moderator_elsewhere(world)))
    assert error.code is ErrorCode.FORBIDDEN


async def test_only_the_jams_moderators_take_shifts(world: World) -> None:
    error = await refused(plan(world, 1, user=world.participant))
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "userId")


async def test_a_shift_ends_after_it_starts(world: World) -> None:
    error = await refused(plan(world, 1, 0))
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "endsAt")


async def test_a_shift_lasts_at_most_a_day(world: World) -> None:
    error = await refused(plan(world, 1, 24.01))
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "endsAt")


async def test_a_shift_of_exactly_a_day_is_fine(world: World) -> None:
    shift = await plan(world, 1, 24)
    assert shift.ends_at - shift.starts_at == timedelta(hours=24)


async def test_a_shift_covers_some_of_the_jams_forums(world: World) -> None:
    assert world.forum.id is not None and world.other_forum.id is not None
    shift = await plan(world, 1, forum_ids=[world.other_forum.id, world.forum.id])
    assert shift_actions.forum_ids_of(shift) == sorted([world.forum.id, world.other_forum.id])


async def test_a_shift_covers_only_the_jams_forums(world: World) -> None:
    other = await world.new_jam(starts_in=-timedelta(hours=1), lasts=timedelta(days=1))
    assert other.id is not None
    async with world.rt.db.read() as session:
        foreign = (
            await session.execute(select(Forum.id).where(Forum.jam_id == other.id))
        ).scalar_one()
    error = await refused(plan(world, 1, forum_ids=[foreign]))
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "forumIds")


async def test_shifts_of_one_person_do_not_overlap(world: World) -> None:
    await plan(world, 1, 4)
    error = await refused(plan(world, 4, 4))
    assert error.code is ErrorCode.CONFLICT


async def test_back_to_back_shifts_are_fine(world: World) -> None:
    first = await plan(world, 1, 4)
    second = await plan(world, 5, 4)
    assert first.ends_at == second.starts_at


async def test_two_people_share_a_time(world: World) -> None:
    await plan(world, 1, 4)
    other = await plan(world, 2, 4, user=await second_moderator(world))
    assert other.id is not None


# --- changing and cancelling --------------------------------------------------------------


async def test_a_shift_moves_before_it_starts(world: World) -> None:
    shift = await plan(world, 1)
    assert shift.id is not None
    start, end = at(2), at(6)
    moved = await shift_actions.update_shift(
        world.rt, world.moderator, shift.id, starts_at=start, ends_at=end
    )
    assert (moved.starts_at, moved.ends_at) == (start, end)
    stored = await shift_row(world, shift.id)
    assert stored is not None and (stored.starts_at, stored.ends_at) == (start, end)
    [entry] = await audits(world, "shift.update")
    assert entry.subject_id == shift.id


async def test_changing_nothing_records_nothing(world: World) -> None:
    shift = await plan(world, 1)
    assert shift.id is not None
    await shift_actions.update_shift(
        world.rt, world.moderator, shift.id, starts_at=shift.starts_at, forum_ids=[]
    )
    assert await audits(world, "shift.update") == []
    assert len(await events(world, EventKind.SHIFT_CHANGED)) == 1


async def test_a_shift_cannot_move_onto_another_of_the_same_person(world: World) -> None:
    await plan(world, 1, 4)
    later = await plan(world, 6, 4)
    assert later.id is not None
    error = await refused(
        shift_actions.update_shift(world.rt, world.moderator, later.id, starts_at=at(3))
    )
    assert error.code is ErrorCode.CONFLICT


async def test_a_shift_that_is_over_stays_as_it_was(world: World) -> None:
    shift = await plan(world, -5, 4)
    assert shift.id is not None
    error = await refused(
        shift_actions.update_shift(world.rt, world.moderator, shift.id, ends_at=at(2))
    )
    assert (error.code, error.field) == (ErrorCode.CONFLICT, "shiftId")


async def test_a_running_shift_keeps_its_start(world: World) -> None:
    shift = await plan(world, -1, 4)
    assert shift.id is not None
    error = await refused(
        shift_actions.update_shift(world.rt, world.moderator, shift.id, starts_at=at(-2))
    )
    assert (error.code, error.field) == (ErrorCode.CONFLICT, "startsAt")


async def test_a_running_shift_can_end_now(world: World) -> None:
    shift = await plan(world, -1, 4)
    assert shift.id is not None
    now = utcnow()
    ended = await shift_actions.update_shift(
        world.rt, world.moderator, shift.id, ends_at=now, now=now
    )
    assert ended.ends_at == now


async def test_a_running_shift_cannot_end_in_the_past(world: World) -> None:
    shift = await plan(world, -2, 4)
    assert shift.id is not None
    error = await refused(
        shift_actions.update_shift(world.rt, world.moderator, shift.id, ends_at=at(-1))
    )
    assert (error.code, error.field) == (ErrorCode.CONFLICT, "endsAt")


async def test_a_participant_cannot_change_a_shift(world: World) -> None:
    shift = await plan(world, 1)
    assert shift.id is not None
    error = await refused(
        shift_actions.update_shift(world.rt, world.participant, shift.id, ends_at=at(3))
    )
    assert error.code is ErrorCode.FORBIDDEN


async def test_a_shift_not_started_is_deleted_with_its_journal(world: World) -> None:
    shift = await plan(world, 1)
    await note(world, shift)
    assert shift.id is not None
    await shift_actions.delete_shift(world.rt, world.moderator, shift.id)
    assert await shift_row(world, shift.id) is None
    async with world.rt.db.read() as session:
        left = (await session.execute(select(JournalEntry))).scalars().all()
    assert left == []
    [entry] = await audits(world, "shift.delete")
    assert entry.subject_id == shift.id


async def test_a_started_shift_cannot_be_deleted(world: World) -> None:
    shift = await plan(world, -1)
    assert shift.id is not None
    error = await refused(shift_actions.delete_shift(world.rt, world.moderator, shift.id))
    assert error.code is ErrorCode.CONFLICT
    assert await shift_row(world, shift.id) is not None


async def test_deleting_a_missing_shift(world: World) -> None:
    error = await refused(shift_actions.delete_shift(world.rt, world.moderator, 999_999))
    assert (error.code, error.field) == (ErrorCode.NOT_FOUND, "shiftId")


# --- the journal --------------------------------------------------------------------------


async def test_a_note_goes_in_the_journal(world: World) -> None:
    shift = await plan(world, -1)
    entry = await note(world, shift, body="  All calm  ")
    assert (entry.kind, entry.body, entry.author_id, entry.closed_at) == (
        "note", "All calm", world.moderator.user_id, None
    )
    [audited] = await audits(world, "journal.add")
    assert audited.subject_id == entry.id
    [event] = await events(world, EventKind.JOURNAL_CHANGED)
    assert event.subject_id == entry.id


async def test_any_moderator_writes_in_anyones_journal(world: World) -> None:
    colleague = await second_moderator(world)
    shift = await plan(world, -1, user=colleague)
    entry = await note(world, shift)
    assert entry.author_id == world.moderator.user_id


async def test_a_participant_cannot_write_in_a_journal(world: World) -> None:
    shift = await plan(world, -1)
    assert shift.id is not None
    error = await refused(
        shift_actions.add_journal_entry(
            world.rt, world.participant, shift.id, kind=JournalKind.NOTE, body="Hi"
        )
    )
    assert error.code is ErrorCode.FORBIDDEN


async def test_a_journal_entry_is_at_most_2000_characters(world: World) -> None:
    shift = await plan(world, -1)
    error = await refused(note(world, shift, body="x" * 2001))
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "body")


async def test_a_journal_entry_of_2000_characters_is_fine(world: World) -> None:
    shift = await plan(world, -1)
    entry = await note(world, shift, body="x" * 2000)
    assert len(entry.body) == 2000


async def test_an_empty_journal_entry_is_refused(world: World) -> None:
    shift = await plan(world, -1)
    error = await refused(note(world, shift, body="   "))
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "body")


async def test_an_item_names_what_it_is_about(world: World) -> None:
    shift = await plan(world, -1)
    error = await refused(note(world, shift, JournalKind.WATCH, "Heated thread"))
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "ideaId")


async def test_an_item_links_an_idea_of_the_jam(world: World) -> None:
    shift = await plan(world, -1)
    idea_id = await world.idea()
    entry = await note(world, shift, JournalKind.FEATURE, "Feature this", idea_id=idea_id)
    assert (entry.kind, entry.idea_id) == ("feature", idea_id)


async def test_an_item_cannot_link_an_idea_of_another_jam(world: World) -> None:
    other = await world.new_jam(starts_in=-timedelta(hours=1), lasts=timedelta(days=1))
    assert other.id is not None
    await actions.join_jam(world.rt, world.participant, other.id)
    elsewhere = await actions.post_idea(
        world.rt, world.participant, await _first_forum(world, other.id), title="T", body="B",
        tags=[],
    )
    shift = await plan(world, -1)
    error = await refused(note(world, shift, JournalKind.FEATURE, "No", idea_id=elsewhere.id))
    assert (error.code, error.field) == (ErrorCode.NOT_FOUND, "ideaId")


async def _first_forum(world: World, jam_id: int) -> int:
    async with world.rt.db.read() as session:
        return (await session.execute(select(Forum.id).where(Forum.jam_id == jam_id))).scalar_one()


async def test_an_item_about_a_comment_links_its_idea_too(world: World) -> None:
    idea_id = await world.idea()
    comment = await actions.add_comment(world.rt, world.participant, idea_id, body="Hm")
    shift = await plan(world, -1)
    entry = await note(world, shift, JournalKind.FLAG, "Settle this", comment_id=comment.id)
    assert (entry.idea_id, entry.comment_id) == (idea_id, comment.id)


async def test_a_comment_must_be_on_the_linked_idea(world: World) -> None:
    idea_id = await world.idea()
    other_idea = await world.idea(title="Another")
    comment = await actions.add_comment(world.rt, world.participant, idea_id, body="Hm")
    shift = await plan(world, -1)
    error = await refused(
        note(world, shift, JournalKind.FLAG, "Settle", idea_id=other_idea, comment_id=comment.id)
    )
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "commentId")


async def test_an_item_cannot_link_a_missing_comment(world: World) -> None:
    shift = await plan(world, -1)
    error = await refused(note(world, shift, JournalKind.WATCH, "Watch", comment_id=999_999))
    assert (error.code, error.field) == (ErrorCode.NOT_FOUND, "commentId")


async def test_closing_an_item(world: World) -> None:
    shift = await plan(world, -1)
    entry = await note(world, shift, JournalKind.FEATURE, "Feature", idea_id=await world.idea())
    assert entry.id is not None
    closed = await shift_actions.close_journal_entry(world.rt, world.moderator, entry.id)
    assert closed.closed_at is not None and closed.closed_by == world.moderator.user_id
    [audited] = await audits(world, "journal.close")
    assert audited.subject_id == entry.id


async def test_closing_a_closed_item_changes_nothing(world: World) -> None:
    shift = await plan(world, -1)
    entry = await note(world, shift, JournalKind.FEATURE, "Feature", idea_id=await world.idea())
    assert entry.id is not None
    first = await shift_actions.close_journal_entry(world.rt, world.moderator, entry.id)
    again = await shift_actions.close_journal_entry(world.rt, world.admin, entry.id)
    assert (again.closed_at, again.closed_by) == (first.closed_at, world.moderator.user_id)
    assert len(await audits(world, "journal.close")) == 1


async def test_a_note_cannot_be_closed(world: World) -> None:
    shift = await plan(world, -1)
    entry = await note(world, shift)
    assert entry.id is not None
    error = await refused(shift_actions.close_journal_entry(world.rt, world.moderator, entry.id))
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "entryId")


async def test_a_participant_cannot_close_an_item(world: World) -> None:
    shift = await plan(world, -1)
    entry = await note(world, shift, JournalKind.WATCH, "Watch", idea_id=await world.idea())
    assert entry.id is not None
    error = await refused(shift_actions.close_journal_entry(world.rt, world.participant, entry.id))
    assert error.code is ErrorCode.FORBIDDEN


# --- reading ------------------------------------------------------------------------------


async def test_the_rota_is_ordered_by_start(world: World) -> None:
    later = await plan(world, 10)
    sooner = await plan(world, 2, user=await second_moderator(world))
    assert world.jam.id is not None
    found = await queries.shifts(world.rt, world.moderator, world.jam.id)
    assert [v.shift.id for v in found] == [sooner.id, later.id]


async def test_the_rota_between_two_moments(world: World) -> None:
    await plan(world, 1, 2)
    middle = await plan(world, 5, 2)
    await plan(world, 9, 2)
    assert world.jam.id is not None
    found = await queries.shifts(
        world.rt, world.moderator, world.jam.id, start=at(4), end=at(8)
    )
    assert [v.shift.id for v in found] == [middle.id]


async def test_participants_do_not_read_the_rota(world: World) -> None:
    assert world.jam.id is not None
    error = await refused(queries.shifts(world.rt, world.participant, world.jam.id))
    assert error.code is ErrorCode.FORBIDDEN


async def test_on_duty_are_the_shifts_running_now(world: World) -> None:
    running = await plan(world, -1, 2)
    await plan(world, -5, 2, user=await second_moderator(world))
    await plan(world, 3, 2)
    assert world.jam.id is not None
    found = await queries.on_duty(world.rt, world.moderator, world.jam.id)
    assert [v.shift.id for v in found] == [running.id]


async def test_a_shift_with_its_journal(world: World) -> None:
    shift = await plan(world, -1)
    first = await note(world, shift, body="One")
    second = await note(world, shift, body="Two")
    assert shift.id is not None
    view = await queries.shift(world.rt, world.moderator, shift.id)
    assert view is not None and [e.id for e in view.journal] == [first.id, second.id]


async def test_a_missing_shift_reads_as_none(world: World) -> None:
    assert await queries.shift(world.rt, world.moderator, 999_999) is None


async def test_a_participant_cannot_read_a_shift(world: World) -> None:
    shift = await plan(world, -1)
    assert shift.id is not None
    error = await refused(queries.shift(world.rt, world.participant, shift.id))
    assert error.code is ErrorCode.FORBIDDEN


async def test_the_hand_off_is_the_previous_shifts_journal_open_items_first(
    world: World,
) -> None:
    previous = await plan(world, -6, 4)
    done = await note(world, previous, JournalKind.WATCH, "Done", idea_id=await world.idea())
    assert done.id is not None
    await shift_actions.close_journal_entry(world.rt, world.moderator, done.id)
    plain = await note(world, previous, body="Quiet")
    pending = await note(world, previous, JournalKind.FLAG, "Settle", idea_id=await world.idea())
    current = await plan(world, -1, 4, user=await second_moderator(world))
    assert current.id is not None
    found = await queries.hand_off(world.rt, world.moderator, current.id)
    assert found is not None and found.shift.id == previous.id
    assert [e.id for e in found.entries] == [pending.id, done.id, plain.id]


async def test_the_hand_off_comes_from_the_latest_shift_that_ended_before(world: World) -> None:
    await plan(world, -10, 2)
    latest = await plan(world, -6, 4)
    await plan(world, -3, 4, user=await second_moderator(world))  # still running at the start
    current = await plan(world, -1, 4)
    assert current.id is not None
    found = await queries.hand_off(world.rt, world.moderator, current.id)
    assert found is not None and found.shift.id == latest.id


async def test_the_first_shift_has_no_hand_off(world: World) -> None:
    shift = await plan(world, 1)
    assert shift.id is not None
    assert await queries.hand_off(world.rt, world.moderator, shift.id) is None


async def test_open_items_across_the_jams_journals(world: World) -> None:
    first = await plan(world, -6, 4)
    second = await plan(world, -1, 4)
    idea_id = await world.idea()
    await note(world, first, body="A note is never open")
    open_one = await note(world, first, JournalKind.WATCH, "Watch", idea_id=idea_id)
    closed = await note(world, second, JournalKind.FEATURE, "Feature", idea_id=idea_id)
    open_two = await note(world, second, JournalKind.FLAG, "Flag", idea_id=idea_id)
    assert closed.id is not None and world.jam.id is not None
    await shift_actions.close_journal_entry(world.rt, world.moderator, closed.id)
    found = await queries.open_journal_items(world.rt, world.moderator, world.jam.id)
    assert [(e.id, s.id) for e, s in found] == [(open_one.id, first.id), (open_two.id, second.id)]
