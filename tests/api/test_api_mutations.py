"""Every mutation over HTTP: the happy path, and bad input returned as data that changes nothing."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.api.conftest import Api
from tests.api.operations import (
    ADD_COMMENT,
    ADD_FORUM,
    ASSIGN_MODERATOR,
    CREATE_INVITATION,
    CREATE_JAM,
    EDIT_IDEA,
    HIDE,
    IDEA,
    IDEA_PAGE,
    JOIN_JAM,
    POST_IDEA,
    REGISTER,
    RETRACT,
    UPDATE_JAM,
    VOTE,
)


def _iso(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).isoformat()


async def _post(api: Api, **fields: Any) -> dict[str, Any]:
    values = {"forumId": api.forum_id, "title": "Four-day week", "body": "Try it", **fields}
    data = await api.participant.ok(POST_IDEA, {"input": values})
    payload: dict[str, Any] = data["postIdea"]
    return payload


async def _count_ideas(api: Api) -> int:
    data = await api.moderator.ok(
        IDEA_PAGE, {"slug": api.world.jam.slug, "first": 1, "sort": "NEW"}
    )
    return int(data["jam"]["ideas"]["totalCount"])


async def test_post_idea_returns_the_idea(api: Api) -> None:
    payload = await _post(api, tags=["Work", "work "])
    assert payload["errors"] == []
    assert payload["idea"]["title"] == "Four-day week"
    assert payload["idea"]["tags"] == ["work"]
    assert payload["idea"]["author"]["displayName"] == "Participant"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"body": ""}, "body"),
        ({"body": "x" * 10_001}, "body"),
        ({"tags": [f"t{i}" for i in range(11)]}, "tags"),
        ({"forumId": "not-a-number"}, "forumId"),
        ({"forumId": "-3"}, "forumId"),
        ({"forumId": "99999999999999999999999"}, "forumId"),
    ],
)
async def test_bad_post_idea_input_is_data_and_stores_nothing(
    api: Api, fields: dict[str, Any], field: str
) -> None:
    payload = await _post(api, **fields)
    assert payload["idea"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID_INPUT", field)]
    assert payload["errors"][0]["message"]
    assert await _count_ideas(api) == 0


async def test_posting_into_an_unknown_forum_is_not_found(api: Api) -> None:
    payload = await _post(api, forumId="987654")
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NOT_FOUND", "forumId")]


async def test_a_malformed_request_is_a_top_level_error(api: Api) -> None:
    body = await api.participant(POST_IDEA, {"input": {"forumId": api.forum_id}})
    assert (body["errors"] and "data" not in body) or body.get("data") is None


async def test_a_retried_post_with_the_same_key_posts_once(api: Api) -> None:
    first = await _post(api, idempotencyKey="retry-me")
    second = await _post(api, idempotencyKey="retry-me")
    assert first["idea"]["id"] == second["idea"]["id"]
    assert await _count_ideas(api) == 1


async def test_edit_idea_by_its_author(api: Api) -> None:
    idea_id = (await _post(api))["idea"]["id"]
    data = await api.participant.ok(
        EDIT_IDEA, {"input": {"ideaId": idea_id, "body": "Try it for a quarter"}}
    )
    assert data["editIdea"]["idea"]["body"] == "Try it for a quarter"


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"title": ""}, "INVALID_INPUT", "title"),
        ({"body": "x" * 10_001}, "INVALID_INPUT", "body"),
        ({"ideaId": "abc"}, "INVALID_INPUT", "ideaId"),
        ({"ideaId": "123456"}, "NOT_FOUND", "ideaId"),
    ],
)
async def test_bad_edit_idea_input(api: Api, change: dict[str, Any], code: str, field: str) -> None:
    idea_id = (await _post(api))["idea"]["id"]
    data = await api.participant.ok(EDIT_IDEA, {"input": {"ideaId": idea_id, **change}})
    assert [(e["code"], e["field"]) for e in data["editIdea"]["errors"]] == [(code, field)]
    page = await api.participant.ok(IDEA, {"id": idea_id})
    assert page["idea"]["title"] == "Four-day week"


async def test_editing_someone_elses_idea_is_forbidden(api: Api) -> None:
    idea_id = (await _post(api))["idea"]["id"]
    data = await api.moderator.ok(EDIT_IDEA, {"input": {"ideaId": idea_id, "title": "Mine"}})
    assert data["editIdea"]["errors"][0]["code"] == "FORBIDDEN"


async def test_vote_change_and_retract(api: Api) -> None:
    idea_id = (await _post(api))["idea"]["id"]
    up = await api.moderator.ok(VOTE, {"input": {"ideaId": idea_id, "value": "UP"}})
    assert up["vote"]["idea"] == {
        "id": idea_id,
        "upvotes": 1,
        "downvotes": 0,
        "score": 1,
        "viewerVote": "UP",
    }
    down = await api.moderator.ok(VOTE, {"input": {"ideaId": idea_id, "value": "DOWN"}})
    assert (down["vote"]["idea"]["upvotes"], down["vote"]["idea"]["downvotes"]) == (0, 1)
    gone = await api.moderator.ok(RETRACT, {"input": {"ideaId": idea_id}})
    assert gone["retractVote"]["idea"] == {"upvotes": 0, "downvotes": 0, "viewerVote": None}


async def test_a_pass_is_shown_as_the_viewers_vote_and_counted_apart(api: Api) -> None:
    idea_id = (await _post(api))["idea"]["id"]
    passed = await api.moderator.ok(VOTE, {"input": {"ideaId": idea_id, "value": "PASS"}})
    assert passed["vote"]["idea"] == {
        "id": idea_id,
        "upvotes": 0,
        "downvotes": 0,
        "score": 0,
        "viewerVote": "PASS",
    }
    seen = await api.participant.ok(IDEA, {"id": idea_id})
    assert seen["idea"]["passes"] == 1


@pytest.mark.parametrize(
    ("idea_id", "code"), [("zzz", "INVALID_INPUT"), ("0", "INVALID_INPUT"), ("777", "NOT_FOUND")]
)
async def test_bad_vote_input(api: Api, idea_id: str, code: str) -> None:
    data = await api.moderator.ok(VOTE, {"input": {"ideaId": idea_id, "value": "UP"}})
    assert [(e["code"], e["field"]) for e in data["vote"]["errors"]] == [(code, "ideaId")]
    retract = await api.moderator.ok(RETRACT, {"input": {"ideaId": idea_id}})
    assert retract["retractVote"]["errors"][0]["code"] == code


async def test_an_unknown_vote_value_is_a_malformed_request(api: Api) -> None:
    idea_id = (await _post(api))["idea"]["id"]
    body = await api.moderator(VOTE, {"input": {"ideaId": idea_id, "value": "SIDEWAYS"}})
    assert body["errors"] and body.get("data") is None


async def test_comments_and_replies(api: Api) -> None:
    idea_id = (await _post(api))["idea"]["id"]
    top = await api.moderator.ok(ADD_COMMENT, {"input": {"ideaId": idea_id, "body": "Yes!"}})
    parent = top["addComment"]["comment"]["id"]
    reply = await api.participant.ok(
        ADD_COMMENT, {"input": {"ideaId": idea_id, "body": "Thanks", "parentId": parent}}
    )
    assert reply["addComment"]["comment"]["parentId"] == parent
    tree = await api.participant.ok(IDEA, {"id": idea_id})
    comments = tree["idea"]["comments"]
    assert [c["body"] for c in comments] == ["Yes!"]
    assert [r["body"] for r in comments[0]["replies"]] == ["Thanks"]


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"body": ""}, "INVALID_INPUT", "body"),
        ({"body": "x" * 5_001}, "INVALID_INPUT", "body"),
        ({"parentId": "nope"}, "INVALID_INPUT", "parentId"),
        ({"parentId": "55555"}, "NOT_FOUND", "parentId"),
        ({"ideaId": "44444"}, "NOT_FOUND", "ideaId"),
    ],
)
async def test_bad_comment_input(api: Api, change: dict[str, Any], code: str, field: str) -> None:
    idea_id = (await _post(api))["idea"]["id"]
    data = await api.participant.ok(
        ADD_COMMENT, {"input": {"ideaId": idea_id, "body": "fine", **change}}
    )
    assert [(e["code"], e["field"]) for e in data["addComment"]["errors"]] == [(code, field)]
    tree = await api.participant.ok(IDEA, {"id": idea_id})
    assert tree["idea"]["comments"] == []


async def test_create_jam_with_forums_and_moderators(api: Api) -> None:
    data = await api.admin.ok(
        CREATE_JAM,
        {
            "input": {
                "title": "Habitat Jam",
                "startsAt": _iso(timedelta(hours=1)),
                "endsAt": _iso(timedelta(days=3)),
                "forums": [{"title": "Water", "question": "How do we get clean water to all?"}],
                "moderatorIds": [str(api.world.moderator.user_id)],
            }
        },
    )
    jam = data["createJam"]["jam"]
    assert (jam["slug"], jam["phase"]) == ("habitat-jam", "SCHEDULED")
    assert jam["forums"][0]["question"] == "How do we get clean water to all?"
    assert jam["moderators"] == [{"displayName": "Moderator"}]


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"title": ""}, "INVALID_INPUT", "title"),
        ({"title": "x" * 201}, "INVALID_INPUT", "title"),
        ({"slug": "Not A Slug"}, "INVALID_INPUT", "slug"),
        ({"endsAt": _iso(timedelta(hours=-5))}, "INVALID_INPUT", "endsAt"),
        ({"forums": [{"title": ""}]}, "INVALID_INPUT", "forums[0].title"),
        ({"moderatorIds": ["x"]}, "INVALID_INPUT", "moderatorIds"),
        ({"moderatorIds": ["424242"]}, "NOT_FOUND", "moderatorIds"),
    ],
)
async def test_bad_create_jam_input(
    api: Api, change: dict[str, Any], code: str, field: str
) -> None:
    values = {"title": "Jam", "startsAt": _iso(timedelta()), "endsAt": _iso(timedelta(days=1))}
    data = await api.admin.ok(CREATE_JAM, {"input": {**values, **change}})
    assert [(e["code"], e["field"]) for e in data["createJam"]["errors"]] == [(code, field)]
    jams = await api.admin.ok("{ jams { slug } }")
    assert [j["slug"] for j in jams["jams"]] == [api.world.jam.slug]


async def test_participants_cannot_create_jams(api: Api) -> None:
    values = {"title": "Jam", "startsAt": _iso(timedelta()), "endsAt": _iso(timedelta(days=1))}
    data = await api.participant.ok(CREATE_JAM, {"input": values})
    assert data["createJam"]["errors"][0]["code"] == "FORBIDDEN"


async def test_update_jam_extends_and_closes(api: Api) -> None:
    new_end = _iso(timedelta(days=5))
    extended = await api.moderator.ok(
        UPDATE_JAM, {"input": {"jamId": api.jam_id, "endsAt": new_end}}
    )
    assert extended["updateJam"]["errors"] == []
    closed = await api.moderator.ok(UPDATE_JAM, {"input": {"jamId": api.jam_id, "close": True}})
    assert closed["updateJam"]["jam"]["phase"] == "CLOSED"
    late = await _post(api)
    assert late["errors"][0]["code"] == "JAM_NOT_LIVE"


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"jamId": "bad"}, "INVALID_INPUT", "jamId"),
        ({"jamId": "31337"}, "NOT_FOUND", "jamId"),
        ({"title": ""}, "INVALID_INPUT", "title"),
        ({"endsAt": _iso(timedelta(hours=-1))}, "INVALID_INPUT", "endsAt"),
        ({"close": True, "endsAt": _iso(timedelta(days=9))}, "INVALID_INPUT", "close"),
    ],
)
async def test_bad_update_jam_input(
    api: Api, change: dict[str, Any], code: str, field: str
) -> None:
    data = await api.moderator.ok(UPDATE_JAM, {"input": {"jamId": api.jam_id, **change}})
    assert [(e["code"], e["field"]) for e in data["updateJam"]["errors"]] == [(code, field)]
    jam = await api.moderator.ok(
        "query($s: String!) { jam(slug: $s) { title phase } }", {"s": api.world.jam.slug}
    )
    assert jam["jam"] == {"title": "Innovation Jam", "phase": "LIVE"}


async def test_add_forum(api: Api) -> None:
    data = await api.moderator.ok(
        ADD_FORUM, {"input": {"jamId": api.jam_id, "title": "Customers", "question": "Who?"}}
    )
    assert data["addForum"]["forum"]["title"] == "Customers"


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"title": ""}, "INVALID_INPUT", "input.title"),
        ({"question": "q" * 1_001}, "INVALID_INPUT", "input.question"),
        ({"jamId": "?"}, "INVALID_INPUT", "jamId"),
    ],
)
async def test_bad_add_forum_input(api: Api, change: dict[str, Any], code: str, field: str) -> None:
    data = await api.moderator.ok(
        ADD_FORUM, {"input": {"jamId": api.jam_id, "title": "Ok", **change}}
    )
    assert [(e["code"], e["field"]) for e in data["addForum"]["errors"]] == [(code, field)]


async def test_assign_moderator_and_bad_ids(api: Api) -> None:
    ok = await api.admin.ok(
        ASSIGN_MODERATOR,
        {"input": {"jamId": api.jam_id, "userId": str(api.world.participant.user_id)}},
    )
    assert ok["assignModerator"]["membership"]["role"] == "MODERATOR"
    bad = await api.admin.ok(ASSIGN_MODERATOR, {"input": {"jamId": api.jam_id, "userId": "x"}})
    assert bad["assignModerator"]["errors"][0]["field"] == "userId"
    missing = await api.admin.ok(
        ASSIGN_MODERATOR, {"input": {"jamId": api.jam_id, "userId": "99999"}}
    )
    assert missing["assignModerator"]["errors"][0]["code"] == "NOT_FOUND"


async def test_guests_register_and_join_with_an_invitation(api: Api) -> None:
    made = await api.moderator.ok(CREATE_INVITATION, {"input": {"jamId": api.jam_id, "maxUses": 5}})
    code = made["createInvitation"]["invitation"]["code"]
    data = await api.anonymous.ok(
        REGISTER,
        {
            "input": {
                "email": "g@partner.com",
                "password": "guest-pass",
                "displayName": "G",
                "invitationCode": code,
            }
        },
    )
    assert (data["register"]["ok"], data["register"]["errors"]) == (True, [])
    guest = await api.client_for("g@partner.com", "guest-pass")
    assert (await guest.ok("{ viewer { kind } }"))["viewer"] == {"kind": "GUEST"}
    jams = await guest.ok("{ jams { slug viewerRole } }")
    assert jams["jams"] == [{"slug": api.world.jam.slug, "viewerRole": "PARTICIPANT"}]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"maxUses": 0}, "maxUses"),
        ({"expiresAt": _iso(timedelta(hours=-1))}, "expiresAt"),
        ({"jamId": ""}, "jamId"),
    ],
)
async def test_bad_create_invitation_input(api: Api, change: dict[str, Any], field: str) -> None:
    data = await api.moderator.ok(CREATE_INVITATION, {"input": {"jamId": api.jam_id, **change}})
    assert [(e["code"], e["field"]) for e in data["createInvitation"]["errors"]] == [
        ("INVALID_INPUT", field)
    ]


async def test_participants_cannot_create_invitations(api: Api) -> None:
    data = await api.participant.ok(CREATE_INVITATION, {"input": {"jamId": api.jam_id}})
    assert data["createInvitation"]["errors"][0]["code"] == "FORBIDDEN"


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"jamId": "x"}, "INVALID_INPUT", "jamId"),
        ({"jamId": "8888"}, "NOT_FOUND", "jamId"),
        ({"invitationCode": "WRONG-CODE1"}, "INVALID_INVITATION", "invitationCode"),
    ],
)
async def test_bad_join_jam_input(api: Api, change: dict[str, Any], code: str, field: str) -> None:
    newcomer = await api.new_participant(join=False)
    data = await newcomer.ok(JOIN_JAM, {"input": {"jamId": api.jam_id, **change}})
    assert [(e["code"], e["field"]) for e in data["joinJam"]["errors"]] == [(code, field)]


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"email": "nope"}, "INVALID_INPUT", "email"),
        ({"password": "short"}, "INVALID_INPUT", "password"),
        ({"displayName": ""}, "INVALID_INPUT", "displayName"),
        ({"invitationCode": "NOT-VALID"}, "INVALID_INVITATION", "invitationCode"),
    ],
)
async def test_bad_register_input(api: Api, change: dict[str, Any], code: str, field: str) -> None:
    values = {"email": "new@example.org", "password": "long-enough", "displayName": "New"}
    data = await api.anonymous.ok(REGISTER, {"input": {**values, **change}})
    assert [(e["code"], e["field"]) for e in data["register"]["errors"]] == [(code, field)]
    assert data["register"]["ok"] is False


async def test_hidden_ideas_over_http(api: Api) -> None:
    idea_id = (await _post(api, title="Spam"))["idea"]["id"]
    hidden = await api.moderator.ok(HIDE, {"input": {"ideaId": idea_id, "hidden": True}})
    assert hidden["setIdeaHidden"]["idea"]["hidden"] is True
    reader = await api.new_participant()
    assert (await reader.ok(IDEA, {"id": idea_id}))["idea"] is None
    assert (await api.participant.ok(IDEA, {"id": idea_id}))["idea"]["hidden"] is True  # author
    assert (await api.moderator.ok(IDEA, {"id": idea_id}))["idea"]["hidden"] is True
    forbidden = await api.participant.ok(HIDE, {"input": {"ideaId": idea_id, "hidden": False}})
    assert forbidden["setIdeaHidden"]["errors"][0]["code"] == "FORBIDDEN"


async def test_guests_cannot_reach_other_jams(api: Api) -> None:
    other = await api.world.new_jam(starts_in=timedelta(hours=-1), lasts=timedelta(days=1))
    guest = await api.new_participant(guest=True)
    data = await guest.ok("query($s: String!) { jam(slug: $s) { id } }", {"s": other.slug})
    assert data["jam"] is None
    joined = await guest.ok(JOIN_JAM, {"input": {"jamId": str(other.id)}})
    assert joined["joinJam"]["errors"][0]["code"] == "INVALID_INVITATION"


async def test_non_members_get_not_a_member(api: Api) -> None:
    client = await api.new_participant(join=False)
    data = await client.ok(
        POST_IDEA, {"input": {"forumId": api.forum_id, "title": "t", "body": "b"}}
    )
    assert data["postIdea"]["errors"][0]["code"] == "NOT_A_MEMBER"


@pytest.mark.parametrize(
    ("idea_id", "code"), [("", "INVALID_INPUT"), ("1.5", "INVALID_INPUT"), ("2024", "NOT_FOUND")]
)
async def test_bad_set_idea_hidden_input(api: Api, idea_id: str, code: str) -> None:
    data = await api.moderator.ok(HIDE, {"input": {"ideaId": idea_id, "hidden": True}})
    assert [(e["code"], e["field"]) for e in data["setIdeaHidden"]["errors"]] == [
        (code, "ideaId")
    ]


async def test_login_with_empty_input_is_invalid_credentials(api: Api) -> None:
    data = await api.anonymous.ok(
        'mutation { login(input: {email: "", password: ""}) { token errors { code } } }'
    )
    assert data["login"] == {"token": None, "errors": [{"code": "INVALID_CREDENTIALS"}]}
