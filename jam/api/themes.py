"""GraphQL types for themes and similar ideas (thin: rules live in jam.queries.themes)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from jam.actions.themes import shown_themes
from jam.api.context import Info
from jam.api.errors import bad_input
from jam.api.types import Idea, IdeaConnection
from jam.queries import themes as theme_queries
from jam.themes.fitting import ShownTheme


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
