"""Merges in the API: proposing, consenting, deciding, undoing, and suggested pairs."""

from __future__ import annotations

from datetime import datetime

import strawberry

from jam.actions import merges as actions
from jam.api.context import Info
from jam.api.errors import UserError, bad_input, payload
from jam.api.ids import id_or_none, parse_id
from jam.api.types import Idea, User
from jam.models import IdeaMerge, MergeStatus
from jam.queries import merges as queries

strawberry.enum(MergeStatus, name="MergeStatus")


@strawberry.type(description="A proposal to merge one idea (the source) into another.")
class Merge:
    id: strawberry.ID
    status: MergeStatus
    note: str = strawberry.field(description="The moderator's reason, shown to the author.")
    answer_note: str = strawberry.field(description="What the author said when answering.")
    score: float | None = strawberry.field(description="How alike the ideas are, if suggested.")
    created_at: datetime
    deadline: datetime = strawberry.field(
        description="Until then only the author decides; after it, a moderator may."
    )
    merged_at: datetime | None
    unmerged_at: datetime | None
    _model: strawberry.Private[IdeaMerge]

    async def _idea(self, info: Info, idea_id: int) -> Idea | None:
        idea = await info.context.loaders.ideas.load(idea_id)
        return Idea.of(idea) if idea is not None else None

    @strawberry.field(description="The idea merged away (its author is asked).")
    async def source(self, info: Info) -> Idea | None:
        return await self._idea(info, self._model.source_id)

    @strawberry.field(description="The idea it joins.")
    async def target(self, info: Info) -> Idea | None:
        return await self._idea(info, self._model.target_id)

    @strawberry.field
    async def proposed_by(self, info: Info) -> User:
        user = await info.context.loaders.users.load(self._model.proposed_by)
        assert user is not None
        return User.of(user)

    @classmethod
    def of(cls, merge: IdeaMerge) -> Merge:
        return cls(
            id=strawberry.ID(str(merge.id)),
            status=MergeStatus(merge.status),
            note=merge.note,
            answer_note=merge.answer_note,
            score=merge.score,
            created_at=merge.created_at,
            deadline=merge.deadline,
            merged_at=merge.merged_at,
            unmerged_at=merge.unmerged_at,
            _model=merge,
        )

    @staticmethod
    async def of_jam(info: Info, jam_id: int, status: MergeStatus | None) -> list[Merge]:
        actor = info.context.require_actor()
        rows = await bad_input(queries.merges_of(info.context.rt, actor, jam_id, status=status))
        return [Merge.of(row) for row in rows]


@strawberry.type(description="Two ideas that read alike: merge the newer into the older?")
class MergeSuggestion:
    source: Idea
    target: Idea
    score: float

    @staticmethod
    async def of_jam(info: Info, jam_id: int, limit: int) -> list[MergeSuggestion]:
        actor = info.context.require_actor()
        found = await bad_input(
            queries.merge_suggestions(info.context.rt, actor, jam_id, limit=limit)
        )
        return [
            MergeSuggestion(source=Idea.of(s.source), target=Idea.of(s.target), score=s.score)
            for s in found
        ]


@strawberry.input
class ProposeMergeInput:
    source_id: strawberry.ID
    target_id: strawberry.ID
    note: str | None = None
    score: float | None = None


@strawberry.input
class AnswerMergeInput:
    merge_id: strawberry.ID
    accept: bool
    note: str | None = None


@strawberry.input
class DecideMergeInput:
    merge_id: strawberry.ID
    merge: bool = strawberry.field(
        description="true: merge now (after the deadline); false: withdraw the proposal."
    )


@strawberry.input
class UnmergeInput:
    merge_id: strawberry.ID


@strawberry.type
class MergePayload:
    merge: Merge | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class MergesQuery:
    @strawberry.field(description="A merge, for its moderators and the author asked.")
    async def merge(self, info: Info, id: strawberry.ID) -> Merge | None:
        actor = info.context.require_actor()
        merge_id = id_or_none(id)
        if merge_id is None:
            return None
        found = await queries.merge_for(info.context.rt, actor, merge_id)
        return Merge.of(found) if found else None


@strawberry.type
class MergesMutation:
    @strawberry.mutation(
        description="Ask the author of the source idea to let it merge into the target "
        "(moderators); a moderator's own idea merges at once."
    )
    async def propose_merge(self, info: Info, input: ProposeMergeInput) -> MergePayload:
        actor = info.context.require_actor()

        async def run() -> Merge:
            merge = await actions.propose_merge(
                info.context.rt,
                actor,
                parse_id(input.source_id, "sourceId"),
                parse_id(input.target_id, "targetId"),
                note=input.note,
                score=input.score,
            )
            return Merge.of(merge)

        return await payload(MergePayload, "merge", run())

    @strawberry.mutation(description="The source idea's author accepts or declines a merge.")
    async def answer_merge(self, info: Info, input: AnswerMergeInput) -> MergePayload:
        actor = info.context.require_actor()

        async def run() -> Merge:
            merge = await actions.answer_merge(
                info.context.rt,
                actor,
                parse_id(input.merge_id, "mergeId"),
                accept=input.accept,
                note=input.note,
            )
            return Merge.of(merge)

        return await payload(MergePayload, "merge", run())

    @strawberry.mutation(
        description="After an unanswered deadline, merge or drop; before it, withdraw."
    )
    async def decide_merge(self, info: Info, input: DecideMergeInput) -> MergePayload:
        actor = info.context.require_actor()

        async def run() -> Merge:
            merge = await actions.decide_merge(
                info.context.rt, actor, parse_id(input.merge_id, "mergeId"), merge_now=input.merge
            )
            return Merge.of(merge)

        return await payload(MergePayload, "merge", run())

    @strawberry.mutation(description="Undo a merge exactly (moderators).")
    async def unmerge(self, info: Info, input: UnmergeInput) -> MergePayload:
        actor = info.context.require_actor()

        async def run() -> Merge:
            merge_id = parse_id(input.merge_id, "mergeId")
            merge = await actions.unmerge(info.context.rt, actor, merge_id)
            return Merge.of(merge)

        return await payload(MergePayload, "merge", run())
