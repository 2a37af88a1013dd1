"""Moderation over real HTTP: who may do what (a matrix of every new mutation and query by
role), what participants see of hidden items, mutes, notifications and the CSV log."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from jam import actions
from jam.actions import Decision, ItemRef
from jam.models import FlagReason, ItemKind
from tests.api.conftest import Api, client_of, outcome
from tests.server import GraphQLClient

FLAG = """mutation($id: ID!) {
  flagItem(input: {item: {kind: IDEA, id: $id}, reason: SPAM}) {
    flag { id reason } errors { code field } } }"""
MODERATE = """mutation($id: ID!, $decision: ModerationDecision!, $reason: String) {
  moderateItems(input: {items: [{kind: IDEA, id: $id}], decision: $decision, reason: $reason}) {
    items { itemId idea { id hidden hiddenNote { reason automatic } } } errors { code field } } }"""
MUTE = """mutation($jam: ID!, $user: ID!) {
  muteMember(input: {jamId: $jam, userId: $user, minutes: 60, reason: "Flooding"}) {
    mute { id endsAt user { id } } errors { code field } } }"""
LIFT = """mutation($jam: ID!, $user: ID!) {
  liftMute(input: {jamId: $jam, userId: $user}) { mute { id liftedAt } errors { code field } } }"""
QUEUE = """query($slug: String!) { jam(slug: $slug) { moderationQueue {
  totalCount items { id kind flagCount reasons { reason count } idea { id title } } } } }"""
LOG = """query($slug: String!) { jam(slug: $slug) { moderationLog {
  totalCount nodes { action reason actor { id } } } } }"""
MEMBERS = """query($slug: String!) { jam(slug: $slug) { members(search: "participant") {
  totalCount nodes { user { id } role mute { reason } } } } }"""
COMMENTS = """query($id: ID!) { idea(id: $id) { comments {
  id body hidden hiddenNote { reason } replies { id body } } } }"""


FLAG_RULES = {
    "anonymous": "UNAUTHENTICATED",
    "guest": "NOT_FOUND",
    "participant": "ok",
    "muted": "MUTED",
    "other moderator": "NOT_A_MEMBER",
    "moderator": "ok",
    "admin": "NOT_A_MEMBER",  # administrators decide; they flag only in jams they joined
}
MODERATE_RULES = {
    "anonymous": "UNAUTHENTICATED",
    "guest": "NOT_FOUND",
    "participant": "FORBIDDEN",
    "muted": "FORBIDDEN",
    "other moderator": "FORBIDDEN",
    "moderator": "ok",
    "admin": "ok",
}
MUTE_RULES = {**MODERATE_RULES}
READ_RULES = {
    "anonymous": "UNAUTHENTICATED",
    "guest": "no jam",  # guests do not see jams they have not joined
    "participant": "FORBIDDEN",
    "muted": "FORBIDDEN",
    "other moderator": "FORBIDDEN",
    "moderator": "ok",
    "admin": "ok",
}


@pytest.mark.parametrize("role", list(MODERATE_RULES))
async def test_flag_item_by_role(api: Api, roles: dict[str, GraphQLClient], role: str) -> None:
    idea_id = await api.world.idea()
    body = await roles[role](FLAG, {"id": str(idea_id)})
    assert outcome(body, "flagItem") == FLAG_RULES[role]


@pytest.mark.parametrize("role", list(MODERATE_RULES))
async def test_moderate_items_by_role(
    api: Api, roles: dict[str, GraphQLClient], role: str
) -> None:
    idea_id = await api.world.idea()
    body = await roles[role](MODERATE, {"id": str(idea_id), "decision": "HIDE", "reason": "Spam"})
    assert outcome(body, "moderateItems") == MODERATE_RULES[role]
    seen = await api.moderator.ok(
        "query($id: ID!) { idea(id: $id) { hidden } }", {"id": str(idea_id)}
    )
    assert seen["idea"]["hidden"] is (MODERATE_RULES[role] == "ok")


@pytest.mark.parametrize("role", list(MUTE_RULES))
async def test_mute_member_by_role(api: Api, roles: dict[str, GraphQLClient], role: str) -> None:
    target = await api.world.user(join=True)
    body = await roles[role](MUTE, {"jam": api.jam_id, "user": str(target.user_id)})
    assert outcome(body, "muteMember") == MUTE_RULES[role]


@pytest.mark.parametrize("role", list(MUTE_RULES))
async def test_lift_mute_by_role(api: Api, roles: dict[str, GraphQLClient], role: str) -> None:
    target = await api.world.user(join=True)
    assert api.world.jam.id is not None
    await actions.mute_member(
        api.world.rt, api.world.moderator, api.world.jam.id, target.user_id, minutes=5,
        reason="Cool off",
    )
    body = await roles[role](LIFT, {"jam": api.jam_id, "user": str(target.user_id)})
    assert outcome(body, "liftMute") == MUTE_RULES[role]


@pytest.mark.parametrize("query", [QUEUE, LOG, MEMBERS], ids=["queue", "log", "members"])
@pytest.mark.parametrize("role", list(READ_RULES))
async def test_moderators_reads_by_role(
    api: Api, roles: dict[str, GraphQLClient], role: str, query: str
) -> None:
    body = await roles[role](query, {"slug": api.world.jam.slug})
    if READ_RULES[role] == "ok":
        assert "errors" not in body, body
    elif READ_RULES[role] == "no jam":
        assert body == {"data": {"jam": None}}
    else:
        assert body["errors"][0]["extensions"]["code"] == READ_RULES[role]


async def test_a_failed_bulk_decision_changes_nothing(api: Api) -> None:
    idea_id = await api.world.idea()
    body = await api.moderator(
        """mutation($id: ID!) { moderateItems(input: {items: [{kind: IDEA, id: $id},
             {kind: COMMENT, id: "999999"}], decision: HIDE, reason: "Spam"}) {
             items { itemId } errors { code field } } }""",
        {"id": str(idea_id)},
    )
    assert body["data"]["moderateItems"] == {
        "items": [],
        "errors": [{"code": "NOT_FOUND", "field": "items.1"}],
    }
    seen = await api.participant.ok(
        "query($id: ID!) { idea(id: $id) { id } }", {"id": str(idea_id)}
    )
    assert seen["idea"] == {"id": str(idea_id)}


async def test_the_queue_shows_an_item_with_its_flags(api: Api) -> None:
    idea_id = await api.world.idea(title="Cheap watches")
    for _ in range(2):
        flagger = await api.new_participant()
        await flagger.ok(FLAG, {"id": str(idea_id)})
    data = await api.moderator.ok(QUEUE, {"slug": api.world.jam.slug})
    assert data["jam"]["moderationQueue"] == {
        "totalCount": 1,
        "items": [
            {
                "id": f"idea:{idea_id}",
                "kind": "IDEA",
                "flagCount": 2,
                "reasons": [{"reason": "SPAM", "count": 2}],
                "idea": {"id": str(idea_id), "title": "Cheap watches"},
            }
        ],
    }


async def hidden_comment(api: Api) -> tuple[int, int, GraphQLClient]:
    """An idea with a comment by a new member (returned) that a moderator hid, and a reply."""
    world = api.world
    idea_id = await world.idea()
    author = await world.user(join=True)
    comment = await actions.add_comment(world.rt, author, idea_id, body="Buy cheap watches")
    assert comment.id is not None
    await actions.add_comment(
        world.rt, world.participant, idea_id, body="Please don't", parent_id=comment.id
    )
    await actions.moderate_items(
        world.rt, world.moderator, [ItemRef(ItemKind.COMMENT, comment.id)], Decision.HIDE,
        reason="Advertising",
    )
    return idea_id, comment.id, await client_of(api, author.user_id)


async def test_participants_see_a_hidden_comments_place_not_its_text(api: Api) -> None:
    idea_id, comment_id, _ = await hidden_comment(api)
    reader = await api.new_participant()
    [comment] = (await reader.ok(COMMENTS, {"id": str(idea_id)}))["idea"]["comments"]
    assert comment["id"] == str(comment_id)
    assert (comment["body"], comment["hidden"], comment["hiddenNote"]) == ("", True, None)
    assert [reply["body"] for reply in comment["replies"]] == ["Please don't"]


async def test_the_author_and_moderators_see_a_hidden_comment_and_why(api: Api) -> None:
    idea_id, _, author = await hidden_comment(api)
    for client in (author, api.moderator):
        [comment] = (await client.ok(COMMENTS, {"id": str(idea_id)}))["idea"]["comments"]
        assert comment["body"] == "Buy cheap watches"
        assert comment["hiddenNote"] == {"reason": "Advertising"}


async def test_a_muted_member_sees_their_mute_and_cannot_post(api: Api) -> None:
    assert api.world.jam.id is not None
    await actions.mute_member(
        api.world.rt, api.world.moderator, api.world.jam.id, api.world.participant.user_id,
        minutes=60, reason="Flooding the forum",
    )
    data = await api.participant.ok(
        'query($slug: String!) { jam(slug: $slug) { viewerMute { reason endsAt } } }',
        {"slug": api.world.jam.slug},
    )
    assert data["jam"]["viewerMute"]["reason"] == "Flooding the forum"
    body = await api.participant(
        """mutation($forum: ID!) { postIdea(input: {forumId: $forum, title: "T", body: "B"}) {
             idea { id } errors { code message } } }""",
        {"forum": api.forum_id},
    )
    assert body["data"]["postIdea"]["errors"][0]["code"] == "MUTED"


async def test_the_author_reads_why_their_idea_was_hidden_in_the_inbox(api: Api) -> None:
    idea_id = await api.world.idea(title="Cheap watches")
    await api.moderator.ok(MODERATE, {"id": str(idea_id), "decision": "HIDE", "reason": "Spam"})
    data = await api.participant.ok(
        """{ notifications { unreadCount nodes { kind reason idea { id hidden
               hiddenNote { reason automatic } } } } }"""
    )
    assert data["notifications"] == {
        "unreadCount": 1,
        "nodes": [
            {
                "kind": "ITEM_HIDDEN",
                "reason": "Spam",
                "idea": {
                    "id": str(idea_id),
                    "hidden": True,
                    "hiddenNote": {"reason": "Spam", "automatic": False},
                },
            }
        ],
    }
    marked = await api.participant.ok(
        "mutation { markNotificationsRead(input: {}) { unreadCount errors { code } } }"
    )
    assert marked["markNotificationsRead"] == {"unreadCount": 0, "errors": []}


async def test_viewer_flagged_says_who_flagged(api: Api) -> None:
    idea_id = await api.world.idea()
    flagger = await api.new_participant()
    await flagger.ok(FLAG, {"id": str(idea_id)})
    query = "query($id: ID!) { idea(id: $id) { viewerFlagged } }"
    assert (await flagger.ok(query, {"id": str(idea_id)}))["idea"]["viewerFlagged"] is True
    assert (await api.moderator.ok(query, {"id": str(idea_id)}))["idea"]["viewerFlagged"] is False


# --- the CSV log --------------------------------------------------------------------------


async def download(client: GraphQLClient, jam_id: str) -> Any:
    headers = {"Authorization": f"Bearer {client.token}"} if client.token else {}
    return await client.http.get(f"/jams/{jam_id}/moderation-log.csv", headers=headers)


async def test_moderators_download_the_log_as_csv(api: Api) -> None:
    idea_id = await api.world.idea()
    await api.moderator.ok(
        MODERATE, {"id": str(idea_id), "decision": "HIDE", "reason": "=HYPERLINK(\"x\")"}
    )
    response = await download(api.moderator, api.jam_id)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    hide = next(row for row in rows if row["action"] == "idea.hide")
    assert hide["subject_id"] == str(idea_id)
    assert hide["reason"] == "'=HYPERLINK(\"x\")"  # a formula stays text in a spreadsheet


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("participant", 403), ("guest", 404)]
)
async def test_others_cannot_download_the_log(
    api: Api, roles: dict[str, GraphQLClient], role: str, status: int
) -> None:
    response = await download(roles[role], api.jam_id)
    assert response.status_code == status


async def test_the_log_of_a_jam_that_does_not_exist_is_not_found(api: Api) -> None:
    response = await download(api.moderator, "99999999999999999999")
    assert response.status_code == 404


async def test_flag_reasons_are_the_api_enum(api: Api) -> None:
    data = await api.anonymous.ok('{ __type(name: "FlagReason") { enumValues { name } } }')
    names = [value["name"] for value in data["__type"]["enumValues"]]
    assert names == [reason.name for reason in FlagReason]
