"""Jams in the API: creating and steering them, forums, moderators, invitations, joining."""
from __future__ import annotations

from datetime import datetime

import strawberry

from jam import actions, validation
from jam.api.context import Info
from jam.api.errors import UserError, payload
from jam.api.ids import parse_id
from jam.api.types import Forum, Invitation, Jam, Membership
from jam.queries import jams as jam_queries


@strawberry.input
class ForumInput:
    title: str
    question: str = ""


@strawberry.input
class CreateJamInput:
    title: str
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    slug: str | None = None
    forums: list[ForumInput] = strawberry.field(default_factory=list)
    moderator_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    idempotency_key: str | None = None


@strawberry.input
class UpdateJamInput:
    jam_id: strawberry.ID
    title: str | None = None
    description: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = strawberry.field(
        default=None, description="A later end extends the jam (and re-opens an ended one)."
    )
    close: bool = strawberry.field(default=False, description="End the jam now.")


@strawberry.type
class JamPayload:
    jam: Jam | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class AddForumInput:
    jam_id: strawberry.ID
    title: str
    question: str = ""
    idempotency_key: str | None = None


@strawberry.type
class ForumPayload:
    forum: Forum | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class AssignModeratorInput:
    jam_id: strawberry.ID
    user_id: strawberry.ID


@strawberry.type
class MembershipPayload:
    membership: Membership | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class CreateInvitationInput:
    jam_id: strawberry.ID
    max_uses: int | None = None
    expires_at: datetime | None = None
    idempotency_key: str | None = None


@strawberry.type
class InvitationPayload:
    invitation: Invitation | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class JoinJamInput:
    jam_id: strawberry.ID | None = strawberry.field(
        default=None, description="Leave out to join the jam of `invitationCode`."
    )
    invitation_code: str | None = None


def _moment(value: datetime | None, field: str) -> datetime | None:
    return None if value is None else validation.moment(value, field)


@strawberry.type
class JamsQuery:
    @strawberry.field(description="Jams the viewer can see, latest start first.")
    async def jams(self, info: Info) -> list[Jam]:
        actor = info.context.require_actor()
        return [Jam.of(j) for j in await jam_queries.visible_jams(info.context.rt, actor)]

    @strawberry.field
    async def jam(self, info: Info, slug: str) -> Jam | None:
        actor = info.context.require_actor()
        jam = await jam_queries.jam_by_slug(info.context.rt, actor, slug)
        return Jam.of(jam) if jam else None


@strawberry.type
class JamsMutation:
    @strawberry.mutation(description="Administrators create a jam with its forums.")
    async def create_jam(self, info: Info, input: CreateJamInput) -> JamPayload:
        actor = info.context.require_actor()

        async def run() -> Jam:
            moderator_ids = [parse_id(m, "moderatorIds") for m in input.moderator_ids]
            jam = await actions.create_jam(
                info.context.rt,
                actor,
                title=input.title,
                description=input.description,
                starts_at=validation.moment(input.starts_at, "startsAt"),
                ends_at=validation.moment(input.ends_at, "endsAt"),
                slug=input.slug,
                forums=[actions.ForumDraft(f.title, f.question) for f in input.forums],
                moderator_ids=moderator_ids,
                idempotency_key=input.idempotency_key,
            )
            return Jam.of(jam)

        return await payload(JamPayload, "jam", run())

    @strawberry.mutation(description="Moderators edit, extend (later endsAt) or close a jam.")
    async def update_jam(self, info: Info, input: UpdateJamInput) -> JamPayload:
        actor = info.context.require_actor()

        async def run() -> Jam:
            jam = await actions.update_jam(
                info.context.rt,
                actor,
                parse_id(input.jam_id, "jamId"),
                title=input.title,
                description=input.description,
                starts_at=_moment(input.starts_at, "startsAt"),
                ends_at=_moment(input.ends_at, "endsAt"),
                close=input.close,
            )
            return Jam.of(jam)

        return await payload(JamPayload, "jam", run())

    @strawberry.mutation
    async def add_forum(self, info: Info, input: AddForumInput) -> ForumPayload:
        actor = info.context.require_actor()

        async def run() -> Forum:
            forum = await actions.add_forum(
                info.context.rt,
                actor,
                parse_id(input.jam_id, "jamId"),
                title=input.title,
                question=input.question,
                idempotency_key=input.idempotency_key,
            )
            return Forum.of(forum)

        return await payload(ForumPayload, "forum", run())

    @strawberry.mutation(description="Administrators name a jam's moderators.")
    async def assign_moderator(self, info: Info, input: AssignModeratorInput) -> MembershipPayload:
        actor = info.context.require_actor()

        async def run() -> Membership:
            membership = await actions.assign_moderator(
                info.context.rt,
                actor,
                parse_id(input.jam_id, "jamId"),
                parse_id(input.user_id, "userId"),
            )
            return Membership.of(membership)

        return await payload(MembershipPayload, "membership", run())

    @strawberry.mutation(description="Moderators create a code that lets guests join this jam.")
    async def create_invitation(
        self, info: Info, input: CreateInvitationInput
    ) -> InvitationPayload:
        actor = info.context.require_actor()

        async def run() -> Invitation:
            invitation = await actions.create_invitation(
                info.context.rt,
                actor,
                parse_id(input.jam_id, "jamId"),
                max_uses=input.max_uses,
                expires_at=_moment(input.expires_at, "expiresAt"),
                idempotency_key=input.idempotency_key,
            )
            return Invitation.of(invitation)

        return await payload(InvitationPayload, "invitation", run())

    @strawberry.mutation(description="Join a jam (guests with an invitation code for it).")
    async def join_jam(self, info: Info, input: JoinJamInput) -> MembershipPayload:
        actor = info.context.require_actor()

        async def run() -> Membership:
            membership = await actions.join_jam(
                info.context.rt,
                actor,
                None if input.jam_id is None else parse_id(input.jam_id, "jamId"),
                invitation_code=input.invitation_code,
            )
            return Membership.of(membership)

        return await payload(MembershipPayload, "membership", run())

