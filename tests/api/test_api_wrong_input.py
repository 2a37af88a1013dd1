"""Every wrong input gets a clear error with a code: no HTTP 500, no "Unexpected error."."""

from __future__ import annotations

import base64
import json
import logging
from typing import Any

import httpx
import pytest

from tests.api.conftest import Api
from tests.api.operations import CREATE_INVITATION, CREATE_JAM, UPDATE_JAM
from tests.server import GraphQLClient

JAM = "query($s: String!) { jam(slug: $s) { id } }"
IDEAS_AFTER = "query($s: String!, $after: String, $sort: IdeaSort) {" \
    " jam(slug: $s) { ideas(after: $after, sort: $sort) { totalCount } } }"


async def post(server: str, content: bytes, token: str | None = None) -> httpx.Response:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    async with httpx.AsyncClient(base_url=server) as http:
        return await http.post("/graphql", content=content, headers=headers)


def the_error(body: dict[str, Any]) -> dict[str, Any]:
    """The one top-level error of a response."""
    assert len(body["errors"]) == 1, body
    error: dict[str, Any] = body["errors"][0]
    return error


def raw(query: str, variables: dict[str, Any] | None = None) -> bytes:
    """A request body as JSON with escapes (lone surrogates survive, as a client can send)."""
    return json.dumps({"query": query, "variables": variables or {}}).encode()


# --- bodies we cannot read: 400 with a GraphQL-over-HTTP JSON body ---------------------------


@pytest.mark.parametrize("body", [b'"x"', b"12", b"null", b"[1, 2]"])
async def test_a_body_that_is_not_a_json_object_is_a_bad_request(
    server_url: str, body: bytes
) -> None:
    response = await post(server_url, body)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    assert the_error(response.json())["extensions"]["code"] == "BAD_REQUEST"


async def test_a_body_that_is_not_utf8_is_a_bad_request(server_url: str) -> None:
    response = await post(server_url, b'{"query": "{ viewer { id } }", "x": "\xff"}')
    assert response.status_code == 400
    error = the_error(response.json())
    assert error["extensions"]["code"] == "BAD_REQUEST" and "UTF-8" in error["message"]


async def test_variables_nested_ten_thousand_levels_are_a_bad_request(server_url: str) -> None:
    deep = "[" * 10_000 + "1" + "]" * 10_000
    body = '{"query": "query($s: String!) { jam(slug: $s) { id } }", "variables": {"s": %s}}'
    response = await post(server_url, (body % deep).encode())
    assert response.status_code == 400
    assert the_error(response.json())["extensions"]["code"] == "BAD_REQUEST"


async def test_variables_nested_beyond_the_limit_are_a_bad_request(server_url: str) -> None:
    from jam.api.protocol import MAX_VARIABLE_DEPTH

    value: Any = "x"
    for _ in range(MAX_VARIABLE_DEPTH):
        value = [value]
    response = await post(server_url, raw(JAM, {"s": value}))
    assert response.status_code == 400
    error = the_error(response.json())
    assert error["extensions"]["code"] == "BAD_REQUEST" and "nest" in error["message"]


async def test_unparsable_json_is_a_bad_request_in_json(server_url: str) -> None:
    response = await post(server_url, b"{not json")
    assert response.status_code == 400
    assert the_error(response.json())["extensions"]["code"] == "BAD_REQUEST"


# --- variables the request got wrong: INVALID_INPUT naming the variable ------------------------


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (JAM, {"s": 12}),  # wrong type
        (JAM, {}),  # a required variable missing
        ("query($s: IdeaSort!) { jams { ideas(sort: $s) { totalCount } } }", {"s": "BAD"}),
        ("query($s: ID!) { idea(id: $s) { id } }", {"s": [1]}),
        ("query($s: Int!) { jams { ideas(first: $s) { totalCount } } }", {"s": 2**40}),
    ],
    ids=["wrong-type", "missing", "bad-enum", "list-for-id", "int-beyond-32-bit"],
)
async def test_a_variable_the_request_got_wrong_is_invalid_input_naming_it(
    api: Api, query: str, variables: dict[str, Any]
) -> None:
    error = the_error(await api.participant(query, variables))
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "s"}
    assert error["message"].startswith("Variable '$s'")


