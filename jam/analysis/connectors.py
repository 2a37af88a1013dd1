"""Connectors of a jam: who drove which theme and who bridges groups (``clustering``).

The jam's stored interactions become plain records (read by
``jam.queries.connectors.jam_interactions``); the analysis (communities, ranked
connectors with evidence, a suggested follow-up team per theme) runs off the event loop and its
result is stored as a snapshot with user ids only. Names or pseudonyms are filled in when a
snapshot is read, depending on who reads it (:func:`present`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from clustering import (
    Comment,
    Idea,
    Participant,
    Vote,
    build_interaction_graph,
    find_communities,
    find_connectors,
    pseudonym,
    score_connectors,
    suggest_team,
)
from jam.analysis.snapshots import ConnectorResult

TOP_CONNECTORS = 20
TEAM_SIZE = 6
TEAMS_FOR_THEMES = 10


@dataclass
class JamInteractions:
    """A jam's people and interactions as the plain records ``clustering`` takes."""

    participants: list[Participant]
    ideas: list[Idea]
    comments: list[Comment]
    votes: list[Vote]
    theme_labels: dict[int, str]


def analyse(data: JamInteractions) -> ConnectorResult:
    """Communities, ranked connectors and a team per (largest) theme."""
    graph = build_interaction_graph(data.participants, data.ideas, data.comments, data.votes)
    communities = find_communities(graph, seed=0)
    scores = score_connectors(graph, communities, seed=0)
    report = find_connectors(graph, communities, top=TOP_CONNECTORS, scores=scores)
    theme_sizes = Counter(i.theme_id for i in data.ideas if i.theme_id is not None)
    teams = []
    for theme_id, _ in theme_sizes.most_common(TEAMS_FOR_THEMES):
        team = suggest_team(
            graph, theme_id, size=TEAM_SIZE, communities=communities, scores=scores
        ).to_dict()
        team["theme_label"] = data.theme_labels.get(int(str(theme_id)), f"Theme {theme_id}")
        teams.append(team)
    return ConnectorResult(
        people=len(data.participants),
        ideas=len(data.ideas),
        comments=len(data.comments),
        votes=len(data.votes),
        communities=communities.to_dict(),
        connectors=report.to_dict(),
        teams=teams,
    )


def present(result: dict[str, Any], names: dict[int, str] | None, salt: str) -> dict[str, Any]:
    """A stored result made readable: with ``names`` (user id → name) people get their names;
    without, a stable pseudonym replaces both name and id."""

    def visit(value: Any) -> Any:
        if isinstance(value, dict):
            if {"id", "name", "is_guest"} <= value.keys():
                person = dict(value)
                if names is not None:
                    person["name"] = names.get(person["id"], "")
                else:
                    person["name"] = pseudonym(person["id"], salt)
                    person["id"] = None
                return person
            return {k: visit(v) for k, v in value.items()}
        if isinstance(value, list):
            return [visit(v) for v in value]
        return value

    presented: dict[str, Any] = visit(result)
    return presented


def person_ids(result: dict[str, Any]) -> set[int]:
    found: set[int] = set()

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            if {"id", "name", "is_guest"} <= value.keys():
                found.add(int(value["id"]))
            for v in value.values():
                visit(v)
        elif isinstance(value, list):
            for v in value:
                visit(v)

    visit(result)
    return found
