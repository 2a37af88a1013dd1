"""Accounts: sign-up, e-mail verification, log in (throttled), log out, password reset, and
administrators' account creation.

Who is an employee: an account an administrator made as one, or one whose owner proved (by a
signed, expiring link sent to it) that they read mail at an address on ``JAM_EMPLOYEE_DOMAINS``.
Every self-registered account starts as a guest, who sees only the jams they joined with an
invitation code. ``JAM_REGISTRATION`` says who may sign up: ``invitation`` (the default) only with
an invitation code, ``open`` also addresses on the employee domains without one, ``off`` nobody.

Nothing here tells a stranger whether an address has an account: ``register`` answers a taken
address exactly as a new one (its owner gets a mail saying so), ``request_password_reset``
answers every address alike, and failed logins fail alike.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam import validation
from jam.access import Actor
from jam.actions.jams import redeem_invitation
from jam.actions.records import audit
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind, record_event
from jam.mail import Mail, Mailer, mailer_for
from jam.models import AccountKind, GlobalRole, ServerSecret, SessionToken, User
from jam.runtime import Runtime
from jam.security import (
    SlidingWindow,
    fingerprint,
    hash_password,
    hash_token,
    new_secret_key,
    new_token,
    read_token,
    sign_token,
    verify_password,
)
from jam.timeutil import utcnow

VERIFY_PURPOSE = "verify-email"
RESET_PURPOSE = "reset-password"
VERIFY_TTL = timedelta(days=2)
RESET_TTL = timedelta(hours=1)
# Unasked-for mail (sign-up notices, reset links) to one address: at most this many per window.
MAIL_PER_RECIPIENT = 3
MAIL_WINDOW_SECONDS = 15 * 60
# Sign-ups and reset requests (each hashes or mails) from one client address per window.
REQUESTS_PER_ADDRESS = 20
REQUESTS_WINDOW_SECONDS = 10 * 60
SIGNING_SECRET = "link-signing-key"

INVALID_LINK = "this link is invalid or has expired; ask for a new one"


@dataclass(frozen=True)
class SignedIn:
    user: User
    token: str


@dataclass(eq=False)
class AccountServices:
    """What accounts keep per process (per runtime): the mailer, the throttles, the key."""

    mailer: Mailer
    failures_by_account: SlidingWindow
    failures_by_address: SlidingWindow
    mail_by_recipient: SlidingWindow
    requests_by_address: SlidingWindow
    signing_key: str | None = None


_services: weakref.WeakKeyDictionary[Runtime, AccountServices] = weakref.WeakKeyDictionary()


async def drain_mail(rt: Runtime) -> None:
    """Wait for this runtime's mails still being sent (at shutdown: none is lost)."""
    found = _services.get(rt)
    if found is not None:
        await found.mailer.drain()


def services(rt: Runtime) -> AccountServices:
    found = _services.get(rt)
    if found is None:
        settings = rt.settings
        window = settings.login_window_seconds
        found = _services[rt] = AccountServices(
            mailer=mailer_for(settings.mail, settings.mail_from, settings.database_url),
            failures_by_account=SlidingWindow(settings.login_failures_per_account, window),
            failures_by_address=SlidingWindow(settings.login_failures_per_address, window),
            mail_by_recipient=SlidingWindow(MAIL_PER_RECIPIENT, MAIL_WINDOW_SECONDS),
            requests_by_address=SlidingWindow(REQUESTS_PER_ADDRESS, REQUESTS_WINDOW_SECONDS),
            signing_key=settings.secret_key or None,
        )
    return found


async def signing_key(rt: Runtime) -> str:
    """JAM_SECRET_KEY, else a key made once per database and kept in it (so every process of a
    deployment agrees without configuration)."""
    held = services(rt)
    if held.signing_key:
        return held.signing_key

    async def work(session: AsyncSession) -> str:
        connection = await session.connection()
        dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
        await session.execute(
            dialect.insert(ServerSecret)
            .values(name=SIGNING_SECRET, value=new_secret_key(), created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["name"])
        )
        found = await session.execute(
            select(ServerSecret.value).where(ServerSecret.name == SIGNING_SECRET)
        )
        return found.scalar_one()

    async with rt.db.read() as session:
        found = await session.execute(
            select(ServerSecret.value).where(ServerSecret.name == SIGNING_SECRET)
        )
        stored: str | None = found.scalar_one_or_none()
    key = stored if stored else await rt.db.write(work)
    held.signing_key = key
    return key