async def test_a_bad_datetime_variable_is_invalid_input_naming_it(api: Api) -> None:
    query = """mutation($at: DateTime!) {
      createJam(input: {title: "T", startsAt: $at, endsAt: $at}) { errors { code } } }"""
    error = the_error(await api.admin(query, {"at": "not a date"}))
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "at"}


async def test_a_bad_datetime_literal_is_invalid_input(api: Api) -> None:
    query = """mutation {
      createJam(input: {title: "T", startsAt: "soon", endsAt: "later"}) { errors { code } } }"""
    body = await api.admin(query)
    assert {e["extensions"]["code"] for e in body["errors"]} == {"INVALID_INPUT"}


# --- text no database can store ----------------------------------------------------------------


@pytest.mark.parametrize("text", ["a\x00b", "a\ud800b"], ids=["nul", "lone-surrogate"])
async def test_unstorable_text_in_a_variable_is_invalid_input_naming_it(
    api: Api, text: str
) -> None:
    response = await api.participant.http.post(
        "/graphql",
        content=raw(JAM, {"s": text}),
        headers={"content-type": "application/json",
                 "authorization": f"Bearer {api.participant.token}"},
    )
    error = the_error(response.json())
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "s"}


async def test_unstorable_text_deep_in_an_input_names_its_path(api: Api) -> None:
    query = """mutation($input: PostIdeaInput!) { postIdea(input: $input) { errors { code } } }"""
    variables = {"input": {"forumId": api.forum_id, "title": "T", "body": "B",
                           "tags": ["ok", "bad\x00"]}}
    error = the_error(await api.participant(query, variables))
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "input.tags[1]"}


async def test_a_nul_in_a_string_literal_is_invalid_input_naming_the_argument(api: Api) -> None:
    query = '{ jams { ideas(tag: "a\\u0000b") { totalCount } } }'
    error = the_error(await api.participant(query))
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "tag"}


# --- values beyond what storage holds ----------------------------------------------------------


@pytest.mark.parametrize("idea_id", [str(2**31), str(2**63), "9" * 30])
async def test_an_id_beyond_any_stored_id_finds_nothing(api: Api, idea_id: str) -> None:
    body = await api.participant("query($i: ID!) { idea(id: $i) { id } }", {"i": idea_id})
    assert body == {"data": {"idea": None}}


async def test_a_mutation_on_an_id_beyond_any_stored_id_is_invalid_input(api: Api) -> None:
    query = """mutation($i: ID!) { vote(input: {ideaId: $i, value: UP}) {
      errors { code field } } }"""
    body = await api.participant(query, {"i": str(2**40)})
    assert body["data"]["vote"]["errors"] == [{"code": "INVALID_INPUT", "field": "ideaId"}]


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+00:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59Z"]
)
async def test_a_date_far_from_now_is_invalid_input(api: Api, moment: str) -> None:
    body = await api.admin(
        CREATE_JAM,
        {"input": {"title": "Far", "startsAt": moment, "endsAt": "2030-01-01T00:00:00Z"}},
    )
    assert body["data"]["createJam"]["errors"][0]["code"] == "INVALID_INPUT"
    assert body["data"]["createJam"]["errors"][0]["field"] == "startsAt"


async def test_an_end_far_from_now_is_invalid_input(api: Api) -> None:
    body = await api.admin(
        UPDATE_JAM, {"input": {"jamId": api.jam_id, "endsAt": "9999-12-31T23:59:59-12:00"}}
    )
    assert body["data"]["updateJam"]["errors"][0]["field"] == "endsAt"


async def test_an_invitation_expiring_far_from_now_is_invalid_input(api: Api) -> None:
    body = await api.admin(
        CREATE_INVITATION, {"input": {"jamId": api.jam_id, "expiresAt": "9999-12-31T23:59:59Z"}}
    )
    assert body["data"]["createInvitation"]["errors"][0]["field"] == "expiresAt"


