"""Credentials over HTTP: bearer tokens, cookies, UNAUTHENTICATED top-level errors."""

import httpx

from tests.api.conftest import Api
from tests.api.operations import POST_IDEA, REGISTER
from tests.server import GraphQLClient


async def test_protected_fields_without_credentials_are_unauthenticated(
    gql: GraphQLClient,
) -> None:
    body = await gql("{ jams { slug } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body["data"] is None


async def test_viewer_is_null_without_credentials(gql: GraphQLClient) -> None:
    assert (await gql.ok("{ viewer { id } }"))["viewer"] is None


async def test_an_unknown_token_is_unauthenticated(gql: GraphQLClient) -> None:
    body = await gql.as_user("made-up-token")("{ jams { slug } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_mutations_without_credentials_are_unauthenticated(api: Api) -> None:
    body = await api.anonymous(
        POST_IDEA, {"input": {"forumId": api.forum_id, "title": "t", "body": "b"}}
    )
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_login_sets_an_httponly_samesite_cookie_that_authenticates(
    server_url: str,
) -> None:
    async with httpx.AsyncClient(base_url=server_url) as browser:
        response = await browser.post(
            "/graphql",
            json={
                "query": REGISTER,
                "variables": {
                    "input": {
                        "email": "c@example.org",
                        "password": "cookie-pass",
                        "displayName": "C",
                    }
                },
            },
        )
        cookie = response.headers["set-cookie"]
        assert "jam_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
        me = await browser.post("/graphql", json={"query": "{ viewer { email } }"})
        assert me.json()["data"]["viewer"]["email"] == "c@example.org"


async def test_logout_ends_the_session_and_clears_the_cookie(server_url: str) -> None:
    async with httpx.AsyncClient(base_url=server_url) as browser:
        await browser.post(
            "/graphql",
            json={
                "query": REGISTER,
                "variables": {
                    "input": {
                        "email": "d@example.org",
                        "password": "cookie-pass",
                        "displayName": "D",
                    }
                },
            },
        )
        token = browser.cookies["jam_session"]
        out = await browser.post("/graphql", json={"query": "mutation { logout { ok } }"})
        assert out.json()["data"]["logout"]["ok"] is True
        assert "jam_session" not in browser.cookies
        again = await browser.post(
            "/graphql",
            json={"query": "{ viewer { email } }"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert again.json()["data"]["viewer"] is None


async def test_emails_of_others_are_not_exposed(api: Api) -> None:
    data = await api.participant.ok(
        "query($slug: String!) { jam(slug: $slug) { moderators { email displayName } } }",
        {"slug": api.world.jam.slug},
    )
    assert data["jam"]["moderators"] == [{"email": None, "displayName": "Moderator"}]


async def test_wrong_credentials_are_a_payload_error(gql: GraphQLClient) -> None:
    data = await gql.ok(
        'mutation { login(input: {email: "x@example.org", password: "nopenope"}) '
        "{ token errors { code field } } }"
    )
    assert data["login"] == {
        "token": None,
        "errors": [{"code": "INVALID_CREDENTIALS", "field": None}],
    }
