"""Moderation in the API: flags and the queue, hiding and restoring with reasons, muting,
members and the moderation log."""

from __future__ import annotations

import json
from datetime import datetime

import strawberry

from jam import actions
from jam.actions.moderation import Decision, ItemRef
from jam.api.context import Info
from jam.api.errors import UserError, bad_input, payload
from jam.api.ids import id_or_none, parse_id
from jam.api.types import Comment, Idea, PageInfo, User
from jam.models import AccountKind, AuditEvent, FlagReason, ItemKind, JamRole
from jam.models import Flag as FlagModel
from jam.models import Mute as MuteModel
from jam.queries import moderation as queries

strawberry.enum(Decision, name="ModerationDecision", description=Decision.__doc__)


def _id(value: int | None) -> strawberry.ID:
    return strawberry.ID(str(value))


@strawberry.type(description="A member's report of an idea or a comment.")
class Flag:
    id: strawberry.ID
    reason: FlagReason
    note: str
    created_at: datetime
    item_kind: ItemKind
    item_id: strawberry.ID

    @classmethod
    def of(cls, flag: FlagModel) -> Flag:
        return cls(
            id=_id(flag.id),
            reason=FlagReason(flag.reason),
            note=flag.note,
            created_at=flag.created_at,
            item_kind=ItemKind(flag.item_kind),
            item_id=_id(flag.item_id),
        )


@strawberry.type
class FlagReasonCount:
    reason: FlagReason
    count: int


@strawberry.type(description="One flagged item in the queue, with its open flags summed up.")
class QueueItem:
    id: strawberry.ID = strawberry.field(description='The item, as "<kind>:<id>".')
    kind: ItemKind
    item_id: strawberry.ID
    idea: Idea = strawberry.field(description="The idea, or the idea the comment is on.")
    comment: Comment | None
    flag_count: int
    reasons: list[FlagReasonCount]
    notes: list[str] = strawberry.field(description="What flaggers wrote, newest first (≤ 5).")
    first_flagged_at: datetime
    last_flagged_at: datetime

    @classmethod
    def of(cls, entry: queries.QueueEntry) -> QueueItem:
        return cls(
            id=strawberry.ID(f"{entry.kind.value}:{entry.item_id}"),
            kind=entry.kind,
            item_id=_id(entry.item_id),
            idea=Idea.of(entry.idea),
            comment=Comment.of(entry.comment, moderator=True) if entry.comment else None,
            flag_count=entry.flag_count,
            reasons=[
                FlagReasonCount(reason=reason, count=count)
                for reason, count in sorted(entry.reasons.items(), key=lambda rc: -rc[1])
            ],
            notes=entry.notes,
            first_flagged_at=entry.first_flagged_at,
            last_flagged_at=entry.last_flagged_at,
        )


@strawberry.type
class ModerationQueue:
    items: list[QueueItem]
    page_info: PageInfo
    total_count: int

    @classmethod
    async def load(
        cls,
        info: Info,
        jam_id: int,
        forum_id: strawberry.ID | None,
        kind: ItemKind | None,
        reason: FlagReason | None,
        first: int,
        after: str | None,
    ) -> ModerationQueue:
        actor = info.context.require_actor()
        spec = queries.QueueFilter(
            jam_id=jam_id,
            forum_id=id_or_none(forum_id) if forum_id is not None else None,
            kind=kind,
            reason=reason,
            first=first,
            after=after,
        )
        page = await bad_input(queries.moderation_queue(info.context.rt, actor, spec))
        return cls(
            items=[QueueItem.of(entry) for entry in page.entries],
            page_info=PageInfo(
                has_next_page=page.has_next_page,
                end_cursor=page.cursors[-1] if page.cursors else None,
            ),
            total_count=page.total_count,
        )


