"""Accounts in the API: signing up, in and out, and who the viewer is."""
from __future__ import annotations

import strawberry

from jam import actions
from jam.api.context import Info
from jam.api.errors import UserError, payload
from jam.api.types import User


@strawberry.input
class RegisterInput:
    email: str
    password: str
    display_name: str
    invitation_code: str | None = strawberry.field(
        default=None, description="Required for guests from outside the organisation."
    )


@strawberry.input
class LoginInput:
    email: str
    password: str


@strawberry.type
class AuthPayload:
    user: User | None = None
    token: str | None = strawberry.field(
        default=None,
        description="Session token for `Authorization: Bearer`; browsers also get a cookie.",
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LogoutPayload:
    ok: bool
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="The signed-in person, or null.")
    def viewer(self, info: Info) -> User | None:
        user = info.context.user
        return User.of(user) if user else None


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(description="Sign up; guests need an invitation code.")
    async def register(self, info: Info, input: RegisterInput) -> AuthPayload:
        async def run() -> AuthPayload:
            signed_in = await actions.register(
                info.context.rt,
                email=input.email,
                password=input.password,
                display_name=input.display_name,
                invitation_code=input.invitation_code,
            )
            info.context.set_session_cookie(signed_in.token)
            return AuthPayload(user=User.of(signed_in.user), token=signed_in.token)

        return await payload(AuthPayload, None, run())

    @strawberry.mutation
    async def login(self, info: Info, input: LoginInput) -> AuthPayload:
        async def run() -> AuthPayload:
            signed_in = await actions.login(
                info.context.rt, email=input.email, password=input.password
            )
            info.context.set_session_cookie(signed_in.token)
            return AuthPayload(user=User.of(signed_in.user), token=signed_in.token)

        return await payload(AuthPayload, None, run())

    @strawberry.mutation(description="End the current session.")
    async def logout(self, info: Info) -> LogoutPayload:
        info.context.require_actor()
        assert info.context.token is not None
        ended = await actions.logout(info.context.rt, info.context.token)
        info.context.clear_session_cookie()
        return LogoutPayload(ok=ended)

