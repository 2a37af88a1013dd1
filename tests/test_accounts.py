"""Accounts: sign-up, e-mail uniqueness, passwords, session tokens."""

from datetime import timedelta

import pytest
from sqlmodel import select

from jam import actions
from jam.config import Settings
from jam.errors import ActionError, ErrorCode
from jam.models import AccountKind, SessionToken, User
from jam.queries.viewer import authenticate
from jam.runtime import Runtime
from jam.security import hash_token
from tests.conftest import World


async def test_register_creates_an_employee_with_a_working_session(rt: Runtime) -> None:
    signed_in = await actions.register(
        rt, email="ada@example.org", password="analytical", display_name="Ada"
    )
    found = await authenticate(rt, signed_in.token)
    assert found is not None
    actor, user = found
    assert (actor.user_id, actor.kind, user.email) == (
        signed_in.user.id,
        AccountKind.EMPLOYEE,
        "ada@example.org",
    )


async def test_emails_are_unique_regardless_of_case(rt: Runtime) -> None:
    await actions.register(rt, email="Ada@Example.org", password="analytical", display_name="A")
    with pytest.raises(ActionError) as caught:
        await actions.register(rt, email="ada@EXAMPLE.ORG", password="analytical", display_name="B")
    assert (caught.value.code, caught.value.field) == (ErrorCode.EMAIL_TAKEN, "email")


async def test_login_is_case_insensitive_on_the_email(rt: Runtime) -> None:
    await actions.register(rt, email="Ada@Example.org", password="analytical", display_name="A")
    signed_in = await actions.login(rt, email="ADA@example.ORG", password="analytical")
    assert signed_in.user.email == "Ada@Example.org"


async def test_a_wrong_password_and_an_unknown_email_fail_alike(rt: Runtime) -> None:
    await actions.register(rt, email="ada@example.org", password="analytical", display_name="A")
    errors = []
    for email, password in [("ada@example.org", "wrong-one"), ("nobody@example.org", "x" * 9)]:
        with pytest.raises(ActionError) as caught:
            await actions.login(rt, email=email, password=password)
        errors.append((caught.value.code, caught.value.message))
    assert errors[0] == errors[1]
    assert errors[0][0] is ErrorCode.INVALID_CREDENTIALS


async def test_passwords_are_stored_as_argon2_hashes(rt: Runtime) -> None:
    await actions.register(rt, email="ada@example.org", password="analytical", display_name="A")
    async with rt.db.read() as session:
        stored = (await session.execute(select(User.password_hash))).scalar_one()
    assert stored.startswith("$argon2id$")
    assert "analytical" not in stored


async def test_session_tokens_are_stored_hashed(rt: Runtime) -> None:
    signed_in = await actions.register(
        rt, email="ada@example.org", password="analytical", display_name="A"
    )
    async with rt.db.read() as session:
        stored = (await session.execute(select(SessionToken.token_hash))).scalar_one()
    assert stored == hash_token(signed_in.token)
    assert stored != signed_in.token


async def test_logout_ends_the_session(rt: Runtime) -> None:
    signed_in = await actions.register(
        rt, email="ada@example.org", password="analytical", display_name="A"
    )
    assert await actions.logout(rt, signed_in.token) is True
    assert await authenticate(rt, signed_in.token) is None


async def test_an_expired_session_does_not_authenticate(rt: Runtime) -> None:
    signed_in = await actions.register(
        rt, email="ada@example.org", password="analytical", display_name="A"
    )

    async def expire(session):  # type: ignore[no-untyped-def]
        token = (await session.execute(select(SessionToken))).scalar_one()
        token.expires_at = token.created_at - timedelta(seconds=1)
        session.add(token)

    await rt.db.write(expire)
    assert await authenticate(rt, signed_in.token) is None


@pytest.mark.parametrize(
    ("email", "password", "name", "field"),
    [
        ("not-an-email", "analytical", "A", "email"),
        ("ada@example.org", "short", "A", "password"),
        ("ada@example.org", "analytical", "   ", "displayName"),
        ("ada@example.org", "analytical", "x" * 101, "displayName"),
        ("ada@example.org", "analytical", "nul\x00byte", "displayName"),
    ],
)
async def test_bad_registration_input_names_the_field(
    rt: Runtime, email: str, password: str, name: str, field: str
) -> None:
    with pytest.raises(ActionError) as caught:
        await actions.register(rt, email=email, password=password, display_name=name)
    assert (caught.value.code, caught.value.field) == (ErrorCode.INVALID_INPUT, field)
    async with rt.db.read() as session:
        assert (await session.execute(select(User))).first() is None


async def test_outsiders_need_an_invitation_when_employee_domains_are_set(
    database_url: str,
) -> None:
    from jam.db import Database

    rt = Runtime(
        settings=Settings(database_url=database_url, employee_domains=("ibm.com",)),
        db=Database(database_url),
    )
    try:
        employee = await actions.register(
            rt, email="pat@IBM.com", password="analytical", display_name="Pat"
        )
        assert employee.user.kind == AccountKind.EMPLOYEE.value
        with pytest.raises(ActionError) as caught:
            await actions.register(
                rt, email="guest@partner.com", password="analytical", display_name="G"
            )
        assert (caught.value.code, caught.value.field) == (
            ErrorCode.INVALID_INVITATION,
            "invitationCode",
        )
    finally:
        await rt.close()


async def test_registering_with_an_invitation_makes_a_guest_member_of_that_jam(
    world: World,
) -> None:
    assert world.jam.id is not None
    invitation = await actions.create_invitation(world.rt, world.moderator, world.jam.id)
    signed_in = await actions.register(
        world.rt,
        email="guest@partner.com",
        password="analytical",
        display_name="Guest",
        invitation_code=invitation.code,
    )
    assert signed_in.user.kind == AccountKind.GUEST.value
    from jam.access import membership_of

    async with world.rt.db.read() as session:
        assert signed_in.user.id is not None
        membership = await membership_of(session, world.jam.id, signed_in.user.id)
    assert membership is not None and membership.invitation_id == invitation.id


async def test_a_failed_registration_with_a_bad_code_creates_no_account(world: World) -> None:
    with pytest.raises(ActionError) as caught:
        await actions.register(
            world.rt,
            email="guest@partner.com",
            password="analytical",
            display_name="Guest",
            invitation_code="NOPE-NOPE",
        )
    assert caught.value.code is ErrorCode.INVALID_INVITATION
    async with world.rt.db.read() as session:
        found = await session.execute(select(User).where(User.email == "guest@partner.com"))
    assert found.first() is None
