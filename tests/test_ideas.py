"""Ideas: posting, limits, editing, hiding, tags; comments and their threads."""

import pytest
from sqlmodel import func, select

from jam import actions
from jam.errors import ActionError, ErrorCode
from jam.models import AuditEvent, Comment, Idea
from jam.queries.ideas import comment_tree, idea_for
from tests.conftest import World


async def test_text_is_stored_exactly_as_given(world: World) -> None:
    title = "<script>alert('x')</script> Ideas ⚡ für alle — ¿por qué no? 🚀"
    body = "Line one\n\tLine two &amp; <b>not bold</b> 👩🏽‍🔬"
    idea_id = await world.idea(title=title, body=body)
    idea = await idea_for(world.rt, world.participant, idea_id)
    assert idea is not None and (idea.title, idea.body) == (title, body)


async def test_tags_are_normalised_and_deduplicated(world: World) -> None:
    idea_id = await world.idea(tags=["  Remote Work ", "remote   work", "AI"])
    from jam.queries.loaders import make_loaders

    tags = await make_loaders(world.rt, None).tags.load(idea_id)
    assert tags == ["ai", "remote work"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"body": ""}, "body"),
        ({"body": "x" * 10_001}, "body"),
        ({"body": "bad \x00 byte"}, "body"),
        ({"tags": [str(i) for i in range(11)]}, "tags"),
        ({"tags": ["x" * 41]}, "tags"),
        ({"tags": [" "]}, "tags"),
        ({"idempotency_key": "k" * 101}, "idempotencyKey"),
    ],
)
async def test_bad_idea_input_is_refused_with_its_field_and_stores_nothing(
    world: World, fields: dict[str, object], field: str
) -> None:
    with pytest.raises(ActionError) as caught:
        await world.idea(**fields)
    assert (caught.value.code, caught.value.field) == (ErrorCode.INVALID_INPUT, field)
    async with world.rt.db.read() as session:
        assert (await session.execute(select(func.count()).select_from(Idea))).scalar_one() == 0


async def test_limits_are_inclusive(world: World) -> None:
    idea_id = await world.idea(
        title="t" * 200, body="b" * 10_000, tags=[f"tag{i}" for i in range(10)]
    )
    assert idea_id > 0


async def test_posting_into_an_unknown_forum_is_not_found(world: World) -> None:
    with pytest.raises(ActionError) as caught:
        await actions.post_idea(world.rt, world.participant, 999_999, title="t", body="b")
    assert (caught.value.code, caught.value.field) == (ErrorCode.NOT_FOUND, "forumId")


async def test_authors_edit_their_own_ideas(world: World) -> None:
    idea_id = await world.idea()
    edited = await actions.edit_idea(
        world.rt, world.participant, idea_id, title="Better title", tags=["new"]
    )
    assert edited.title == "Better title" and edited.body == "Its body"


async def test_others_cannot_edit_an_idea(world: World) -> None:
    idea_id = await world.idea()
    with pytest.raises(ActionError) as caught:
        await actions.edit_idea(world.rt, world.moderator, idea_id, title="Mine now")
    assert caught.value.code is ErrorCode.FORBIDDEN


async def test_ideas_cannot_be_edited_after_the_jam_closed(world: World) -> None:
    idea_id = await world.idea()
    assert world.jam.id is not None
    await actions.update_jam(world.rt, world.moderator, world.jam.id, close=True)
    with pytest.raises(ActionError) as caught:
        await actions.edit_idea(world.rt, world.participant, idea_id, title="Late")
    assert caught.value.code is ErrorCode.JAM_NOT_LIVE


async def test_hidden_ideas_are_invisible_to_participants_but_not_moderators(
    world: World,
) -> None:
    idea_id = await world.idea()
    await actions.set_idea_hidden(world.rt, world.moderator, idea_id, hidden=True)
    other = await world.user(join=True)
    assert await idea_for(world.rt, other, idea_id) is None
    seen = await idea_for(world.rt, world.moderator, idea_id)
    assert seen is not None and seen.hidden is True


