"""Steering over real HTTP and WebSocket: pins, labels, announcements and merges, who may do
each, and what reaches connected participants."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from jam import actions
from jam.actions import merges
from tests.api.conftest import Api, outcome
from tests.live_client import LiveClient
from tests.server import GraphQLClient

PIN = """mutation($id: ID!) { pinIdea(input: {ideaId: $id, pinned: true}) {
  idea { id pinnedAt } errors { code field } } }"""
LABEL = """mutation($id: ID!) { setIdeaLabels(input: {ideaId: $id, labels: [BEST]}) {
  idea { id labels } errors { code field } } }"""
ANNOUNCE = """mutation($jam: ID!) { postAnnouncement(input: {jamId: $jam, body: "Q&A at 3pm",
  level: IMPORTANT}) { announcement { id level body } errors { code field } } }"""
RETRACT = """mutation($id: ID!) { retractAnnouncement(input: {announcementId: $id}) {
  announcement { id retractedAt } errors { code field } } }"""
PROPOSE = """mutation($source: ID!, $target: ID!) { proposeMerge(input: {sourceId: $source,
  targetId: $target, note: "Same idea"}) { merge { id status } errors { code field } } }"""
ANSWER = """mutation($id: ID!, $accept: Boolean!) { answerMerge(input: {mergeId: $id,
  accept: $accept}) { merge { id status } errors { code field } } }"""
UNMERGE = """mutation($id: ID!) { unmerge(input: {mergeId: $id}) {
  merge { id status } errors { code field } } }"""
ACTIVITY = """subscription($jam: ID!) { jamActivity(jamId: $jam) { __typename
  ... on AnnouncementPosted { announcement { body level } }
  ... on AnnouncementRetracted { announcementId }
  ... on IdeaMerged { ideaId target { id } }
  ... on IdeaFeatured { idea { id labels } } } }"""

STAFF_ONLY = {
    "anonymous": "UNAUTHENTICATED",
    "guest": "NOT_FOUND",
    "participant": "FORBIDDEN",
    "muted": "FORBIDDEN",
    "other moderator": "FORBIDDEN",
    "moderator": "ok",
    "admin": "ok",
}


@pytest.mark.parametrize("role", list(STAFF_ONLY))
@pytest.mark.parametrize(("mutation", "field"), [(PIN, "pinIdea"), (LABEL, "setIdeaLabels")])
async def test_featuring_by_role(
    api: Api, roles: dict[str, GraphQLClient], role: str, mutation: str, field: str
) -> None:
    idea_id = await api.world.idea()
    body = await roles[role](mutation, {"id": str(idea_id)})
    assert outcome(body, field) == STAFF_ONLY[role]


@pytest.mark.parametrize("role", list(STAFF_ONLY))
async def test_announcing_by_role(api: Api, roles: dict[str, GraphQLClient], role: str) -> None:
    body = await roles[role](ANNOUNCE, {"jam": api.jam_id})
    assert outcome(body, "postAnnouncement") == STAFF_ONLY[role]


@pytest.mark.parametrize("role", list(STAFF_ONLY))
async def test_retracting_by_role(api: Api, roles: dict[str, GraphQLClient], role: str) -> None:
    posted = await api.moderator.ok(ANNOUNCE, {"jam": api.jam_id})
    announcement_id = posted["postAnnouncement"]["announcement"]["id"]
    body = await roles[role](RETRACT, {"id": announcement_id})
    assert outcome(body, "retractAnnouncement") == STAFF_ONLY[role]


@pytest.mark.parametrize("role", list(STAFF_ONLY))
async def test_proposing_a_merge_by_role(
    api: Api, roles: dict[str, GraphQLClient], role: str
) -> None:
    target = await api.world.idea(title="Four-day week")
    other = await api.world.user(join=True)
    source = await api.world.idea(other, title="4-day week")
    body = await roles[role](
        PROPOSE, {"source": str(source), "target": str(target)}
    )
    assert outcome(body, "proposeMerge") == STAFF_ONLY[role]


async def merged_pair(api: Api) -> tuple[int, int, str]:
    """A (by the participant) and B (by another member, who accepts its merge into A)."""
    target = await api.world.idea(title="Four-day week")
    other = await api.world.user(join=True)
    source = await api.world.idea(other, title="4-day week")
    await actions.add_comment(api.world.rt, api.world.participant, source, body="Agreed")
    merge = await merges.propose_merge(api.world.rt, api.world.moderator, source, target)
    assert merge.id is not None
    await merges.answer_merge(api.world.rt, other, merge.id, accept=True)
    return source, target, str(merge.id)


async def test_only_the_source_author_answers_over_http(api: Api) -> None:
    target = await api.world.idea()
    other = await api.world.user(join=True)
    source = await api.world.idea(other)
    proposed = await api.moderator.ok(PROPOSE, {"source": str(source), "target": str(target)})
    merge_id = proposed["proposeMerge"]["merge"]["id"]
    body = await api.participant(ANSWER, {"id": merge_id, "accept": True})
    assert outcome(body, "answerMerge") == "FORBIDDEN"


async def test_a_merged_idea_points_to_its_target_and_its_comments_moved(api: Api) -> None:
    source, target, _ = await merged_pair(api)
    data = await api.participant.ok(
        """query($s: ID!, $t: ID!) { s: idea(id: $s) { mergedInto { id } }
             t: idea(id: $t) { commentCount comments { body movedFromIdeaId } } }""",
        {"s": str(source), "t": str(target)},
    )
    assert data["s"]["mergedInto"] == {"id": str(target)}
    assert data["t"]["commentCount"] == 1
    assert data["t"]["comments"] == [{"body": "Agreed", "movedFromIdeaId": str(source)}]


@pytest.mark.parametrize("role", list(STAFF_ONLY))
async def test_unmerging_by_role(api: Api, roles: dict[str, GraphQLClient], role: str) -> None:
    _, _, merge_id = await merged_pair(api)
    body = await roles[role](UNMERGE, {"id": merge_id})
    assert outcome(body, "unmerge") == STAFF_ONLY[role]


DECIDE = """mutation($id: ID!) { decideMerge(input: {mergeId: $id, merge: false}) {
  merge { id status } errors { code field } } }"""


@pytest.mark.parametrize("role", list(STAFF_ONLY))
async def test_withdrawing_a_merge_by_role(
    api: Api, roles: dict[str, GraphQLClient], role: str
) -> None:
    target = await api.world.idea()
    source = await api.world.idea(await api.world.user(join=True))
    merge = await merges.propose_merge(api.world.rt, api.world.moderator, source, target)
    body = await roles[role](DECIDE, {"id": str(merge.id)})
    assert outcome(body, "decideMerge") == STAFF_ONLY[role]


async def test_the_author_finds_the_request_in_the_inbox(api: Api) -> None:
    target = await api.world.idea(title="Four-day week")
    proposed = await api.moderator.ok(
        PROPOSE, {"source": str(await api.world.idea(title="Mine")), "target": str(target)}
    )
    assert proposed["proposeMerge"]["merge"]["status"] == "PENDING"
    data = await api.participant.ok(
        "{ notifications { nodes { kind merge { status source { title } target { title } } } } }"
    )
    request = next(n for n in data["notifications"]["nodes"] if n["kind"] == "MERGE_REQUESTED")
    assert request["merge"] == {
        "status": "PENDING",
        "source": {"title": "Mine"},
        "target": {"title": "Four-day week"},
    }


async def test_merge_suggestions_pair_the_near_copies(api: Api) -> None:
    await api.world.idea(title="Solar panels on every office roof", body="Cut our energy bill")
    await api.world.idea(title="Tele-health kiosks", body="For rural clinics")
    await api.world.idea(title="Solar panels on every office roof!", body="Cut the energy bill")
    data = await api.moderator.ok(
        """query($slug: String!) { jam(slug: $slug) { mergeSuggestions(limit: 5) {
             score source { title } target { title } } } }""",
        {"slug": api.world.jam.slug},
    )
    [best, *_] = data["jam"]["mergeSuggestions"]
    assert best["source"]["title"] == "Solar panels on every office roof!"  # the newer one
    assert best["target"]["title"] == "Solar panels on every office roof"
    assert best["score"] > 0.55


async def listen(api: Api, who: GraphQLClient) -> tuple[LiveClient, str]:
    live = await LiveClient.connect(who.base_url, who.token)
    op = await live.subscribe(ACTIVITY, {"jam": api.jam_id})
    await asyncio.sleep(0.2)  # the subscription is registered
    return live, op


async def next_of(live: LiveClient, op: str) -> dict[str, Any]:
    event: dict[str, Any] = (await live.next(op))["jamActivity"]
    return event


async def test_an_announcement_reaches_a_connected_participant_at_once(api: Api) -> None:
    live, op = await listen(api, api.participant)
    posted = await api.moderator.ok(ANNOUNCE, {"jam": api.jam_id})
    assert await next_of(live, op) == {
        "__typename": "AnnouncementPosted",
        "announcement": {"body": "Q&A at 3pm", "level": "IMPORTANT"},
    }
    announcement_id = posted["postAnnouncement"]["announcement"]["id"]
    await api.moderator.ok(RETRACT, {"id": announcement_id})
    assert await next_of(live, op) == {
        "__typename": "AnnouncementRetracted",
        "announcementId": announcement_id,
    }
    await live.close()


async def test_a_merge_reaches_a_connected_participant(api: Api) -> None:
    live, op = await listen(api, api.participant)
    source, target, _ = await merged_pair(api)
    event = await next_of(live, op)
    while event["__typename"] != "IdeaMerged":
        event = await next_of(live, op)
    assert event["ideaId"] == str(source) and event["target"] == {"id": str(target)}
    await live.close()