def _cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("sort", "after"),
    [
        ("NEW", "not a cursor"),
        ("NEW", _cursor(["new", "2026-01-01T00:00:00+00:00", 2**70])),
        ("NEW", _cursor(["new", "2026-01-01T00:00:00", 1])),  # no time zone
        ("NEW", _cursor(["new", "0001-01-01T00:00:00+14:00", 1])),
        ("NEW", _cursor({"sort": "new"})),
        ("TOP", _cursor(["top", 2**80, 1])),
        ("HOT", _cursor(["hot", 1e308 * 10, 1])),
        ("TOP", _cursor(["top", True, 1])),
        ("NEW", base64.urlsafe_b64encode(b"\xff\xfe").decode()),
    ],
    ids=["garbage", "huge-id", "naive-time", "time-overflow", "object", "huge-score",
         "infinite-score", "bool-score", "not-utf8"],
)
async def test_a_cursor_that_is_not_ours_is_invalid_input(api: Api, sort: str, after: str) -> None:
    await api.world.idea()
    body = await api.participant(IDEAS_AFTER, {"s": api.world.jam.slug, "after": after,
                                               "sort": sort})
    error = the_error(body)
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "after"}


# --- one branch failing never fails another ----------------------------------------------------

SHARED = """query($s: String!) {
  failing: jam(slug: $s) { bad: ideas(first: -1) { totalCount } moderators { id }
                           ideas { edges { node { author { id } tags } } } }
  fine: jam(slug: $s) { moderators { id } ideas { edges { node { author { id } tags } } } }
}"""


async def test_a_failing_branch_never_cancels_what_a_sibling_is_waiting_for(api: Api) -> None:
    """graphql-core cancels the rest of a failed branch; before loaders were shielded, the
    shared DataLoader future went with it and 1 try in 4 ended in an HTTP 500."""
    for _ in range(3):
        await api.world.idea()
    for _ in range(40):
        response = await api.participant.raw(SHARED, {"s": api.world.jam.slug})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["data"]["failing"] is None
        assert len(body["data"]["fine"]["ideas"]["edges"]) == 3
        assert the_error(body)["extensions"] == {"code": "INVALID_INPUT", "field": "first"}


# --- logs ----------------------------------------------------------------------------------------


async def test_an_expected_error_is_one_info_line_without_a_traceback(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    query = "{ jams { " + " ".join(f"a{i}: ideas(first: -1) {{ totalCount }}" for i in range(20))
    await api.participant(query + " } }")
    records = [r for r in caplog.records if r.name.startswith(("jam", "strawberry"))]
    assert len(records) == 1, [r.getMessage()[:100] for r in records]
    assert records[0].levelno == logging.INFO and records[0].exc_info is None
    assert "\n" not in records[0].getMessage() and "INVALID_INPUT" in records[0].getMessage()


async def test_a_request_error_is_one_info_line(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await gql(JAM, {"s": 12})
    records = [r for r in caplog.records if r.name.startswith(("jam", "strawberry"))]
    assert [(r.levelno, r.exc_info) for r in records] == [(logging.INFO, None)]


async def test_deep_variables_in_a_get_request_are_a_bad_request(server_url: str) -> None:
    deep = "[" * 1000 + "]" * 1000
    async with httpx.AsyncClient(base_url=server_url) as http:
        response = await http.get(
            "/graphql", params={"query": "query($s: String) { viewer { id } }",
                                "variables": '{"s": ' + deep + "}"}
        )
    assert response.status_code == 400
    assert the_error(response.json())["extensions"]["code"] == "BAD_REQUEST"


async def test_a_raw_nul_in_a_string_literal_is_invalid_input_naming_the_argument(
    api: Api,
) -> None:
    query = '{ jams { ideas(search: "a\x00b") { totalCount } } }'  # the character itself
    error = the_error(await api.participant(query))
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "search"}
