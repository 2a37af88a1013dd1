"""Merging duplicate ideas, with the consent of the author whose idea is merged away.

A moderator proposes merging B (the source) into A (the target). B's author accepts or
declines; if they have not answered by the deadline, a moderator decides. On merge, B leaves
every list (links to it lead to A), B's votes move to A except where the same person voted on
both (their vote on A stands; the one on B is set aside), B's comments move under A with their
provenance, and B's author and supporters are told. Everything the merge changed is recorded
on the merge itself, so an unmerge puts back exactly what was there.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam import validation
from jam.access import Actor, may_moderate
from jam.actions.ideas import visible_idea
from jam.actions.notifications import notify
from jam.actions.records import audit
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind, record_event
from jam.models import Comment, Idea, IdeaMerge, MergeStatus, NotificationKind, Vote
from jam.ranking import hot_score, wilson_lower_bound
from jam.runtime import Runtime
from jam.timeutil import as_utc, utcnow

CONSENT_HOURS = 24
NOTE_MAX = 1000


def _note(text: str | None, field: str) -> str:
    clean = (text or "").strip()
    if clean:
        validation.text(clean, field, max_length=NOTE_MAX)
    return clean


async def _merge_row(session: AsyncSession, merge_id: int, *, lock: bool = False) -> IdeaMerge:
    query = select(IdeaMerge).where(IdeaMerge.id == merge_id)
    if lock:
        query = query.with_for_update()
    merge = (await session.execute(query)).scalar_one_or_none()
    if merge is None:
        raise ActionError(ErrorCode.NOT_FOUND, "no such merge", "mergeId")
    return merge


async def _require_moderator_of(
    session: AsyncSession, actor: Actor, idea_id: int, field: str, now: datetime
) -> Idea:
    found = await visible_idea(session, actor, idea_id, field, now=now)
    if not may_moderate(actor, found.membership):
        raise ActionError(ErrorCode.FORBIDDEN, "only this jam's moderators may do this", field)
    return found.idea


async def _record(
    session: AsyncSession, merge: IdeaMerge, actor: Actor, action: str, **details: Any
) -> None:
    await audit(
        session,
        actor_id=actor.user_id,
        action=action,
        subject_type="idea",
        subject_id=merge.source_id,
        jam_id=merge.jam_id,
        merge=merge.id,
        target=merge.target_id,
        **details,
    )
    await record_event(
        session,
        EventKind.MERGE_CHANGED,
        jam_id=merge.jam_id,
        subject_id=merge.id,
        idea_id=merge.source_id,
        actor_id=actor.user_id,
        status=merge.status,
    )


async def propose_merge(
    rt: Runtime,
    actor: Actor,
    source_id: int,
    target_id: int,
    *,
    note: str | None = None,
    score: float | None = None,
    now: datetime | None = None,
) -> IdeaMerge:
    """Ask the author of ``source_id`` to let it be merged into ``target_id`` (moderators).
    When the moderator wrote the source idea themself, it is merged at once."""
    if source_id == target_id:
        raise validation.invalid("targetId", "an idea cannot be merged into itself")
    clean = _note(note, "note")

    async def work(session: AsyncSession) -> IdeaMerge:
        current = as_utc(now or utcnow())
        source = await _require_moderator_of(session, actor, source_id, "sourceId", current)
        target = await _require_moderator_of(session, actor, target_id, "targetId", current)
        if source.jam_id != target.jam_id:
            raise validation.invalid("targetId", "both ideas must be in the same jam")
        if source.merged_into_id is not None:
            raise ActionError(ErrorCode.ALREADY_MERGED, "this idea is already merged", "sourceId")
        if target.merged_into_id is not None:
            raise ActionError(ErrorCode.ALREADY_MERGED, "that idea was merged away", "targetId")
        pending = (
            await session.execute(
                select(IdeaMerge.id).where(
                    IdeaMerge.source_id == source_id,
                    IdeaMerge.status == MergeStatus.PENDING.value,
                )
            )
        ).first()
        if pending is not None:
            raise ActionError(
                ErrorCode.MERGE_PENDING, "a merge of this idea is already waiting", "sourceId"
            )
        merge = IdeaMerge(
            jam_id=source.jam_id,
            source_id=source_id,
            target_id=target_id,
            note=clean,
            score=score,
            proposed_by=actor.user_id,
            created_at=current,
            deadline=current + timedelta(hours=CONSENT_HOURS),
        )
        session.add(merge)
        await session.flush()
        await _record(session, merge, actor, "merge.propose", note=clean or None)
        if source.author_id == actor.user_id:
            await _merge(session, merge, actor, current)
            return merge
        await notify(
            session,
            source.author_id,
            NotificationKind.MERGE_REQUESTED,
            jam_id=source.jam_id,
            idea_id=source_id,
            actor_id=actor.user_id,
            reason=clean or None,
            merge_id=merge.id,
        )
        return merge

    return await rt.db.write(work)


async def answer_merge(
    rt: Runtime,
    actor: Actor,
    merge_id: int,
    *,
    accept: bool,
    note: str | None = None,
    now: datetime | None = None,
) -> IdeaMerge:
    """The source idea's author accepts (the merge happens now) or declines."""
    clean = _note(note, "note")

    async def work(session: AsyncSession) -> IdeaMerge:
        current = as_utc(now or utcnow())
        merge = await _merge_row(session, merge_id, lock=True)
        source = await session.get(Idea, merge.source_id)
        if source is None or source.author_id != actor.user_id:
            raise ActionError(
                ErrorCode.FORBIDDEN, "only the author of the idea can answer", "mergeId"
            )
        if merge.status != MergeStatus.PENDING.value:
            raise ActionError(ErrorCode.CONFLICT, "this merge is no longer waiting", "mergeId")
        merge.answered_at = current
        merge.answer_note = clean
        if accept:
            await _record(session, merge, actor, "merge.accept", note=clean or None)
            await _merge(session, merge, actor, current)
            return merge
        merge.status = MergeStatus.DECLINED.value
        session.add(merge)
        await _record(session, merge, actor, "merge.decline", note=clean or None)
        await notify(
            session,
            merge.proposed_by,
            NotificationKind.MERGE_DECLINED,
            jam_id=merge.jam_id,
            idea_id=merge.source_id,
            actor_id=actor.user_id,
            reason=clean or None,
            merge_id=merge.id,
        )
        return merge

    return await rt.db.write(work)


