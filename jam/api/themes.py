"""GraphQL types for themes and similar ideas (thin: rules live in jam.queries.themes)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry

from jam.actions import themes as theme_actions
from jam.actions.jobs import JobKind
from jam.analysis.themes import ShownTheme
from jam.api.context import Info
from jam.api.errors import UserError, bad_input, payload
from jam.api.ids import id_or_none, parse_id
from jam.api.jobs import JobPayload, job_payload
from jam.api.types import Idea, IdeaConnection
from jam.queries import themes as theme_queries
from jam.queries.similar import similar_ideas
from jam.queries.themes import shown_themes, theme_snapshot_for


@strawberry.type
class Keyword:
    term: str
    weight: float


@strawberry.type
class ThemeMapPoint:
    idea_id: strawberry.ID
    theme_id: int | None
    x: float
    y: float


@strawberry.type
class ThemeMap:
    points: list[ThemeMapPoint]
    has_next_page: bool
    end_cursor: str | None


@strawberry.type(
    description="What a refit did to a theme: continued, new, split, merged, vanished."
)
class ThemeChange:
    kind: str
    theme_id: int
    previous_ids: list[int]


@strawberry.type
class Theme:
    id: int = strawberry.field(description="Stable across refits while the theme continues.")
    label: str
    keywords: list[Keyword]
    size: int
    edited: bool = strawberry.field(description="Renamed, merged or split by a moderator.")
    change: str | None = strawberry.field(description="What the last refit did to this theme.")
    x: float
    y: float
    _representative: strawberry.Private[list[int]]
    _view: strawberry.Private[theme_queries.SnapshotView]

    @strawberry.field(description="The ideas that say it best.")
    async def representative_ideas(self, info: Info) -> list[Idea]:
        ideas = await info.context.loaders.ideas.load_many(self._representative)
        return [
            Idea.of(i)
            for i in ideas
            if i is not None and (self._view.moderator_view or not i.hidden)
        ]

    @strawberry.field(description="Member ideas, newest first.")
    async def ideas(self, info: Info, first: int = 20, after: str | None = None) -> IdeaConnection:
        return await _idea_page(info, self._view, self.id, first, after)

    @classmethod
    def of(cls, theme: ShownTheme, view: theme_queries.SnapshotView) -> Theme:
        return cls(
            id=theme.id,
            label=theme.label,
            keywords=[Keyword(term=w, weight=round(s, 4)) for w, s in theme.keywords],
            size=theme.size,
            edited=theme.edited,
            change=theme.change,
            x=theme.position[0],
            y=theme.position[1],
            _representative=theme.representative,
            _view=view,
        )


async def _idea_page(
    info: Info,
    view: theme_queries.SnapshotView,
    theme_id: int | None,
    first: int,
    after: str | None,
) -> IdeaConnection:
    page = await bad_input(
        theme_queries.theme_ideas(info.context.rt, view, theme_id, first=first, after=after)
    )
    cursors = [str(i.id) for i in page.ideas]
    return IdeaConnection.of(page.ideas, cursors, page.has_next_page, page.total_count)


@strawberry.type
class ThemeSize:
    theme_id: int
    label: str
    size: int


@strawberry.type(description="One version of the themes, in brief: for sizes over time and "
                 "comparing two versions (theme ids are stable across refits).")
class ThemeSnapshotSummary:
    id: strawberry.ID
    version: int
    created_at: datetime
    idea_count: int
    sizes: list[ThemeSize] = strawberry.field(description="Its themes, largest first.")

    @classmethod
    def of(cls, summary: theme_queries.SnapshotSummary) -> ThemeSnapshotSummary:
        return cls(
            id=strawberry.ID(str(summary.snapshot_id)),
            version=summary.version,
            created_at=summary.created_at,
            idea_count=summary.idea_count,
            sizes=[ThemeSize(theme_id=s.theme_id, label=s.label, size=s.size)
                   for s in summary.sizes],
        )


@strawberry.type
class TrendPoint:
    day: date
    ideas: int


@strawberry.type(description="A theme's ideas per day.")
class ThemeTrend:
    theme_id: int
    points: list[TrendPoint] = strawberry.field(description="Oldest day first, zeros included.")
    emerging: bool = strawberry.field(
        description="Its share of the newest day's ideas is at least 1.5 times its share of "
        "all ideas (and at least 3 ideas that day)."
    )


@strawberry.type(description="One version of the themes of a jam or forum.")
class ThemeSnapshot:
    id: strawberry.ID
    version: int
    reason: str
    created_at: datetime
    fitted_at: datetime = strawberry.field(description="When the ideas were last clustered.")
    idea_count: int = strawberry.field(description="Ideas in the last fit (new ones are placed).")
    _view: strawberry.Private[theme_queries.SnapshotView]

    @strawberry.field(description="Themes, largest first.")
    def themes(self) -> list[Theme]:
        return [Theme.of(t, self._view) for t in shown_themes(self._view.snapshot)]

    @strawberry.field
    def changes(self) -> list[ThemeChange]:
        return [
            ThemeChange(
                kind=str(c["kind"]),
                theme_id=int(c["theme_id"]),
                previous_ids=[int(i) for i in c["previous_ids"]],
            )
            for c in theme_queries.snapshot_changes(self._view.snapshot)
        ]

    @strawberry.field(description="Ideas that fit no theme, newest first.")
    async def unthemed_ideas(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> IdeaConnection:
        return await _idea_page(info, self._view, None, first, after)

    @strawberry.field(description="Ideas per day of each theme over the last `days` days of "
                      "activity, and which themes are emerging.")
    async def theme_trends(self, info: Info, days: int = 14) -> list[ThemeTrend]:
        trends = await bad_input(
            theme_queries.theme_trends(info.context.rt, self._view, days=days)
        )
        return [
            ThemeTrend(
                theme_id=t.theme_id,
                points=[TrendPoint(day=d, ideas=n) for d, n in t.points],
                emerging=t.emerging,
            )
            for t in trends
        ]

    @strawberry.field(description="2-D points of every idea for a theme map, in pages.")
    async def map(self, info: Info, first: int = 1000, after: str | None = None) -> ThemeMap:
        points, more = await bad_input(
            theme_queries.map_points(info.context.rt, self._view, first=first, after=after)
        )
        return ThemeMap(
            points=[
                ThemeMapPoint(
                    idea_id=strawberry.ID(str(p.idea_id)), theme_id=p.theme_id, x=p.x, y=p.y
                )
                for p in points
            ],
            has_next_page=more,
            end_cursor=str(points[-1].idea_id) if points else None,
        )

    @classmethod
    def of(cls, view: theme_queries.SnapshotView) -> ThemeSnapshot:
        snapshot = view.snapshot
        return cls(
            id=strawberry.ID(str(snapshot.id)),
            version=snapshot.version,
            reason=snapshot.reason,
            created_at=snapshot.created_at,
            fitted_at=snapshot.fitted_at,
            idea_count=snapshot.idea_count,
            _view=view,
        )


@strawberry.type
class SimilarIdea:
    idea: Idea
    score: float = strawberry.field(description="Cosine similarity, 0 to 1.")



@strawberry.input
class RenameThemeInput:
    jam_id: strawberry.ID
    theme_id: int
    label: str
    forum_id: strawberry.ID | None = strawberry.field(
        default=None, description="A forum's themes instead of the whole jam's."
    )


@strawberry.input
class MergeThemesInput:
    jam_id: strawberry.ID
    theme_id: int = strawberry.field(description="The theme that stays.")
    other_theme_id: int = strawberry.field(description="The theme folded into it.")
    forum_id: strawberry.ID | None = None


@strawberry.input
class SplitThemeInput:
    jam_id: strawberry.ID
    theme_id: int
    forum_id: strawberry.ID | None = None


@strawberry.input
class RecomputeThemesInput:
    jam_id: strawberry.ID


@strawberry.type
class ThemeSnapshotPayload:
    snapshot: ThemeSnapshot | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


async def _snapshot_payload(info: Info, run: Any) -> ThemeSnapshotPayload:
    async def load() -> ThemeSnapshot | None:
        snapshot = await run
        if snapshot is None:
            return None
        actor = info.context.require_actor()
        view = await theme_snapshot_for(info.context.rt, actor, snapshot.jam_id, snapshot.forum_id)
        return ThemeSnapshot.of(view) if view else None

    return await payload(ThemeSnapshotPayload, "snapshot", load())


@strawberry.type
class ThemesQuery:
    @strawberry.field(
        description="Ideas of a jam most like a draft (for 'similar ideas already posted')."
    )
    async def similar_ideas(
        self, info: Info, jam_id: strawberry.ID, text: str, first: int = 5
    ) -> list[SimilarIdea]:
        actor = info.context.require_actor()
        parsed = id_or_none(jam_id)
        if parsed is None:
            return []
        found = await bad_input(similar_ideas(info.context.rt, actor, parsed, text, first=first))
        return [SimilarIdea(idea=Idea.of(f.idea), score=f.score) for f in found]


@strawberry.type
class ThemesMutation:
    @strawberry.mutation(description="Moderators rename a theme; the name survives refits.")
    async def rename_theme(self, info: Info, input: RenameThemeInput) -> ThemeSnapshotPayload:
        actor = info.context.require_actor()

        async def run() -> Any:
            forum = parse_id(input.forum_id, "forumId") if input.forum_id else None
            return await theme_actions.rename_theme(
                info.context.rt,
                actor,
                parse_id(input.jam_id, "jamId"),
                input.theme_id,
                input.label,
                forum,
            )

        return await _snapshot_payload(info, run())

    @strawberry.mutation(description="Moderators merge two themes; the merge survives refits.")
    async def merge_themes(self, info: Info, input: MergeThemesInput) -> ThemeSnapshotPayload:
        actor = info.context.require_actor()

        async def run() -> Any:
            forum = parse_id(input.forum_id, "forumId") if input.forum_id else None
            return await theme_actions.merge_themes(
                info.context.rt,
                actor,
                parse_id(input.jam_id, "jamId"),
                input.theme_id,
                input.other_theme_id,
                forum,
            )

        return await _snapshot_payload(info, run())

    @strawberry.mutation(description="Moderators split a theme in two; it stays split.")
    async def split_theme(self, info: Info, input: SplitThemeInput) -> ThemeSnapshotPayload:
        actor = info.context.require_actor()

        async def run() -> Any:
            forum = parse_id(input.forum_id, "forumId") if input.forum_id else None
            return await theme_actions.split_theme(
                info.context.rt, actor, parse_id(input.jam_id, "jamId"), input.theme_id, forum
            )

        return await _snapshot_payload(info, run())

    @strawberry.mutation(
        description="Analysts and moderators ask for a theme refit now; the worker does it."
    )
    async def recompute_themes(self, info: Info, input: RecomputeThemesInput) -> JobPayload:
        return await job_payload(info, input.jam_id, JobKind.THEMES)

