"""Reading themes: the latest snapshot of a scope, a theme's ideas, the map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam import validation
from jam.access import Actor, idea_is_public, may_moderate, may_view, membership_of
from jam.analysis.snapshots import decode_changes, decode_shown
from jam.analysis.themes import EditSpec, ShownTheme
from jam.models import Idea, IdeaTheme, ThemeEdit, ThemeSnapshot
from jam.runtime import Runtime

MAP_PAGE_MAX = 5_000
IDEA_PAGE_MAX = 100


async def latest_snapshot(
    session: AsyncSession, jam_id: int, forum_id: int | None
) -> ThemeSnapshot | None:
    query = select(ThemeSnapshot).where(ThemeSnapshot.jam_id == jam_id)
    query = query.where(
        col(ThemeSnapshot.forum_id).is_(None)
        if forum_id is None
        else ThemeSnapshot.forum_id == forum_id
    )
    result = await session.execute(query.order_by(col(ThemeSnapshot.version).desc()).limit(1))
    return result.scalar_one_or_none()


async def edits_for(session: AsyncSession, jam_id: int, forum_id: int | None) -> list[ThemeEdit]:
    query = select(ThemeEdit).where(ThemeEdit.jam_id == jam_id)
    query = query.where(
        col(ThemeEdit.forum_id).is_(None) if forum_id is None else ThemeEdit.forum_id == forum_id
    )
    return list((await session.execute(query.order_by(col(ThemeEdit.id)))).scalars())


def edit_spec(edit: ThemeEdit) -> EditSpec:
    return EditSpec(edit.kind, edit.theme_id, edit.other_theme_id, edit.label)


def shown_themes(snapshot: ThemeSnapshot) -> list[ShownTheme]:
    return decode_shown(snapshot.themes)


@dataclass
class SnapshotView:
    snapshot: ThemeSnapshot
    moderator_view: bool


async def theme_snapshot_for(
    rt: Runtime, actor: Actor, jam_id: int, forum_id: int | None = None
) -> SnapshotView | None:
    """The newest themes of a jam (or of one forum), for anyone who may view the jam."""
    async with rt.db.read() as session:
        membership = await membership_of(session, jam_id, actor.user_id)
        if not may_view(actor, membership):
            return None
        snapshot = await latest_snapshot(session, jam_id, forum_id)
    if snapshot is None:
        return None
    return SnapshotView(snapshot, may_moderate(actor, membership))


def _cursor(after: str | None) -> int | None:
    if after is None:
        return None
    try:
        value = int(after)
    except ValueError:
        value = -1
    if not 0 <= value <= validation.INTEGER_MAX:  # an idea id: no column holds more
        raise validation.invalid("after", "this cursor is not valid for this list")
    return value


@dataclass
class ThemeIdeasPage:
    ideas: list[Idea]
    has_next_page: bool
    total_count: int


async def theme_ideas(
    rt: Runtime,
    view: SnapshotView,
    theme_id: int | None,
    *,
    first: int = 20,
    after: str | None = None,
) -> ThemeIdeasPage:
    """A theme's ideas, newest first (``theme_id=None``: the ideas that fit no theme). Hidden
    ideas only for moderators."""
    if not 0 <= first <= IDEA_PAGE_MAX:
        raise validation.invalid("first", f"first must be between 0 and {IDEA_PAGE_MAX}")
    before_id = _cursor(after)
    conditions: list[Any] = [IdeaTheme.snapshot_id == view.snapshot.id]
    conditions.append(
        col(IdeaTheme.theme_id).is_(None) if theme_id is None else IdeaTheme.theme_id == theme_id
    )
    if not view.moderator_view:
        conditions.append(idea_is_public())
    base = select(Idea).join(IdeaTheme, col(IdeaTheme.idea_id) == Idea.id).where(*conditions)
    async with rt.db.read() as session:
        from sqlalchemy import func

        total = (
            await session.execute(select(func.count()).select_from(base.subquery()))
        ).scalar_one()
        page = base
        if before_id is not None:
            page = page.where(col(Idea.id) < before_id)
        rows = await session.execute(page.order_by(col(Idea.id).desc()).limit(first + 1))
        ideas = list(rows.scalars())
    return ThemeIdeasPage(ideas[:first], len(ideas) > first, int(total))


@dataclass
class MapPoint:
    idea_id: int
    theme_id: int | None
    x: float
    y: float


async def map_points(
    rt: Runtime, view: SnapshotView, *, first: int = 1_000, after: str | None = None
) -> tuple[list[MapPoint], bool]:
    """Points of the theme map in idea-id order, a page at a time."""
    if not 0 <= first <= MAP_PAGE_MAX:
        raise validation.invalid("first", f"first must be between 0 and {MAP_PAGE_MAX}")
    after_id = _cursor(after)
    query = (
        select(IdeaTheme.idea_id, IdeaTheme.theme_id, IdeaTheme.x, IdeaTheme.y)
        .join(Idea, col(Idea.id) == IdeaTheme.idea_id)
        .where(IdeaTheme.snapshot_id == view.snapshot.id)
    )
    if not view.moderator_view:
        query = query.where(idea_is_public())
    if after_id is not None:
        query = query.where(col(IdeaTheme.idea_id) > after_id)
    async with rt.db.read() as session:
        rows = (
            await session.execute(query.order_by(col(IdeaTheme.idea_id)).limit(first + 1))
        ).all()
    points = [MapPoint(i, t, x, y) for i, t, x, y in rows]
    return points[:first], len(points) > first


def snapshot_changes(snapshot: ThemeSnapshot) -> list[dict[str, Any]]:
    return decode_changes(snapshot.changes)
