"""Browsing ideas: visibility, sorting, tag filter, text search and cursor pagination."""

from __future__ import annotations

import base64
import binascii
import enum
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Float, Integer, and_, false, func, or_, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam import validation
from jam.access import Actor, may_moderate, may_view, membership_of
from jam.db import batches
from jam.errors import ActionError, ErrorCode
from jam.models import Comment, EditorialLabel, Idea, IdeaLabel, IdeaTag
from jam.runtime import Runtime
from jam.search import SearchQuery, search_query

PAGE_DEFAULT = 20
PAGE_MAX = 100
PINS_MAX = 20


class IdeaSort(enum.StrEnum):
    NEW = "new"
    TOP = "top"
    HOT = "hot"
    # Best match first: only with a search (jam.search: stems in three languages, ranked).
    RELEVANCE = "relevance"


_SORT_COLUMNS: dict[IdeaSort, Any] = {
    IdeaSort.NEW: Idea.created_at,
    IdeaSort.TOP: Idea.top_score,
    IdeaSort.HOT: Idea.hot_score,
}


@dataclass
class IdeaPage:
    ideas: list[Idea]
    cursors: list[str]
    has_next_page: bool
    total_count: int
    moderator_view: bool = False


@dataclass
class IdeaFilter:
    jam_id: int
    forum_id: int | None = None
    sort: IdeaSort = IdeaSort.NEW
    tag: str | None = None
    search: str | None = None
    first: int = PAGE_DEFAULT
    after: str | None = None
    label: EditorialLabel | None = None


