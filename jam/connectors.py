"""Connectors of a jam: who drove which theme and who bridges groups (``clustering``).

The jam's stored interactions become plain records; the analysis (communities, ranked
connectors with evidence, a suggested follow-up team per theme) runs off the event loop and its
result is stored as a snapshot with user ids only. Names or pseudonyms are filled in when a
snapshot is read, depending on who reads it (:func:`present`).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

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
from jam.actions.themes import latest_snapshot
from jam.models import Comment as CommentRow
from jam.models import Idea as IdeaRow
from jam.models import IdeaTheme, Membership, User
from jam.models import Vote as VoteRow
from jam.runtime import Runtime

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


async def jam_interactions(rt: Runtime, jam_id: int) -> JamInteractions:
    """Members, visible ideas (with their current theme), comments and votes of a jam."""
    async with rt.db.read() as session:
        members = (
            await session.execute(
                select(User)
                .join(Membership, col(Membership.user_id) == User.id)
                .where(Membership.jam_id == jam_id)
            )
        ).scalars()
        ideas = list(
            (
                await session.execute(
                    select(IdeaRow.id, IdeaRow.author_id).where(
                        IdeaRow.jam_id == jam_id, col(IdeaRow.hidden).is_(False)
                    )
                )
            ).all()
        )
        idea_ids = [i for i, _ in ideas]
        comments = list(
            (
                await session.execute(
                    select(
                        CommentRow.id,
                        CommentRow.idea_id,
                        CommentRow.author_id,
                        CommentRow.parent_id,
                    )
                    .join(IdeaRow, col(IdeaRow.id) == CommentRow.idea_id)
                    .where(IdeaRow.jam_id == jam_id, col(IdeaRow.hidden).is_(False))
                    .order_by(col(CommentRow.id))
                )
            ).all()
        )
        votes = list(
            (
                await session.execute(
                    select(VoteRow.idea_id, VoteRow.user_id, VoteRow.value)
                    .join(IdeaRow, col(IdeaRow.id) == VoteRow.idea_id)
                    .where(IdeaRow.jam_id == jam_id, col(IdeaRow.hidden).is_(False))
                )
            ).all()
        )
        snapshot = await latest_snapshot(session, jam_id, None)
        theme_of: dict[int, int | None] = {}
        labels: dict[int, str] = {}
        if snapshot is not None:
            rows = await session.execute(
                select(IdeaTheme.idea_id, IdeaTheme.theme_id).where(
                    IdeaTheme.snapshot_id == snapshot.id
                )
            )
            theme_of = dict(rows.all())
            labels = {t["id"]: t["label"] for t in json.loads(snapshot.themes)}
        people = {
            u.id: Participant(
                u.id, "", org_unit=u.org_unit, country=u.country, is_guest=u.kind == "guest"
            )
            for u in members
        }
        # Authors and voters who left the jam still count as people of it.
        known = set(people)
        missing = {a for _, a in ideas} | {c[2] for c in comments} | {v[1] for v in votes}
        for user in (
            await session.execute(select(User).where(col(User.id).in_(missing - known)))
        ).scalars():
            people[user.id] = Participant(
                user.id,
                "",
                org_unit=user.org_unit,
                country=user.country,
                is_guest=user.kind == "guest",
            )
    used_themes = {theme_of.get(i) for i in idea_ids}
    return JamInteractions(
        participants=list(people.values()),
        ideas=[Idea(i, author_id=a, theme_id=theme_of.get(i)) for i, a in ideas],
        comments=[Comment(c, idea_id=i, author_id=a, parent_id=p) for c, i, a, p in comments],
        votes=[Vote(i, voter_id=u, value=float(v)) for i, u, v in votes],
        theme_labels={k: v for k, v in labels.items() if k in used_themes},
    )


def analyse(data: JamInteractions) -> dict[str, Any]:
    """Communities, ranked connectors and a team per (largest) theme, as a JSON-ready dict."""
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
    return {
        "people": len(data.participants),
        "ideas": len(data.ideas),
        "comments": len(data.comments),
        "votes": len(data.votes),
        "communities": communities.to_dict(),
        "connectors": report.to_dict(),
        "teams": teams,
    }


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
