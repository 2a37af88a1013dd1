"""Credentials over HTTP: bearer tokens, cookies, UNAUTHENTICATED top-level errors."""

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from jam import actions
from jam.app import create_app
from jam.config import Settings
from jam.models import User
from tests.api.conftest import LOGIN, Api
from tests.api.operations import CREATE_INVITATION, JOIN_JAM, POST_IDEA
from tests.conftest import World, build_world
from tests.mailbox import Mailbox
from tests.server import GraphQLClient, running_server

PASSWORD = "correct horse battery"

REGISTER = """mutation($input: RegisterInput!) {
  register(input: $input) { ok message errors { code field message } }
}"""
VERIFY = """mutation($token: String!) {
  verifyEmail(token: $token) { user { id kind } errors { code field message } }
}"""
REQUEST_VERIFICATION = """mutation {
  requestEmailVerification { ok message errors { code field message } }
}"""
REQUEST_RESET = """mutation($email: String!) {
  requestPasswordReset(email: $email) { ok message errors { code field message } }
}"""
RESET = """mutation($token: String!, $password: String!) {
  resetPassword(token: $token, newPassword: $password) {
    token user { id } errors { code field message }
  }
}"""


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


async def test_login_sets_an_httponly_samesite_cookie_that_authenticates(api: Api) -> None:
    email = await _email(api, api.world.participant.user_id)
    async with httpx.AsyncClient(base_url=api.anonymous.base_url) as browser:
        response = await browser.post(
            "/graphql",
            json={"query": LOGIN, "variables": {"email": email, "password": PASSWORD}},
        )
        cookie = response.headers["set-cookie"]
        assert "jam_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
        me = await browser.post("/graphql", json={"query": "{ viewer { email } }"})
        assert me.json()["data"]["viewer"]["email"] == email


