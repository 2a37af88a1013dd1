"""Notifications in the API: the viewer's inbox and marking it read."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from jam import actions
from jam.api.context import Info
from jam.api.errors import UserError, bad_input, payload
from jam.api.ids import parse_id
from jam.api.types import Comment, Idea, Jam, PageInfo, User, resolve_lazy, viewer_moderates
from jam.models import Notification as NotificationModel
from jam.models import NotificationKind
from jam.queries import notifications as queries

if TYPE_CHECKING:
    from jam.api.announcements import Announcement
    from jam.api.merges import Merge

strawberry.enum(NotificationKind, name="NotificationKind")
_MERGES = strawberry.lazy("jam.api.merges")
_ANNOUNCEMENTS = strawberry.lazy("jam.api.announcements")


@strawberry.type(description="Something the viewer should know about.")
class Notification:
    id: strawberry.ID
    kind: NotificationKind
    created_at: datetime
    read_at: datetime | None
    reason: str | None = strawberry.field(
        description="A moderator's reason (hidden, restored, muted); null when the flags hid "
        "the item."
    )
    _model: strawberry.Private[NotificationModel]

    @strawberry.field
    async def jam(self, info: Info) -> Jam:
        jam = await info.context.loaders.jams.load(self._model.jam_id)
        assert jam is not None
        return Jam.of(jam)

    @strawberry.field(description="The idea it is about (also when it is the viewer's, hidden).")
    async def idea(self, info: Info) -> Idea | None:
        if self._model.idea_id is None:
            return None
        idea = await info.context.loaders.ideas.load(self._model.idea_id)
        if idea is None:
            return None
        actor = info.context.require_actor()
        mine = idea.author_id == actor.user_id
        if idea.hidden and not mine and not await viewer_moderates(info, idea.jam_id):
            return None
        return Idea.of(idea)

    @strawberry.field(description="The comment it is about: the reply, or the viewer's comment.")
    async def comment(self, info: Info) -> Comment | None:
        if self._model.comment_id is None:
            return None
        comment = await info.context.loaders.comments.load(self._model.comment_id)
        if comment is None:
            return None
        actor = info.context.require_actor()
        return Comment.of(comment, viewer_id=actor.user_id)

    @strawberry.field(
        description="The merge it is about (asked to consent, declined, or done): the person "
        "notified may read it."
    )
    async def merge(self, info: Info) -> Annotated[Merge, _MERGES] | None:
        if self._model.merge_id is None:
            return None
        found = await info.context.loaders.merges.load(self._model.merge_id)
        merge: Merge | None = resolve_lazy(_MERGES, "Merge").of(found) if found else None
        return merge

    @strawberry.field(description="The announcement, for ANNOUNCEMENT notifications.")
    async def announcement(self, info: Info) -> Annotated[Announcement, _ANNOUNCEMENTS] | None:
        if self._model.announcement_id is None:
            return None
        row = await info.context.loaders.announcements.load(self._model.announcement_id)
        shown: Announcement | None = (
            resolve_lazy(_ANNOUNCEMENTS, "Announcement").of(row) if row else None
        )
        return shown

    @strawberry.field(
        description="Who replied; null for moderators' decisions (they act for the jam)."
    )
    async def actor(self, info: Info) -> User | None:
        if self._model.actor_id is None or self.kind is not NotificationKind.REPLY:
            return None
        user = await info.context.loaders.users.load(self._model.actor_id)
        return User.of(user) if user else None

    @classmethod
    def of(cls, note: NotificationModel) -> Notification:
        return cls(
            id=strawberry.ID(str(note.id)),
            kind=NotificationKind(note.kind),
            created_at=note.created_at,
            read_at=note.read_at,
            reason=note.reason,
            _model=note,
        )


@strawberry.type
class NotificationConnection:
    nodes: list[Notification]
    page_info: PageInfo
    total_count: int
    unread_count: int


@strawberry.input
class MarkNotificationsReadInput:
    ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Which ones; null marks every notification read."
    )


@strawberry.type
class MarkNotificationsReadPayload:
    unread_count: int | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class NotificationsQuery:
    @strawberry.field(description="The viewer's notifications, newest first.")
    async def notifications(
        self, info: Info, first: int = 20, after: str | None = None, unread_only: bool = False
    ) -> NotificationConnection:
        actor = info.context.require_actor()
        page = await bad_input(
            queries.notifications_for(
                info.context.rt, actor, first=first, after=after, unread_only=unread_only
            )
        )
        return NotificationConnection(
            nodes=[Notification.of(n) for n in page.notifications],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
            total_count=page.total_count,
            unread_count=page.unread_count,
        )


@strawberry.type
class NotificationsMutation:
    @strawberry.mutation(description="Mark notifications read; returns how many stay unread.")
    async def mark_notifications_read(
        self, info: Info, input: MarkNotificationsReadInput
    ) -> MarkNotificationsReadPayload:
        actor = info.context.require_actor()

        async def run() -> MarkNotificationsReadPayload:
            ids = (
                [parse_id(i, f"ids.{n}") for n, i in enumerate(input.ids)]
                if input.ids is not None
                else None
            )
            left = await actions.mark_notifications_read(info.context.rt, actor, ids)
            return MarkNotificationsReadPayload(unread_count=left)

        return await payload(MarkNotificationsReadPayload, None, run())
