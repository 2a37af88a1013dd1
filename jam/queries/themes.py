"""Reading themes: the latest snapshot of a scope, a theme's ideas, the map."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
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
HISTORY_MAX = 200
TREND_DAYS_MAX = 90
# A theme is emerging when its share of the newest day's ideas is this many times its share of
# all ideas, with at least EMERGING_MIN_IDEAS that day.
EMERGING_RATIO = 1.5
EMERGING_MIN_IDEAS = 3


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


@dataclass(frozen=True)
class ThemeSize:
    theme_id: int
    label: str
    size: int


@dataclass(frozen=True)
class SnapshotSummary:
    snapshot_id: int
    version: int
    created_at: datetime
    idea_count: int
    sizes: list[ThemeSize]


async def theme_history(
    rt: Runtime, actor: Actor, jam_id: int, forum_id: int | None = None, *, first: int = 30
) -> list[SnapshotSummary]:
    """The newest ``first`` theme snapshots of a jam (or forum), newest first, each with its
    themes' sizes: sizes over time, and two versions to compare (theme ids are stable across
    refits). Empty for a jam the actor may not see."""
    if not 1 <= first <= HISTORY_MAX:
        raise validation.invalid("first", f"first must be between 1 and {HISTORY_MAX}")
    async with rt.db.read() as session:
        if not may_view(actor, await membership_of(session, jam_id, actor.user_id)):
            return []
        # sqlalchemy's select: sqlmodel's is typed for at most four columns.
        query = sa_select(
            col(ThemeSnapshot.id),
            col(ThemeSnapshot.version),
            col(ThemeSnapshot.created_at),
            col(ThemeSnapshot.idea_count),
            col(ThemeSnapshot.themes),
        ).where(col(ThemeSnapshot.jam_id) == jam_id)
        query = query.where(
            col(ThemeSnapshot.forum_id).is_(None)
            if forum_id is None
            else col(ThemeSnapshot.forum_id) == forum_id
        )
        rows = (
            await session.execute(query.order_by(col(ThemeSnapshot.version).desc()).limit(first))
        ).all()
    return [
        SnapshotSummary(
            snapshot_id=int(snapshot_id or 0),
            version=int(version),
            created_at=created_at,
            idea_count=int(idea_count),
            sizes=[ThemeSize(t.id, t.label, t.size) for t in decode_shown(themes)],
        )
        for snapshot_id, version, created_at, idea_count, themes in rows
    ]


@dataclass(frozen=True)
class ThemeTrend:
    theme_id: int
    points: list[tuple[date, int]]  # (day, ideas posted that day), oldest first
    emerging: bool


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


async def theme_trends(rt: Runtime, view: SnapshotView, *, days: int = 14) -> list[ThemeTrend]:
    """Ideas per day of each theme of the snapshot over the last ``days`` days of activity
    (UTC days, zeros filled), and whether it is emerging: its share of the newest day's ideas
    at least EMERGING_RATIO times its share of all of them. One grouped statement."""
    if not 1 <= days <= TREND_DAYS_MAX:
        raise validation.invalid("days", f"days must be between 1 and {TREND_DAYS_MAX}")
    day = func.date(Idea.created_at)
    query = (
        select(IdeaTheme.theme_id, day, func.count())
        .join(Idea, col(Idea.id) == IdeaTheme.idea_id)
        .where(IdeaTheme.snapshot_id == view.snapshot.id, col(IdeaTheme.theme_id).is_not(None))
        .group_by(col(IdeaTheme.theme_id), day)
    )
    if not view.moderator_view:
        query = query.where(idea_is_public())
    async with rt.db.read() as session:
        rows = [(int(t), _day(d), int(n)) for t, d, n in (await session.execute(query)).all()]
    if not rows:
        return []
    newest = max(d for _, d, _ in rows)
    window = [newest - timedelta(days=days - 1 - i) for i in range(days)]
    per_theme: dict[int, dict[date, int]] = {}
    totals: dict[int, int] = {}
    for theme_id, when, count in rows:
        per_theme.setdefault(theme_id, {})[when] = count
        totals[theme_id] = totals.get(theme_id, 0) + count
    everything = sum(totals.values())
    newest_day = sum(by_day.get(newest, 0) for by_day in per_theme.values())
    trends = []
    for theme_id in sorted(per_theme):
        by_day = per_theme[theme_id]
        today = by_day.get(newest, 0)
        emerging = (
            today >= EMERGING_MIN_IDEAS
            and today / newest_day >= EMERGING_RATIO * totals[theme_id] / everything
        )
        trends.append(
            ThemeTrend(theme_id, [(d, by_day.get(d, 0)) for d in window], emerging=emerging)
        )
    return trends
