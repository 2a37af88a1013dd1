"""Opinion groups of a jam as an opinion snapshot stores them, and how a view shows them.

The worker runs ``clustering.opinions.find_opinion_groups`` over a jam's votes (user ids as
participants, idea ids as items) and stores :class:`OpinionResult` as JSON
(``jam.models.OpinionSnapshot``). Who is in which group is stored, for "which group am I in",
but never shown: a view gets group sizes, the map as the base clusters (position, size, group:
no person), the representative, consensus and divisive ideas, and the viewer's own group and
point. Nobody, administrators included, reads another person's group through the API, so the
opinion groups add nothing to what links a person to their votes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from clustering.opinions import ParticipantPoint, find_opinion_groups, theme_backing
from jam.analysis.connectors import OTHER, JamInteractions, k_anonymous

_COMPACT = (",", ":")
SEED = 0
# The populations a strategist splits by, as pseudonymous views show them (k-anonymous).
POPULATIONS: tuple[str, ...] = ("kind", "org_unit", "country")
# Pol.is's defaults: people with fewer votes are not placed; up to five groups.
MIN_VOTES = 7
MAX_GROUPS = 5
REPRESENTATIVE = 5
SHOWN_IDEAS = 10  # consensus and divisive ideas kept
MAP_CELLS = 40  # the map: people binned on a MAP_CELLS × MAP_CELLS grid


@dataclass(frozen=True)
class OpinionResult:
    """A stored analysis: every id is a user id or an idea id."""

    status: str
    parameters: dict[str, Any]
    voters: int
    groups: list[dict[str, Any]]
    clusters: list[dict[str, Any]] = field(default_factory=list)
    consensus: list[dict[str, Any]] = field(default_factory=list)
    divisive: list[dict[str, Any]] = field(default_factory=list)
    # user id (as text: JSON keys) -> [group or None, x, y]; never shown but to that user.
    placed: dict[str, list[float | None]] = field(default_factory=dict)
    # theme id (text) -> label, from the theme snapshot the matrices were built on.
    themes: dict[str, str] = field(default_factory=dict)
    # The theme × opinion-group matrix (clustering.opinions BackingMatrix.to_dict()).
    backing: dict[str, Any] = field(default_factory=dict)
    # population ("kind", "org_unit", "country") -> its theme × population matrix.
    populations: dict[str, dict[str, Any]] = field(default_factory=dict)
    # population -> rows {theme, value, people, ideas, comments, votes}: who takes part where.
    splits: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def encode(self) -> str:
        return json.dumps(asdict(self), separators=_COMPACT)

    @classmethod
    def decode(cls, text: str) -> OpinionResult:
        stored = json.loads(text)
        return cls(**stored)

    @property
    def placed_count(self) -> int:
        """People in a group (the others voted too little to be placed)."""
        return sum(1 for found in self.placed.values() if found[0] is not None)

    def group_of(self, user_id: int) -> int | None:
        found = self.placed.get(str(user_id))
        return int(found[0]) if found is not None and found[0] is not None else None

    def point_of(self, user_id: int) -> tuple[float, float] | None:
        found = self.placed.get(str(user_id))
        if found is None or found[1] is None or found[2] is None:
            return None
        return (float(found[1]), float(found[2]))


def analyse(data: JamInteractions) -> OpinionResult:
    """Opinion groups from the jam's votes (+1 up, -1 down, 0 pass; one per person and idea, as
    the vote table holds them), then who backs which themes by opinion group and by population,
    and who takes part in which theme. CPU work: the worker runs it off the event loop."""
    votes = [(v.voter_id, v.idea_id, int(v.value)) for v in data.votes]
    found = find_opinion_groups(
        votes,
        min_votes=MIN_VOTES,
        max_groups=MAX_GROUPS,
        seed=SEED,
        n_representative=REPRESENTATIVE,
    )
    theme_of: dict[Hashable, Hashable | None] = {
        i.id: (int(str(i.theme_id)) if i.theme_id is not None else None) for i in data.ideas
    }
    group_of = {p.participant: p.group for p in found.points if p.group is not None}
    backing = theme_backing(votes, group_of, theme_of, groups=[g.id for g in found.groups])
    shown = _populations(data)
    return OpinionResult(
        status=found.status,
        parameters=_plain(found.parameters),
        voters=len({user for user, _, _ in votes}),
        groups=[
            {
                "id": group.id,
                "size": group.size,
                "representative": [_plain(asdict(item)) for item in group.representative],
            }
            for group in found.groups
        ],
        clusters=_map(found.points),
        consensus=[_plain(asdict(item)) for item in found.consensus[:SHOWN_IDEAS]],
        divisive=[_plain(asdict(item)) for item in found.divisive[:SHOWN_IDEAS]],
        placed={
            str(point.participant): [point.group, round(point.x, 4), round(point.y, 4)]
            for point in found.points
        },
        themes={str(k): v for k, v in data.theme_labels.items()},
        backing=_plain(backing.to_dict()),
        populations={
            name: _plain(theme_backing(votes, labels, theme_of).to_dict())
            for name, labels in shown.items()
        },
        splits={name: _splits(data, theme_of, labels) for name, labels in shown.items()},
    )


def _map(points: Sequence[ParticipantPoint]) -> list[dict[str, Any]]:
    """The opinion map without anyone on it: people binned on a grid by cell and group, each
    bin at its members' mean position with their count and group (None: not placed), so the
    bins of a group add up to its size."""
    if not points:
        return []
    xy = np.array([[p.x, p.y] for p in points], dtype=float)
    low, high = xy.min(axis=0), xy.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    cells = np.minimum(((xy - low) / span * MAP_CELLS).astype(int), MAP_CELLS - 1)
    members: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for index, (cx, cy) in enumerate(cells.tolist()):
        group = points[index].group
        members[(cx, cy, -1 if group is None else group)].append(index)
    out = []
    for key in sorted(members):
        rows = members[key]
        centre = xy[rows].mean(axis=0)
        out.append(
            {"x": round(float(centre[0]), 4), "y": round(float(centre[1]), 4),
             "size": len(rows), "group": None if key[2] < 0 else key[2]}
        )
    return out


def _populations(data: JamInteractions) -> dict[str, dict[Hashable, str]]:
    """Each person's population labels as pseudonymous views show them: a unit, country or
    account kind held by fewer than K_ANONYMITY people of the jam is "other" (unknown: left
    out), so no cell of a matrix or split stands for one person's attribute."""
    disclosure = k_anonymous(data.participants)
    shown: dict[str, dict[Hashable, str]] = {name: {} for name in POPULATIONS}
    for person, values in disclosure.people.items():
        guest = values.get("is_guest")
        shown["kind"][person] = OTHER if guest is None else "guest" if guest else "employee"
        for name in ("org_unit", "country"):
            if values.get(name) is not None:
                shown[name][person] = str(values[name])
    return shown


