"""Who hears which live events: the same visibility rules as the queries, per subscriber."""

from __future__ import annotations

from dataclasses import dataclass

from jam.access import Actor, may_analyse, may_moderate, membership_of, require_viewable_jam
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind, LiveEvent
from jam.models import Idea
from jam.runtime import Runtime

# The events about one idea (what ``ideaUpdated`` carries).
IDEA_EVENTS = frozenset(
    {
        EventKind.IDEA_POSTED,
        EventKind.IDEA_EDITED,
        EventKind.IDEA_HIDDEN,
        EventKind.IDEA_RESTORED,
        EventKind.VOTES_CHANGED,
        EventKind.COMMENT_ADDED,
        EventKind.COMMENT_HIDDEN,
        EventKind.COMMENT_RESTORED,
        EventKind.IDEA_FEATURED,
        EventKind.IDEA_MERGED,
        EventKind.IDEA_UNMERGED,
    }
)

# What a participant's live stream carries; the rest is bookkeeping (joins, queued jobs) or
# for analysts only (finished jobs, new network analyses).
FOR_EVERYONE = IDEA_EVENTS | {
    EventKind.JAM_UPDATED,
    EventKind.FORUM_ADDED,
    EventKind.THEMES_UPDATED,
    EventKind.OPINIONS_UPDATED,
    EventKind.ANNOUNCEMENT_POSTED,
    EventKind.ANNOUNCEMENT_RETRACTED,
}
FOR_ANALYSTS = frozenset({EventKind.JOB_FINISHED, EventKind.CONNECTORS_UPDATED})
# The queue's changes, for moderators; a mute also for the person muted.
FOR_MODERATORS = frozenset(
    {
        EventKind.ITEM_FLAGGED,
        EventKind.FLAGS_RESOLVED,
        EventKind.MERGE_CHANGED,
        EventKind.SHIFT_CHANGED,
        EventKind.JOURNAL_CHANGED,
    }
)
MUTES = frozenset({EventKind.MEMBER_MUTED, EventKind.MUTE_LIFTED})


@dataclass(frozen=True)
class Listener:
    """A signed-in person listening to one jam, with what they may see in it."""

    actor: Actor
    jam_id: int
    moderator: bool
    analyst: bool

    def hears(self, event: LiveEvent) -> bool:
        """Whether the kind of event is for this listener at all (a hidden idea's events are
        filtered later, once the idea is read)."""
        if event.kind in FOR_EVERYONE:
            return True
        if event.kind in FOR_MODERATORS:
            return self.moderator
        if event.kind in MUTES:
            return self.moderator or event.data.get("user") == self.actor.user_id
        return event.kind in FOR_ANALYSTS and (self.analyst or event.actor_id == self.actor.user_id)

    def sees(self, idea: Idea | None) -> bool:
        return idea is not None and (not idea.hidden or self.moderator)


async def jam_listener(rt: Runtime, actor: Actor, jam_id: int) -> Listener:
    """NOT_FOUND (field ``jamId``) when the jam does not exist or the actor may not see it."""
    async with rt.db.read() as session:
        await require_viewable_jam(session, actor, jam_id)
        membership = await membership_of(session, jam_id, actor.user_id)
    moderator = may_moderate(actor, membership)
    return Listener(actor, jam_id, moderator, may_analyse(actor, moderator))


async def idea_listener(rt: Runtime, actor: Actor, idea_id: int) -> Listener:
    """NOT_FOUND (field ``ideaId``) when the idea does not exist or is hidden from the actor."""
    async with rt.db.read() as session:
        idea = await session.get(Idea, idea_id)
    if idea is None:
        raise ActionError(ErrorCode.NOT_FOUND, "no such idea", "ideaId")
    try:
        listener = await jam_listener(rt, actor, idea.jam_id)
    except ActionError:
        raise ActionError(ErrorCode.NOT_FOUND, "no such idea", "ideaId") from None
    if not listener.sees(idea):
        raise ActionError(ErrorCode.NOT_FOUND, "no such idea", "ideaId")
    return listener
