"""Mutations: parse ids, call one action, turn its ActionError into payload errors."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from jam import actions
from jam.actions import themes as theme_actions
from jam.actions.jobs import JobKind, request_analysis
from jam.api.context import Info
from jam.api.errors import attempt
from jam.api.ids import parse_id
from jam.api.jobs import Job
from jam.api.themes import ThemeSnapshot
from jam.api.types import Comment, Forum, Idea, Invitation, Jam, Membership, User, UserError
from jam.queries.themes import theme_snapshot_for


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
    jam_id: strawberry.ID
    invitation_code: str | None = None


@strawberry.input
class PostIdeaInput:
    forum_id: strawberry.ID
    title: str
    body: str
    tags: list[str] = strawberry.field(default_factory=list)
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retrying with the same key returns the first idea."
    )


@strawberry.input
class EditIdeaInput:
    idea_id: strawberry.ID
    title: str | None = None
    body: str | None = None
    tags: list[str] | None = None


@strawberry.input
class SetIdeaHiddenInput:
    idea_id: strawberry.ID
    hidden: bool


@strawberry.type
class IdeaPayload:
    idea: Idea | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class AddCommentInput:
    idea_id: strawberry.ID
    body: str
    parent_id: strawberry.ID | None = None
    idempotency_key: str | None = None


@strawberry.type
class CommentPayload:
    comment: Comment | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class VoteInput:
    idea_id: strawberry.ID
    value: actions.VoteValue


@strawberry.input
class RetractVoteInput:
    idea_id: strawberry.ID


@strawberry.input
class RenameThemeInput:
    jam_id: strawberry.ID
    theme_id: int
    label: str
    forum_id: strawberry.ID | None = strawberry.field(
        default=None, description="A forum's themes instead of the whole jam's."
    )


@strawberry.input
class MergeThemesInput:
    jam_id: strawberry.ID
    theme_id: int = strawberry.field(description="The theme that stays.")
    other_theme_id: int = strawberry.field(description="The theme folded into it.")
    forum_id: strawberry.ID | None = None


@strawberry.input
class SplitThemeInput:
    jam_id: strawberry.ID
    theme_id: int
    forum_id: strawberry.ID | None = None


@strawberry.input
class RecomputeThemesInput:
    jam_id: strawberry.ID


@strawberry.type
class ThemeSnapshotPayload:
    snapshot: ThemeSnapshot | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


async def _snapshot_payload(info: Info, run: Any) -> ThemeSnapshotPayload:
    async def load() -> ThemeSnapshot | None:
        snapshot = await run
        if snapshot is None:
            return None
        actor = info.context.require_actor()
        view = await theme_snapshot_for(info.context.rt, actor, snapshot.jam_id, snapshot.forum_id)
        return ThemeSnapshot.of(view) if view else None

    result, errors = await attempt(load())
    return ThemeSnapshotPayload(snapshot=result, errors=errors)


@strawberry.input
class AnalyseConnectorsInput:
    jam_id: strawberry.ID


@strawberry.type
class JobPayload:
    job: Job | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


async def _job_payload(info: Info, input_jam_id: strawberry.ID, kind: JobKind) -> JobPayload:
    actor = info.context.require_actor()

    async def run() -> Job:
        jam_id = parse_id(input_jam_id, "jamId")
        return Job.of(await request_analysis(info.context.rt, actor, jam_id, kind))

    job, errors = await attempt(run())
    return JobPayload(job=job, errors=errors)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Sign up; guests need an invitation code.")
    async def register(self, info: Info, input: RegisterInput) -> AuthPayload:
        signed_in, errors = await attempt(
            actions.register(
                info.context.rt,
                email=input.email,
                password=input.password,
                display_name=input.display_name,
                invitation_code=input.invitation_code,
            )
        )
        if signed_in is None:
            return AuthPayload(errors=errors)
        info.context.set_session_cookie(signed_in.token)
        return AuthPayload(user=User.of(signed_in.user), token=signed_in.token)

    @strawberry.mutation
    async def login(self, info: Info, input: LoginInput) -> AuthPayload:
        signed_in, errors = await attempt(
            actions.login(info.context.rt, email=input.email, password=input.password)
        )
        if signed_in is None:
            return AuthPayload(errors=errors)
        info.context.set_session_cookie(signed_in.token)
        return AuthPayload(user=User.of(signed_in.user), token=signed_in.token)

    @strawberry.mutation(description="End the current session.")
    async def logout(self, info: Info) -> LogoutPayload:
        info.context.require_actor()
        assert info.context.token is not None
        ended = await actions.logout(info.context.rt, info.context.token)
        info.context.clear_session_cookie()
        return LogoutPayload(ok=ended)

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
                starts_at=input.starts_at,
                ends_at=input.ends_at,
                slug=input.slug,
                forums=[actions.ForumDraft(f.title, f.question) for f in input.forums],
                moderator_ids=moderator_ids,
                idempotency_key=input.idempotency_key,
            )
            return Jam.of(jam)

        jam, errors = await attempt(run())
        return JamPayload(jam=jam, errors=errors)

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
                starts_at=input.starts_at,
                ends_at=input.ends_at,
                close=input.close,
            )
            return Jam.of(jam)

        jam, errors = await attempt(run())
        return JamPayload(jam=jam, errors=errors)

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

        forum, errors = await attempt(run())
        return ForumPayload(forum=forum, errors=errors)

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

        membership, errors = await attempt(run())
        return MembershipPayload(membership=membership, errors=errors)

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
                expires_at=input.expires_at,
                idempotency_key=input.idempotency_key,
            )
            return Invitation.of(invitation)

        invitation, errors = await attempt(run())
        return InvitationPayload(invitation=invitation, errors=errors)

    @strawberry.mutation(description="Join a jam (guests with an invitation code for it).")
    async def join_jam(self, info: Info, input: JoinJamInput) -> MembershipPayload:
        actor = info.context.require_actor()

        async def run() -> Membership:
            membership = await actions.join_jam(
                info.context.rt,
                actor,
                parse_id(input.jam_id, "jamId"),
                invitation_code=input.invitation_code,
            )
            return Membership.of(membership)

        membership, errors = await attempt(run())
        return MembershipPayload(membership=membership, errors=errors)

    @strawberry.mutation(description="Post an idea into a forum of a live jam.")
    async def post_idea(self, info: Info, input: PostIdeaInput) -> IdeaPayload:
        actor = info.context.require_actor()

        async def run() -> Idea:
            idea = await actions.post_idea(
                info.context.rt,
                actor,
                parse_id(input.forum_id, "forumId"),
                title=input.title,
                body=input.body,
                tags=input.tags,
                idempotency_key=input.idempotency_key,
            )
            return Idea.of(idea)

        idea, errors = await attempt(run())
        return IdeaPayload(idea=idea, errors=errors)

    @strawberry.mutation(description="Authors edit their own ideas while the jam is live.")
    async def edit_idea(self, info: Info, input: EditIdeaInput) -> IdeaPayload:
        actor = info.context.require_actor()

        async def run() -> Idea:
            idea = await actions.edit_idea(
                info.context.rt,
                actor,
                parse_id(input.idea_id, "ideaId"),
                title=input.title,
                body=input.body,
                tags=input.tags,
            )
            return Idea.of(idea)

        idea, errors = await attempt(run())
        return IdeaPayload(idea=idea, errors=errors)

    @strawberry.mutation(description="Moderators hide an idea from participants or show it.")
    async def set_idea_hidden(self, info: Info, input: SetIdeaHiddenInput) -> IdeaPayload:
        actor = info.context.require_actor()

        async def run() -> Idea:
            idea = await actions.set_idea_hidden(
                info.context.rt, actor, parse_id(input.idea_id, "ideaId"), hidden=input.hidden
            )
            return Idea.of(idea)

        idea, errors = await attempt(run())
        return IdeaPayload(idea=idea, errors=errors)

    @strawberry.mutation(description="Comment on an idea, or reply to one of its comments.")
    async def add_comment(self, info: Info, input: AddCommentInput) -> CommentPayload:
        actor = info.context.require_actor()

        async def run() -> Comment:
            parent = parse_id(input.parent_id, "parentId") if input.parent_id else None
            comment = await actions.add_comment(
                info.context.rt,
                actor,
                parse_id(input.idea_id, "ideaId"),
                body=input.body,
                parent_id=parent,
                idempotency_key=input.idempotency_key,
            )
            return Comment.of(comment)

        comment, errors = await attempt(run())
        return CommentPayload(comment=comment, errors=errors)

    @strawberry.mutation(description="Vote an idea up or down; voting again changes the vote.")
    async def vote(self, info: Info, input: VoteInput) -> IdeaPayload:
        actor = info.context.require_actor()

        async def run() -> Idea:
            result = await actions.vote(
                info.context.rt, actor, parse_id(input.idea_id, "ideaId"), input.value
            )
            return Idea.of(result.idea)

        idea, errors = await attempt(run())
        return IdeaPayload(idea=idea, errors=errors)

    @strawberry.mutation(description="Moderators rename a theme; the name survives refits.")
    async def rename_theme(self, info: Info, input: RenameThemeInput) -> ThemeSnapshotPayload:
        actor = info.context.require_actor()

        async def run() -> Any:
            forum = parse_id(input.forum_id, "forumId") if input.forum_id else None
            return await theme_actions.rename_theme(
                info.context.rt,
                actor,
                parse_id(input.jam_id, "jamId"),
                input.theme_id,
                input.label,
                forum,
            )

        return await _snapshot_payload(info, run())

    @strawberry.mutation(description="Moderators merge two themes; the merge survives refits.")
    async def merge_themes(self, info: Info, input: MergeThemesInput) -> ThemeSnapshotPayload:
        actor = info.context.require_actor()

        async def run() -> Any:
            forum = parse_id(input.forum_id, "forumId") if input.forum_id else None
            return await theme_actions.merge_themes(
                info.context.rt,
                actor,
                parse_id(input.jam_id, "jamId"),
                input.theme_id,
                input.other_theme_id,
                forum,
            )

        return await _snapshot_payload(info, run())

    @strawberry.mutation(description="Moderators split a theme in two; it stays split.")
    async def split_theme(self, info: Info, input: SplitThemeInput) -> ThemeSnapshotPayload:
        actor = info.context.require_actor()

        async def run() -> Any:
            forum = parse_id(input.forum_id, "forumId") if input.forum_id else None
            return await theme_actions.split_theme(
                info.context.rt, actor, parse_id(input.jam_id, "jamId"), input.theme_id, forum
            )

        return await _snapshot_payload(info, run())

    @strawberry.mutation(
        description="Analysts and moderators ask for a theme refit now; the worker does it."
    )
    async def recompute_themes(self, info: Info, input: RecomputeThemesInput) -> JobPayload:
        return await _job_payload(info, input.jam_id, JobKind.THEMES)

    @strawberry.mutation(
        description="Analysts and moderators ask for the network analysis now; the worker "
        "does it."
    )
    async def analyse_connectors(self, info: Info, input: AnalyseConnectorsInput) -> JobPayload:
        return await _job_payload(info, input.jam_id, JobKind.CONNECTORS)

    @strawberry.mutation
    async def retract_vote(self, info: Info, input: RetractVoteInput) -> IdeaPayload:
        actor = info.context.require_actor()

        async def run() -> Idea:
            result = await actions.retract_vote(
                info.context.rt, actor, parse_id(input.idea_id, "ideaId")
            )
            return Idea.of(result.idea)

        idea, errors = await attempt(run())
        return IdeaPayload(idea=idea, errors=errors)