async def decide_merge(
    rt: Runtime, actor: Actor, merge_id: int, *, merge_now: bool, now: datetime | None = None
) -> IdeaMerge:
    """After the author's deadline passed unanswered, a moderator merges or drops the
    proposal; before it, they may only withdraw it (``merge_now=False``)."""

    async def work(session: AsyncSession) -> IdeaMerge:
        current = as_utc(now or utcnow())
        merge = await _merge_row(session, merge_id, lock=True)
        await _require_moderator_of(session, actor, merge.source_id, "mergeId", current)
        if merge.status != MergeStatus.PENDING.value:
            raise ActionError(ErrorCode.CONFLICT, "this merge is no longer waiting", "mergeId")
        if not merge_now:
            merge.status = MergeStatus.CANCELLED.value
            session.add(merge)
            await _record(session, merge, actor, "merge.cancel")
            return merge
        if current < as_utc(merge.deadline):
            raise ActionError(
                ErrorCode.AWAITING_AUTHOR,
                f"the author has until {as_utc(merge.deadline).isoformat()} to answer",
                "mergeId",
            )
        target = await session.get(Idea, merge.target_id)
        assert target is not None
        if target.merged_into_id is not None:
            raise ActionError(ErrorCode.ALREADY_MERGED, "that idea was merged away", "mergeId")
        await _merge(session, merge, actor, current)
        return merge

    return await rt.db.write(work)


