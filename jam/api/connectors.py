"""GraphQL types for connector analyses (built from the stored, presented result)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from jam.actions.jobs import JobKind
from jam.analysis.connectors import K_ANONYMITY, OTHER
from jam.api.context import Info
from jam.api.jobs import JobPayload, job_payload
from jam.queries.connectors import ConnectorAnalysisView

_COARSENED = (
    f'"{OTHER}" in pseudonymous views when fewer than {K_ANONYMITY} people of the jam share it '
    "(or this combination of unit, country and guest status); null when unknown."
)


@strawberry.type(
    description="A participant. In pseudonymous views (everyone but administrators) id is null, "
    "name a stable pseudonym, and org unit, country and guest status coarsened so that each "
    f"value and combination shown is held by at least {K_ANONYMITY} people of the jam."
)
class Person:
    id: strawberry.ID | None
    name: str
    org_unit: str | None = strawberry.field(description="The org unit; " + _COARSENED)
    country: str | None = strawberry.field(description="The country; " + _COARSENED)
    is_guest: bool | None = strawberry.field(
        description="Whether an outside guest; null in pseudonymous views when fewer than "
        f"{K_ANONYMITY} people of the jam share the value (or this combination)."
    )

    @classmethod
    def of(cls, data: dict[str, Any]) -> Person:
        is_guest = data.get("is_guest")
        return cls(
            id=strawberry.ID(str(data["id"])) if data.get("id") is not None else None,
            name=str(data.get("name") or ""),
            org_unit=data.get("org_unit"),
            country=data.get("country"),
            is_guest=None if is_guest is None else bool(is_guest),
        )


@strawberry.type
class Community:
    id: int
    size: int
    internal_weight: float
    external_weight: float
    members: list[Person] = strawberry.field(description="Listed members (may be capped).")


@strawberry.type
class ConnectorMeasures:
    betweenness: float
    participation: float
    community_bridging: float
    constraint: float
    attribute_bridging: float
    theme_bridging: float
    contacts: float
    tie_weight: float


@strawberry.type(description="A group a connector's ties reach: a community, unit, country...")
class BridgedGroup:
    kind: str
    group: str
    share: float = strawberry.field(description="Share of the person's tie weight into it.")
    own: bool


_ADMINS_ONLY = (
    "administrators only: null in pseudonymous views, where an idea's or comment's author "
    "(public to the jam) would name the person"
)


@strawberry.type(description="One interaction behind a tie: the evidence.")
class TieInteraction:
    kind: str = strawberry.field(description="reply, comment, co_comment or vote")
    idea_id: strawberry.ID | None = strawberry.field(
        description="The idea it happened on; " + _ADMINS_ONLY + "."
    )
    comment_id: strawberry.ID | None = strawberry.field(
        description="The comment; " + _ADMINS_ONLY + "."
    )


@strawberry.type
class Tie:
    other: Person
    other_community: int | None
    weight: float
    interactions: list[TieInteraction]


@strawberry.type
class Connector:
    rank: int
    person: Person
    score: float
    community: int | None
    reason: str
    measures: ConnectorMeasures
    bridges: list[BridgedGroup]
    ties: list[Tie]


@strawberry.type
class TeamMember:
    person: Person
    role: str = strawberry.field(description="contributor or connector")
    score: float
    reason: str
    idea_ids: list[strawberry.ID] = strawberry.field(
        description="Their own ideas in the theme; " + _ADMINS_ONLY.replace("null", "empty") + "."
    )
    related_theme: str | None


@strawberry.type(description="A suggested follow-up team for a theme.")
class Team:
    theme_id: int
    theme_label: str
    members: list[TeamMember]
    notes: list[str]


def _id(value: Any) -> strawberry.ID | None:
    return None if value is None else strawberry.ID(str(value))


def _connector(data: dict[str, Any]) -> Connector:
    m = data["measures"]
    return Connector(
        rank=int(data["rank"]),
        person=Person.of(data["person"]),
        score=float(data["score"]),
        community=data.get("community"),
        reason=str(data.get("reason", "")),
        measures=ConnectorMeasures(
            betweenness=m["betweenness"],
            participation=m["participation"],
            community_bridging=m["community_bridging"],
            constraint=m["constraint"],
            attribute_bridging=m["attribute_bridging"],
            theme_bridging=m["theme_bridging"],
            contacts=m["contacts"],
            tie_weight=m["tie_weight"],
        ),
        bridges=[
            BridgedGroup(kind=b["kind"], group=str(b["group"]), share=b["share"], own=b["own"])
            for b in data["bridges"]
        ],
        ties=[
            Tie(
                other=Person.of(t["other"]),
                other_community=t.get("other_community"),
                weight=float(t["weight"]),
                interactions=[
                    TieInteraction(
                        kind=i["kind"],
                        idea_id=_id(i.get("idea_id")),
                        comment_id=_id(i.get("comment_id")),
                    )
                    for i in t["interactions"]
                ],
            )
            for t in data["ties"]
        ],
    )


@strawberry.type(description="Who bridges which groups in a jam, with the evidence.")
class ConnectorAnalysis:
    id: strawberry.ID
    created_at: datetime
    reason: str
    pseudonymous: bool
    people_count: int
    _result: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def communities(self) -> list[Community]:
        return [
            Community(
                id=int(c["id"]),
                size=int(c["size"]),
                internal_weight=float(c["internal_weight"]),
                external_weight=float(c["external_weight"]),
                members=[Person.of(p) for p in c["members"]],
            )
            for c in self._result["communities"]["communities"]
        ]

    @strawberry.field(description="Ranked, best first.")
    def connectors(self) -> list[Connector]:
        return [_connector(c) for c in self._result["connectors"]["connectors"]]

    @strawberry.field(description="A suggested follow-up team per theme (largest themes first).")
    def teams(self) -> list[Team]:
        return [
            Team(
                theme_id=int(t["theme_id"]),
                theme_label=str(t["theme_label"]),
                notes=[str(n) for n in t.get("notes", [])],
                members=[
                    TeamMember(
                        person=Person.of(m["person"]),
                        role=m["role"],
                        score=float(m["score"]),
                        reason=m["reason"],
                        idea_ids=[strawberry.ID(str(i)) for i in m["idea_ids"]],
                        related_theme=None
                        if m.get("related_theme") is None
                        else str(m["related_theme"]),
                    )
                    for m in t["members"]
                ],
            )
            for t in self._result["teams"]
        ]

    @classmethod
    def of(cls, view: ConnectorAnalysisView) -> ConnectorAnalysis:
        return cls(
            id=strawberry.ID(str(view.snapshot_id)),
            created_at=view.created_at,
            reason=view.reason,
            pseudonymous=view.pseudonymous,
            people_count=int(view.result.get("people", 0)),
            _result=view.result,
        )


@strawberry.input
class AnalyseConnectorsInput:
    jam_id: strawberry.ID


@strawberry.type
class ConnectorsMutation:
    @strawberry.mutation(
        description="Analysts and moderators ask for the network analysis now; the worker does it."
    )
    async def analyse_connectors(self, info: Info, input: AnalyseConnectorsInput) -> JobPayload:
        return await job_payload(info, input.jam_id, JobKind.CONNECTORS)
