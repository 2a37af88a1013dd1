"""People in the API: the viewer's profile, removing moderators, a jam's invitation codes and
revoking them, the analyst role."""

from __future__ import annotations

from datetime import datetime

import strawberry

from jam.actions import people as actions
from jam.api.context import Info
from jam.api.errors import UserError, bad_input, payload
from jam.api.ids import parse_id
from jam.api.jams import MembershipPayload
from jam.api.types import Membership, User
from jam.models import GlobalRole
from jam.models import Invitation as InvitationModel
from jam.models import User as UserModel
from jam.queries import people as queries
from jam.timeutil import utcnow


@strawberry.type(description="The viewer's own profile.")
class Profile:
    display_name: str
    org_unit: str | None = strawberry.field(description="Organisational unit (≤ 100 characters).")
    country: str | None = strawberry.field(description="ISO 3166-1 alpha-2 code, upper-case.")

    @classmethod
    def of(cls, user: UserModel) -> Profile:
        return cls(display_name=user.display_name, org_unit=user.org_unit, country=user.country)


@strawberry.type(description="An invitation code of a jam, as its moderators see it.")
class JamInvitation:
    id: strawberry.ID
    code: str
    uses: int
    max_uses: int | None
    expires_at: datetime | None
    revoked_at: datetime | None
    created_at: datetime
    _created_by: strawberry.Private[int]

    @strawberry.field(
        description="Whether the code still lets guests join (not revoked, not expired, uses "
        "left)."
    )
    def active(self) -> bool:
        return (
            self.revoked_at is None
            and (self.expires_at is None or self.expires_at > utcnow())
            and (self.max_uses is None or self.uses < self.max_uses)
        )

    @strawberry.field
    async def created_by(self, info: Info) -> User | None:
        user = await info.context.loaders.users.load(self._created_by)
        return User.of(user) if user else None

    @classmethod
    def of(cls, invitation: InvitationModel) -> JamInvitation:
        return cls(
            id=strawberry.ID(str(invitation.id)),
            code=invitation.code,
            uses=invitation.uses,
            max_uses=invitation.max_uses,
            expires_at=invitation.expires_at,
            revoked_at=invitation.revoked_at,
            created_at=invitation.created_at,
            _created_by=invitation.created_by,
        )


@strawberry.type
class PeopleQuery:
    @strawberry.field(description="The signed-in person's profile, or null.")
    def profile(self, info: Info) -> Profile | None:
        user = info.context.user
        return Profile.of(user) if user else None

    @strawberry.field(
        description="The jam's invitation codes, newest first, revoked ones included "
        f"(moderators only; at most {queries.INVITATIONS_MAX})."
    )
    async def invitations(self, info: Info, jam_id: strawberry.ID) -> list[JamInvitation]:
        actor = info.context.require_actor()

        async def read() -> list[InvitationModel]:
            return await queries.invitations(info.context.rt, actor, parse_id(jam_id, "jamId"))

        return [JamInvitation.of(i) for i in await bad_input(read())]


# --- mutations ----------------------------------------------------------------------------


@strawberry.input
class UpdateProfileInput:
    display_name: str | None = strawberry.field(default=None, description="Leave out to keep.")
    org_unit: str | None = strawberry.field(
        default=None, description="Leave out to keep; an empty string clears it."
    )
    country: str | None = strawberry.field(
        default=None,
        description="An ISO 3166-1 alpha-2 code (any case); leave out to keep; empty clears.",
    )


@strawberry.type
class ProfilePayload:
    user: User | None = None
    profile: Profile | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class RemoveModeratorInput:
    jam_id: strawberry.ID
    user_id: strawberry.ID


@strawberry.input
class RevokeInvitationInput:
    code: str


@strawberry.type
class RevokeInvitationPayload:
    invitation: JamInvitation | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class SetUserRoleInput:
    user_id: strawberry.ID
    role: GlobalRole = strawberry.field(description="MEMBER or ANALYST.")


@strawberry.type
class UserPayload:
    user: User | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PeopleMutation:
    @strawberry.mutation(description="Change the viewer's own name, unit or country.")
    async def update_profile(self, info: Info, input: UpdateProfileInput) -> ProfilePayload:
        actor = info.context.require_actor()

        async def run() -> ProfilePayload:
            user = await actions.update_profile(
                info.context.rt,
                actor,
                display_name=input.display_name,
                org_unit=input.org_unit,
                country=input.country,
            )
            return ProfilePayload(user=User.of(user), profile=Profile.of(user))

        return await payload(ProfilePayload, None, run())

    @strawberry.mutation(
        description="Administrators make a moderator of a jam a participant again (CONFLICT "
        "when they are not one); their coming shifts are cancelled, a running one ends now."
    )
    async def remove_moderator(
        self, info: Info, input: RemoveModeratorInput
    ) -> MembershipPayload:
        actor = info.context.require_actor()

        async def run() -> Membership:
            membership = await actions.remove_moderator(
                info.context.rt,
                actor,
                parse_id(input.jam_id, "jamId"),
                parse_id(input.user_id, "userId"),
            )
            return Membership.of(membership)

        return await payload(MembershipPayload, "membership", run())

    @strawberry.mutation(
        description="Moderators stop an invitation code from letting anyone else join."
    )
    async def revoke_invitation(
        self, info: Info, input: RevokeInvitationInput
    ) -> RevokeInvitationPayload:
        actor = info.context.require_actor()

        async def run() -> JamInvitation:
            invitation = await actions.revoke_invitation(info.context.rt, actor, input.code)
            return JamInvitation.of(invitation)

        return await payload(RevokeInvitationPayload, "invitation", run())

    @strawberry.mutation(
        description="Administrators grant or take back the analyst role (MEMBER or ANALYST; "
        "administrators are neither made nor changed here: FORBIDDEN)."
    )
    async def set_user_role(self, info: Info, input: SetUserRoleInput) -> UserPayload:
        actor = info.context.require_actor()

        async def run() -> User:
            user = await actions.set_global_role(
                info.context.rt, actor, parse_id(input.user_id, "userId"), input.role
            )
            return User.of(user)

        return await payload(UserPayload, "user", run())