def encode_cursor(sort: IdeaSort, idea: Idea, position: int = 0) -> str:
    """The cursor after ``idea``: its sort value and id; for RELEVANCE (a rank computed per
    search, no column) its ``position`` in the results."""
    if sort is IdeaSort.RELEVANCE:
        value: Any = position
    else:
        key = getattr(idea, _SORT_COLUMNS[sort].key)
        value = key.isoformat() if isinstance(key, datetime) else key
    raw = json.dumps([sort.value, value, idea.id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


CURSOR_MAX = 200


def decode_cursor(sort: IdeaSort, cursor: str) -> tuple[Any, int]:
    """The position an ``after`` cursor of ours names; INVALID_INPUT for anything else
    (made up, of another sort order, or naming values no column holds)."""
    try:
        if len(cursor) > CURSOR_MAX:
            raise ValueError("too long for a cursor")
        padded = cursor + "=" * (-len(cursor) % 4)
        kind, value, idea_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if kind != sort.value or isinstance(idea_id, bool) or not isinstance(idea_id, int):
            raise ValueError("cursor of another sort order")
        if not 0 < idea_id <= validation.INTEGER_MAX:
            raise ValueError("no such idea id")
        if sort is IdeaSort.RELEVANCE:
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 10**6:
                raise ValueError("bad position")
        elif sort is IdeaSort.NEW:
            value = datetime.fromisoformat(value)
            if value.tzinfo is None:
                raise ValueError("a cursor's time has a time zone")
            value = validation.moment(value, "after")
        elif not validation.score(value):
            raise ValueError("bad sort value")
        return value, idea_id
    except (
        ValueError, TypeError, binascii.Error, UnicodeDecodeError, RecursionError, ActionError
    ) as error:
        raise validation.invalid("after", "this cursor is not valid for this list") from error


async def list_ideas(rt: Runtime, actor: Actor, spec: IdeaFilter) -> IdeaPage:
    """One page of a jam's (or forum's) ideas the actor may see, newest/top/hot first."""
    if not 0 <= spec.first <= PAGE_MAX:
        raise validation.invalid("first", f"first must be between 0 and {PAGE_MAX}")
    search = spec.search.strip() if spec.search else None
    if search is not None and len(search) > validation.SEARCH_MAX:
        raise validation.invalid("search", f"search is at most {validation.SEARCH_MAX} characters")
    after = decode_cursor(spec.sort, spec.after) if spec.after else None
    column = _SORT_COLUMNS.get(spec.sort)

    async with rt.db.read() as session:
        membership = await membership_of(session, spec.jam_id, actor.user_id)
        if not may_view(actor, membership):
            raise ActionError(ErrorCode.NOT_FOUND, "no such jam", "jamId")
        moderator = may_moderate(actor, membership)
        conditions: list[Any] = [Idea.jam_id == spec.jam_id]
        if spec.forum_id is not None:
            conditions.append(Idea.forum_id == spec.forum_id)
        conditions.append(col(Idea.merged_into_id).is_(None))
        if not moderator:
            conditions.append(col(Idea.hidden).is_(False))
        if spec.label is not None:
            conditions.append(
                col(Idea.id).in_(
                    select(IdeaLabel.idea_id).where(IdeaLabel.label == spec.label.value)
                )
            )
        if spec.tag:
            tag = spec.tag.strip().lower()
            conditions.append(
                Idea.id.in_(select(IdeaTag.idea_id).where(IdeaTag.tag == tag))  # type: ignore[union-attr]
            )
        matched = None
        if search:
            found = search_query(search)
            if found.empty:
                conditions.append(false())  # no word to look for (e.g. only punctuation)
            else:
                connection = await session.connection()
                matched = _matches(connection.dialect.name, found)
                conditions.append(col(Idea.id).in_(select(matched.c.idea_id)))
        total = (
            await session.execute(select(func.count()).select_from(Idea).where(*conditions))
        ).scalar_one()
        skipped = 0
        if spec.sort is IdeaSort.RELEVANCE:
            if matched is None:
                raise validation.invalid("sort", "RELEVANCE sorts the results of a search")
            skipped = after[0] + 1 if after is not None else 0
            query = (
                select(Idea)
                .join(matched, matched.c.idea_id == Idea.id)
                .where(*conditions)
                .order_by(matched.c.rank.desc(), col(Idea.id).desc())
                .offset(skipped)
            )
        else:
            page_conditions = list(conditions)
            if after is not None:
                value, idea_id = after
                page_conditions.append(
                    or_(column < value, and_(column == value, col(Idea.id) < idea_id))
                )
            query = (
                select(Idea)
                .where(*page_conditions)
                .order_by(column.desc(), Idea.id.desc())  # type: ignore[union-attr]
            )
        rows = await session.execute(query.limit(spec.first + 1))
        ideas = list(rows.scalars())
    has_next = len(ideas) > spec.first
    ideas = ideas[: spec.first]
    return IdeaPage(
        ideas=ideas,
        cursors=[encode_cursor(spec.sort, idea, skipped + i) for i, idea in enumerate(ideas)],
        has_next_page=has_next,
        total_count=total,
        moderator_view=moderator,
    )


def _matches(dialect: str, found: SearchQuery) -> Any:
    """The ideas a search matches, with their rank (higher is better), as a subquery: FTS5's
    bm25 on SQLite (negated: lower is better there), ts_rank on PostgreSQL (migration 0009)."""
    if dialect == "sqlite":
        statement = text(
            "SELECT rowid AS idea_id, -bm25(idea_fts) AS rank FROM idea_fts "
            "WHERE idea_fts MATCH :search_terms"
        ).bindparams(search_terms=found.fts5())
    else:
        statement = text(
            "SELECT idea_id, ts_rank(terms, to_tsquery('simple', :search_terms)) AS rank "
            "FROM idea_fts WHERE terms @@ to_tsquery('simple', :search_terms)"
        ).bindparams(search_terms=found.tsquery())
    return statement.columns(idea_id=Integer, rank=Float).subquery("matched")


async def _viewable_idea(session: AsyncSession, actor: Actor, idea_id: int) -> Idea | None:
    idea = await session.get(Idea, idea_id)
    if idea is None:
        return None
    membership = await membership_of(session, idea.jam_id, actor.user_id)
    if not may_view(actor, membership):
        return None
    if idea.hidden and idea.author_id != actor.user_id and not may_moderate(actor, membership):
        return None
    return idea


async def idea_for(rt: Runtime, actor: Actor, idea_id: int) -> Idea | None:
    """The idea if it exists and the actor may see it (hidden ones only for moderators and
    the author, who is shown why)."""
    async with rt.db.read() as session:
        return await _viewable_idea(session, actor, idea_id)


@dataclass
class CommentNode:
    comment: Comment
    replies: list[CommentNode] = field(default_factory=list)


async def comment_trees(rt: Runtime, idea_ids: list[int]) -> list[list[CommentNode]]:
    """The comments of each idea as a tree, oldest first at every level: one query for all
    the ideas (the DataLoader batch behind ``Idea.comments``, so a page of ideas with their
    threads costs the same few statements as one idea)."""
    comments: list[Comment] = []
    async with rt.db.read() as session:
        for chunk in batches(sorted(set(idea_ids))):
            rows = await session.execute(
                select(Comment)
                .where(col(Comment.idea_id).in_(chunk))
                .order_by(Comment.created_at, Comment.id)  # type: ignore[arg-type]
            )
            comments.extend(rows.scalars())
    comments.sort(key=lambda c: (c.created_at, c.id or 0))
    nodes = {c.id: CommentNode(c) for c in comments}
    roots: dict[int, list[CommentNode]] = {i: [] for i in idea_ids}
    for comment in comments:
        node = nodes[comment.id]
        parent = nodes.get(comment.parent_id) if comment.parent_id is not None else None
        (parent.replies if parent else roots[comment.idea_id]).append(node)
    return [roots[i] for i in idea_ids]


async def comment_tree(rt: Runtime, idea_id: int) -> list[CommentNode]:
    """All comments of one idea as a tree (see :func:`comment_trees`)."""
    return (await comment_trees(rt, [idea_id]))[0]


async def pinned_ideas(rt: Runtime, actor: Actor, jam_id: int, forum_id: int) -> list[Idea]:
    """The forum's pinned ideas the actor may see, the newest pin first (a handful: pins are
    shown above the forum's list, outside its pages)."""
    async with rt.db.read() as session:
        membership = await membership_of(session, jam_id, actor.user_id)
        if not may_view(actor, membership):
            return []
        conditions: list[Any] = [
            Idea.forum_id == forum_id,
            col(Idea.pinned_at).is_not(None),
            col(Idea.merged_into_id).is_(None),
        ]
        if not may_moderate(actor, membership):
            conditions.append(col(Idea.hidden).is_(False))
        rows = await session.execute(
            select(Idea).where(*conditions).order_by(col(Idea.pinned_at).desc()).limit(PINS_MAX)
        )
        return list(rows.scalars())
