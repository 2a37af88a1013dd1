"""Shifts and hand-off journals in the API (moderators and administrators of the jam only)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from jam.actions import shifts as actions
from jam.actions.shifts import forum_ids_of
from jam.api.context import Info
from jam.api.errors import UserError, bad_input, payload
from jam.api.ids import id_or_none, parse_id
from jam.api.types import Comment, Forum, Idea, User
from jam.models import JournalEntry as JournalEntryModel
from jam.models import JournalKind
from jam.models import Shift as ShiftModel
from jam.queries import shifts as queries
from jam.timeutil import utcnow

strawberry.enum(JournalKind, name="JournalEntryKind", description=JournalKind.__doc__)


def _id(value: int | None) -> strawberry.ID:
    return strawberry.ID(str(value))


async def _user(info: Info, user_id: int) -> User:
    user = await info.context.loaders.users.load(user_id)
    assert user is not None
    return User.of(user)


@strawberry.type(
    description="One line of a shift's hand-off journal: a note, or an item for the next shift "
    "(a flag to settle, a thread to watch, an idea to feature) that stays open until closed."
)
class JournalEntry:
    id: strawberry.ID
    kind: JournalKind
    body: str
    created_at: datetime
    closed_at: datetime | None
    _model: strawberry.Private[JournalEntryModel]
    _shift: strawberry.Private[ShiftModel]

    @strawberry.field(description="An item not closed yet (notes are never open).")
    def open(self) -> bool:
        return queries.is_open(self._model)

    @strawberry.field
    async def author(self, info: Info) -> User:
        return await _user(info, self._model.author_id)

    @strawberry.field
    async def closed_by(self, info: Info) -> User | None:
        if self._model.closed_by is None:
            return None
        return await _user(info, self._model.closed_by)

    @strawberry.field(description="The idea it is about (or the idea of its comment).")
    async def idea(self, info: Info) -> Idea | None:
        if self._model.idea_id is None:
            return None
        idea = await info.context.loaders.ideas.load(self._model.idea_id)
        return Idea.of(idea) if idea else None

    @strawberry.field(description="The comment it is about, if it is about one.")
    async def comment(self, info: Info) -> Comment | None:
        if self._model.comment_id is None:
            return None
        comment = await info.context.loaders.comments.load(self._model.comment_id)
        return Comment.of(comment, moderator=True) if comment else None

    @strawberry.field(description="The shift whose journal it is in.")
    def shift(self) -> Shift:
        return Shift.of(self._shift)

    @classmethod
    def of(cls, entry: JournalEntryModel, shift: ShiftModel) -> JournalEntry:
        return cls(
            id=_id(entry.id),
            kind=JournalKind(entry.kind),
            body=entry.body,
            created_at=entry.created_at,
            closed_at=entry.closed_at,
            _model=entry,
            _shift=shift,
        )


@strawberry.type(description="What the shift before left for this one.")
class HandOff:
    from_shift: Shift = strawberry.field(
        description="The latest shift of the jam that ended when this one began, or earlier."
    )
    entries: list[JournalEntry] = strawberry.field(
        description="Its journal: open items first, then the rest (each oldest first)."
    )
    open_count: int


@strawberry.type(description="A moderator's turn on duty in a jam.")
class Shift:
    id: strawberry.ID
    starts_at: datetime
    ends_at: datetime
    created_at: datetime
    _model: strawberry.Private[ShiftModel]
    _journal: strawberry.Private[list[JournalEntryModel] | None] = None

    @strawberry.field(description="Who is on duty.")
    async def user(self, info: Info) -> User:
        return await _user(info, self._model.user_id)

    @strawberry.field(description="Who planned the shift.")
    async def created_by(self, info: Info) -> User:
        return await _user(info, self._model.created_by)

    @strawberry.field(description="True when the shift covers every forum of the jam.")
    def all_forums(self) -> bool:
        return not forum_ids_of(self._model)

    @strawberry.field(description="The forums it covers; empty when it covers them all.")
    async def forums(self, info: Info) -> list[Forum]:
        found = await info.context.loaders.forums.load_many(forum_ids_of(self._model))
        return [Forum.of(f) for f in found if f is not None]

    @strawberry.field(description="Whether the shift is running now.")
    def on_duty(self) -> bool:
        return self._model.starts_at <= utcnow() < self._model.ends_at

    @strawberry.field(description="The shift's journal, oldest entry first.")
    async def journal(self, info: Info) -> list[JournalEntry]:
        entries = self._journal
        if entries is None:
            entries = await queries.journal_of(info.context.rt, int(self.id))
        return [JournalEntry.of(entry, self._model) for entry in entries]

    @strawberry.field(
        description="The journal of the shift before (the latest in the jam that ended when "
        "this one began, or earlier), open items first; null when there was none."
    )
    async def hand_off(self, info: Info) -> HandOff | None:
        actor = info.context.require_actor()
        found = await bad_input(queries.hand_off(info.context.rt, actor, int(self.id)))
        if found is None:
            return None
        entries = [JournalEntry.of(entry, found.shift) for entry in found.entries]
        return HandOff(
            from_shift=Shift.of(found.shift),
            entries=entries,
            open_count=sum(1 for entry in found.entries if queries.is_open(entry)),
        )

    @classmethod
    def of(cls, shift: ShiftModel, journal: list[JournalEntryModel] | None = None) -> Shift:
        return cls(
            id=_id(shift.id),
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            created_at=shift.created_at,
            _model=shift,
            _journal=journal,
        )

    @classmethod
    def of_view(cls, view: queries.ShiftView) -> Shift:
        return cls.of(view.shift, view.journal)


@strawberry.type
class ShiftsQuery:
    @strawberry.field(
        description="The jam's shifts overlapping [from, to) (either may be left out), by "
        f"start; at most {queries.SHIFTS_MAX} (moderators only)."
    )
    async def shifts(
        self,
        info: Info,
        jam_id: strawberry.ID,
        start: Annotated[datetime | None, strawberry.argument(name="from")] = None,
        end: Annotated[datetime | None, strawberry.argument(name="to")] = None,
    ) -> list[Shift]:
        actor = info.context.require_actor()

        async def read() -> list[queries.ShiftView]:
            return await queries.shifts(
                info.context.rt, actor, parse_id(jam_id, "jamId"), start=start, end=end
            )

        return [Shift.of_view(view) for view in await bad_input(read())]

    @strawberry.field(description="The jam's shifts running now (moderators only).")
    async def on_duty(self, info: Info, jam_id: strawberry.ID) -> list[Shift]:
        actor = info.context.require_actor()

        async def read() -> list[queries.ShiftView]:
            return await queries.on_duty(info.context.rt, actor, parse_id(jam_id, "jamId"))

        return [Shift.of_view(view) for view in await bad_input(read())]

    @strawberry.field(description="A shift with its journal (its jam's moderators only).")
    async def shift(self, info: Info, id: strawberry.ID) -> Shift | None:
        actor = info.context.require_actor()
        shift_id = id_or_none(id)
        if shift_id is None:
            return None
        view = await bad_input(queries.shift(info.context.rt, actor, shift_id))
        return Shift.of_view(view) if view else None

    @strawberry.field(
        description="Open items across the jam's journals, oldest first; at most "
        f"{queries.OPEN_ITEMS_MAX} (moderators only)."
    )
    async def open_journal_items(self, info: Info, jam_id: strawberry.ID) -> list[JournalEntry]:
        actor = info.context.require_actor()

        async def read() -> list[tuple[JournalEntryModel, ShiftModel]]:
            return await queries.open_journal_items(
                info.context.rt, actor, parse_id(jam_id, "jamId")
            )

        return [JournalEntry.of(entry, shift) for entry, shift in await bad_input(read())]


# --- mutations ----------------------------------------------------------------------------


@strawberry.input
class CreateShiftInput:
    jam_id: strawberry.ID
    user_id: strawberry.ID = strawberry.field(description="One of the jam's moderators.")
    starts_at: datetime
    ends_at: datetime = strawberry.field(description="After startsAt, at most 24 hours later.")
    forum_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="The forums it covers; empty: all of them."
    )


@strawberry.input
class UpdateShiftInput:
    shift_id: strawberry.ID
    starts_at: datetime | None = strawberry.field(
        default=None, description="Only before the shift starts."
    )
    ends_at: datetime | None = strawberry.field(
        default=None, description="A running shift may end now, not earlier."
    )
    forum_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Leave out to keep them; empty: all forums."
    )


@strawberry.input
class DeleteShiftInput:
    shift_id: strawberry.ID


@strawberry.type
class ShiftPayload:
    shift: Shift | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DeleteShiftPayload:
    deleted_shift_id: strawberry.ID | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class AddJournalEntryInput:
    shift_id: strawberry.ID
    kind: JournalKind
    body: str = strawberry.field(description="At most 2,000 characters.")
    idea_id: strawberry.ID | None = strawberry.field(
        default=None, description="Required (or commentId) for every kind but NOTE."
    )
    comment_id: strawberry.ID | None = None


@strawberry.input
class CloseJournalEntryInput:
    entry_id: strawberry.ID


@strawberry.type
class JournalEntryPayload:
    entry: JournalEntry | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


def _forums(ids: list[strawberry.ID]) -> list[int]:
    return [parse_id(i, "forumIds") for i in ids]


def _optional_id(value: strawberry.ID | None, field: str) -> int | None:
    return None if value is None else parse_id(value, field)


@strawberry.type
class ShiftsMutation:
    @strawberry.mutation(
        description="Put one of the jam's moderators on duty (at most 24 hours, never "
        "overlapping another shift of theirs: CONFLICT)."
    )
    async def create_shift(self, info: Info, input: CreateShiftInput) -> ShiftPayload:
        actor = info.context.require_actor()

        async def run() -> Shift:
            shift = await actions.create_shift(
                info.context.rt,
                actor,
                parse_id(input.jam_id, "jamId"),
                user_id=parse_id(input.user_id, "userId"),
                starts_at=input.starts_at,
                ends_at=input.ends_at,
                forum_ids=_forums(input.forum_ids),
            )
            return Shift.of(shift, [])

        return await payload(ShiftPayload, "shift", run())

    @strawberry.mutation(
        description="Move a shift or change its forums (a shift that is over: CONFLICT)."
    )
    async def update_shift(self, info: Info, input: UpdateShiftInput) -> ShiftPayload:
        actor = info.context.require_actor()

        async def run() -> Shift:
            shift = await actions.update_shift(
                info.context.rt,
                actor,
                parse_id(input.shift_id, "shiftId"),
                starts_at=input.starts_at,
                ends_at=input.ends_at,
                forum_ids=None if input.forum_ids is None else _forums(input.forum_ids),
            )
            return Shift.of(shift)

        return await payload(ShiftPayload, "shift", run())

    @strawberry.mutation(
        description="Cancel a shift that has not started, with its journal (once it has: "
        "CONFLICT)."
    )
    async def delete_shift(self, info: Info, input: DeleteShiftInput) -> DeleteShiftPayload:
        actor = info.context.require_actor()

        async def run() -> strawberry.ID:
            shift = await actions.delete_shift(
                info.context.rt, actor, parse_id(input.shift_id, "shiftId")
            )
            return _id(shift.id)

        return await payload(DeleteShiftPayload, "deleted_shift_id", run())

    @strawberry.mutation(
        description="Write in a shift's journal (any moderator of the jam, on duty or not)."
    )
    async def add_journal_entry(
        self, info: Info, input: AddJournalEntryInput
    ) -> JournalEntryPayload:
        actor = info.context.require_actor()

        async def run() -> JournalEntry:
            entry = await actions.add_journal_entry(
                info.context.rt,
                actor,
                parse_id(input.shift_id, "shiftId"),
                kind=input.kind,
                body=input.body,
                idea_id=_optional_id(input.idea_id, "ideaId"),
                comment_id=_optional_id(input.comment_id, "commentId"),
            )
            return await _entry(info, entry)

        return await payload(JournalEntryPayload, "entry", run())

    @strawberry.mutation(
        description="Close an open journal item (a note: INVALID_INPUT; closed already: "
        "unchanged)."
    )
    async def close_journal_entry(
        self, info: Info, input: CloseJournalEntryInput
    ) -> JournalEntryPayload:
        actor = info.context.require_actor()

        async def run() -> JournalEntry:
            entry = await actions.close_journal_entry(
                info.context.rt, actor, parse_id(input.entry_id, "entryId")
            )
            return await _entry(info, entry)

        return await payload(JournalEntryPayload, "entry", run())


async def _entry(info: Info, entry: JournalEntryModel) -> JournalEntry:
    actor = info.context.require_actor()
    view = await queries.shift(info.context.rt, actor, entry.shift_id)
    assert view is not None
    return JournalEntry.of(entry, view.shift)