def _splits(
    data: JamInteractions,
    theme_of: Mapping[Hashable, Hashable | None],
    labels: Mapping[Hashable, str],
) -> list[dict[str, Any]]:
    """Per theme and population value: how many people took part (posted, commented or voted
    on its ideas), and the ideas, comments and votes they gave it."""
    rows: dict[tuple[Any, str], dict[str, Any]] = defaultdict(
        lambda: {"people": set(), "ideas": 0, "comments": 0, "votes": 0}
    )

    def add(person: Hashable, item: Hashable, what: str) -> None:
        theme, label = theme_of.get(item), labels.get(person)
        if theme is None or label is None:
            return
        row = rows[(theme, label)]
        row["people"].add(person)
        row[what] += 1

    for idea in data.ideas:
        add(idea.author_id, idea.id, "ideas")
    for comment in data.comments:
        add(comment.author_id, comment.idea_id, "comments")
    for vote in data.votes:
        add(vote.voter_id, vote.idea_id, "votes")
    return [
        {"theme": theme, "value": value, **{**row, "people": len(row["people"])}}
        for (theme, value), row in sorted(rows.items(), key=lambda kv: (str(kv[0][0]), kv[0][1]))
    ]


def _plain(value: Any) -> Any:
    """JSON-ready: numpy scalars to Python numbers, tuples to lists, floats rounded."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and callable(value.item):
        value = value.item()
    if isinstance(value, float):
        return round(value, 4)
    return value
