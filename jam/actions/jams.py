"""Jams: creating and scheduling them, forums, moderators, invitations and joining."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam import validation
from jam.access import Actor, membership_of, require_admin, require_moderator, require_viewable_jam
from jam.actions.jobs import JobKind, queue_job
from jam.actions.records import audit, remember, replayed
from jam.clock import JamPhase, phase
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind, record_event
from jam.models import AccountKind, Forum, Invitation, Jam, JamRole, Job, Membership, User
from jam.runtime import Runtime
from jam.security import new_invitation_code
from jam.timeutil import as_utc, utcnow


@dataclass(frozen=True)
class ForumDraft:
    title: str
    question: str = ""


def _check_forum(draft: ForumDraft, field: str) -> None:
    validation.text(draft.title, f"{field}.title", max_length=validation.TITLE_MAX)
    validation.text(
        draft.question, f"{field}.question", max_length=validation.QUESTION_MAX, required=False
    )


async def _free_slug(session: AsyncSession, base: str) -> str:
    taken = set(
        (await session.execute(select(Jam.slug).where(Jam.slug.startswith(base)))).scalars()  # type: ignore[attr-defined]
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


async def create_jam(
    rt: Runtime,
    actor: Actor,
    *,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    description: str = "",
    slug: str | None = None,
    forums: list[ForumDraft] | None = None,
    moderator_ids: list[int] | None = None,
    idempotency_key: str | None = None,
) -> Jam:
    require_admin(actor)
    validation.text(title, "title", max_length=validation.TITLE_MAX)
    validation.text(
        description, "description", max_length=validation.DESCRIPTION_MAX, required=False
    )
    if slug is not None:
        validation.slug(slug)
    validation.period(as_utc(starts_at), as_utc(ends_at))
    drafts = forums or []
    for i, draft in enumerate(drafts):
        _check_forum(draft, f"forums[{i}]")
    key = validation.idempotency_key(idempotency_key)

    async def work(session: AsyncSession) -> Jam:
        earlier = await replayed(session, actor.user_id, "createJam", key)
        if earlier is not None:
            existing = await session.get(Jam, earlier)
            assert existing is not None
            return existing
        if slug is not None:
            if (await session.execute(select(Jam.id).where(Jam.slug == slug))).first():
                raise ActionError(ErrorCode.SLUG_TAKEN, "another jam has this slug", "slug")
            chosen = slug
        else:
            chosen = await _free_slug(session, validation.slugify(title))
        jam = Jam(
            slug=chosen,
            title=title,
            description=description,
            starts_at=as_utc(starts_at),
            ends_at=as_utc(ends_at),
            created_by=actor.user_id,
        )
        session.add(jam)
        await session.flush()
        assert jam.id is not None
        for position, draft in enumerate(drafts):
            session.add(
                Forum(jam_id=jam.id, title=draft.title, question=draft.question, position=position)
            )
        for user_id in moderator_ids or []:
            await _make_moderator(session, jam.id, user_id, "moderatorIds")
        remember(session, actor.user_id, "createJam", key, jam.id)
        await audit(
            session,
            actor_id=actor.user_id,
            action="jam.create",
            subject_type="jam",
            subject_id=jam.id,
            jam_id=jam.id,
        )
        await record_event(
            session, EventKind.JAM_CREATED, jam_id=jam.id, subject_id=jam.id, actor_id=actor.user_id
        )
        return jam

    return await rt.db.write(work)


async def update_jam(
    rt: Runtime,
    actor: Actor,
    jam_id: int,
    *,
    title: str | None = None,
    description: str | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    close: bool = False,
    now: datetime | None = None,
) -> Jam:
    """Edit a jam. Moving ``ends_at`` later extends it (also re-opening an ended jam);
    ``close`` ends it now. The start can only move while the jam has not started."""
    if title is not None:
        validation.text(title, "title", max_length=validation.TITLE_MAX)
    if description is not None:
        validation.text(
            description, "description", max_length=validation.DESCRIPTION_MAX, required=False
        )
    if close and ends_at is not None:
        raise validation.invalid("close", "either close the jam or set a new end, not both")

    async def work(session: AsyncSession) -> Jam:
        current = as_utc(now or utcnow())
        jam = await require_moderator(session, actor, jam_id)
        changes: dict[str, str] = {}
        if starts_at is not None and as_utc(starts_at) != jam.starts_at:
            if phase(jam, current) is not JamPhase.SCHEDULED:
                raise validation.invalid("startsAt", "the start cannot move once the jam began")
            jam.starts_at = as_utc(starts_at)
            changes["startsAt"] = jam.starts_at.isoformat()
        if ends_at is not None and as_utc(ends_at) != jam.ends_at:
            if as_utc(ends_at) <= current:
                raise validation.invalid(
                    "endsAt", "the new end must be in the future; to end the jam now, close it"
                )
            jam.ends_at = as_utc(ends_at)
            changes["endsAt"] = jam.ends_at.isoformat()
        if close:
            if phase(jam, current) is JamPhase.CLOSED:
                raise ActionError(ErrorCode.JAM_NOT_LIVE, "this jam has already ended", "close")
            jam.starts_at = min(jam.starts_at, current)
            jam.ends_at = current
            changes["closedAt"] = current.isoformat()
        validation.period(jam.starts_at, jam.ends_at)
        if title is not None:
            jam.title = title
            changes["title"] = title
        if description is not None:
            jam.description = description
            changes["description"] = "changed"
        if not changes:
            return jam
        jam.updated_at = current
        session.add(jam)
        await audit(
            session,
            actor_id=actor.user_id,
            action="jam.close" if close else "jam.update",
            subject_type="jam",
            subject_id=jam.id,
            jam_id=jam.id,
            **changes,
        )
        await record_event(
            session,
            EventKind.JAM_UPDATED,
            jam_id=jam.id,
            subject_id=jam.id,
            actor_id=actor.user_id,
            changed=changes,
        )
        if close:
            await _analyse_final_votes(session, jam)
        return jam

    return await rt.db.write(work)


async def _analyse_final_votes(session: AsyncSession, jam: Jam) -> None:
    """Queue the opinion groups of a jam that has just closed, once per close: a moderator's
    close queues them at once, and the worker noticing the same close by the clock later finds
    that job (made since the jam last changed) and adds none."""
    assert jam.id is not None
    since = (
        await session.execute(
            select(Job.id).where(
                Job.jam_id == jam.id,
                Job.kind == JobKind.OPINIONS.value,
                Job.reason == "closed",
                col(Job.created_at) >= jam.updated_at,
            )
        )
    ).first()
    if since is None:
        await queue_job(session, JobKind.OPINIONS, jam.id, reason="closed", requested_by=None)


async def record_clock_change(rt: Runtime, jam_id: int, now_phase: JamPhase) -> None:
    """The worker's note that a jam opened or closed by its clock (nothing else changed). A
    jam that closed gets its opinion groups computed from its final votes."""

    async def work(session: AsyncSession) -> None:
        await record_event(
            session, EventKind.JAM_UPDATED, jam_id=jam_id, subject_id=jam_id, phase=now_phase.value
        )
        jam = await session.get(Jam, jam_id)
        if now_phase is JamPhase.CLOSED and jam is not None:
            await _analyse_final_votes(session, jam)

    await rt.db.write(work)


async def add_forum(
    rt: Runtime,
    actor: Actor,
    jam_id: int,
    *,
    title: str,
    question: str = "",
    idempotency_key: str | None = None,
) -> Forum:
    _check_forum(ForumDraft(title, question), "input")
    key = validation.idempotency_key(idempotency_key)

    async def work(session: AsyncSession) -> Forum:
        earlier = await replayed(session, actor.user_id, "addForum", key)
        if earlier is not None:
            existing = await session.get(Forum, earlier)
            assert existing is not None
            return existing
        await require_moderator(session, actor, jam_id)
        count = len((await session.execute(select(Forum.id).where(Forum.jam_id == jam_id))).all())
        forum = Forum(jam_id=jam_id, title=title, question=question, position=count)
        session.add(forum)
        await session.flush()
        assert forum.id is not None
        remember(session, actor.user_id, "addForum", key, forum.id)
        await record_event(
            session,
            EventKind.FORUM_ADDED,
            jam_id=jam_id,
            subject_id=forum.id,
            actor_id=actor.user_id,
        )
        await audit(
            session,
            actor_id=actor.user_id,
            action="forum.add",
            subject_type="forum",
            subject_id=forum.id,
            jam_id=jam_id,
        )
        return forum

    return await rt.db.write(work)


async def _make_moderator(
    session: AsyncSession, jam_id: int, user_id: int, field: str
) -> Membership:
    user = await session.get(User, user_id)
    if user is None:
        raise ActionError(ErrorCode.NOT_FOUND, "no such user", field)
    membership = await membership_of(session, jam_id, user_id)
    if membership is None:
        if user.kind == AccountKind.GUEST.value:
            raise ActionError(
                ErrorCode.FORBIDDEN, "a guest can moderate only a jam they were invited to", field
            )
        membership = Membership(jam_id=jam_id, user_id=user_id, role=JamRole.MODERATOR.value)
    membership.role = JamRole.MODERATOR.value
    session.add(membership)
    await session.flush()
    return membership


async def assign_moderator(rt: Runtime, actor: Actor, jam_id: int, user_id: int) -> Membership:
    """Make a user a moderator of a jam (administrators only)."""
    require_admin(actor)

    async def work(session: AsyncSession) -> Membership:
        await require_viewable_jam(session, actor, jam_id)
        membership = await _make_moderator(session, jam_id, user_id, "userId")
        await record_event(
            session,
            EventKind.MODERATOR_ASSIGNED,
            jam_id=jam_id,
            subject_id=user_id,
            actor_id=actor.user_id,
        )
        await audit(
            session,
            actor_id=actor.user_id,
            action="moderator.assign",
            subject_type="user",
            subject_id=user_id,
            jam_id=jam_id,
        )
        return membership

    return await rt.db.write(work)


async def create_invitation(
    rt: Runtime,
    actor: Actor,
    jam_id: int,
    *,
    max_uses: int | None = None,
    expires_at: datetime | None = None,
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> Invitation:
    """An invitation code that lets outside guests join this one jam."""
    if max_uses is not None and not 1 <= max_uses <= 100_000:
        raise validation.invalid("maxUses", "maxUses must be between 1 and 100000")
    if expires_at is not None and as_utc(expires_at) <= as_utc(now or utcnow()):
        raise validation.invalid("expiresAt", "the expiry must be in the future")
    key = validation.idempotency_key(idempotency_key)

    async def work(session: AsyncSession) -> Invitation:
        earlier = await replayed(session, actor.user_id, "createInvitation", key)
        if earlier is not None:
            existing = await session.get(Invitation, earlier)
            assert existing is not None
            return existing
        await require_moderator(session, actor, jam_id)
        invitation = Invitation(
            jam_id=jam_id,
            code=new_invitation_code(),
            created_by=actor.user_id,
            max_uses=max_uses,
            expires_at=as_utc(expires_at) if expires_at else None,
        )
        session.add(invitation)
        await session.flush()
        assert invitation.id is not None
        remember(session, actor.user_id, "createInvitation", key, invitation.id)
        await audit(
            session,
            actor_id=actor.user_id,
            action="invitation.create",
            subject_type="invitation",
            subject_id=invitation.id,
            jam_id=jam_id,
        )
        return invitation

    return await rt.db.write(work)


# One answer for a missing, wrong, used-up or expired code and for a jam that does not exist.
INVITATION_NOT_VALID = (
    "no valid invitation code for this jam (guests join with the code they were given; "
    "it may be unknown, used up or expired)"
)


async def redeem_invitation(
    session: AsyncSession,
    user_id: int,
    code: str,
    kind: AccountKind,
    *,
    jam_id: int | None = None,
) -> Membership:
    """Join the invitation's jam; the code must exist, be unexpired, have uses left and (when
    ``jam_id`` is given) belong to that jam."""
    found = await session.execute(select(Invitation).where(Invitation.code == code.upper()))
    invitation = found.scalar_one_or_none()
    now = utcnow()
    if (
        invitation is None
        or invitation.revoked_at is not None
        or (jam_id is not None and invitation.jam_id != jam_id)
        or (invitation.expires_at is not None and invitation.expires_at <= now)
        or (invitation.max_uses is not None and invitation.uses >= invitation.max_uses)
    ):
        raise ActionError(ErrorCode.INVALID_INVITATION, INVITATION_NOT_VALID, "invitationCode")
    assert invitation.id is not None
    existing = await membership_of(session, invitation.jam_id, user_id)
    if existing is not None:
        return existing
    await session.execute(
        update(Invitation)
        .where(col(Invitation.id) == invitation.id)
        .values(uses=col(Invitation.uses) + 1)
    )
    membership = Membership(
        jam_id=invitation.jam_id,
        user_id=user_id,
        role=JamRole.PARTICIPANT.value,
        invitation_id=invitation.id,
    )
    session.add(membership)
    await session.flush()
    await audit(
        session,
        actor_id=user_id,
        action="jam.join",
        subject_type="membership",
        subject_id=membership.id,
        jam_id=invitation.jam_id,
        invitation=invitation.id,
        kind=kind.value,
    )
    await record_event(
        session,
        EventKind.MEMBER_JOINED,
        jam_id=invitation.jam_id,
        subject_id=user_id,
        actor_id=user_id,
        guest=kind is AccountKind.GUEST,
    )
    return membership


async def join_jam(
    rt: Runtime, actor: Actor, jam_id: int | None, *, invitation_code: str | None = None
) -> Membership:
    """Become a participant. Employees join any jam; guests need a code for this jam.
    Joining twice returns the existing membership. A guest is told the same about a jam that
    does not exist as about one they are not invited to (no probing for jams).

    Without ``jam_id`` the code says which jam: a guest invited to a second jam cannot see
    it (nor its id) before joining, only the code in their invitation."""
    code = invitation_code.strip() if invitation_code and invitation_code.strip() else None
    if jam_id is None:
        if code is None:
            raise ActionError(ErrorCode.INVALID_INVITATION, INVITATION_NOT_VALID, "invitationCode")
        return await rt.db.write(
            lambda session: redeem_invitation(session, actor.user_id, code, actor.kind)
        )

    async def work(session: AsyncSession) -> Membership:
        jam = await session.get(Jam, jam_id)
        if jam is None and not actor.is_guest:
            raise ActionError(ErrorCode.NOT_FOUND, "no such jam", "jamId")
        existing = await membership_of(session, jam_id, actor.user_id)
        if existing is not None:
            return existing
        if actor.is_guest or code is not None:
            if code is None:
                raise ActionError(
                    ErrorCode.INVALID_INVITATION, INVITATION_NOT_VALID, "invitationCode"
                )
            return await redeem_invitation(session, actor.user_id, code, actor.kind, jam_id=jam_id)
        membership = Membership(jam_id=jam_id, user_id=actor.user_id)
        session.add(membership)
        await session.flush()
        await audit(
            session,
            actor_id=actor.user_id,
            action="jam.join",
            subject_type="membership",
            subject_id=membership.id,
            jam_id=jam_id,
        )
        await record_event(
            session,
            EventKind.MEMBER_JOINED,
            jam_id=jam_id,
            subject_id=actor.user_id,
            actor_id=actor.user_id,
        )
        return membership

    return await rt.db.write(work)
