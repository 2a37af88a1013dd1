"""E-mail verification and password reset: signed, expiring links sent by mail."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlmodel import select

from jam import actions
from jam.actions import accounts
from jam.actions.accounts import services
from jam.errors import ActionError, ErrorCode
from jam.models import AccountKind, ServerSecret, User
from jam.queries.jams import visible_jams
from jam.queries.viewer import authenticate
from jam.runtime import Runtime
from jam.security import sign_token
from tests.conftest import World, actor_of, build_world
from tests.mailbox import Letter, Mailbox, runtime

PASSWORD = "analytical"


@pytest.fixture
def mailbox(tmp_path: Path) -> Mailbox:
    return Mailbox(tmp_path / "mail")


@pytest.fixture
async def site(database_url: str, mailbox: Mailbox) -> AsyncIterator[World]:
    """A live jam; sign-up open to ibm.com; mail into ``mailbox``."""
    rt = runtime(database_url, mailbox, employee_domains=("ibm.com",), registration="open")
    yield await build_world(rt)
    await rt.close()


async def _letter(rt: Runtime, mailbox: Mailbox, to: str) -> Letter:
    await services(rt).mailer.drain()
    return mailbox.letters(to)[-1]


async def _sign_up(site: World, mailbox: Mailbox, email: str, code: str | None = None) -> str:
    """Sign up; the verification token mailed."""
    await actions.register(
        site.rt, email=email, password=PASSWORD, display_name="Pat", invitation_code=code
    )
    return (await _letter(site.rt, mailbox, email)).token("verify-email")


async def _kind(rt: Runtime, email: str) -> str:
    async with rt.db.read() as session:
        found = await session.execute(select(User.kind).where(User.email_normalized == email))
        return str(found.scalar_one())


# --- verification --------------------------------------------------------------------------


async def test_verifying_an_address_on_an_employee_domain_makes_an_employee(
    site: World, mailbox: Mailbox
) -> None:
    token = await _sign_up(site, mailbox, "pat@ibm.com")
    user = await accounts.verify_email(site.rt, token)
    assert (user.kind, user.email_verified_at is not None) == (AccountKind.EMPLOYEE.value, True)
    signed_in = await actions.login(site.rt, email="pat@ibm.com", password=PASSWORD)
    assert [jam.id for jam in await visible_jams(site.rt, actor_of(signed_in.user))] == [
        site.jam.id
    ]


async def test_an_invited_guest_who_verifies_an_employee_address_becomes_an_employee(
    site: World, mailbox: Mailbox
) -> None:
    assert site.jam.id is not None
    code = (await actions.create_invitation(site.rt, site.moderator, site.jam.id)).code
    token = await _sign_up(site, mailbox, "sam@ibm.com", code)
    assert await _kind(site.rt, "sam@ibm.com") == AccountKind.GUEST.value
    await accounts.verify_email(site.rt, token)
    assert await _kind(site.rt, "sam@ibm.com") == AccountKind.EMPLOYEE.value


async def test_verifying_an_address_outside_the_employee_domains_leaves_a_guest(
    site: World, mailbox: Mailbox
) -> None:
    assert site.jam.id is not None
    code = (await actions.create_invitation(site.rt, site.moderator, site.jam.id)).code
    token = await _sign_up(site, mailbox, "g@partner.com", code)
    user = await accounts.verify_email(site.rt, token)
    assert (user.kind, user.email_verified_at is not None) == (AccountKind.GUEST.value, True)


async def test_following_a_verification_link_twice_changes_nothing_more(
    site: World, mailbox: Mailbox
) -> None:
    token = await _sign_up(site, mailbox, "pat@ibm.com")
    first = await accounts.verify_email(site.rt, token)
    again = await accounts.verify_email(site.rt, token)
    assert again.email_verified_at == first.email_verified_at


@pytest.mark.parametrize(
    "spoil",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature
        lambda token: "x" + token,  # payload
        lambda token: "not a token",
        lambda token: "",
    ],
)
async def test_a_tampered_verification_link_is_refused(
    site: World, mailbox: Mailbox, spoil: object
) -> None:
    token = await _sign_up(site, mailbox, "pat@ibm.com")
    assert callable(spoil)
    with pytest.raises(ActionError) as caught:
        await accounts.verify_email(site.rt, spoil(token))
    assert (caught.value.code, caught.value.field) == (ErrorCode.INVALID_TOKEN, "token")
    assert await _kind(site.rt, "pat@ibm.com") == AccountKind.GUEST.value


async def test_an_expired_verification_link_is_refused(site: World, mailbox: Mailbox) -> None:
    await _sign_up(site, mailbox, "pat@ibm.com")
    async with site.rt.db.read() as session:
        user_id = (
            await session.execute(select(User.id).where(User.email_normalized == "pat@ibm.com"))
        ).scalar_one()
    key = await accounts.signing_key(site.rt)
    expired = sign_token(key, accounts.VERIFY_PURPOSE, user_id, "pat@ibm.com", -1)
    fresh = sign_token(key, accounts.VERIFY_PURPOSE, user_id, "pat@ibm.com", 60)
    with pytest.raises(ActionError) as caught:
        await accounts.verify_email(site.rt, expired)
    assert caught.value.code is ErrorCode.INVALID_TOKEN
    await accounts.verify_email(site.rt, fresh)  # the same link in time works


async def test_a_reset_link_does_not_verify_an_address(site: World, mailbox: Mailbox) -> None:
    await _sign_up(site, mailbox, "pat@ibm.com")
    await accounts.request_password_reset(site.rt, "pat@ibm.com")
    reset = (await _letter(site.rt, mailbox, "pat@ibm.com")).token("reset-password")
    with pytest.raises(ActionError) as caught:
        await accounts.verify_email(site.rt, reset)
    assert caught.value.code is ErrorCode.INVALID_TOKEN


async def test_links_signed_with_another_key_are_refused(
    site: World, mailbox: Mailbox, database_url: str
) -> None:
    token = await _sign_up(site, mailbox, "pat@ibm.com")
    other = runtime(database_url, mailbox, employee_domains=("ibm.com",), secret_key="other")
    try:
        with pytest.raises(ActionError) as caught:
            await accounts.verify_email(other, token)
    finally:
        await other.close()
    assert caught.value.code is ErrorCode.INVALID_TOKEN


async def test_without_a_configured_key_every_process_uses_the_one_kept_in_the_database(
    site: World, mailbox: Mailbox, database_url: str
) -> None:
    token = await _sign_up(site, mailbox, "pat@ibm.com")
    other = runtime(database_url, mailbox, employee_domains=("ibm.com",))
    try:
        user = await accounts.verify_email(other, token)
    finally:
        await other.close()
    assert user.kind == AccountKind.EMPLOYEE.value
    async with site.rt.db.read() as session:
        secrets = (await session.execute(select(ServerSecret))).scalars().all()
    assert len(secrets) == 1


async def test_asking_again_mails_a_fresh_link(site: World, mailbox: Mailbox) -> None:
    await _sign_up(site, mailbox, "pat@ibm.com")
    signed_in = await actions.login(site.rt, email="pat@ibm.com", password=PASSWORD)
    assert await accounts.request_email_verification(site.rt, actor_of(signed_in.user)) is True
    await services(site.rt).mailer.drain()
    letters = mailbox.letters("pat@ibm.com")
    assert len(letters) == 2
    await accounts.verify_email(site.rt, letters[-1].token("verify-email"))
    assert await _kind(site.rt, "pat@ibm.com") == AccountKind.EMPLOYEE.value


async def test_asking_for_a_link_when_verified_sends_nothing(site: World, mailbox: Mailbox) -> None:
    assert await accounts.request_email_verification(site.rt, site.participant) is False
    await services(site.rt).mailer.drain()
    assert mailbox.letters() == []


# --- password reset ------------------------------------------------------------------------


async def _reset_token(site: World, mailbox: Mailbox, email: str) -> str:
    await accounts.request_password_reset(site.rt, email)
    return (await _letter(site.rt, mailbox, email)).token("reset-password")


async def _employee(site: World, email: str = "ada@example.org") -> None:
    await actions.create_user(site.rt, email=email, password=PASSWORD, display_name="Ada")


async def test_a_reset_link_sets_a_new_password_and_signs_in(site: World, mailbox: Mailbox) -> None:
    await _employee(site)
    token = await _reset_token(site, mailbox, "Ada@example.org")
    signed_in = await accounts.reset_password(site.rt, token=token, new_password="new-password")
    assert await authenticate(site.rt, signed_in.token) is not None
    await actions.login(site.rt, email="ada@example.org", password="new-password")
    with pytest.raises(ActionError) as caught:
        await actions.login(site.rt, email="ada@example.org", password=PASSWORD)
    assert caught.value.code is ErrorCode.INVALID_CREDENTIALS


async def test_a_reset_link_works_once(site: World, mailbox: Mailbox) -> None:
    await _employee(site)
    token = await _reset_token(site, mailbox, "ada@example.org")
    await accounts.reset_password(site.rt, token=token, new_password="new-password")
    with pytest.raises(ActionError) as caught:
        await accounts.reset_password(site.rt, token=token, new_password="third-password")
    assert (caught.value.code, caught.value.field) == (ErrorCode.INVALID_TOKEN, "token")
    await actions.login(site.rt, email="ada@example.org", password="new-password")


async def test_a_reset_ends_every_other_session(site: World, mailbox: Mailbox) -> None:
    await _employee(site)
    before = [
        await actions.login(site.rt, email="ada@example.org", password=PASSWORD) for _ in range(2)
    ]
    token = await _reset_token(site, mailbox, "ada@example.org")
    after = await accounts.reset_password(site.rt, token=token, new_password="new-password")
    assert [await authenticate(site.rt, s.token) for s in before] == [None, None]
    assert await authenticate(site.rt, after.token) is not None


async def test_an_expired_reset_link_is_refused(site: World, mailbox: Mailbox) -> None:
    await _employee(site)
    async with site.rt.db.read() as session:
        user = (
            await session.execute(select(User).where(User.email_normalized == "ada@example.org"))
        ).scalar_one()
    assert user.id is not None
    expired = sign_token(
        await accounts.signing_key(site.rt),
        accounts.RESET_PURPOSE,
        user.id,
        user.password_hash,
        -1,
    )
    with pytest.raises(ActionError) as caught:
        await accounts.reset_password(site.rt, token=expired, new_password="new-password")
    assert caught.value.code is ErrorCode.INVALID_TOKEN


async def test_a_too_short_new_password_changes_nothing(site: World, mailbox: Mailbox) -> None:
    await _employee(site)
    token = await _reset_token(site, mailbox, "ada@example.org")
    with pytest.raises(ActionError) as caught:
        await accounts.reset_password(site.rt, token=token, new_password="short")
    assert (caught.value.code, caught.value.field) == (ErrorCode.INVALID_INPUT, "newPassword")
    await actions.login(site.rt, email="ada@example.org", password=PASSWORD)
    await accounts.reset_password(site.rt, token=token, new_password="new-password")


async def test_asking_a_reset_for_an_unknown_address_answers_alike_and_mails_nothing(
    site: World, mailbox: Mailbox
) -> None:
    await _employee(site)
    answers = [
        await accounts.request_password_reset(site.rt, email)
        for email in ("ada@example.org", "nobody@example.org")
    ]
    assert answers == [None, None]
    await services(site.rt).mailer.drain()
    assert [letter.to for letter in mailbox.letters()] == ["ada@example.org"]


async def test_one_address_gets_at_most_three_unasked_mails_in_a_quarter_hour(
    site: World, mailbox: Mailbox
) -> None:
    await _employee(site)
    for _ in range(5):
        await accounts.request_password_reset(site.rt, "ada@example.org")
    await services(site.rt).mailer.drain()
    assert len(mailbox.letters("ada@example.org")) == accounts.MAIL_PER_RECIPIENT == 3
