"""Announcements in the API: posting, retracting and dismissing jam alerts."""

from __future__ import annotations

from datetime import datetime

import strawberry

from jam.actions import announcements as actions
from jam.api.context import Info
from jam.api.errors import UserError, bad_input, payload
from jam.api.ids import id_or_none, parse_id
from jam.api.types import User
from jam.models import Announcement as AnnouncementModel
from jam.models import AnnouncementLevel
from jam.queries import announcements as queries

strawberry.enum(AnnouncementLevel, name="AnnouncementLevel")


@strawberry.type(description="A moderator's message to a jam or one of its forums.")
class Announcement:
    id: strawberry.ID
    level: AnnouncementLevel
    body: str
    forum_id: strawberry.ID | None
    created_at: datetime
    retracted_at: datetime | None
    _created_by: strawberry.Private[int]

    @strawberry.field(description="The moderator who posted it.")
    async def author(self, info: Info) -> User:
        user = await info.context.loaders.users.load(self._created_by)
        assert user is not None
        return User.of(user)

    @classmethod
    def of(cls, row: AnnouncementModel) -> Announcement:
        return cls(
            id=strawberry.ID(str(row.id)),
            level=AnnouncementLevel(row.level),
            body=row.body,
            forum_id=strawberry.ID(str(row.forum_id)) if row.forum_id else None,
            created_at=row.created_at,
            retracted_at=row.retracted_at,
            _created_by=row.created_by,
        )

    @staticmethod
    async def current(
        info: Info, jam_id: int, forum_id: strawberry.ID | None
    ) -> list[Announcement]:
        actor = info.context.require_actor()
        forum = id_or_none(forum_id) if forum_id is not None else None
        rows = await bad_input(
            queries.current_announcements(info.context.rt, actor, jam_id, forum)
        )
        return [Announcement.of(row) for row in rows]

    @staticmethod
    async def history(info: Info, jam_id: int) -> list[Announcement]:
        actor = info.context.require_actor()
        rows = await bad_input(queries.announcement_history(info.context.rt, actor, jam_id))
        return [Announcement.of(row) for row in rows]


@strawberry.input
class PostAnnouncementInput:
    jam_id: strawberry.ID
    body: str
    level: AnnouncementLevel = AnnouncementLevel.INFO
    forum_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only that forum's pages; null: the whole jam."
    )


@strawberry.input
class AnnouncementInput:
    announcement_id: strawberry.ID


@strawberry.type
class AnnouncementPayload:
    announcement: Announcement | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class AnnouncementsMutation:
    @strawberry.mutation(
        description="Announce to everyone in the jam (or a forum), live (moderators)."
    )
    async def post_announcement(
        self, info: Info, input: PostAnnouncementInput
    ) -> AnnouncementPayload:
        actor = info.context.require_actor()

        async def run() -> Announcement:
            row = await actions.post_announcement(
                info.context.rt,
                actor,
                parse_id(input.jam_id, "jamId"),
                body=input.body,
                level=input.level,
                forum_id=parse_id(input.forum_id, "forumId") if input.forum_id else None,
            )
            return Announcement.of(row)

        return await payload(AnnouncementPayload, "announcement", run())

    @strawberry.mutation(description="Take an announcement down everywhere (moderators).")
    async def retract_announcement(
        self, info: Info, input: AnnouncementInput
    ) -> AnnouncementPayload:
        actor = info.context.require_actor()

        async def run() -> Announcement:
            row = await actions.retract_announcement(
                info.context.rt, actor, parse_id(input.announcement_id, "announcementId")
            )
            return Announcement.of(row)

        return await payload(AnnouncementPayload, "announcement", run())

    @strawberry.mutation(description="Stop showing an announcement's banner to the viewer.")
    async def dismiss_announcement(
        self, info: Info, input: AnnouncementInput
    ) -> AnnouncementPayload:
        actor = info.context.require_actor()

        async def run() -> Announcement:
            row = await actions.dismiss_announcement(
                info.context.rt, actor, parse_id(input.announcement_id, "announcementId")
            )
            return Announcement.of(row)

        return await payload(AnnouncementPayload, "announcement", run())
