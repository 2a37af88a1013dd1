"""Accounts: who may sign up and as what, no address enumeration, passwords, session tokens."""

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from jam import actions
from jam.access import membership_of
from jam.actions.accounts import services
from jam.errors import ActionError, ErrorCode
from jam.models import AccountKind, SessionToken, User
from jam.queries.jams import visible_jams
from jam.queries.viewer import authenticate
from jam.runtime import Runtime
from jam.security import hash_token
from tests.conftest import World, actor_of, build_world
from tests.mailbox import Mailbox, runtime

PASSWORD = "analytical"

Make = Callable[..., Any]


@pytest.fixture
def mailbox(tmp_path: Path) -> Mailbox:
    return Mailbox(tmp_path / "mail")


@pytest.fixture
async def make_rt(database_url: str, mailbox: Mailbox) -> AsyncIterator[Make]:
    """Runtimes with these settings over the test database, their mail in ``mailbox``."""
    made: list[Runtime] = []

    def make(**settings: Any) -> Runtime:
        made.append(runtime(database_url, mailbox, **settings))
        return made[-1]

    yield make
    for rt in made:
        await rt.close()


async def _user(rt: Runtime, email: str) -> User | None:
    async with rt.db.read() as session:
        found = await session.execute(select(User).where(User.email_normalized == email.lower()))
        return found.scalar_one_or_none()


async def _invitation(world: World) -> str:
    assert world.jam.id is not None
    return (await actions.create_invitation(world.rt, world.moderator, world.jam.id)).code


async def _employee(rt: Runtime, email: str = "ada@example.org") -> User:
    return await actions.create_user(rt, email=email, password=PASSWORD, display_name="Ada")


# --- who may sign up -----------------------------------------------------------------------


async def test_by_default_signing_up_needs_an_invitation_code_even_on_an_employee_domain(
    make_rt: Make,
) -> None:
    rt = make_rt(employee_domains=("ibm.com",))
    with pytest.raises(ActionError) as caught:
        await actions.register(rt, email="pat@ibm.com", password=PASSWORD, display_name="Pat")
    assert (caught.value.code, caught.value.field) == (
        ErrorCode.INVALID_INVITATION,
        "invitationCode",
    )
    assert await _user(rt, "pat@ibm.com") is None


async def test_signing_up_with_an_invitation_makes_an_unverified_guest_member_of_that_jam(
    world: World,
) -> None:
    code = await _invitation(world)
    await actions.register(
        world.rt,
        email="guest@partner.com",
        password=PASSWORD,
        display_name="Guest",
        invitation_code=code,
    )
    user = await _user(world.rt, "guest@partner.com")
    assert user is not None and user.id is not None and world.jam.id is not None
    assert (user.kind, user.email_verified_at) == (AccountKind.GUEST.value, None)
    async with world.rt.db.read() as session:
        assert await membership_of(session, world.jam.id, user.id) is not None


async def test_an_unverified_address_on_an_employee_domain_is_a_guest_who_sees_no_jam(
    make_rt: Make,
) -> None:
    rt = make_rt(employee_domains=("ibm.com",), registration="open")
    await build_world(rt)
    await actions.register(rt, email="Pat@IBM.com", password=PASSWORD, display_name="Pat")
    signed_in = await actions.login(rt, email="pat@ibm.com", password=PASSWORD)
    assert signed_in.user.kind == AccountKind.GUEST.value
    assert await visible_jams(rt, actor_of(signed_in.user)) == []


async def test_open_sign_up_still_needs_a_code_outside_the_employee_domains(
    make_rt: Make,
) -> None:
    rt = make_rt(employee_domains=("ibm.com",), registration="open")
    with pytest.raises(ActionError) as caught:
        await actions.register(rt, email="g@partner.com", password=PASSWORD, display_name="G")
    assert caught.value.code is ErrorCode.INVALID_INVITATION