async def _locked(session: AsyncSession, *idea_ids: int) -> dict[int, Idea]:
    """The ideas, their rows locked (PostgreSQL) so votes cannot change them meanwhile."""
    rows = await session.execute(
        select(Idea).where(col(Idea.id).in_(sorted(idea_ids))).with_for_update()
    )
    return {idea.id: idea for idea in rows.scalars() if idea.id is not None}


async def _recount(session: AsyncSession, idea: Idea) -> dict[str, int | float]:
    """Set the idea's counters and scores from its votes and comments as they now are."""
    assert idea.id is not None
    counted = await session.execute(
        select(Vote.value, func.count()).where(Vote.idea_id == idea.id).group_by(col(Vote.value))
    )
    by_value = dict(counted.all())
    up, down = int(by_value.get(1, 0)), int(by_value.get(-1, 0))
    comments = (
        await session.execute(
            select(func.count()).select_from(Comment).where(Comment.idea_id == idea.id)
        )
    ).scalar_one()
    counters: dict[str, int | float] = {
        "upvotes": up,
        "downvotes": down,
        "passes": int(by_value.get(0, 0)),
        "comment_count": int(comments),
        "top_score": wilson_lower_bound(up, down),
        "hot_score": hot_score(up, down, idea.created_at),
    }
    await session.execute(update(Idea).where(col(Idea.id) == idea.id).values(**counters))
    for name, value in counters.items():
        setattr(idea, name, value)
    return counters


def _counters(idea: Idea) -> dict[str, int | float]:
    return {
        "upvotes": idea.upvotes,
        "downvotes": idea.downvotes,
        "passes": idea.passes,
        "comment_count": idea.comment_count,
        "top_score": idea.top_score,
        "hot_score": idea.hot_score,
    }


async def _merge(session: AsyncSession, merge: IdeaMerge, actor: Actor, now: datetime) -> None:
    ideas = await _locked(session, merge.source_id, merge.target_id)
    source, target = ideas[merge.source_id], ideas[merge.target_id]
    source_votes = list(
        (await session.execute(select(Vote).where(Vote.idea_id == source.id))).scalars()
    )
    on_target = set(
        (
            await session.execute(
                select(Vote.user_id).where(
                    Vote.idea_id == target.id,
                    col(Vote.user_id).in_([v.user_id for v in source_votes] or [0]),
                )
            )
        ).scalars()
    )
    moved = [v.user_id for v in source_votes if v.user_id not in on_target]
    comments = list(
        (
            await session.execute(
                select(Comment.id, Comment.moved_from_idea_id).where(
                    Comment.idea_id == source.id
                )
            )
        ).all()
    )
    undo = {
        "source_votes": [
            [v.user_id, v.value, v.created_at.isoformat(), v.updated_at.isoformat()]
            for v in source_votes
        ],
        "moved_voters": moved,
        "comments": [[comment_id, earlier] for comment_id, earlier in comments],
        "source_counters": _counters(source),
        "target_counters": _counters(target),
    }
    if moved:
        await session.execute(
            update(Vote)
            .where(col(Vote.idea_id) == source.id, col(Vote.user_id).in_(moved))
            .values(idea_id=target.id)
        )
    await session.execute(delete(Vote).where(col(Vote.idea_id) == source.id))
    await session.execute(
        update(Comment)
        .where(col(Comment.idea_id) == source.id)
        .values(idea_id=target.id, moved_from_idea_id=source.id)
    )
    await _recount(session, target)
    source.merged_into_id = target.id
    session.add(source)
    merge.status = MergeStatus.MERGED.value
    merge.merged_at = now
    merge.merged_by = actor.user_id
    merge.undo = json.dumps(undo)
    session.add(merge)
    await _record(session, merge, actor, "merge.done", votes=len(moved), comments=len(comments))
    await _tell_watchers(session, EventKind.IDEA_MERGED, merge, source, target, actor)
    supporters = [v.user_id for v in source_votes if v.value == 1]
    for person in dict.fromkeys([source.author_id, *supporters]):
        await notify(
            session,
            person,
            NotificationKind.MERGE_DONE,
            jam_id=merge.jam_id,
            idea_id=target.id,
            actor_id=actor.user_id,
            merge_id=merge.id,
        )


