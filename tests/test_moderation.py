"""Moderation rules: flags and auto-hiding, decisions with reasons, mutes, the queue and the log
(jam.actions.moderation, jam.queries.moderation), on both backends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from jam import actions
from jam.access import Actor
from jam.actions import Decision, ItemRef
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind
from jam.models import (
    Comment,
    Flag,
    FlagReason,
    Idea,
    ItemKind,
    Jam,
    Notification,
    OutboxEvent,
)
from jam.queries import moderation as queries
from jam.queries.jams import forums_of
from jam.timeutil import utcnow
from tests.conftest import World


def idea_ref(idea_id: int) -> ItemRef:
    return ItemRef(ItemKind.IDEA, idea_id)


async def flaggers(world: World, count: int) -> list[Actor]:
    return [await world.user(join=True) for _ in range(count)]


async def flag_by(world: World, people: list[Actor], ref: ItemRef) -> None:
    for person in people:
        await actions.flag_item(world.rt, person, ref, reason=FlagReason.SPAM)


async def idea_row(world: World, idea_id: int) -> Idea:
    async with world.rt.db.read() as session:
        idea = await session.get(Idea, idea_id)
    assert idea is not None
    return idea


async def inbox(world: World, actor: Actor) -> list[Notification]:
    async with world.rt.db.read() as session:
        rows = await session.execute(
            select(Notification)
            .where(Notification.user_id == actor.user_id)
            .order_by(col(Notification.id))
        )
        return list(rows.scalars())


async def event_kinds(world: World) -> list[str]:
    async with world.rt.db.read() as session:
        rows = await session.execute(select(OutboxEvent.kind).order_by(col(OutboxEvent.position)))
        return list(rows.scalars())


async def refused(call: object) -> ActionError:
    with pytest.raises(ActionError) as caught:
        await call  # type: ignore[misc]
    return caught.value


# --- flags --------------------------------------------------------------------------------


async def test_a_member_flags_an_idea_once(world: World) -> None:
    idea_id = await world.idea()
    [person] = await flaggers(world, 1)
    first = await actions.flag_item(world.rt, person, idea_ref(idea_id), reason=FlagReason.SPAM)
    again = await actions.flag_item(
        world.rt, person, idea_ref(idea_id), reason=FlagReason.OFFENSIVE
    )
    assert again.id == first.id and again.reason == "spam"
    async with world.rt.db.read() as session:
        count = (await session.execute(select(func.count()).select_from(Flag))).scalar_one()
    assert count == 1


async def test_nobody_flags_what_they_wrote(world: World) -> None:
    idea_id = await world.idea()
    error = await refused(
        actions.flag_item(world.rt, world.participant, idea_ref(idea_id), reason=FlagReason.SPAM)
    )
    assert (error.code, error.field) == (ErrorCode.FORBIDDEN, "itemId")


async def test_other_needs_a_note(world: World) -> None:
    idea_id = await world.idea()
    [person] = await flaggers(world, 1)
    error = await refused(
        actions.flag_item(world.rt, person, idea_ref(idea_id), reason=FlagReason.OTHER, note=" ")
    )
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "note")


async def test_only_members_flag(world: World) -> None:
    idea_id = await world.idea()
    outsider = await world.user()
    error = await refused(
        actions.flag_item(world.rt, outsider, idea_ref(idea_id), reason=FlagReason.SPAM)
    )
    assert error.code is ErrorCode.NOT_A_MEMBER


async def test_the_third_flag_hides_the_idea_pending_review(world: World) -> None:
    idea_id = await world.idea()
    people = await flaggers(world, 3)
    await flag_by(world, people[:2], idea_ref(idea_id))
    assert not (await idea_row(world, idea_id)).hidden
    await flag_by(world, people[2:], idea_ref(idea_id))
    idea = await idea_row(world, idea_id)
    assert idea.hidden and idea.hidden_by is None and idea.hidden_reason is None
    assert EventKind.IDEA_HIDDEN.value in await event_kinds(world)


async def test_the_author_is_told_when_flags_hide_their_idea(world: World) -> None:
    idea_id = await world.idea()
    await flag_by(world, await flaggers(world, 3), idea_ref(idea_id))
    [note] = await inbox(world, world.participant)
    assert (note.kind, note.idea_id, note.reason, note.actor_id) == (
        "item_hidden", idea_id, None, None
    )


async def test_the_threshold_is_the_jams(world: World) -> None:
    assert world.jam.id is not None
    async with world.rt.db.read() as session:
        jam = await session.get(Jam, world.jam.id)
        assert jam is not None and jam.flag_threshold == 3


async def test_a_flagged_comment_is_hidden_and_keeps_its_place(world: World) -> None:
    idea_id = await world.idea()
    author = await world.user(join=True)
    comment = await actions.add_comment(world.rt, author, idea_id, body="Buy cheap watches")
    reply = await actions.add_comment(
        world.rt, world.participant, idea_id, body="Please don't", parent_id=comment.id
    )
    assert comment.id is not None
    await flag_by(world, await flaggers(world, 3), ItemRef(ItemKind.COMMENT, comment.id))
    async with world.rt.db.read() as session:
        hidden = await session.get(Comment, comment.id)
        kept = await session.get(Comment, reply.id)
    assert hidden is not None and hidden.hidden
    assert kept is not None and not kept.hidden and kept.parent_id == comment.id
    assert EventKind.COMMENT_HIDDEN.value in await event_kinds(world)


# --- decisions ----------------------------------------------------------------------------


async def test_hiding_needs_a_reason(world: World) -> None:
    idea_id = await world.idea()
    error = await refused(
        actions.moderate_items(world.rt, world.moderator, [idea_ref(idea_id)], Decision.HIDE)
    )
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "reason")


async def test_restoring_tells_the_author_why(world: World) -> None:
    idea_id = await world.idea()
    await flag_by(world, await flaggers(world, 3), idea_ref(idea_id))
    await actions.moderate_items(
        world.rt, world.moderator, [idea_ref(idea_id)], Decision.RESTORE,
        reason="Not spam: a real proposal",
    )
    assert not (await idea_row(world, idea_id)).hidden
    notes = await inbox(world, world.participant)
    assert [(n.kind, n.reason) for n in notes] == [
        ("item_hidden", None),
        ("item_restored", "Not spam: a real proposal"),
    ]


async def test_keep_brings_back_an_idea_only_the_flags_hid(world: World) -> None:
    idea_id = await world.idea()
    await flag_by(world, await flaggers(world, 3), idea_ref(idea_id))
    await actions.moderate_items(world.rt, world.moderator, [idea_ref(idea_id)], Decision.KEEP)
    assert not (await idea_row(world, idea_id)).hidden


async def test_keep_leaves_a_moderators_hiding_alone(world: World) -> None:
    idea_id = await world.idea()
    await actions.moderate_items(
        world.rt, world.moderator, [idea_ref(idea_id)], Decision.HIDE, reason="Off topic"
    )
    await actions.moderate_items(world.rt, world.moderator, [idea_ref(idea_id)], Decision.KEEP)
    idea = await idea_row(world, idea_id)
    assert idea.hidden and idea.hidden_reason == "Off topic"


async def test_a_decision_resolves_the_items_flags(world: World) -> None:
    idea_id = await world.idea()
    await flag_by(world, await flaggers(world, 2), idea_ref(idea_id))
    assert world.jam.id is not None
    spec = queries.QueueFilter(jam_id=world.jam.id)
    assert (await queries.moderation_queue(world.rt, world.moderator, spec)).total_count == 1
    await actions.moderate_items(
        world.rt, world.moderator, [idea_ref(idea_id)], Decision.HIDE, reason="Spam"
    )
    assert (await queries.moderation_queue(world.rt, world.moderator, spec)).total_count == 0
    async with world.rt.db.read() as session:
        resolutions = (await session.execute(select(Flag.resolution))).scalars().all()
    assert resolutions == ["hide", "hide"]


async def test_participants_cannot_decide(world: World) -> None:
    idea_id = await world.idea()
    other = await world.user(join=True)
    error = await refused(
        actions.moderate_items(world.rt, other, [idea_ref(idea_id)], Decision.HIDE, reason="x")
    )
    assert (error.code, error.field) == (ErrorCode.FORBIDDEN, "items.0")


async def test_a_bulk_decision_is_all_or_nothing(world: World) -> None:
    mine = await world.idea()
    elsewhere = await world.new_jam(starts_in=-timedelta(hours=1), lasts=timedelta(days=1))
    assert elsewhere.id is not None
    await actions.join_jam(world.rt, world.participant, elsewhere.id)
    forum = (await forums_of(world.rt, elsewhere.id))[0]
    assert forum.id is not None
    theirs = await actions.post_idea(world.rt, world.participant, forum.id, title="T", body="B")
    assert theirs.id is not None
    error = await refused(
        actions.moderate_items(
            world.rt, world.moderator, [idea_ref(mine), idea_ref(theirs.id)], Decision.HIDE,
            reason="Spam",
        )
    )
    assert (error.code, error.field) == (ErrorCode.FORBIDDEN, "items.1")
    assert not (await idea_row(world, mine)).hidden


async def test_the_older_set_idea_hidden_still_works_without_a_reason(world: World) -> None:
    idea_id = await world.idea()
    await actions.set_idea_hidden(world.rt, world.moderator, idea_id, hidden=True)
    idea = await idea_row(world, idea_id)
    assert idea.hidden and idea.hidden_by == world.moderator.user_id


# --- mutes --------------------------------------------------------------------------------


async def mute(world: World, who: Actor, minutes: int = 60) -> None:
    assert world.jam.id is not None
    await actions.mute_member(
        world.rt, world.moderator, world.jam.id, who.user_id, minutes=minutes, reason="Flooding"
    )


async def test_a_muted_member_cannot_post(world: World) -> None:
    await mute(world, world.participant)
    assert world.forum.id is not None
    error = await refused(
        actions.post_idea(world.rt, world.participant, world.forum.id, title="T", body="B")
    )
    assert error.code is ErrorCode.MUTED


@pytest.mark.parametrize("what", ["comment", "vote", "flag", "edit"])
async def test_a_muted_member_cannot_take_part(world: World, what: str) -> None:
    author = await world.user(join=True)
    other_idea = await world.idea(author)
    own_idea = await world.idea()
    await mute(world, world.participant)
    calls = {
        "comment": lambda: actions.add_comment(world.rt, world.participant, other_idea, body="x"),
        "vote": lambda: actions.vote(
            world.rt, world.participant, other_idea, actions.VoteValue.UP
        ),
        "flag": lambda: actions.flag_item(
            world.rt, world.participant, idea_ref(other_idea), reason=FlagReason.SPAM
        ),
        "edit": lambda: actions.edit_idea(world.rt, world.participant, own_idea, title="New"),
    }
    assert (await refused(calls[what]())).code is ErrorCode.MUTED


async def test_a_mute_ends_by_itself(world: World) -> None:
    await mute(world, world.participant, minutes=30)
    assert world.forum.id is not None
    later = utcnow() + timedelta(minutes=31)
    idea = await actions.post_idea(
        world.rt, world.participant, world.forum.id, title="T", body="B", now=later
    )
    assert idea.id is not None


async def test_a_lifted_mute_lets_them_post_again(world: World) -> None:
    await mute(world, world.participant)
    assert world.jam.id is not None and world.forum.id is not None
    await actions.lift_mute(world.rt, world.moderator, world.jam.id, world.participant.user_id)
    idea = await actions.post_idea(world.rt, world.participant, world.forum.id, title="T", body="B")
    assert idea.id is not None
    assert [n.kind for n in await inbox(world, world.participant)] == ["muted", "unmuted"]


async def test_moderators_cannot_be_muted(world: World) -> None:
    assert world.jam.id is not None
    other_moderator = await world.user(join=True)
    await actions.assign_moderator(
        world.rt, world.admin, world.jam.id, other_moderator.user_id
    )
    error = await refused(
        actions.mute_member(
            world.rt, world.moderator, world.jam.id, other_moderator.user_id, minutes=5,
            reason="x",
        )
    )
    assert (error.code, error.field) == (ErrorCode.MODERATOR_NOT_MUTABLE, "userId")


async def test_participants_cannot_mute(world: World) -> None:
    assert world.jam.id is not None
    other = await world.user(join=True)
    error = await refused(
        actions.mute_member(
            world.rt, world.participant, world.jam.id, other.user_id, minutes=5, reason="x"
        )
    )
    assert error.code is ErrorCode.FORBIDDEN


async def test_flags_of_a_muted_member_stop_counting(world: World) -> None:
    idea_id = await world.idea()
    people = await flaggers(world, 3)
    await flag_by(world, people[:2], idea_ref(idea_id))
    await mute(world, people[0])
    await flag_by(world, people[2:], idea_ref(idea_id))
    assert not (await idea_row(world, idea_id)).hidden  # two counted flags of three


# --- the queue ----------------------------------------------------------------------------


async def test_the_queue_groups_flags_by_item_oldest_first(world: World) -> None:
    older = await world.idea(title="Older")
    newer = await world.idea(title="Newer")
    people = await flaggers(world, 2)
    await actions.flag_item(world.rt, people[0], idea_ref(older), reason=FlagReason.SPAM)
    await actions.flag_item(world.rt, people[0], idea_ref(newer), reason=FlagReason.SPAM)
    await actions.flag_item(
        world.rt, people[1], idea_ref(older), reason=FlagReason.OTHER, note="Advert"
    )
    assert world.jam.id is not None
    page = await queries.moderation_queue(
        world.rt, world.moderator, queries.QueueFilter(jam_id=world.jam.id)
    )
    assert [(e.idea.title, e.flag_count) for e in page.entries] == [("Older", 2), ("Newer", 1)]
    assert page.entries[0].reasons == {FlagReason.SPAM: 1, FlagReason.OTHER: 1}
    assert page.entries[0].notes == ["Advert"]


async def test_the_queue_filters_by_reason_and_pages_with_cursors(world: World) -> None:
    ideas = [await world.idea(title=f"Idea {i}") for i in range(3)]
    [person] = await flaggers(world, 1)
    reasons = [FlagReason.SPAM, FlagReason.OFF_TOPIC, FlagReason.SPAM]
    for idea_id, reason in zip(ideas, reasons, strict=True):
        await actions.flag_item(world.rt, person, idea_ref(idea_id), reason=reason)
    assert world.jam.id is not None
    spam = queries.QueueFilter(jam_id=world.jam.id, reason=FlagReason.SPAM, first=1)
    first = await queries.moderation_queue(world.rt, world.moderator, spam)
    assert first.total_count == 2 and first.has_next_page
    spam.after = first.cursors[-1]
    second = await queries.moderation_queue(world.rt, world.moderator, spam)
    assert [e.idea.title for e in first.entries + second.entries] == ["Idea 0", "Idea 2"]
    assert not second.has_next_page


async def test_only_moderators_read_the_queue(world: World) -> None:
    assert world.jam.id is not None
    error = await refused(
        queries.moderation_queue(
            world.rt, world.participant, queries.QueueFilter(jam_id=world.jam.id)
        )
    )
    assert error.code is ErrorCode.FORBIDDEN


async def test_a_made_up_queue_cursor_is_invalid_input(world: World) -> None:
    assert world.jam.id is not None
    error = await refused(
        queries.moderation_queue(
            world.rt, world.moderator, queries.QueueFilter(jam_id=world.jam.id, after="nope")
        )
    )
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "after")


# --- the log ------------------------------------------------------------------------------


async def test_the_log_holds_moderation_not_votes_newest_first(world: World) -> None:
    idea_id = await world.idea()
    other = await world.user(join=True)
    await actions.vote(world.rt, other, idea_id, actions.VoteValue.UP)
    await actions.moderate_items(
        world.rt, world.moderator, [idea_ref(idea_id)], Decision.HIDE, reason="Spam"
    )
    assert world.jam.id is not None
    page = await queries.moderation_log(
        world.rt, world.moderator, queries.LogFilter(jam_id=world.jam.id)
    )
    actions_seen = [entry.action for entry in page.entries]
    assert actions_seen[0] == "idea.hide"
    assert "vote.cast" not in actions_seen and "idea.post" not in actions_seen


async def test_the_log_filters_by_action(world: World) -> None:
    idea_id = await world.idea()
    await actions.moderate_items(
        world.rt, world.moderator, [idea_ref(idea_id)], Decision.HIDE, reason="Spam"
    )
    assert world.jam.id is not None
    page = await queries.moderation_log(
        world.rt, world.moderator, queries.LogFilter(jam_id=world.jam.id, action="idea.hide")
    )
    assert [e.action for e in page.entries] == ["idea.hide"] and page.total_count == 1


async def test_an_unknown_log_action_is_invalid_input(world: World) -> None:
    assert world.jam.id is not None
    error = await refused(
        queries.moderation_log(
            world.rt, world.moderator, queries.LogFilter(jam_id=world.jam.id, action="vote.cast")
        )
    )
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "action")


# --- notifications ------------------------------------------------------------------------


async def test_a_reply_tells_the_idea_author_and_the_comment_author_once_each(
    world: World,
) -> None:
    idea_id = await world.idea()
    commenter = await world.user(join=True)
    replier = await world.user(join=True)
    comment = await actions.add_comment(world.rt, commenter, idea_id, body="First")
    await actions.add_comment(world.rt, replier, idea_id, body="Reply", parent_id=comment.id)
    assert [n.kind for n in await inbox(world, world.participant)] == ["reply", "reply"]
    assert [n.actor_id for n in await inbox(world, commenter)] == [replier.user_id]
    assert await inbox(world, replier) == []


async def test_nobody_is_told_of_their_own_comment(world: World) -> None:
    idea_id = await world.idea()
    await actions.add_comment(world.rt, world.participant, idea_id, body="Adding detail")
    assert await inbox(world, world.participant) == []


async def test_marking_read_counts_what_is_left(world: World) -> None:
    idea_id = await world.idea()
    for body in ("One", "Two"):
        await actions.add_comment(world.rt, await world.user(join=True), idea_id, body=body)
    first, _second = await inbox(world, world.participant)
    assert first.id is not None
    left = await actions.mark_notifications_read(world.rt, world.participant, [first.id])
    assert left == 1
    assert await actions.mark_notifications_read(world.rt, world.participant, None) == 0


async def test_marking_someone_elses_notification_does_nothing(world: World) -> None:
    idea_id = await world.idea()
    await actions.add_comment(world.rt, await world.user(join=True), idea_id, body="One")
    [note] = await inbox(world, world.participant)
    assert note.id is not None
    await actions.mark_notifications_read(world.rt, world.moderator, [note.id])
    [still] = await inbox(world, world.participant)
    assert still.read_at is None


# --- members ------------------------------------------------------------------------------


async def test_members_are_searchable_and_show_their_mute(world: World) -> None:
    await mute(world, world.participant)
    assert world.jam.id is not None
    page = await queries.members(
        world.rt, world.moderator, queries.MemberFilter(jam_id=world.jam.id, search="particip")
    )
    [entry] = page.entries
    assert entry.user.id == world.participant.user_id
    assert entry.mute is not None and entry.mute.reason == "Flooding"
    muted = await queries.members(
        world.rt, world.moderator, queries.MemberFilter(jam_id=world.jam.id, muted=True)
    )
    assert [e.user.id for e in muted.entries] == [world.participant.user_id]