def _count_request(rt: Runtime, client: str | None) -> None:
    """One more sign-up or reset request from this client address, or RATE_LIMITED (checked
    before anything else, so the answer says nothing about the address asked about)."""
    if not client:
        return
    limiter = services(rt).requests_by_address
    wait = limiter.retry_after(client)
    if wait > 0:
        minutes = max(1, math.ceil(wait / 60))
        raise ActionError(
            ErrorCode.RATE_LIMITED, f"too many requests; try again in {minutes} minutes"
        )
    limiter.hit(client)


def _link(rt: Runtime, path: str, token: str) -> str:
    return f"{rt.settings.public_url.rstrip('/')}/{path}?token={token}"


def _send_unasked(rt: Runtime, mail: Mail) -> bool:
    """Send mail nobody signed in asked for, unless this address got enough lately (so nobody
    can flood an inbox through us). Sent in the background: the caller's answer and timing do
    not depend on it."""
    held = services(rt)
    key = mail.to.lower()
    if held.mail_by_recipient.retry_after(key) > 0:
        return False
    held.mail_by_recipient.hit(key)
    held.mailer.send_later(mail)
    return True


async def _email_taken(session: AsyncSession, normalized: str) -> bool:
    found = await session.execute(select(User.id).where(User.email_normalized == normalized))
    return found.first() is not None


