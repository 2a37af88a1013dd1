"""Accounts in the API: signing up, in and out, and who the viewer is."""

from __future__ import annotations

from enum import Enum

import strawberry

from jam.actions import accounts as account_actions
from jam.api.context import Info
from jam.api.errors import UserError, payload
from jam.api.limits import mark_refused
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


@strawberry.type(description="A request whose next step arrives by mail.")
class MailSentPayload:
    ok: bool = False
    message: str | None = strawberry.field(default=None, description="What happens next.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class VerifyEmailPayload:
    user: User | None = strawberry.field(
        default=None, description="The account whose address is now verified."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LogoutPayload:
    ok: bool
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.enum(description="Who may sign up (the deployment's `JAM_REGISTRATION`).")
class RegistrationMode(Enum):
    INVITATION = "invitation"
    OPEN = "open"
    OFF = "off"


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="The signed-in person, or null.")
    def viewer(self, info: Info) -> User | None:
        user = info.context.user
        return User.of(user) if user else None

    @strawberry.field(
        description="Who may sign up here: only with an invitation code (as a guest), also "
        "employees with their work address, or nobody."
    )
    def registration(self, info: Info) -> RegistrationMode:
        return RegistrationMode(info.context.rt.settings.registration)

    @strawberry.field(
        description="A line the deployment shows on its sign-in page (`JAM_SIGN_IN_HINT`; the "
        "demo lists its logins there), or null."
    )
    def sign_in_hint(self, info: Info) -> str | None:
        return info.context.rt.settings.sign_in_hint or None


def _client_address(info: Info) -> str | None:
    """The caller's address as the server sees it (behind a proxy: run uvicorn with
    ``--proxy-headers`` and ``--forwarded-allow-ips`` so this is the real client)."""
    request = info.context.request
    client = request.client if request is not None else None
    return client.host if client is not None else None


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(
        description="Sign up. The answer is the same whether or not the address has an account: "
        "look in the mailbox for what comes next, then `login`. New accounts are guests until "
        "their address is verified (`verifyEmail`); guests need an invitation code."
    )
    async def register(self, info: Info, input: RegisterInput) -> MailSentPayload:
        async def run() -> MailSentPayload:
            await account_actions.register(
                info.context.rt,
                email=input.email,
                password=input.password,
                display_name=input.display_name,
                invitation_code=input.invitation_code,
                client=_client_address(info),
            )
            return MailSentPayload(
                ok=True,
                message="Thanks. We sent a message to this address: follow it to continue.",
            )

        return await payload(MailSentPayload, None, run())

    @strawberry.mutation(
        description="Sign in. Failed attempts are limited per account and per client address "
        "(`RATE_LIMITED`, with when to retry in the message)."
    )
    async def login(self, info: Info, input: LoginInput) -> AuthPayload:
        async def run() -> AuthPayload:
            signed_in = await account_actions.login(
                info.context.rt,
                email=input.email,
                password=input.password,
                client=_client_address(info),
            )
            info.context.set_session_cookie(signed_in.token)
            return AuthPayload(user=User.of(signed_in.user), token=signed_in.token)

        answer = await payload(AuthPayload, None, run())
        if answer.errors:
            # A failed sign-in is answered late (jam.api.limits.RefusalDelay): password
            # guessing in a loop gets one answer a second per connection.
            mark_refused(info.context.request)
        return answer

    @strawberry.mutation(description="End the current session.")
    async def logout(self, info: Info) -> LogoutPayload:
        info.context.require_actor()
        assert info.context.token is not None
        ended = await account_actions.logout(info.context.rt, info.context.token)
        info.context.clear_session_cookie()
        return LogoutPayload(ok=ended)

    @strawberry.mutation(
        description="Mail the signed-in person a new link that verifies their address "
        "(`ok: false` when it is verified already)."
    )
    async def request_email_verification(self, info: Info) -> MailSentPayload:
        actor = info.context.require_actor()

        async def run() -> MailSentPayload:
            sent = await account_actions.request_email_verification(info.context.rt, actor)
            if not sent:
                return MailSentPayload(ok=False, message="Your address is verified already.")
            return MailSentPayload(ok=True, message="We sent you a link: follow it to verify.")

        return await payload(MailSentPayload, None, run())

    @strawberry.mutation(
        description="Follow a verification link: the address is verified, and an account on an "
        "employee domain becomes an employee."
    )
    async def verify_email(self, info: Info, token: str) -> VerifyEmailPayload:
        async def run() -> User:
            return User.of(await account_actions.verify_email(info.context.rt, token))

        return await payload(VerifyEmailPayload, "user", run())

    @strawberry.mutation(
        description="Mail a password-reset link to this address if it has an account; the "
        "answer is the same if it has none."
    )
    async def request_password_reset(self, info: Info, email: str) -> MailSentPayload:
        async def run() -> MailSentPayload:
            await account_actions.request_password_reset(
                info.context.rt, email, client=_client_address(info)
            )
            return MailSentPayload(
                ok=True,
                message="If this address has an account, we sent it a link to reset the password.",
            )

        return await payload(MailSentPayload, None, run())

    @strawberry.mutation(
        description="Set a new password with a reset link (it works once). Every other session "
        "of the account ends; the answer signs in."
    )
    async def reset_password(self, info: Info, token: str, new_password: str) -> AuthPayload:
        async def run() -> AuthPayload:
            signed_in = await account_actions.reset_password(
                info.context.rt, token=token, new_password=new_password
            )
            info.context.set_session_cookie(signed_in.token)
            return AuthPayload(user=User.of(signed_in.user), token=signed_in.token)

        return await payload(AuthPayload, None, run())
