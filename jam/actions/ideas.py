"""Ideas, comments and votes: what participants do while a jam is live."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, insert, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select

from jam import validation
from jam.access import Actor, is_muted, may_moderate, require_unmuted
from jam.actions.notifications import notify
from jam.actions.records import audit, remember, replayed
from jam.actions.search import index_ideas
from jam.clock import require_live
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind, record_event
from jam.models import Comment, Forum, Idea, IdeaTag, Jam, Membership, NotificationKind, Vote
from jam.ranking import hot_score, wilson_lower_bound
from jam.runtime import Runtime
from jam.timeutil import as_utc, utcnow


class VoteValue(int, enum.Enum):
    UP = 1
    DOWN = -1
    # Seen, no opinion (Pol.is's pass): counts for opinion groups, not in the scores.
    PASS = 0


@dataclass(frozen=True)
class VoteResult:
    idea: Idea
    value: VoteValue | None


@dataclass(frozen=True)
class IdeaInJam:
    idea: Idea
    jam: Jam
    membership: Membership | None
    muted: bool = False

    def require_member(self) -> Membership:
        """The actor's membership; NOT_A_MEMBER, or MUTED when a moderator muted them."""
        if self.membership is None:
            raise ActionError(ErrorCode.NOT_A_MEMBER, "join this jam first")
        require_unmuted(self.muted)
        return self.membership


async def visible_idea(
    session: AsyncSession,
    actor: Actor,
    idea_id: int,
    field: str = "ideaId",
    *,
    lock: bool = False,
    now: datetime | None = None,
) -> IdeaInJam:
    """The idea, its jam, the actor's membership and whether they are muted, in one query;
    NOT_FOUND if the idea does not exist or is hidden from the actor. ``lock`` takes the idea's
    row lock (PostgreSQL), which serialises concurrent changes to its counters."""
    muted = is_muted(Idea.jam_id, actor.user_id, as_utc(now or utcnow())).label("muted")
    query = (
        select(Idea, Jam, Membership, muted)
        .join(Jam, Jam.id == Idea.jam_id)  # type: ignore[arg-type]
        .outerjoin(
            Membership,
            and_(Membership.jam_id == Idea.jam_id, Membership.user_id == actor.user_id),  # type: ignore[arg-type]
        )
        .where(Idea.id == idea_id)
    )
    if lock:
        query = query.with_for_update(of=Idea)  # type: ignore[arg-type]
    row = (await session.execute(query)).first()
    if row is None:
        raise ActionError(ErrorCode.NOT_FOUND, "no such idea", field)
    idea, jam, membership, is_muted_now = row
    if actor.is_guest and membership is None:
        raise ActionError(ErrorCode.NOT_FOUND, "no such idea", field)
    if idea.hidden and not may_moderate(actor, membership):
        raise ActionError(ErrorCode.NOT_FOUND, "no such idea", field)
    return IdeaInJam(idea, jam, membership, bool(is_muted_now))


def _set_tags(session: AsyncSession, idea_id: int, tags: list[str]) -> None:
    for tag in tags:
        session.add(IdeaTag(idea_id=idea_id, tag=tag))