@strawberry.type(description="A member muted in a jam: they read but cannot take part.")
class Mute:
    id: strawberry.ID
    reason: str
    created_at: datetime
    ends_at: datetime
    lifted_at: datetime | None
    _user_id: strawberry.Private[int]

    @strawberry.field
    async def user(self, info: Info) -> User:
        user = await info.context.loaders.users.load(self._user_id)
        assert user is not None
        return User.of(user)

    @classmethod
    def of(cls, mute: MuteModel) -> Mute:
        return cls(
            id=_id(mute.id),
            reason=mute.reason,
            created_at=mute.created_at,
            ends_at=mute.ends_at,
            lifted_at=mute.lifted_at,
            _user_id=mute.user_id,
        )


@strawberry.type(description="A member of a jam, as its moderators see them.")
class JamMember:
    user: User
    role: JamRole
    joined_at: datetime
    org_unit: str | None
    country: str | None
    mute: Mute | None = strawberry.field(description="Their mute, while it lasts.")


@strawberry.type
class MemberConnection:
    nodes: list[JamMember]
    page_info: PageInfo
    total_count: int

    @classmethod
    async def load(
        cls,
        info: Info,
        jam_id: int,
        search: str | None,
        role: JamRole | None,
        kind: AccountKind | None,
        muted: bool | None,
        first: int,
        after: str | None,
    ) -> MemberConnection:
        actor = info.context.require_actor()
        spec = queries.MemberFilter(
            jam_id=jam_id,
            search=search,
            role=role,
            kind=kind.value if kind else None,
            muted=muted,
            first=first,
            after=after,
        )
        page = await bad_input(queries.members(info.context.rt, actor, spec))
        return cls(
            nodes=[_member(entry) for entry in page.entries],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
            total_count=page.total_count,
        )


def _member(entry: queries.MemberEntry) -> JamMember:
    return JamMember(
        user=User.of(entry.user),
        role=JamRole(entry.membership.role),
        joined_at=entry.membership.joined_at,
        org_unit=entry.user.org_unit,
        country=entry.user.country,
        mute=Mute.of(entry.mute) if entry.mute else None,
    )


@strawberry.type(description="One entry of a jam's moderation trail.")
class ModerationLogEntry:
    id: strawberry.ID
    at: datetime
    action: str = strawberry.field(description='e.g. "idea.hide", "flags.keep", "member.mute".')
    subject_type: str
    subject_id: strawberry.ID | None
    reason: str | None
    details: str = strawberry.field(description="The rest of what was recorded, as JSON.")
    _actor_id: strawberry.Private[int | None]

    @strawberry.field(description="Who did it; null when the flags did (automatic hiding).")
    async def actor(self, info: Info) -> User | None:
        if self._actor_id is None:
            return None
        user = await info.context.loaders.users.load(self._actor_id)
        return User.of(user) if user else None

    @classmethod
    def of(cls, event: AuditEvent) -> ModerationLogEntry:
        details = json.loads(event.details or "{}")
        reason = details.pop("reason", None)
        return cls(
            id=_id(event.id),
            at=event.at,
            action=event.action,
            subject_type=event.subject_type,
            subject_id=_id(event.subject_id) if event.subject_id is not None else None,
            reason=reason,
            details=json.dumps(details, ensure_ascii=False),
            _actor_id=event.actor_id,
        )


@strawberry.type
class ModerationLogConnection:
    nodes: list[ModerationLogEntry]
    page_info: PageInfo
    total_count: int
    actions: list[str] = strawberry.field(description="Every action the log can hold.")

    @classmethod
    async def load(
        cls,
        info: Info,
        jam_id: int,
        action: str | None,
        actor_id: strawberry.ID | None,
        first: int,
        after: str | None,
    ) -> ModerationLogConnection:
        actor = info.context.require_actor()
        spec = queries.LogFilter(
            jam_id=jam_id,
            action=action,
            actor_id=id_or_none(actor_id) if actor_id is not None else None,
            first=first,
            after=after,
        )
        page = await bad_input(queries.moderation_log(info.context.rt, actor, spec))
        return cls(
            nodes=[ModerationLogEntry.of(event) for event in page.entries],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
            total_count=page.total_count,
            actions=list(queries.LOG_ACTIONS),
        )


