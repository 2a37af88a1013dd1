"""Opinion groups in the API: the groups a jam's votes form (Pol.is's method), the ideas that
stand for each, the ideas everyone agrees on and the ones that divide, and the viewer's group."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from jam.actions.jobs import JobKind
from jam.analysis.opinions import OpinionResult
from jam.api.context import Info
from jam.api.jobs import JobPayload, job_payload
from jam.queries.opinions import OpinionView

if TYPE_CHECKING:
    from jam.api.types import Idea

_IDEA = strawberry.lazy("jam.api.types")


@strawberry.enum(description="Whether a representative idea marks a group by agreeing or "
                 "by disagreeing with it more than the rest do.")
class OpinionKind(enum.Enum):
    AGREE = "agree"
    DISAGREE = "disagree"


@strawberry.enum(description="How the analysis came out.")
class OpinionStatus(enum.Enum):
    OK = "ok"
    NO_VOTES = "no_votes"
    TOO_FEW_PARTICIPANTS = "too_few_participants"
    NO_DISAGREEMENT = "no_disagreement"


async def _visible_idea(info: Info, idea_id: Any) -> Idea | None:
    """The idea as the viewer may see it now: an idea hidden or merged since the analysis
    drops out (for moderators too: the analysis left such ideas out)."""
    from jam.api.types import Idea

    found = await info.context.loaders.ideas.load(int(idea_id))
    if found is None or found.hidden or found.merged_into_id is not None:
        return None
    return Idea.of(found)


@strawberry.type(description="An idea that stands for an opinion group: its members agree "
                 "(or disagree) with it more than everyone else does, significantly (90 %).")
class RepresentativeIdea:
    kind: OpinionKind
    agree_count: int
    disagree_count: int
    pass_count: int
    seen_count: int = strawberry.field(description="Members who voted on it (passes count).")
    agree_share: float = strawberry.field(description="agrees / seen, in the group.")
    disagree_share: float
    rest_agree_share: float = strawberry.field(description="The same share outside the group.")
    rest_disagree_share: float
    repness: float = strawberry.field(description="Pol.is's representativeness (ratio × "
                                      "probability × both tests' z), higher first.")
    _idea_id: strawberry.Private[int]

    @strawberry.field
    async def idea(self, info: Info) -> Annotated[Idea, _IDEA] | None:
        return await _visible_idea(info, self._idea_id)

    @classmethod
    def of(cls, data: dict[str, Any]) -> RepresentativeIdea:
        return cls(
            kind=OpinionKind(data["kind"]),
            agree_count=int(data["agree_count"]),
            disagree_count=int(data["disagree_count"]),
            pass_count=int(data["pass_count"]),
            seen_count=int(data["seen_count"]),
            agree_share=float(data["agree_share"]),
            disagree_share=float(data["disagree_share"]),
            rest_agree_share=float(data["rest_agree_share"]),
            rest_disagree_share=float(data["rest_disagree_share"]),
            repness=float(data["repness"]),
            _idea_id=int(data["item"]),
        )


@strawberry.type
class OpinionGroup:
    id: int = strawberry.field(description="0, 1, ...: the largest group first.")
    size: int
    representative_ideas: list[RepresentativeIdea]


@strawberry.type(description="An idea across the groups: how much the jam agrees with it.")
class IdeaOpinion:
    agree_share: float
    disagree_share: float
    group_informed_consensus: float = strawberry.field(
        description="The product over groups of (agrees+1)/(seen+2): high only when every "
        "group agrees."
    )
    spread: float | None = strawberry.field(
        description="Divisive ideas: the largest difference in agree share between two groups."
    )
    _idea_id: strawberry.Private[int]

    @strawberry.field
    async def idea(self, info: Info) -> Annotated[Idea, _IDEA] | None:
        return await _visible_idea(info, self._idea_id)

    @classmethod
    def of(cls, data: dict[str, Any]) -> IdeaOpinion:
        return cls(
            agree_share=float(data.get("agree_share", 0.0)),
            disagree_share=float(data.get("disagree_share", 0.0)),
            group_informed_consensus=float(data.get("gic", 0.0)),
            spread=float(data["spread"]) if data.get("spread") is not None else None,
            _idea_id=int(data["item"]),
        )


@strawberry.enum(description="A way to split the jam's people: account kind (employee or "
                 "guest), org unit, country. Values held by fewer than 5 people of the jam "
                 "show as \"other\".")
class Population(enum.Enum):
    KIND = "kind"
    ORG_UNIT = "org_unit"
    COUNTRY = "country"


@strawberry.type(description="One group's votes on one theme's ideas.")
class BackingCell:
    group: str = strawberry.field(description="The opinion group's id, or the population value.")
    votes: int
    agrees: int
    disagrees: int
    passes: int
    support: float = strawberry.field(description="Smoothed agree share: (agrees+1)/(votes+2).")
    rest_support: float = strawberry.field(description="The same share of everyone else.")
    differs: bool = strawberry.field(
        description="The group's support differs from everyone else's (two-sided 90 %)."
    )
    backs: bool = strawberry.field(description="More than half agree (one-sided 90 %).")
    opposes: bool = strawberry.field(description="More than half disagree (one-sided 90 %).")

    @classmethod
    def of(cls, data: dict[str, Any]) -> BackingCell:
        return cls(
            group=str(data["group"]),
            votes=int(data["votes"]),
            agrees=int(data["agrees"]),
            disagrees=int(data["disagrees"]),
            passes=int(data["passes"]),
            support=float(data["support"]),
            rest_support=float(data["rest_support"]),
            differs=bool(data["differs"]),
            backs=bool(data["backs"]),
            opposes=bool(data["opposes"]),
        )


@strawberry.type(description="A theme's row of a backing matrix.")
class ThemeBacking:
    theme_id: strawberry.ID
    theme_label: str
    votes: int
    spread: float = strawberry.field(
        description="The largest difference in support between two groups."
    )
    common_ground: bool = strawberry.field(description="Every group backs it.")
    splits: bool = strawberry.field(
        description="Two groups' support differ by 0.2 or more, significantly."
    )
    cells: list[BackingCell] = strawberry.field(description="One per group, in `groups` order.")

    @classmethod
    def of(cls, data: dict[str, Any], labels: dict[str, str]) -> ThemeBacking:
        theme = str(data["theme"])
        return cls(
            theme_id=strawberry.ID(theme),
            theme_label=labels.get(theme, f"Theme {theme}"),
            votes=int(data["votes"]),
            spread=float(data["spread"]),
            common_ground=bool(data["common_ground"]),
            splits=bool(data["splits"]),
            cells=[BackingCell.of(c) for c in data["cells"]],
        )


@strawberry.type(description="Who backs which themes: a theme × group matrix of the share of "
                 "each group's votes on the theme's ideas that agree.")
class BackingMatrix:
    groups: list[str]
    themes: list[ThemeBacking] = strawberry.field(description="Most voted first.")
    common_ground: list[ThemeBacking] = strawberry.field(description="Themes every group backs.")
    splitting: list[ThemeBacking] = strawberry.field(
        description="Themes that split the groups, the widest spread first."
    )

    @classmethod
    def of(cls, data: dict[str, Any], labels: dict[str, str]) -> BackingMatrix:
        rows = {str(t["theme"]): ThemeBacking.of(t, labels) for t in data.get("themes", [])}
        return cls(
            groups=[str(g) for g in data.get("groups", [])],
            themes=list(rows.values()),
            common_ground=[rows[str(t)] for t in data.get("common_ground", []) if str(t) in rows],
            splitting=[rows[str(t)] for t in data.get("splitting", []) if str(t) in rows],
        )


@strawberry.type(description="Who takes part in a theme, by population value: people who "
                 "posted, commented or voted on its ideas, and how much.")
class PopulationSplit:
    theme_id: strawberry.ID
    theme_label: str
    value: str
    people: int
    ideas: int
    comments: int
    votes: int


@strawberry.type(description="A point of the opinion map: a small cluster of people who vote "
                 "alike (no person is named or placed on their own).")
class OpinionMapPoint:
    x: float
    y: float
    size: int
    group: int | None


@strawberry.type(description="The opinion groups of a jam from its votes (Pol.is's method: "
                 "PCA of the vote matrix, k-means over base clusters, k by silhouette).")
class OpinionGroups:
    id: strawberry.ID
    created_at: datetime
    reason: str
    status: OpinionStatus
    voter_count: int = strawberry.field(description="People who voted on a visible idea.")
    placed_count: int = strawberry.field(
        description="People with enough votes to be placed (min(7, ideas)); the groups' sizes "
        "add up to it."
    )
    groups: list[OpinionGroup]
    consensus_ideas: list[IdeaOpinion]
    divisive_ideas: list[IdeaOpinion]
    map: list[OpinionMapPoint]
    viewer_group: int | None = strawberry.field(
        description="The viewer's group; null when they have not voted enough to be placed."
    )
    viewer_point: OpinionMapPoint | None = strawberry.field(
        description="Where the viewer's own votes place them on the map."
    )
    _result: strawberry.Private[OpinionResult]

    @strawberry.field(description="Who backs which themes, by opinion group (themes of the "
                      "newest theme snapshot when the analysis ran).")
    def theme_backing(self) -> BackingMatrix:
        return BackingMatrix.of(self._result.backing, self._result.themes)

    @strawberry.field(description="Who backs which themes, by population.")
    def population_backing(self, population: Population) -> BackingMatrix:
        found = self._result.populations.get(population.value, {})
        return BackingMatrix.of(found, self._result.themes)

    @strawberry.field(description="Participation, ideas, comments and votes per theme, by "
                      "population.")
    def participation(self, population: Population) -> list[PopulationSplit]:
        labels = self._result.themes
        return [
            PopulationSplit(
                theme_id=strawberry.ID(str(row["theme"])),
                theme_label=labels.get(str(row["theme"]), f"Theme {row['theme']}"),
                value=str(row["value"]),
                people=int(row["people"]),
                ideas=int(row["ideas"]),
                comments=int(row["comments"]),
                votes=int(row["votes"]),
            )
            for row in self._result.splits.get(population.value, [])
        ]

    @classmethod
    def of(cls, view: OpinionView) -> OpinionGroups:
        result: OpinionResult = view.result
        point = view.viewer_point
        return cls(
            id=strawberry.ID(str(view.snapshot_id)),
            created_at=view.created_at,
            reason=view.reason,
            status=OpinionStatus(result.status),
            voter_count=result.voters,
            placed_count=result.placed_count,
            groups=[
                OpinionGroup(
                    id=int(g["id"]),
                    size=int(g["size"]),
                    representative_ideas=[RepresentativeIdea.of(r) for r in g["representative"]],
                )
                for g in result.groups
            ],
            consensus_ideas=[IdeaOpinion.of(c) for c in result.consensus],
            divisive_ideas=[IdeaOpinion.of(d) for d in result.divisive],
            map=[
                OpinionMapPoint(
                    x=float(c["x"]), y=float(c["y"]), size=int(c["size"]), group=c.get("group")
                )
                for c in result.clusters
            ],
            viewer_group=view.viewer_group,
            viewer_point=(
                OpinionMapPoint(x=point[0], y=point[1], size=1, group=view.viewer_group)
                if point is not None
                else None
            ),
            _result=result,
        )


@strawberry.input
class AnalyseOpinionsInput:
    jam_id: strawberry.ID


@strawberry.type
class OpinionsMutation:
    @strawberry.mutation(
        description="Analysts and moderators ask for the opinion groups now; the worker "
        "computes them (it also does when a jam closes)."
    )
    async def analyse_opinions(self, info: Info, input: AnalyseOpinionsInput) -> JobPayload:
        return await job_payload(info, input.jam_id, JobKind.OPINIONS)