async def unmerge(
    rt: Runtime, actor: Actor, merge_id: int, *, now: datetime | None = None
) -> IdeaMerge:
    """Undo a merge: the source idea is back with exactly its votes and comments, and the
    target's counters are what its own votes and comments make them. Replies written under a
    moved comment since the merge go back with it."""

    async def work(session: AsyncSession) -> IdeaMerge:
        current = as_utc(now or utcnow())
        merge = await _merge_row(session, merge_id, lock=True)
        await _require_moderator_of(session, actor, merge.target_id, "mergeId", current)
        if merge.status != MergeStatus.MERGED.value:
            raise ActionError(ErrorCode.CONFLICT, "this merge has not happened", "mergeId")
        ideas = await _locked(session, merge.source_id, merge.target_id)
        source, target = ideas[merge.source_id], ideas[merge.target_id]
        undo = json.loads(merge.undo)
        moved: list[int] = undo["moved_voters"]
        if moved:
            await session.execute(
                delete(Vote).where(col(Vote.idea_id) == target.id, col(Vote.user_id).in_(moved))
            )
        votes = undo["source_votes"]
        if votes:
            await session.execute(
                insert(Vote),
                [
                    {
                        "idea_id": source.id,
                        "user_id": user_id,
                        "value": value,
                        "created_at": datetime.fromisoformat(created),
                        "updated_at": datetime.fromisoformat(updated),
                    }
                    for user_id, value, created, updated in votes
                ],
            )
        earlier_of = {comment_id: earlier for comment_id, earlier in undo["comments"]}
        for comment_id, earlier in earlier_of.items():
            await session.execute(
                update(Comment)
                .where(col(Comment.id) == comment_id, col(Comment.idea_id) == target.id)
                .values(idea_id=source.id, moved_from_idea_id=earlier)
            )
        await _bring_back_replies(session, set(earlier_of), target.id, source.id)
        source.merged_into_id = None
        session.add(source)
        await _recount(session, target)
        await _recount(session, source)
        merge.status = MergeStatus.UNMERGED.value
        merge.unmerged_at = current
        session.add(merge)
        await _record(session, merge, actor, "merge.undo")
        await _tell_watchers(session, EventKind.IDEA_UNMERGED, merge, source, target, actor)
        return merge

    return await rt.db.write(work)


async def _tell_watchers(
    session: AsyncSession,
    kind: EventKind,
    merge: IdeaMerge,
    source: Idea,
    target: Idea,
    actor: Actor,
) -> None:
    """The source idea left (or came back), and the target's counts changed with it."""
    await record_event(
        session,
        kind,
        jam_id=merge.jam_id,
        subject_id=source.id,
        idea_id=source.id,
        actor_id=actor.user_id,
        target=target.id,
    )
    await record_event(
        session,
        EventKind.VOTES_CHANGED,
        jam_id=merge.jam_id,
        subject_id=target.id,
        idea_id=target.id,
        actor_id=actor.user_id,
        upvotes=target.upvotes,
        downvotes=target.downvotes,
    )


async def _bring_back_replies(
    session: AsyncSession, moved: set[int], target_id: int | None, source_id: int | None
) -> None:
    """Replies written on the target, since the merge, under comments that go back."""
    parents = set(moved)
    while parents:
        rows = await session.execute(
            select(Comment.id).where(
                Comment.idea_id == target_id, col(Comment.parent_id).in_(sorted(parents))
            )
        )
        replies = set(rows.scalars())
        if not replies:
            return
        await session.execute(
            update(Comment).where(col(Comment.id).in_(sorted(replies))).values(idea_id=source_id)
        )
        parents = replies