def _issue_token(session: AsyncSession, user_id: int, days: int) -> str:
    token = new_token()
    now = utcnow()
    session.add(
        SessionToken(
            token_hash=hash_token(token),
            user_id=user_id,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    return token


def on_employee_domain(rt: Runtime, normalized_email: str) -> bool:
    return normalized_email.rsplit("@", 1)[1] in rt.settings.employee_domains


class _AddressTaken(Exception):
    """Rolls back a sign-up whose address has an account (after its checks ran as for a new
    one)."""


async def register(
    rt: Runtime,
    *,
    email: str,
    password: str,
    display_name: str,
    invitation_code: str | None = None,
    client: str | None = None,
) -> None:
    """Sign up; the answer is the same whether the address is new or taken.

    A new account is a guest with an unverified address (a member of the invitation's jam when a
    code was given) and gets a verification link; the owner of a taken address gets a mail that
    someone tried to sign up with it. Sign in with ``login`` afterwards. Limited per client
    address."""
    _count_request(rt, client)
    shown_email, normalized = validation.email(email)
    validation.password(password)
    validation.text(display_name, "displayName", max_length=validation.DISPLAY_NAME_MAX)
    mode = rt.settings.registration
    if mode == "off":
        raise ActionError(ErrorCode.FORBIDDEN, "sign-up is closed: ask an administrator")
    code = invitation_code.strip() if invitation_code and invitation_code.strip() else None
    if code is None and not (mode == "open" and on_employee_domain(rt, normalized)):
        raise ActionError(
            ErrorCode.INVALID_INVITATION,
            "signing up needs an invitation code",
            "invitationCode",
        )
    password_hash = await hash_password(password)

    async def work(session: AsyncSession) -> int:
        found = await session.execute(select(User.id).where(User.email_normalized == normalized))
        taken = found.scalar_one_or_none()
        user = User(
            email=shown_email,
            email_normalized=normalized,
            display_name=display_name,
            password_hash=password_hash,
            kind=AccountKind.GUEST.value,
        )
        if taken is None:
            session.add(user)
            await session.flush()
        member_id = taken if taken is not None else user.id
        assert member_id is not None
        if code is not None:
            # The code is checked for a taken address too (then all of it is rolled back), so
            # a bad code answers alike either way.
            await redeem_invitation(session, member_id, code, AccountKind.GUEST)
        if taken is not None:
            raise _AddressTaken
        assert user.id is not None
        await audit(
            session, actor_id=user.id, action="register", subject_type="user", subject_id=user.id
        )
        return user.id

    try:
        user_id = await rt.db.write(work)
    except _AddressTaken:
        _send_unasked(
            rt,
            Mail(
                to=shown_email,
                subject="Someone tried to sign up to jam with your address",
                body=(
                    "Someone (perhaps you) tried to create a jam account with this address, "
                    "which already has one. Nothing was changed.\n\n"
                    "If it was you, sign in; if you forgot your password, ask for a reset "
                    "link on the sign-in page.\n"
                ),
            ),
        )
        return
    token = sign_token(
        await signing_key(rt),
        VERIFY_PURPOSE,
        user_id,
        normalized,
        VERIFY_TTL.total_seconds(),
    )
    _send_unasked(rt, _verification_mail(rt, shown_email, token))


def _verification_mail(rt: Runtime, to: str, token: str) -> Mail:
    return Mail(
        to=to,
        subject="Confirm your e-mail address for jam",
        body=(
            "Confirm that this is your address by opening this link within two days:\n\n"
            f"{_link(rt, 'verify-email', token)}\n\n"
            "If you did not sign up to jam, ignore this mail.\n"
        ),
    )


def _retry_message(seconds: float) -> str:
    return f"too many failed sign-ins; try again in {max(1, math.ceil(seconds))} seconds"


async def login(rt: Runtime, *, email: str, password: str, client: str | None = None) -> SignedIn:
    """Sign in. Failures are throttled per account (even across client addresses) and per client
    address (even across accounts): beyond the limits, RATE_LIMITED until the window passes,
    without checking the password. Unknown and known addresses are throttled alike."""
    normalized = email.strip().lower()[:320]
    held = services(rt)
    wait = max(
        held.failures_by_account.retry_after(normalized),
        held.failures_by_address.retry_after(client) if client else 0.0,
    )
    if wait > 0:
        raise ActionError(ErrorCode.RATE_LIMITED, _retry_message(wait))
    # Counted before the (slow) check, so parallel attempts cannot slip past the limit; a
    # success takes it back.
    held.failures_by_account.hit(normalized)
    address_hit = held.failures_by_address.hit(client) if client else None
    async with rt.db.read() as session:
        found = await session.execute(select(User).where(User.email_normalized == normalized))
        user = found.scalar_one_or_none()
    ok = await verify_password(user.password_hash if user else None, password)
    if user is None or not ok:
        raise ActionError(ErrorCode.INVALID_CREDENTIALS, "wrong e-mail or password")
    held.failures_by_account.clear(normalized)
    if client and address_hit is not None:
        held.failures_by_address.forgive(client, address_hit)
    user_id = user.id
    assert user_id is not None

    async def work(session: AsyncSession) -> str:
        token = _issue_token(session, user_id, rt.settings.session_days)
        await audit(
            session, actor_id=user_id, action="login", subject_type="user", subject_id=user_id
        )
        return token

    return SignedIn(user=user, token=await rt.db.write(work))


async def logout(rt: Runtime, token: str) -> bool:
    """End one session. True when it existed."""

    async def work(session: AsyncSession) -> bool:
        result = await session.execute(
            delete(SessionToken)
            .where(col(SessionToken.token_hash) == hash_token(token))
            .returning(col(SessionToken.user_id))
        )
        user_id = result.scalar_one_or_none()
        if user_id is None:
            return False
        await audit(
            session, actor_id=user_id, action="logout", subject_type="user", subject_id=user_id
        )
        # Open sockets of this session close at once, in every process (jam.api.sessions).
        await record_event(
            session, EventKind.SESSION_ENDED, jam_id=None, actor_id=user_id, token=hash_token(token)
        )
        return True

    return await rt.db.write(work)


async def request_email_verification(rt: Runtime, actor: Actor) -> bool:
    """Mail the signed-in person a fresh verification link. False when their address is
    verified already (nothing sent)."""
    async with rt.db.read() as session:
        user = await session.get(User, actor.user_id)
    if user is None:
        raise ActionError(ErrorCode.NOT_FOUND, "no such account")
    if user.email_verified_at is not None:
        return False
    held = services(rt)
    wait = held.mail_by_recipient.retry_after(user.email_normalized)
    if wait > 0:
        raise ActionError(
            ErrorCode.RATE_LIMITED,
            f"a link was sent recently; try again in {max(1, math.ceil(wait / 60))} minutes",
        )
    token = sign_token(
        await signing_key(rt),
        VERIFY_PURPOSE,
        actor.user_id,
        user.email_normalized,
        VERIFY_TTL.total_seconds(),
    )
    _send_unasked(rt, _verification_mail(rt, user.email, token))
    return True


async def verify_email(rt: Runtime, token: str) -> User:
    """Follow a verification link: the address is verified, and an account on an employee
    domain becomes an employee. Following it again changes nothing."""
    read = read_token(await signing_key(rt), VERIFY_PURPOSE, token.strip())
    if read is None:
        raise ActionError(ErrorCode.INVALID_TOKEN, INVALID_LINK, "token")
    user_id, bound = read

    async def work(session: AsyncSession) -> User:
        user = await session.get(User, user_id)
        if user is None or fingerprint(user.email_normalized) != bound:
            raise ActionError(ErrorCode.INVALID_TOKEN, INVALID_LINK, "token")
        if user.email_verified_at is not None:
            return user
        user.email_verified_at = utcnow()
        if user.kind == AccountKind.GUEST.value and on_employee_domain(rt, user.email_normalized):
            user.kind = AccountKind.EMPLOYEE.value
        session.add(user)
        await audit(
            session,
            actor_id=user_id,
            action="user.verify_email",
            subject_type="user",
            subject_id=user_id,
            kind=user.kind,
        )
        return user

    return await rt.db.write(work)


async def request_password_reset(rt: Runtime, email: str, client: str | None = None) -> None:
    """Mail a reset link to the address if it has an account; the answer is the same if not.
    Limited per client address."""
    _count_request(rt, client)
    _, normalized = validation.email(email)
    async with rt.db.read() as session:
        found = await session.execute(select(User).where(User.email_normalized == normalized))
        user = found.scalar_one_or_none()
    if user is None or user.id is None:
        return
    token = sign_token(
        await signing_key(rt),
        RESET_PURPOSE,
        user.id,
        user.password_hash,
        RESET_TTL.total_seconds(),
    )
    _send_unasked(
        rt,
        Mail(
            to=user.email,
            subject="Reset your jam password",
            body=(
                "Someone (perhaps you) asked to reset the password of your jam account. "
                "Choose a new one within an hour with this link:\n\n"
                f"{_link(rt, 'reset-password', token)}\n\n"
                "If you did not ask, ignore this mail: your password stays as it is.\n"
            ),
        ),
    )


async def reset_password(rt: Runtime, *, token: str, new_password: str) -> SignedIn:
    """Set a new password with a reset link. The link works once (it is bound to the password
    it replaces); every other session of the account ends; the answer signs in."""
    validation.password(new_password, "newPassword")
    read = read_token(await signing_key(rt), RESET_PURPOSE, token.strip())
    if read is None:
        raise ActionError(ErrorCode.INVALID_TOKEN, INVALID_LINK, "token")
    user_id, bound = read
    password_hash = await hash_password(new_password)

    async def work(session: AsyncSession) -> SignedIn:
        user = await session.get(User, user_id)
        if user is None or fingerprint(user.password_hash) != bound:
            raise ActionError(ErrorCode.INVALID_TOKEN, INVALID_LINK, "token")
        changed = await session.execute(
            update(User)
            .where(col(User.id) == user_id, col(User.password_hash) == user.password_hash)
            .values(password_hash=password_hash)
            .returning(col(User.id))
        )
        if changed.scalar_one_or_none() is None:  # another reset with this link won
            raise ActionError(ErrorCode.INVALID_TOKEN, INVALID_LINK, "token")
        user.password_hash = password_hash
        ended = await session.execute(
            delete(SessionToken)
            .where(col(SessionToken.user_id) == user_id)
            .returning(col(SessionToken.token_hash))
        )
        for digest in ended.scalars():
            await record_event(
                session, EventKind.SESSION_ENDED, jam_id=None, actor_id=user_id, token=digest
            )
        await audit(
            session,
            actor_id=user_id,
            action="user.reset_password",
            subject_type="user",
            subject_id=user_id,
        )
        return SignedIn(user=user, token=_issue_token(session, user_id, rt.settings.session_days))

    signed_in = await rt.db.write(work)
    services(rt).failures_by_account.clear(signed_in.user.email_normalized)
    return signed_in


async def create_user(
    rt: Runtime,
    *,
    email: str,
    password: str,
    display_name: str,
    role: GlobalRole = GlobalRole.MEMBER,
    kind: AccountKind = AccountKind.EMPLOYEE,
    org_unit: str | None = None,
    country: str | None = None,
) -> User:
    """An account made by an operator (CLI, demo seeding): no invitation rules apply, and the
    address counts as verified (the operator vouches for it)."""
    shown_email, normalized = validation.email(email)
    validation.password(password)
    validation.text(display_name, "displayName", max_length=validation.DISPLAY_NAME_MAX)
    password_hash = await hash_password(password)

    async def work(session: AsyncSession) -> User:
        if await _email_taken(session, normalized):
            raise ActionError(ErrorCode.EMAIL_TAKEN, "an account with this e-mail exists", "email")
        user = User(
            email=shown_email,
            email_normalized=normalized,
            display_name=display_name,
            password_hash=password_hash,
            role=role.value,
            kind=kind.value,
            org_unit=org_unit,
            country=country,
            email_verified_at=utcnow(),
        )
        session.add(user)
        await session.flush()
        await audit(
            session,
            actor_id=None,
            action="user.create",
            subject_type="user",
            subject_id=user.id,
            role=role.value,
        )
        return user

    return await rt.db.write(work)