async def test_logout_ends_the_session_and_clears_the_cookie(api: Api) -> None:
    email = await _email(api, api.world.participant.user_id)
    async with httpx.AsyncClient(base_url=api.anonymous.base_url) as browser:
        await browser.post(
            "/graphql",
            json={"query": LOGIN, "variables": {"email": email, "password": PASSWORD}},
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


async def _email(api: Api, user_id: int) -> str:
    async with api.world.rt.db.read() as session:
        user = await session.get(User, user_id)
    assert user is not None
    return user.email


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


# --- sign-up, verification and reset over HTTP (mail into a folder) --------------------------


@pytest.fixture
def mailbox(tmp_path: Path) -> Mailbox:
    return Mailbox(tmp_path / "mail")


@pytest.fixture
def site_url(database_url: str, mailbox: Mailbox) -> Iterator[str]:
    """A server whose sign-up is open to ibm.com, with small login limits."""
    settings = Settings(
        database_url=database_url,
        mail=mailbox.setting,
        employee_domains=("ibm.com",),
        registration="open",
        login_failures_per_account=3,
        login_failures_per_address=6,
        refusal_delay_seconds=0,
    )
    with running_server(database_url, create_app(settings)) as url:
        yield url


@pytest.fixture
async def site(rt: Any, site_url: str) -> World:
    return await build_world(rt)


@pytest.fixture
async def client(site_url: str) -> Any:
    gql = GraphQLClient(site_url)
    yield gql
    await gql.close()


def _register(email: str, **more: str) -> dict[str, Any]:
    return {"input": {"email": email, "password": PASSWORD, "displayName": "Pat", **more}}


async def test_register_answers_a_taken_address_exactly_as_a_new_one(
    site: World, client: GraphQLClient, mailbox: Mailbox
) -> None:
    await actions.create_user(site.rt, email="pat@ibm.com", password=PASSWORD, display_name="P")
    new = await client.ok(REGISTER, _register("new@ibm.com"))
    taken = await client.ok(REGISTER, _register("pat@ibm.com"))
    assert new == taken
    assert new["register"]["ok"] is True and new["register"]["errors"] == []
    [notice] = await mailbox.wait_for("pat@ibm.com")
    assert "already has one" in notice.body
    [welcome] = await mailbox.wait_for("new@ibm.com")
    assert welcome.token("verify-email")


async def test_sign_up_then_verify_makes_an_employee_who_sees_the_jams(
    site: World, client: GraphQLClient, mailbox: Mailbox
) -> None:
    await client.ok(REGISTER, _register("pat@ibm.com"))
    signed_in = await client.ok(LOGIN, {"email": "pat@ibm.com", "password": PASSWORD})
    pat = client.as_user(signed_in["login"]["token"])
    assert (await pat.ok("{ viewer { kind } jams { slug } }")) == {
        "viewer": {"kind": "GUEST"},
        "jams": [],
    }
    [letter] = await mailbox.wait_for("pat@ibm.com")
    verified = await client.ok(VERIFY, {"token": letter.token("verify-email")})
    assert verified["verifyEmail"]["user"]["kind"] == "EMPLOYEE"
    assert (await pat.ok("{ viewer { kind } jams { slug } }")) == {
        "viewer": {"kind": "EMPLOYEE"},
        "jams": [{"slug": site.jam.slug}],
    }


async def test_people_see_whether_their_own_address_is_verified_and_nobody_else_does(
    site: World, client: GraphQLClient, mailbox: Mailbox
) -> None:
    await client.ok(REGISTER, _register("pat@ibm.com"))
    signed_in = await client.ok(LOGIN, {"email": "pat@ibm.com", "password": PASSWORD})
    pat = client.as_user(signed_in["login"]["token"])
    assert (await pat.ok("{ viewer { emailVerified } }"))["viewer"] == {"emailVerified": False}
    [letter] = await mailbox.wait_for("pat@ibm.com")
    verified = await client.ok(VERIFY, {"token": letter.token("verify-email")})
    assert verified["verifyEmail"]["user"]["kind"] == "EMPLOYEE"
    assert (await pat.ok("{ viewer { emailVerified } }"))["viewer"] == {"emailVerified": True}
    moderators = await pat.ok(
        "query($s: String!) { jam(slug: $s) { moderators { email emailVerified } } }",
        {"s": site.jam.slug},
    )
    assert moderators["jam"]["moderators"] == [{"email": None, "emailVerified": None}]


async def test_a_bad_verification_token_is_a_payload_error(
    site: World, client: GraphQLClient
) -> None:
    data = await client.ok(VERIFY, {"token": "made.up"})
    assert data["verifyEmail"]["user"] is None
    assert [(e["code"], e["field"]) for e in data["verifyEmail"]["errors"]] == [
        ("INVALID_TOKEN", "token")
    ]


async def test_asking_for_a_verification_link_needs_a_session(client: GraphQLClient) -> None:
    body = await client(REQUEST_VERIFICATION)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_signed_in_person_asks_for_a_new_verification_link(
    site: World, client: GraphQLClient, mailbox: Mailbox
) -> None:
    await client.ok(REGISTER, _register("pat@ibm.com"))
    signed_in = await client.ok(LOGIN, {"email": "pat@ibm.com", "password": PASSWORD})
    pat = client.as_user(signed_in["login"]["token"])
    asked = await pat.ok(REQUEST_VERIFICATION)
    assert asked["requestEmailVerification"]["ok"] is True
    letters = await mailbox.wait_for("pat@ibm.com", 2)
    await client.ok(VERIFY, {"token": letters[-1].token("verify-email")})
    again = await pat.ok(REQUEST_VERIFICATION)
    assert again["requestEmailVerification"]["ok"] is False


async def test_a_reset_request_answers_alike_for_known_and_unknown_addresses(
    site: World, client: GraphQLClient, mailbox: Mailbox
) -> None:
    await actions.create_user(site.rt, email="ada@ibm.com", password=PASSWORD, display_name="A")
    known = await client.ok(REQUEST_RESET, {"email": "ada@ibm.com"})
    unknown = await client.ok(REQUEST_RESET, {"email": "nobody@ibm.com"})
    assert known == unknown
    assert known["requestPasswordReset"]["ok"] is True
    await mailbox.wait_for("ada@ibm.com")
    await asyncio.sleep(0.2)
    assert mailbox.letters("nobody@ibm.com") == []


async def test_reset_over_http_signs_in_and_ends_the_old_sessions(
    site: World, client: GraphQLClient, mailbox: Mailbox
) -> None:
    await actions.create_user(site.rt, email="ada@ibm.com", password=PASSWORD, display_name="A")
    old = await client.ok(LOGIN, {"email": "ada@ibm.com", "password": PASSWORD})
    await client.ok(REQUEST_RESET, {"email": "ada@ibm.com"})
    [letter] = await mailbox.wait_for("ada@ibm.com")
    token = letter.token("reset-password")
    reset = await client.ok(RESET, {"token": token, "password": "brand-new-pass"})
    assert reset["resetPassword"]["errors"] == []
    fresh = client.as_user(reset["resetPassword"]["token"])
    assert (await fresh.ok("{ viewer { email } }"))["viewer"] == {"email": "ada@ibm.com"}
    stale = await client.as_user(old["login"]["token"])("{ jams { slug } }")
    assert stale["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    again = await client.ok(RESET, {"token": token, "password": "third-password"})
    assert [e["code"] for e in again["resetPassword"]["errors"]] == ["INVALID_TOKEN"]


async def test_login_throttling_keys_on_the_client_address_of_the_request(
    site: World, client: GraphQLClient
) -> None:
    emails = [f"user{n}@ibm.com" for n in range(7)]
    for email in emails:
        await actions.create_user(site.rt, email=email, password=PASSWORD, display_name="U")
    codes = []
    for email in emails:
        data = await client.ok(LOGIN, {"email": email, "password": "wrong-guess"})
        codes.append(data["login"]["errors"][0]["code"])
    assert codes == ["INVALID_CREDENTIALS"] * 6 + ["RATE_LIMITED"]


async def test_the_fourth_wrong_password_for_one_account_is_rate_limited(
    site: World, client: GraphQLClient
) -> None:
    await actions.create_user(site.rt, email="ada@ibm.com", password=PASSWORD, display_name="A")
    answers = []
    for _ in range(4):
        data = await client.ok(LOGIN, {"email": "ada@ibm.com", "password": "wrong-guess"})
        answers.append(data["login"])
    assert [a["errors"][0]["code"] for a in answers] == ["INVALID_CREDENTIALS"] * 3 + [
        "RATE_LIMITED"
    ]
    assert answers[-1]["token"] is None


async def test_a_guest_hears_the_same_of_an_uninvited_and_a_missing_jam(api: Api) -> None:
    guest = await api.new_participant(guest=True, join=False)
    answers = []
    for jam_id in (api.jam_id, "987654"):
        for code in (None, "WRONG-CODE1"):
            data = await guest.ok(
                JOIN_JAM, {"input": {"jamId": jam_id, **({"invitationCode": code} if code else {})}}
            )
            answers.append(data["joinJam"])
    assert answers[0] == answers[1] == answers[2] == answers[3]
    assert [(e["code"], e["field"]) for e in answers[0]["errors"]] == [
        ("INVALID_INVITATION", "invitationCode")
    ]


async def test_a_guest_with_a_code_for_another_jam_hears_the_same(api: Api) -> None:
    other = await api.world.new_jam(starts_in=timedelta(hours=-1), lasts=timedelta(days=1))
    made = await api.moderator.ok(CREATE_INVITATION, {"input": {"jamId": api.jam_id}})
    code = made["createInvitation"]["invitation"]["code"]
    guest = await api.new_participant(guest=True, join=False)
    answers = []
    for jam_id in (str(other.id), "987654"):
        data = await guest.ok(JOIN_JAM, {"input": {"jamId": jam_id, "invitationCode": code}})
        answers.append(data["joinJam"])
    assert answers[0] == answers[1]
    assert answers[0]["errors"][0]["code"] == "INVALID_INVITATION"
