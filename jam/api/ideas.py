"""Ideas in the API: posting, editing, hiding, comments and votes."""
from __future__ import annotations

import strawberry

from jam import actions
from jam.actions import featuring
from jam.api.context import Info
from jam.api.errors import UserError, payload
from jam.api.ids import id_or_none, parse_id
from jam.api.types import Comment, Idea
from jam.models import EditorialLabel
from jam.queries import ideas as idea_queries


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
    reason: str | None = strawberry.field(
        default=None, description="Told to the author (moderateItems requires one)."
    )


@strawberry.input
class PinIdeaInput:
    idea_id: strawberry.ID
    pinned: bool


@strawberry.input
class SetIdeaLabelsInput:
    idea_id: strawberry.ID
    labels: list[EditorialLabel]


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


@strawberry.type
class IdeasQuery:
    @strawberry.field(description="One idea with its comments; null if missing or hidden.")
    async def idea(self, info: Info, id: strawberry.ID) -> Idea | None:
        actor = info.context.require_actor()
        idea_id = id_or_none(id)
        if idea_id is None:
            return None
        idea = await idea_queries.idea_for(info.context.rt, actor, idea_id)
        return Idea.of(idea) if idea else None


@strawberry.type
class IdeasMutation:
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

        return await payload(IdeaPayload, "idea", run())

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

        return await payload(IdeaPayload, "idea", run())

    @strawberry.mutation(description="Moderators hide an idea from participants or show it.")
    async def set_idea_hidden(self, info: Info, input: SetIdeaHiddenInput) -> IdeaPayload:
        actor = info.context.require_actor()

        async def run() -> Idea:
            idea = await actions.set_idea_hidden(
                info.context.rt,
                actor,
                parse_id(input.idea_id, "ideaId"),
                hidden=input.hidden,
                reason=input.reason,
            )
            return Idea.of(idea)

        return await payload(IdeaPayload, "idea", run())

    @strawberry.mutation(description="Pin an idea at the top of its forum, or unpin it.")
    async def pin_idea(self, info: Info, input: PinIdeaInput) -> IdeaPayload:
        actor = info.context.require_actor()

        async def run() -> Idea:
            idea = await featuring.pin_idea(
                info.context.rt, actor, parse_id(input.idea_id, "ideaId"), pinned=input.pinned
            )
            return Idea.of(idea)

        return await payload(IdeaPayload, "idea", run())

    @strawberry.mutation(description="Give an idea exactly these editorial labels (moderators).")
    async def set_idea_labels(self, info: Info, input: SetIdeaLabelsInput) -> IdeaPayload:
        actor = info.context.require_actor()

        async def run() -> Idea:
            idea = await featuring.set_idea_labels(
                info.context.rt, actor, parse_id(input.idea_id, "ideaId"), input.labels
            )
            return Idea.of(idea)

        return await payload(IdeaPayload, "idea", run())

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

        return await payload(CommentPayload, "comment", run())

    @strawberry.mutation(
        description="Vote an idea up, down or pass (seen, no opinion); voting again changes "
        "the vote."
    )
    async def vote(self, info: Info, input: VoteInput) -> IdeaPayload:
        actor = info.context.require_actor()

        async def run() -> Idea:
            result = await actions.vote(
                info.context.rt, actor, parse_id(input.idea_id, "ideaId"), input.value
            )
            return Idea.of(result.idea)

        return await payload(IdeaPayload, "idea", run())

    @strawberry.mutation
    async def retract_vote(self, info: Info, input: RetractVoteInput) -> IdeaPayload:
        actor = info.context.require_actor()

        async def run() -> Idea:
            result = await actions.retract_vote(
                info.context.rt, actor, parse_id(input.idea_id, "ideaId")
            )
            return Idea.of(result.idea)

        return await payload(IdeaPayload, "idea", run())

