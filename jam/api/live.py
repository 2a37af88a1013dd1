"""Live updates: the ``Subscription`` root (graphql-transport-ws, and SSE over HTTP).

Each subscription is one listener on the process's event feed (``jam.feed``). Every event is
presented under the subscriber's own visibility rules, with fresh loaders per event; what looks
the same to every viewer (the idea, its author ...) is read once per event for all subscribers.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated, Any

import strawberry
from starlette.websockets import WebSocket

from jam.actions.moderation import Decision
from jam.api.announcements import Announcement
from jam.api.context import Info
from jam.api.errors import PublicError, bad_input
from jam.api.ids import parse_id
from jam.api.jobs import Job
from jam.api.merges import Merge
from jam.api.moderation import Mute
from jam.api.notifications import Notification
from jam.api.types import Comment, Forum, Idea, Jam
from jam.events import EventKind, LiveEvent, Position
from jam.feed import SubscriberDropped
from jam.feed import Subscription as FeedSubscription
from jam.models import IdeaMerge, ItemKind
from jam.models import Job as JobRow
from jam.models import Mute as MuteRow
from jam.queries.announcements import announcement_for
from jam.queries.live import IDEA_EVENTS, Listener, idea_listener, jam_listener
from jam.queries.loaders import Loaders, make_loaders
from jam.queries.notifications import notification_for


@strawberry.interface(description="Something that happened in a jam, in stream order.")
class JamEventBase:
    position: str = strawberry.field(
        description="Where this event stands in the stream: pass it back as `after` when "
        "resubscribing to get what was missed (kept for 24 hours)."
    )
    at: datetime


@strawberry.type(description="A new idea.")
class IdeaPosted(JamEventBase):
    idea: Idea


@strawberry.type(description="An idea's author changed its title, body or tags.")
class IdeaEdited(JamEventBase):
    idea: Idea


@strawberry.type(description="A moderator hid an idea: remove it from view (moderators still "
                 "get the idea, marked hidden).")
class IdeaHidden(JamEventBase):
    idea_id: strawberry.ID
    hidden_idea: Idea | None = strawberry.field(
        description="The idea, marked hidden: for moderators only (null for everyone else)."
    )


@strawberry.type(description="A hidden idea is shown again.")
class IdeaRestored(JamEventBase):
    idea: Idea


@strawberry.type(description="An idea's vote counts changed (counts as of this event).")
class VotesChanged(JamEventBase):
    idea_id: strawberry.ID
    upvotes: int
    downvotes: int
    passes: int
    idea: Idea


@strawberry.type(description="A new comment or reply on an idea.")
class CommentAdded(JamEventBase):
    idea: Idea
    comment: Comment


@strawberry.type(description="A moderator (or members' flags) hid a comment, or one is shown "
                 "again: the comment as the viewer may see it (a hidden one keeps its place).")
class CommentModerated(JamEventBase):
    idea: Idea
    comment: Comment


@strawberry.type(description="An item got a new flag (moderators).")
class ItemFlagged(JamEventBase):
    item_kind: ItemKind
    item_id: strawberry.ID
    idea_id: strawberry.ID
    flag_count: int = strawberry.field(description="Its open flags now.")


@strawberry.type(description="A moderator decided on an item: it left the queue (moderators).")
class FlagsResolved(JamEventBase):
    item_kind: ItemKind
    item_id: strawberry.ID
    decision: Decision


@strawberry.type(description="A member was muted or their mute lifted (moderators, and the "
                 "member).")
class MuteChanged(JamEventBase):
    mute: Mute


@strawberry.type(description="A moderator pinned, unpinned or labelled an idea.")
class IdeaFeatured(JamEventBase):
    idea: Idea


@strawberry.type(description="An idea was merged into another: remove it; links to it lead "
                 "to the target.")
class IdeaMerged(JamEventBase):
    idea_id: strawberry.ID
    target: Idea | None = strawberry.field(description="Null if the viewer may not see it.")


@strawberry.type(description="A merge was undone: the idea is back.")
class IdeaUnmerged(JamEventBase):
    idea: Idea


@strawberry.type(description="A merge was proposed, answered, withdrawn or done (moderators).")
class MergeChanged(JamEventBase):
    merge: Merge


@strawberry.type(description="A moderator posted an announcement: show its banner.")
class AnnouncementPosted(JamEventBase):
    announcement: Announcement


@strawberry.type(description="An announcement was retracted: take its banner down.")
class AnnouncementRetracted(JamEventBase):
    announcement_id: strawberry.ID


@strawberry.type(description="Shifts or a hand-off journal changed (moderators).")
class ShiftsChanged(JamEventBase):
    jam_id: strawberry.ID


@strawberry.type(description="The jam's (or a forum's) themes have a new version.")
class ThemesUpdated(JamEventBase):
    forum_id: strawberry.ID | None
    version: int


@strawberry.type(description="The jam changed: its clock (extended, closed, rescheduled) or "
                 "its title and description.")
class JamUpdated(JamEventBase):
    jam: Jam


@strawberry.type(description="A new forum in the jam.")
class ForumAdded(JamEventBase):
    forum: Forum


@strawberry.type(description="A background job finished (analysts, moderators and whoever "
                 "asked for it).")
class JobFinished(JamEventBase):
    job: Job


@strawberry.type(description="A new network analysis of the jam (analysts and moderators).")
class ConnectorsUpdated(JamEventBase):
    jam_id: strawberry.ID


@strawberry.type(description="New opinion groups of the jam (read `Jam.opinionGroups`).")
class OpinionsUpdated(JamEventBase):
    jam_id: strawberry.ID


JamEvent = Annotated[
    IdeaPosted
    | IdeaEdited
    | IdeaHidden
    | IdeaRestored
    | VotesChanged
    | CommentAdded
    | CommentModerated
    | ItemFlagged
    | FlagsResolved
    | MuteChanged
    | IdeaFeatured
    | IdeaMerged
    | IdeaUnmerged
    | MergeChanged
    | AnnouncementPosted
    | AnnouncementRetracted
    | ShiftsChanged
    | ThemesUpdated
    | JamUpdated
    | ForumAdded
    | JobFinished
    | ConnectorsUpdated
    | OpinionsUpdated,
    strawberry.union("JamEvent"),
]


def _id(value: int | None) -> strawberry.ID:
    return strawberry.ID(str(value))


async def present(
    info: Info, loaders: Loaders, listener: Listener, event: LiveEvent
) -> JamEvent | None:
    """The event as this listener may see it, or None when it is not for them."""
    base: dict[str, Any] = {"position": str(event.position), "at": event.at}
    kind = event.kind
    if event.idea_id is not None and kind in IDEA_EVENTS:
        idea = await loaders.ideas.load(event.idea_id)
        if kind is EventKind.IDEA_HIDDEN:
            shown = Idea.of(idea) if idea is not None and listener.moderator else None
            return IdeaHidden(**base, idea_id=_id(event.idea_id), hidden_idea=shown)
        if kind is EventKind.IDEA_MERGED:
            target = await loaders.ideas.load(int(event.data.get("target", 0)))
            seen = Idea.of(target) if target is not None and listener.sees(target) else None
            return IdeaMerged(**base, idea_id=_id(event.idea_id), target=seen)
        if idea is None or not listener.sees(idea):
            return None
        if kind is EventKind.IDEA_POSTED:
            return IdeaPosted(**base, idea=Idea.of(idea))
        if kind is EventKind.IDEA_EDITED:
            return IdeaEdited(**base, idea=Idea.of(idea))
        if kind is EventKind.IDEA_RESTORED:
            return IdeaRestored(**base, idea=Idea.of(idea))
        if kind is EventKind.IDEA_FEATURED:
            return IdeaFeatured(**base, idea=Idea.of(idea))
        if kind is EventKind.IDEA_UNMERGED:
            return IdeaUnmerged(**base, idea=Idea.of(idea))
        if kind is EventKind.VOTES_CHANGED:
            return VotesChanged(
                **base,
                idea_id=_id(event.idea_id),
                upvotes=int(event.data.get("upvotes", idea.upvotes)),
                downvotes=int(event.data.get("downvotes", idea.downvotes)),
                passes=int(event.data.get("passes", idea.passes)),
                idea=Idea.of(idea),
            )
        comment = await loaders.comments.load(event.subject_id or 0)
        if comment is None:
            return None
        # Not revealed to its author here: a stream may be shared by everyone who is not a
        # moderator (jam.api.shared_streams); the author reads their hidden text on the page.
        as_seen = Comment.of(comment, moderator=listener.moderator)
        if kind is EventKind.COMMENT_ADDED:
            return CommentAdded(**base, idea=Idea.of(idea), comment=as_seen)
        return CommentModerated(**base, idea=Idea.of(idea), comment=as_seen)
    if kind is EventKind.ITEM_FLAGGED:
        return ItemFlagged(
            **base,
            item_kind=ItemKind(event.data.get("item", "idea")),
            item_id=_id(event.subject_id),
            idea_id=_id(event.idea_id),
            flag_count=int(event.data.get("flags", 0)),
        )
    if kind is EventKind.FLAGS_RESOLVED:
        return FlagsResolved(
            **base,
            item_kind=ItemKind(event.data.get("item", "idea")),
            item_id=_id(event.subject_id),
            decision=Decision(event.data.get("decision", "keep")),
        )
    if kind is EventKind.ANNOUNCEMENT_POSTED:
        row = await announcement_for(info.context.rt, event.subject_id or 0)
        return AnnouncementPosted(**base, announcement=Announcement.of(row)) if row else None
    if kind is EventKind.ANNOUNCEMENT_RETRACTED:
        return AnnouncementRetracted(**base, announcement_id=_id(event.subject_id))
    if kind is EventKind.MERGE_CHANGED:
        async with info.context.rt.db.read() as session:
            merge = await session.get(IdeaMerge, event.subject_id)
        return MergeChanged(**base, merge=Merge.of(merge)) if merge is not None else None
    if kind in (EventKind.SHIFT_CHANGED, EventKind.JOURNAL_CHANGED):
        return ShiftsChanged(**base, jam_id=_id(listener.jam_id))
    if kind in (EventKind.MEMBER_MUTED, EventKind.MUTE_LIFTED):
        async with info.context.rt.db.read() as session:
            mute = await session.get(MuteRow, event.subject_id)
        return MuteChanged(**base, mute=Mute.of(mute)) if mute is not None else None
    if kind is EventKind.JAM_UPDATED:
        jam = await loaders.jams.load(listener.jam_id)
        return JamUpdated(**base, jam=Jam.of(jam)) if jam is not None else None
    if kind is EventKind.FORUM_ADDED:
        forum = await loaders.forums.load(event.subject_id or 0)
        return ForumAdded(**base, forum=Forum.of(forum)) if forum is not None else None
    if kind is EventKind.THEMES_UPDATED:
        forum_id = event.data.get("forum")
        return ThemesUpdated(
            **base,
            forum_id=_id(forum_id) if forum_id else None,
            version=int(event.data.get("version", 0)),
        )
    if kind is EventKind.JOB_FINISHED:
        async with info.context.rt.db.read() as session:
            job = await session.get(JobRow, event.subject_id)
        return JobFinished(**base, job=Job.of(job)) if job is not None else None
    if kind is EventKind.CONNECTORS_UPDATED:
        return ConnectorsUpdated(**base, jam_id=_id(listener.jam_id))
    if kind is EventKind.OPINIONS_UPDATED:
        return OpinionsUpdated(**base, jam_id=_id(listener.jam_id))
    return None




def _after(value: str | None) -> Position | None:
    if value is None:
        return None
    try:
        return Position.parse(value)
    except ValueError:
        raise PublicError(
            "after is not a position from this stream", "INVALID_INPUT", field="after"
        ) from None


async def _stream(
    info: Info, listener: Listener, events: FeedSubscription
) -> AsyncGenerator[JamEvent, None]:
    context = info.context
    events.on_drop = context.close_too_slow
    if not isinstance(context.request, WebSocket) and context.token and context.watch_session:
        # Server-sent events: end the stream when the session ends (sockets are closed).
        context.stream_end = events.drop
        context.watch_session(context)
    try:
        async for event in events:
            # Fresh loaders per event (a connection's context lives as long as the socket);
            # the viewer-independent ones are shared by every subscriber of this event.
            context.loaders = make_loaders(context.rt, listener.actor.user_id, event.shared)
            shown = await present(info, context.loaders, listener, event)
            if shown is not None:
                yield shown
    except SubscriberDropped:
        if context.session_ended:
            raise PublicError("the session ended; sign in again", "UNAUTHENTICATED") from None
        raise PublicError(
            "this subscription fell too far behind the live stream; resubscribe with `after`",
            "TOO_SLOW",
        ) from None
    finally:
        context.stream_end = None


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Everything that happens in a jam the viewer can see, as it happens. With "
        "`after` (a `position` seen earlier) the events missed since come first."
    )
    async def jam_activity(
        self, info: Info, jam_id: strawberry.ID, after: str | None = None
    ) -> AsyncGenerator[JamEvent, None]:
        actor = info.context.require_actor()
        since = _after(after)
        parsed = await bad_input(_parsed(jam_id, "jamId"))
        listener = await bad_input(jam_listener(info.context.rt, actor, parsed))
        async with info.context.rt.feed.subscribe(
            jam_id=listener.jam_id, after=since, accept=listener.hears
        ) as events:
            async for shown in _stream(info, listener, events):
                yield shown

    @strawberry.subscription(
        description="One idea's changes: edits, vote counts, new comments, hidden/restored."
    )
    async def idea_updated(
        self, info: Info, idea_id: strawberry.ID, after: str | None = None
    ) -> AsyncGenerator[JamEvent, None]:
        actor = info.context.require_actor()
        since = _after(after)
        parsed = await bad_input(_parsed(idea_id, "ideaId"))
        listener = await bad_input(idea_listener(info.context.rt, actor, parsed))
        async with info.context.rt.feed.subscribe(
            idea_id=parsed, after=since, accept=lambda e: e.kind in IDEA_EVENTS
        ) as events:
            async for shown in _stream(info, listener, events):
                yield shown


    @strawberry.subscription(
        description="The viewer's new notifications, as they arrive (all jams)."
    )
    async def notification_received(self, info: Info) -> AsyncGenerator[Notification, None]:
        actor = info.context.require_actor()
        mine = actor.user_id

        def for_me(event: LiveEvent) -> bool:
            return event.kind is EventKind.NOTIFICATION_ADDED and event.data.get("user") == mine

        async with info.context.rt.feed.subscribe(accept=for_me) as events:
            events.on_drop = info.context.close_too_slow
            try:
                async for event in events:
                    note = await notification_for(info.context.rt, mine, event.subject_id or 0)
                    if note is not None:
                        info.context.loaders = make_loaders(info.context.rt, mine)
                        yield Notification.of(note)
            except SubscriberDropped:
                raise PublicError(
                    "this subscription fell too far behind; resubscribe", "TOO_SLOW"
                ) from None


async def _parsed(value: strawberry.ID, field: str) -> int:
    return parse_id(value, field)