# --- mutations ----------------------------------------------------------------------------


@strawberry.input
class ItemInput:
    kind: ItemKind
    id: strawberry.ID


@strawberry.input
class FlagItemInput:
    item: ItemInput
    reason: FlagReason
    note: str | None = strawberry.field(default=None, description="Required for OTHER.")


@strawberry.type
class FlagPayload:
    flag: Flag | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class ModerateItemsInput:
    items: list[ItemInput]
    decision: Decision
    reason: str | None = strawberry.field(
        default=None, description="Required to hide or restore: the authors are told."
    )


@strawberry.type
class ModeratedItem:
    kind: ItemKind
    item_id: strawberry.ID
    idea: Idea
    comment: Comment | None


@strawberry.type
class ModerateItemsPayload:
    items: list[ModeratedItem] = strawberry.field(default_factory=list)
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class MuteMemberInput:
    jam_id: strawberry.ID
    user_id: strawberry.ID
    minutes: int
    reason: str


@strawberry.input
class LiftMuteInput:
    jam_id: strawberry.ID
    user_id: strawberry.ID


@strawberry.type
class MutePayload:
    mute: Mute | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


def _ref(item: ItemInput, field: str) -> ItemRef:
    return ItemRef(item.kind, parse_id(item.id, field))


@strawberry.type
class ModerationMutation:
    @strawberry.mutation(
        description="Report an idea or comment to the moderators, once (again: the first "
        "flag). Enough flags hide it until a moderator decides."
    )
    async def flag_item(self, info: Info, input: FlagItemInput) -> FlagPayload:
        actor = info.context.require_actor()

        async def run() -> Flag:
            flag = await actions.flag_item(
                info.context.rt,
                actor,
                _ref(input.item, "itemId"),
                reason=input.reason,
                note=input.note,
            )
            return Flag.of(flag)

        return await payload(FlagPayload, "flag", run())

    @strawberry.mutation(
        description="Keep, hide or restore up to 100 ideas and comments at once (moderators); "
        "resolves their flags. All or nothing."
    )
    async def moderate_items(
        self, info: Info, input: ModerateItemsInput
    ) -> ModerateItemsPayload:
        actor = info.context.require_actor()

        async def run() -> list[ModeratedItem]:
            refs = [_ref(item, f"items.{i}") for i, item in enumerate(input.items)]
            done = await actions.moderate_items(
                info.context.rt, actor, refs, input.decision, reason=input.reason
            )
            return [
                ModeratedItem(
                    kind=item.ref.kind,
                    item_id=_id(item.ref.id),
                    idea=Idea.of(item.found.idea),
                    comment=Comment.of(item.comment, moderator=True) if item.comment else None,
                )
                for item in done
            ]

        return await payload(ModerateItemsPayload, "items", run())

    @strawberry.mutation(
        description="Mute a member for some minutes, with a reason they are told (moderators)."
    )
    async def mute_member(self, info: Info, input: MuteMemberInput) -> MutePayload:
        actor = info.context.require_actor()

        async def run() -> Mute:
            mute = await actions.mute_member(
                info.context.rt,
                actor,
                parse_id(input.jam_id, "jamId"),
                parse_id(input.user_id, "userId"),
                minutes=input.minutes,
                reason=input.reason,
            )
            return Mute.of(mute)

        return await payload(MutePayload, "mute", run())

    @strawberry.mutation(description="End a member's mute now (moderators).")
    async def lift_mute(self, info: Info, input: LiftMuteInput) -> MutePayload:
        actor = info.context.require_actor()

        async def run() -> Mute:
            mute = await actions.lift_mute(
                info.context.rt,
                actor,
                parse_id(input.jam_id, "jamId"),
                parse_id(input.user_id, "userId"),
            )
            return Mute.of(mute)

        return await payload(MutePayload, "mute", run())