async def test_the_author_still_sees_their_hidden_idea(world: World) -> None:
    idea_id = await world.idea()
    await actions.set_idea_hidden(
        world.rt, world.moderator, idea_id, hidden=True, reason="Off topic here"
    )
    seen = await idea_for(world.rt, world.participant, idea_id)
    assert seen is not None and seen.hidden_reason == "Off topic here"


async def test_participants_cannot_comment_on_or_vote_for_hidden_ideas(world: World) -> None:
    idea_id = await world.idea()
    await actions.set_idea_hidden(world.rt, world.moderator, idea_id, hidden=True)
    with pytest.raises(ActionError) as comment_error:
        await actions.add_comment(world.rt, world.participant, idea_id, body="hello?")
    with pytest.raises(ActionError) as vote_error:
        await actions.vote(world.rt, world.participant, idea_id, actions.VoteValue.UP)
    assert comment_error.value.code is vote_error.value.code is ErrorCode.NOT_FOUND


async def test_participants_cannot_hide_ideas(world: World) -> None:
    idea_id = await world.idea()
    with pytest.raises(ActionError) as caught:
        await actions.set_idea_hidden(world.rt, world.participant, idea_id, hidden=True)
    assert caught.value.code is ErrorCode.FORBIDDEN


async def test_comments_form_threads(world: World) -> None:
    idea_id = await world.idea()
    top = await actions.add_comment(world.rt, world.moderator, idea_id, body="Love it")
    reply = await actions.add_comment(
        world.rt, world.participant, idea_id, body="Thanks!", parent_id=top.id
    )
    await actions.add_comment(world.rt, world.moderator, idea_id, body="Also…", parent_id=reply.id)
    await actions.add_comment(world.rt, world.participant, idea_id, body="Second thread")
    tree = await comment_tree(world.rt, idea_id)
    assert [node.comment.body for node in tree] == ["Love it", "Second thread"]
    assert tree[0].replies[0].comment.body == "Thanks!"
    assert tree[0].replies[0].replies[0].comment.body == "Also…"


async def test_comment_counts_follow_comments(world: World) -> None:
    idea_id = await world.idea()
    for body in ["one", "two", "three"]:
        await actions.add_comment(world.rt, world.moderator, idea_id, body=body)
    seen = await idea_for(world.rt, world.participant, idea_id)
    assert seen is not None and seen.comment_count == 3


async def test_a_reply_to_a_comment_of_another_idea_is_refused(world: World) -> None:
    first, second = await world.idea(), await world.idea()
    comment = await actions.add_comment(world.rt, world.moderator, first, body="On the first")
    with pytest.raises(ActionError) as caught:
        await actions.add_comment(
            world.rt, world.participant, second, body="Wrong", parent_id=comment.id
        )
    assert (caught.value.code, caught.value.field) == (ErrorCode.NOT_FOUND, "parentId")


@pytest.mark.parametrize(("body", "field"), [("", "body"), ("x" * 5_001, "body")])
async def test_bad_comments_are_refused(world: World, body: str, field: str) -> None:
    idea_id = await world.idea()
    with pytest.raises(ActionError) as caught:
        await actions.add_comment(world.rt, world.participant, idea_id, body=body)
    assert (caught.value.code, caught.value.field) == (ErrorCode.INVALID_INPUT, field)
    async with world.rt.db.read() as session:
        assert (await session.execute(select(func.count()).select_from(Comment))).scalar_one() == 0


async def test_every_change_is_in_the_audit_trail_with_who_and_when(world: World) -> None:
    idea_id = await world.idea()
    await actions.vote(world.rt, world.moderator, idea_id, actions.VoteValue.UP)
    await actions.set_idea_hidden(world.rt, world.moderator, idea_id, hidden=True)
    async with world.rt.db.read() as session:
        events = list(
            (
                await session.execute(
                    select(AuditEvent)
                    .where(AuditEvent.subject_id == idea_id, AuditEvent.subject_type == "idea")
                    .order_by(AuditEvent.id)  # type: ignore[arg-type]
                )
            ).scalars()
        )
    assert [(e.action, e.actor_id) for e in events] == [
        ("idea.post", world.participant.user_id),
        ("vote.cast", world.moderator.user_id),
        ("idea.hide", world.moderator.user_id),
    ]
    assert all(e.at is not None and e.jam_id == world.jam.id for e in events)
