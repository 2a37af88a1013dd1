"""Accounts: register, log in, log out, and administrators' account creation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam import validation
from jam.actions.jams import redeem_invitation
from jam.actions.records import audit
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind, record_event
from jam.models import AccountKind, GlobalRole, SessionToken, User
from jam.runtime import Runtime
from jam.security import hash_password, hash_token, new_token, verify_password
from jam.timeutil import utcnow


@dataclass(frozen=True)
class SignedIn:
    user: User
    token: str


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


def _kind_for(rt: Runtime, normalized_email: str, has_invitation: bool) -> AccountKind:
    domain = normalized_email.rsplit("@", 1)[1]
    domains = rt.settings.employee_domains
    if domains:
        return AccountKind.EMPLOYEE if domain in domains else AccountKind.GUEST
    return AccountKind.GUEST if has_invitation else AccountKind.EMPLOYEE


async def register(
    rt: Runtime,
    *,
    email: str,
    password: str,
    display_name: str,
    invitation_code: str | None = None,
) -> SignedIn:
    """Sign up. Employees need nothing more; outside guests need an invitation code, which also
    makes them a participant of that one jam."""
    shown_email, normalized = validation.email(email)
    validation.password(password)
    validation.text(display_name, "displayName", max_length=validation.DISPLAY_NAME_MAX)
    code = invitation_code.strip() if invitation_code and invitation_code.strip() else None
    kind = _kind_for(rt, normalized, code is not None)
    if kind is AccountKind.GUEST and code is None:
        raise ActionError(
            ErrorCode.INVALID_INVITATION,
            "guests from outside the organisation need an invitation code",
            "invitationCode",
        )
    password_hash = await hash_password(password)

    async def work(session: AsyncSession) -> SignedIn:
        if await _email_taken(session, normalized):
            raise ActionError(ErrorCode.EMAIL_TAKEN, "an account with this e-mail exists", "email")
        user = User(
            email=shown_email,
            email_normalized=normalized,
            display_name=display_name,
            password_hash=password_hash,
            kind=kind.value,
        )
        session.add(user)
        await session.flush()
        assert user.id is not None
        if code is not None:
            await redeem_invitation(session, user.id, code, kind)
        token = _issue_token(session, user.id, rt.settings.session_days)
        await audit(
            session, actor_id=user.id, action="register", subject_type="user", subject_id=user.id
        )
        return SignedIn(user=user, token=token)

    return await rt.db.write(work)


async def login(rt: Runtime, *, email: str, password: str) -> SignedIn:
    normalized = email.strip().lower()
    async with rt.db.read() as session:
        found = await session.execute(select(User).where(User.email_normalized == normalized))
        user = found.scalar_one_or_none()
    ok = await verify_password(user.password_hash if user else None, password)
    if user is None or not ok:
        raise ActionError(ErrorCode.INVALID_CREDENTIALS, "wrong e-mail or password")
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
    """An account made by an operator (CLI, demo seeding): no invitation rules apply."""
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