async def test_open_sign_up_without_employee_domains_lets_nobody_in_without_a_code(
    make_rt: Make,
) -> None:
    rt = make_rt(registration="open")
    with pytest.raises(ActionError) as caught:
        await actions.register(rt, email="a@example.org", password=PASSWORD, display_name="A")
    assert caught.value.code is ErrorCode.INVALID_INVITATION


async def test_with_sign_up_off_nobody_signs_up_not_even_with_a_code(make_rt: Make) -> None:
    rt = make_rt(registration="off")
    world = await build_world(rt)
    with pytest.raises(ActionError) as caught:
        await actions.register(
            rt,
            email="g@partner.com",
            password=PASSWORD,
            display_name="G",
            invitation_code=await _invitation(world),
        )
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert await _user(rt, "g@partner.com") is None


async def test_accounts_an_administrator_creates_are_verified(rt: Runtime) -> None:
    user = await _employee(rt)
    assert user.email_verified_at is not None
    assert user.kind == AccountKind.EMPLOYEE.value


async def test_a_new_account_gets_a_verification_link(make_rt: Make, mailbox: Mailbox) -> None:
    rt = make_rt()
    world = await build_world(rt)
    await actions.register(
        rt,
        email="guest@partner.com",
        password=PASSWORD,
        display_name="G",
        invitation_code=await _invitation(world),
    )
    await services(rt).mailer.drain()
    [letter] = mailbox.letters("guest@partner.com")
    assert letter.token("verify-email")


# --- no enumeration ------------------------------------------------------------------------


async def test_signing_up_with_a_taken_address_answers_as_for_a_new_one(
    make_rt: Make, mailbox: Mailbox
) -> None:
    rt = make_rt(employee_domains=("ibm.com",), registration="open")
    owner = await _employee(rt, "pat@ibm.com")
    answers = [
        await actions.register(rt, email=email, password=PASSWORD, display_name="X")
        for email in ("new@ibm.com", "PAT@ibm.com")
    ]
    assert answers == [None, None]
    await services(rt).mailer.drain()
    [notice] = mailbox.letters("PAT@ibm.com")
    assert "already has one" in notice.body
    assert await _user(rt, "pat@ibm.com") == owner  # the account is untouched


async def test_a_taken_address_does_not_get_a_second_account_whatever_its_case(
    world: World,
) -> None:
    code = await _invitation(world)
    for email in ("Ada@Example.org", "ada@EXAMPLE.ORG"):
        await actions.register(
            world.rt, email=email, password=PASSWORD, display_name="A", invitation_code=code
        )
    async with world.rt.db.read() as session:
        found = await session.execute(
            select(User).where(User.email_normalized == "ada@example.org")
        )
    assert [user.display_name for user in found.scalars()] == ["A"]


async def test_a_taken_address_with_a_code_does_not_use_the_code(world: World) -> None:
    assert world.jam.id is not None
    invitation = await actions.create_invitation(world.rt, world.moderator, world.jam.id)
    owner = await _employee(world.rt, "owner@example.org")
    await actions.register(
        world.rt,
        email="owner@example.org",
        password="someone-else",
        display_name="Intruder",
        invitation_code=invitation.code,
    )
    assert owner.id is not None
    async with world.rt.db.read() as session:
        assert await membership_of(session, world.jam.id, owner.id) is None
        found = await session.execute(
            select(User.display_name).where(User.email_normalized == "owner@example.org")
        )
    assert found.scalar_one() == "Ada"


async def test_a_bad_code_fails_alike_for_a_taken_and_a_new_address(world: World) -> None:
    await _employee(world.rt, "owner@example.org")
    errors = []
    for email in ("owner@example.org", "new@example.org"):
        with pytest.raises(ActionError) as caught:
            await actions.register(
                world.rt,
                email=email,
                password=PASSWORD,
                display_name="G",
                invitation_code="NOPE-NOPE",
            )
        errors.append((caught.value.code, caught.value.field, caught.value.message))
    assert errors[0] == errors[1]
    assert errors[0][0] is ErrorCode.INVALID_INVITATION