async def post_idea(
    rt: Runtime,
    actor: Actor,
    forum_id: int,
    *,
    title: str,
    body: str,
    tags: list[str] | None = None,
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> Idea:
    validation.text(title, "title", max_length=validation.TITLE_MAX)
    validation.text(body, "body", max_length=validation.BODY_MAX)
    clean_tags = validation.tags(tags or [])
    key = validation.idempotency_key(idempotency_key)

    async def work(session: AsyncSession) -> Idea:
        earlier = await replayed(session, actor.user_id, "postIdea", key)
        if earlier is not None:
            existing = await session.get(Idea, earlier)
            assert existing is not None
            return existing
        current = as_utc(now or utcnow())
        row = (
            await session.execute(
                select(Jam, Membership, is_muted(Jam.id, actor.user_id, current))
                .join(Forum, Forum.jam_id == Jam.id)  # type: ignore[arg-type]
                .outerjoin(
                    Membership,
                    and_(Membership.jam_id == Jam.id, Membership.user_id == actor.user_id),  # type: ignore[arg-type]
                )
                .where(Forum.id == forum_id)
            )
        ).first()
        if row is None or (actor.is_guest and row[1] is None):
            raise ActionError(ErrorCode.NOT_FOUND, "no such forum", "forumId")
        jam, membership, muted = row
        assert jam.id is not None
        if membership is None:
            raise ActionError(ErrorCode.NOT_A_MEMBER, "join this jam first")
        require_unmuted(bool(muted))
        require_live(jam, current)
        idea = Idea(
            jam_id=jam.id,
            forum_id=forum_id,
            author_id=actor.user_id,
            title=title,
            body=body,
            created_at=current,
            updated_at=current,
            top_score=0.0,
            hot_score=hot_score(0, 0, current),
        )
        session.add(idea)
        await session.flush()
        assert idea.id is not None
        _set_tags(session, idea.id, clean_tags)
        await index_ideas(session, [(idea.id, title, body)])
        remember(session, actor.user_id, "postIdea", key, idea.id)
        await audit(
            session,
            actor_id=actor.user_id,
            action="idea.post",
            subject_type="idea",
            subject_id=idea.id,
            jam_id=jam.id,
        )
        await record_event(
            session,
            EventKind.IDEA_POSTED,
            jam_id=jam.id,
            subject_id=idea.id,
            idea_id=idea.id,
            actor_id=actor.user_id,
            forum=forum_id,
        )
        return idea

    return await rt.db.write(work)


async def edit_idea(
    rt: Runtime,
    actor: Actor,
    idea_id: int,
    *,
    title: str | None = None,
    body: str | None = None,
    tags: list[str] | None = None,
    now: datetime | None = None,
) -> Idea:
    """Authors edit their own ideas while the jam is live."""
    if title is not None:
        validation.text(title, "title", max_length=validation.TITLE_MAX)
    if body is not None:
        validation.text(body, "body", max_length=validation.BODY_MAX)
    clean_tags = validation.tags(tags) if tags is not None else None

    async def work(session: AsyncSession) -> Idea:
        current = as_utc(now or utcnow())
        found = await visible_idea(session, actor, idea_id, now=current)
        idea, jam = found.idea, found.jam
        if idea.author_id != actor.user_id:
            raise ActionError(ErrorCode.FORBIDDEN, "only the author may edit this idea", "ideaId")
        require_unmuted(found.muted)
        require_live(jam, current)
        changed = []
        if title is not None and title != idea.title:
            idea.title = title
            changed.append("title")
        if body is not None and body != idea.body:
            idea.body = body
            changed.append("body")
        if clean_tags is not None:
            old_tags = (
                await session.execute(select(IdeaTag.tag).where(IdeaTag.idea_id == idea_id))
            ).scalars()
            if sorted(old_tags) != sorted(clean_tags):
                await session.execute(delete(IdeaTag).where(IdeaTag.idea_id == idea_id))  # type: ignore[arg-type]
                _set_tags(session, idea_id, clean_tags)
                changed.append("tags")
        if not changed:
            return idea  # the same text again: nothing to store, nothing to tell anyone
        idea.updated_at = current
        session.add(idea)
        if "title" in changed or "body" in changed:
            await index_ideas(session, [(idea_id, idea.title, idea.body)])
        await audit(
            session,
            actor_id=actor.user_id,
            action="idea.edit",
            subject_type="idea",
            subject_id=idea_id,
            jam_id=idea.jam_id,
            fields=changed,
        )
        await record_event(
            session,
            EventKind.IDEA_EDITED,
            jam_id=idea.jam_id,
            subject_id=idea_id,
            idea_id=idea_id,
            actor_id=actor.user_id,
            fields=changed,
        )
        return idea

    return await rt.db.write(work)


async def add_comment(
    rt: Runtime,
    actor: Actor,
    idea_id: int,
    *,
    body: str,
    parent_id: int | None = None,
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> Comment:
    """Comment on an idea, or reply to a comment of the same idea."""
    validation.text(body, "body", max_length=validation.COMMENT_MAX)
    key = validation.idempotency_key(idempotency_key)

    async def work(session: AsyncSession) -> Comment:
        earlier = await replayed(session, actor.user_id, "addComment", key)
        if earlier is not None:
            existing = await session.get(Comment, earlier)
            assert existing is not None
            return existing
        current = as_utc(now or utcnow())
        found = await visible_idea(session, actor, idea_id, now=current)
        idea, jam = found.idea, found.jam
        found.require_member()
        require_live(jam, current)
        parent = None
        if parent_id is not None:
            parent = await session.get(Comment, parent_id)
            if parent is None or parent.idea_id != idea_id:
                raise ActionError(ErrorCode.NOT_FOUND, "no such comment on this idea", "parentId")
        comment = Comment(
            idea_id=idea_id,
            author_id=actor.user_id,
            parent_id=parent_id,
            body=body,
            created_at=current,
        )
        session.add(comment)
        await session.flush()
        assert comment.id is not None
        comments = (
            await session.execute(
                update(Idea)
                .where(Idea.id == idea_id)  # type: ignore[arg-type]
                .values(comment_count=Idea.comment_count + 1)
                .returning(col(Idea.comment_count))
            )
        ).scalar_one()
        remember(session, actor.user_id, "addComment", key, comment.id)
        # The idea's author and the author of the comment replied to hear of it (once each).
        for recipient in dict.fromkeys(
            [idea.author_id] + ([parent.author_id] if parent is not None else [])
        ):
            await notify(
                session,
                recipient,
                NotificationKind.REPLY,
                jam_id=idea.jam_id,
                idea_id=idea_id,
                comment_id=comment.id,
                actor_id=actor.user_id,
            )
        await audit(
            session,
            actor_id=actor.user_id,
            action="comment.add",
            subject_type="comment",
            subject_id=comment.id,
            jam_id=idea.jam_id,
            idea=idea_id,
        )
        await record_event(
            session,
            EventKind.COMMENT_ADDED,
            jam_id=idea.jam_id,
            subject_id=comment.id,
            idea_id=idea_id,
            actor_id=actor.user_id,
            parent=parent_id,
            comments=comments,
        )
        return comment

    return await rt.db.write(work)


def _rescore(idea: Idea, old: int | None, new: int | None) -> dict[str, float | int]:
    """New counters and scores of an idea when one vote goes from ``old`` to ``new``
    (each -1, 0 (a pass) or +1, None for no vote)."""
    up = idea.upvotes + (new == 1) - (old == 1)
    down = idea.downvotes + (new == -1) - (old == -1)
    return {
        "upvotes": up,
        "downvotes": down,
        "passes": idea.passes + (new == 0) - (old == 0),
        "top_score": wilson_lower_bound(up, down),
        "hot_score": hot_score(up, down, idea.created_at),
    }


async def _change_vote(
    rt: Runtime, actor: Actor, idea_id: int, value: VoteValue | None, now: datetime | None
) -> VoteResult:
    """Set, change or retract the actor's vote.

    The idea's row is locked first (PostgreSQL; SQLite holds the database write lock), so the
    counters read here cannot change before this transaction writes them back: counts stay exact
    however many people vote at once, and one person's concurrent votes apply one after another.
    """

    async def work(session: AsyncSession) -> VoteResult:
        current = as_utc(now or utcnow())
        found = await visible_idea(session, actor, idea_id, lock=True, now=current)
        idea = found.idea
        found.require_member()
        require_live(found.jam, current)
        # A statement of its own, after the lock: under READ COMMITTED it sees the vote a
        # concurrent transaction of the same person just committed (a join in the locking
        # query would not: PostgreSQL re-checks only the locked row).
        mine = and_(col(Vote.idea_id) == idea_id, col(Vote.user_id) == actor.user_id)
        old = (await session.execute(select(Vote.value).where(mine))).scalar_one_or_none()
        new = value.value if value is not None else None
        if old == new:
            return VoteResult(idea, value)
        # Plain SQL statements rather than ORM objects: this is the hottest write of a jam, and
        # the unit of work's bookkeeping costs more than the statements themselves.
        if old is None:
            await session.execute(
                insert(Vote).values(
                    idea_id=idea_id,
                    user_id=actor.user_id,
                    value=new,
                    created_at=current,
                    updated_at=current,
                )
            )
        elif new is None:
            await session.execute(delete(Vote).where(mine))
        else:
            await session.execute(update(Vote).where(mine).values(value=new, updated_at=current))
        scores = _rescore(idea, old, new)
        await session.execute(update(Idea).where(col(Idea.id) == idea_id).values(**scores))
        for name, changed in scores.items():
            set_committed_value(idea, name, changed)
        await audit(
            session,
            actor_id=actor.user_id,
            action="vote.retract" if value is None else "vote.cast",
            subject_type="idea",
            subject_id=idea_id,
            jam_id=idea.jam_id,
            value=new,
        )
        await record_event(
            session,
            EventKind.VOTES_CHANGED,
            jam_id=idea.jam_id,
            subject_id=idea_id,
            idea_id=idea_id,
            actor_id=actor.user_id,
            upvotes=scores["upvotes"],
            downvotes=scores["downvotes"],
            passes=scores["passes"],
        )
        return VoteResult(idea, value)

    return await rt.db.write(work)


async def vote(
    rt: Runtime, actor: Actor, idea_id: int, value: VoteValue, *, now: datetime | None = None
) -> VoteResult:
    """One vote per person per idea: voting again changes it."""
    return await _change_vote(rt, actor, idea_id, value, now)


async def retract_vote(
    rt: Runtime, actor: Actor, idea_id: int, *, now: datetime | None = None
) -> VoteResult:
    return await _change_vote(rt, actor, idea_id, None, now)
