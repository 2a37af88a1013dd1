"""Query root: thin resolvers over ``jam.queries``."""

from __future__ import annotations

import strawberry

from jam.api.context import Info
from jam.api.types import Idea, Jam, User, _int_or_none
from jam.queries import ideas as idea_queries
from jam.queries import jams as jam_queries


@strawberry.type
class Query:
    @strawberry.field(description="The signed-in person, or null.")
    def viewer(self, info: Info) -> User | None:
        user = info.context.user
        return User.of(user) if user else None

    @strawberry.field(description="Jams the viewer can see, latest start first.")
    async def jams(self, info: Info) -> list[Jam]:
        actor = info.context.require_actor()
        return [Jam.of(j) for j in await jam_queries.visible_jams(info.context.rt, actor)]

    @strawberry.field
    async def jam(self, info: Info, slug: str) -> Jam | None:
        actor = info.context.require_actor()
        jam = await jam_queries.jam_by_slug(info.context.rt, actor, slug)
        return Jam.of(jam) if jam else None

    @strawberry.field(description="One idea with its comments; null if missing or hidden.")
    async def idea(self, info: Info, id: strawberry.ID) -> Idea | None:
        actor = info.context.require_actor()
        idea_id = _int_or_none(id)
        if idea_id is None:
            return None
        idea = await idea_queries.idea_for(info.context.rt, actor, idea_id)
        return Idea.of(idea) if idea else None