async def test_a_failed_registration_with_a_bad_code_creates_no_account(world: World) -> None:
    with pytest.raises(ActionError) as caught:
        await actions.register(
            world.rt,
            email="guest@partner.com",
            password=PASSWORD,
            display_name="Guest",
            invitation_code="NOPE-NOPE",
        )
    assert caught.value.code is ErrorCode.INVALID_INVITATION
    assert await _user(world.rt, "guest@partner.com") is None


async def test_a_wrong_password_and_an_unknown_email_fail_alike(rt: Runtime) -> None:
    await _employee(rt)
    errors = []
    for email, password in [("ada@example.org", "wrong-one"), ("nobody@example.org", "x" * 9)]:
        with pytest.raises(ActionError) as caught:
            await actions.login(rt, email=email, password=password)
        errors.append((caught.value.code, caught.value.field, caught.value.message))
    assert errors[0] == errors[1]
    assert errors[0][0] is ErrorCode.INVALID_CREDENTIALS


@pytest.mark.parametrize(
    ("email", "password", "name", "field"),
    [
        ("not-an-email", PASSWORD, "A", "email"),
        ("ada@example.org", "short", "A", "password"),
        ("ada@example.org", PASSWORD, "   ", "displayName"),
        ("ada@example.org", PASSWORD, "x" * 101, "displayName"),
        ("ada@example.org", PASSWORD, "nul\x00byte", "displayName"),
    ],
)
async def test_bad_registration_input_names_the_field(
    world: World, email: str, password: str, name: str, field: str
) -> None:
    code = await _invitation(world)
    with pytest.raises(ActionError) as caught:
        await actions.register(
            world.rt, email=email, password=password, display_name=name, invitation_code=code
        )
    assert (caught.value.code, caught.value.field) == (ErrorCode.INVALID_INPUT, field)
    assert await _user(world.rt, "ada@example.org") is None


# --- passwords and sessions ----------------------------------------------------------------


async def test_login_gives_a_working_session(rt: Runtime) -> None:
    user = await _employee(rt)
    signed_in = await actions.login(rt, email="ada@example.org", password=PASSWORD)
    found = await authenticate(rt, signed_in.token)
    assert found is not None
    actor, _ = found
    assert (actor.user_id, actor.kind) == (user.id, AccountKind.EMPLOYEE)


async def test_login_is_case_insensitive_on_the_email(rt: Runtime) -> None:
    await _employee(rt, "Ada@Example.org")
    signed_in = await actions.login(rt, email="ADA@example.ORG", password=PASSWORD)
    assert signed_in.user.email == "Ada@Example.org"


async def test_passwords_are_stored_as_argon2_hashes(rt: Runtime) -> None:
    await _employee(rt)
    async with rt.db.read() as session:
        stored = (await session.execute(select(User.password_hash))).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


async def test_session_tokens_are_stored_hashed(rt: Runtime) -> None:
    await _employee(rt)
    signed_in = await actions.login(rt, email="ada@example.org", password=PASSWORD)
    async with rt.db.read() as session:
        stored = (await session.execute(select(SessionToken.token_hash))).scalar_one()
    assert stored == hash_token(signed_in.token)
    assert stored != signed_in.token


async def test_logout_ends_the_session(rt: Runtime) -> None:
    await _employee(rt)
    signed_in = await actions.login(rt, email="ada@example.org", password=PASSWORD)
    assert await actions.logout(rt, signed_in.token) is True
    assert await authenticate(rt, signed_in.token) is None


async def test_an_expired_session_does_not_authenticate(rt: Runtime) -> None:
    await _employee(rt)
    signed_in = await actions.login(rt, email="ada@example.org", password=PASSWORD)

    async def expire(session):  # type: ignore[no-untyped-def]
        token = (await session.execute(select(SessionToken))).scalar_one()
        token.expires_at = token.created_at - timedelta(seconds=1)
        session.add(token)

    await rt.db.write(expire)
    assert await authenticate(rt, signed_in.token) is None
