"""Query root: thin resolvers over ``jam.queries``."""

from __future__ import annotations

import strawberry

from jam.api.context import Info
from jam.api.errors import bad_input
from jam.api.ids import id_or_none
from jam.api.jobs import Job
from jam.api.themes import SimilarIdea
from jam.api.types import Idea, Jam, User
from jam.queries import ideas as idea_queries
from jam.queries import jams as jam_queries
from jam.queries.jobs import job_for
from jam.similar import similar_ideas


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

    @strawberry.field(description="One idea with its comments; null if missing or hidden.")
    async def idea(self, info: Info, id: strawberry.ID) -> Idea | None:
        actor = info.context.require_actor()
        idea_id = id_or_none(id)
        if idea_id is None:
            return None
        idea = await idea_queries.idea_for(info.context.rt, actor, idea_id)
        return Idea.of(idea) if idea else None

    @strawberry.field(description="A background job you asked for (or, for analysts and the "
                      "jam's moderators, any of its jobs); null if missing or not yours to see.")
    async def job(self, info: Info, id: strawberry.ID) -> Job | None:
        actor = info.context.require_actor()
        job_id = id_or_none(id)
        if job_id is None:
            return None
        job = await job_for(info.context.rt, actor, job_id)
        return Job.of(job) if job else None
