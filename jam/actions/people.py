"""People: one's own profile, removing moderators, revoking invitations, the analyst role."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam import validation
from jam.access import (
    Actor,
    may_moderate,
    may_view,
    membership_of,
    require_admin,
    require_viewable_jam,
)
from jam.actions.records import audit
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind, record_event
from jam.models import GlobalRole, Invitation, JamRole, JournalEntry, Membership, Shift, User
from jam.runtime import Runtime
from jam.timeutil import as_utc, utcnow

ORG_UNIT_MAX = 100

# ISO 3166-1 alpha-2: the 249 officially assigned codes.
COUNTRY_CODES = frozenset(
    [
        "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT",
        "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI",
        "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY",
        "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
        "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
        "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK",
        "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL",
        "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
        "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR",
        "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
        "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS",
        "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
        "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW",
        "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP",
        "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
        "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
        "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM",
        "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF",
        "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW",
        "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
        "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
    ]
)

# What administrators may grant or take back; ADMIN is neither granted nor taken here.
GRANTABLE_ROLES = frozenset({GlobalRole.MEMBER, GlobalRole.ANALYST})


def _org_unit(value: str) -> str | None:
    validation.text(value, "orgUnit", max_length=ORG_UNIT_MAX, required=False)
    return value.strip() or None


def _country(value: str) -> str | None:
    code = value.strip().upper()
    if not code:
        return None
    if code not in COUNTRY_CODES:
        raise validation.invalid("country", "a country is its ISO 3166-1 code of two letters")
    return code


async def update_profile(
    rt: Runtime,
    actor: Actor,
    *,
    display_name: str | None = None,
    org_unit: str | None = None,
    country: str | None = None,
) -> User:
    """Change one's own name, organisational unit and country (``None``: unchanged; an empty
    unit or country clears it). Countries are ISO 3166-1 alpha-2 codes, stored upper-case."""
    changes: dict[str, str | None] = {}
    if display_name is not None:
        validation.text(display_name, "displayName", max_length=validation.DISPLAY_NAME_MAX)
        changes["display_name"] = display_name.strip()
    if org_unit is not None:
        changes["org_unit"] = _org_unit(org_unit)
    if country is not None:
        changes["country"] = _country(country)

    async def work(session: AsyncSession) -> User:
        user = await session.get(User, actor.user_id)
        if user is None:
            raise ActionError(ErrorCode.NOT_FOUND, "no such user")
        changed: dict[str, Any] = {k: v for k, v in changes.items() if getattr(user, k) != v}
        if not changed:
            return user
        for name, value in changed.items():
            setattr(user, name, value)
        session.add(user)
        await audit(
            session,
            actor_id=actor.user_id,
            action="profile.update",
            subject_type="user",
            subject_id=actor.user_id,
            **{_camel(k): v for k, v in changed.items()},
        )
        return user

    return await rt.db.write(work)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


async def remove_moderator(
    rt: Runtime, actor: Actor, jam_id: int, user_id: int, *, now: datetime | None = None
) -> Membership:
    """Make a moderator of a jam a participant again (administrators only); CONFLICT when
    they are not one. Their shifts yet to come are cancelled and a running one ends now."""
    require_admin(actor)

    async def work(session: AsyncSession) -> Membership:
        current = as_utc(now or utcnow())
        await require_viewable_jam(session, actor, jam_id)
        membership = await membership_of(session, jam_id, user_id)
        if membership is None or membership.role != JamRole.MODERATOR.value:
            raise ActionError(
                ErrorCode.CONFLICT, "this person is not a moderator of this jam", "userId"
            )
        membership.role = JamRole.PARTICIPANT.value
        session.add(membership)
        upcoming = list(
            (
                await session.execute(
                    select(Shift.id).where(
                        Shift.jam_id == jam_id,
                        Shift.user_id == user_id,
                        col(Shift.starts_at) > current,
                    )
                )
            ).scalars()
        )
        if upcoming:
            await session.execute(
                delete(JournalEntry).where(col(JournalEntry.shift_id).in_(upcoming))
            )
            await session.execute(delete(Shift).where(col(Shift.id).in_(upcoming)))
        ended = (
            await session.execute(
                update(Shift)
                .where(
                    col(Shift.jam_id) == jam_id,
                    col(Shift.user_id) == user_id,
                    col(Shift.starts_at) <= current,
                    col(Shift.ends_at) > current,
                )
                .values(ends_at=current)
            )
        ).rowcount  # type: ignore[attr-defined]
        await audit(
            session,
            actor_id=actor.user_id,
            action="moderator.remove",
            subject_type="user",
            subject_id=user_id,
            jam_id=jam_id,
            shiftsCancelled=len(upcoming),
            shiftsEnded=int(ended or 0),
        )
        await record_event(
            session,
            EventKind.MODERATOR_REMOVED,
            jam_id=jam_id,
            subject_id=user_id,
            actor_id=actor.user_id,
        )
        if upcoming or ended:
            await record_event(
                session,
                EventKind.SHIFT_CHANGED,
                jam_id=jam_id,
                subject_id=None,
                actor_id=actor.user_id,
                change="moderator_removed",
                user=user_id,
            )
        return membership

    return await rt.db.write(work)


async def revoke_invitation(
    rt: Runtime, actor: Actor, code: str, *, now: datetime | None = None
) -> Invitation:
    """Stop an invitation code from letting anyone else join (its jam's moderators); those
    who joined with it stay. Revoking it again changes nothing."""
    clean = code.strip().upper()
    if not clean:
        raise validation.invalid("code", "enter the invitation code")

    async def work(session: AsyncSession) -> Invitation:
        current = as_utc(now or utcnow())
        invitation = (
            await session.execute(select(Invitation).where(Invitation.code == clean))
        ).scalar_one_or_none()
        if invitation is None:
            raise ActionError(ErrorCode.NOT_FOUND, "no such invitation", "code")
        membership = await membership_of(session, invitation.jam_id, actor.user_id)
        if not may_view(actor, membership):
            raise ActionError(ErrorCode.NOT_FOUND, "no such invitation", "code")
        if not may_moderate(actor, membership):
            raise ActionError(ErrorCode.FORBIDDEN, "only this jam's moderators may do this")
        if invitation.revoked_at is not None:
            return invitation
        invitation.revoked_at = current
        session.add(invitation)
        await audit(
            session,
            actor_id=actor.user_id,
            action="invitation.revoke",
            subject_type="invitation",
            subject_id=invitation.id,
            jam_id=invitation.jam_id,
            uses=invitation.uses,
        )
        return invitation

    return await rt.db.write(work)


async def set_global_role(rt: Runtime, actor: Actor, user_id: int, role: GlobalRole) -> User:
    """Administrators grant or take back the analyst role (member ↔ analyst). Nobody is made
    an administrator here, and an administrator's role is not changed (FORBIDDEN)."""
    require_admin(actor)
    if role not in GRANTABLE_ROLES:
        raise ActionError(
            ErrorCode.FORBIDDEN, "only the analyst role is granted or taken back here", "role"
        )

    async def work(session: AsyncSession) -> User:
        user = await session.get(User, user_id)
        if user is None:
            raise ActionError(ErrorCode.NOT_FOUND, "no such user", "userId")
        if user.role == GlobalRole.ADMIN.value:
            raise ActionError(
                ErrorCode.FORBIDDEN, "an administrator's role is not changed here", "userId"
            )
        if user.role == role.value:
            return user
        before = user.role
        user.role = role.value
        session.add(user)
        await audit(
            session,
            actor_id=actor.user_id,
            action="user.role",
            subject_type="user",
            subject_id=user_id,
            before=before,
            after=role.value,
        )
        return user

    return await rt.db.write(work)


__all__ = [
    "COUNTRY_CODES",
    "ORG_UNIT_MAX",
    "remove_moderator",
    "revoke_invitation",
    "set_global_role",
    "update_profile",
]
