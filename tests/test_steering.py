"""Steering the conversation: pins, editorial labels and announcements
(jam.actions.featuring, jam.actions.announcements)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import col, func, select

from jam.actions import announcements, featuring
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind
from jam.models import AnnouncementLevel, EditorialLabel, Notification, OutboxEvent
from jam.queries import announcements as announcement_queries
from jam.queries.ideas import IdeaFilter, list_ideas, pinned_ideas
from tests.conftest import World


async def refused(call: Any) -> ActionError:
    with pytest.raises(ActionError) as caught:
        await call
    return caught.value


async def count_events(world: World, kind: EventKind) -> int:
    async with world.rt.db.read() as session:
        return int(
            (
                await session.execute(
                    select(func.count())
                    .select_from(OutboxEvent)
                    .where(OutboxEvent.kind == kind.value)
                )
            ).scalar_one()
        )


# --- pins ---------------------------------------------------------------------------------


async def test_pinned_ideas_show_newest_pin_first(world: World) -> None:
    first, second = await world.idea(title="First"), await world.idea(title="Second")
    await featuring.pin_idea(world.rt, world.moderator, first, pinned=True)
    await featuring.pin_idea(world.rt, world.moderator, second, pinned=True)
    assert world.jam.id is not None and world.forum.id is not None
    pinned = await pinned_ideas(world.rt, world.participant, world.jam.id, world.forum.id)
    assert [idea.title for idea in pinned] == ["Second", "First"]


async def test_unpinning_takes_it_off_the_top(world: World) -> None:
    idea_id = await world.idea()
    await featuring.pin_idea(world.rt, world.moderator, idea_id, pinned=True)
    await featuring.pin_idea(world.rt, world.moderator, idea_id, pinned=False)
    assert world.jam.id is not None and world.forum.id is not None
    assert await pinned_ideas(world.rt, world.participant, world.jam.id, world.forum.id) == []


async def test_pinning_twice_changes_nothing(world: World) -> None:
    idea_id = await world.idea()
    await featuring.pin_idea(world.rt, world.moderator, idea_id, pinned=True)
    await featuring.pin_idea(world.rt, world.moderator, idea_id, pinned=True)
    assert await count_events(world, EventKind.IDEA_FEATURED) == 1


async def test_participants_cannot_pin(world: World) -> None:
    idea_id = await world.idea()
    error = await refused(featuring.pin_idea(world.rt, world.participant, idea_id, pinned=True))
    assert (error.code, error.field) == (ErrorCode.FORBIDDEN, "ideaId")


# --- labels -------------------------------------------------------------------------------


async def test_labelled_ideas_can_be_filtered(world: World) -> None:
    best = await world.idea(title="Best one")
    await world.idea(title="Plain")
    await featuring.set_idea_labels(world.rt, world.moderator, best, [EditorialLabel.BEST])
    assert world.jam.id is not None
    page = await list_ideas(
        world.rt, world.participant, IdeaFilter(jam_id=world.jam.id, label=EditorialLabel.BEST)
    )
    assert [idea.title for idea in page.ideas] == ["Best one"]


async def test_labels_are_replaced_not_added(world: World) -> None:
    idea_id = await world.idea()
    await featuring.set_idea_labels(
        world.rt, world.moderator, idea_id, [EditorialLabel.EMERGING, EditorialLabel.BEST]
    )
    await featuring.set_idea_labels(world.rt, world.moderator, idea_id, [EditorialLabel.BEST])
    assert world.jam.id is not None
    emerging = await list_ideas(
        world.rt,
        world.participant,
        IdeaFilter(jam_id=world.jam.id, label=EditorialLabel.EMERGING),
    )
    assert emerging.total_count == 0


async def test_participants_cannot_label(world: World) -> None:
    idea_id = await world.idea()
    error = await refused(
        featuring.set_idea_labels(world.rt, world.participant, idea_id, [EditorialLabel.BEST])
    )
    assert error.code is ErrorCode.FORBIDDEN


# --- announcements ------------------------------------------------------------------------


async def announce(world: World, body: str = "Live Q&A at 15:00 UTC", **kwargs: Any) -> int:
    assert world.jam.id is not None
    row = await announcements.post_announcement(
        world.rt, world.moderator, world.jam.id, body=body, **kwargs
    )
    assert row.id is not None
    return row.id


async def test_an_announcement_reaches_every_members_inbox(world: World) -> None:
    others = [await world.user(join=True) for _ in range(3)]
    announcement_id = await announce(world, level=AnnouncementLevel.IMPORTANT)
    async with world.rt.db.read() as session:
        recipients = set(
            (
                await session.execute(
                    select(Notification.user_id).where(
                        Notification.announcement_id == announcement_id
                    )
                )
            ).scalars()
        )
    assert recipients == {world.participant.user_id, *(o.user_id for o in others)}
    assert world.moderator.user_id not in recipients


async def test_an_announcement_is_a_banner_until_dismissed(world: World) -> None:
    announcement_id = await announce(world)
    assert world.jam.id is not None
    shown = await announcement_queries.current_announcements(
        world.rt, world.participant, world.jam.id
    )
    assert [a.id for a in shown] == [announcement_id]
    await announcements.dismiss_announcement(world.rt, world.participant, announcement_id)
    assert await announcement_queries.current_announcements(
        world.rt, world.participant, world.jam.id
    ) == []
    others = await announcement_queries.current_announcements(
        world.rt, world.moderator, world.jam.id
    )
    assert [a.id for a in others] == [announcement_id]  # dismissing is one's own


async def test_a_retracted_announcement_leaves_the_banners_but_stays_in_the_history(
    world: World,
) -> None:
    announcement_id = await announce(world)
    await announcements.retract_announcement(world.rt, world.moderator, announcement_id)
    assert world.jam.id is not None
    assert await announcement_queries.current_announcements(
        world.rt, world.participant, world.jam.id
    ) == []
    history = await announcement_queries.announcement_history(
        world.rt, world.moderator, world.jam.id
    )
    assert [a.id for a in history] == [announcement_id] and history[0].retracted_at is not None


async def test_a_forum_announcement_shows_on_that_forum_only(world: World) -> None:
    assert world.other_forum.id is not None and world.forum.id is not None
    await announce(world, "Green forum only", forum_id=world.other_forum.id)
    assert world.jam.id is not None
    there = await announcement_queries.current_announcements(
        world.rt, world.participant, world.jam.id, world.other_forum.id
    )
    here = await announcement_queries.current_announcements(
        world.rt, world.participant, world.jam.id, world.forum.id
    )
    assert [a.body for a in there] == ["Green forum only"] and here == []


async def test_announcements_are_for_moderators_to_post(world: World) -> None:
    assert world.jam.id is not None
    error = await refused(
        announcements.post_announcement(world.rt, world.participant, world.jam.id, body="Hi")
    )
    assert error.code is ErrorCode.FORBIDDEN


async def test_an_empty_announcement_is_invalid(world: World) -> None:
    assert world.jam.id is not None
    error = await refused(
        announcements.post_announcement(world.rt, world.moderator, world.jam.id, body="  ")
    )
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "body")


async def test_a_forum_of_another_jam_is_not_found(world: World) -> None:
    assert world.jam.id is not None
    error = await refused(
        announcements.post_announcement(
            world.rt, world.moderator, world.jam.id, body="Hi", forum_id=999_999
        )
    )
    assert (error.code, error.field) == (ErrorCode.NOT_FOUND, "forumId")


async def test_posting_records_one_event(world: World) -> None:
    await announce(world)
    assert await count_events(world, EventKind.ANNOUNCEMENT_POSTED) == 1
    async with world.rt.db.read() as session:
        notified = (
            await session.execute(
                select(func.count()).select_from(OutboxEvent).where(
                    col(OutboxEvent.kind) == EventKind.NOTIFICATION_ADDED.value
                )
            )
        ).scalar_one()
    assert notified == 0  # inboxes are filled in one statement, not one event per member
