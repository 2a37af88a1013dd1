"""Follow-up teams: who should carry a theme forward after the jam.

:func:`suggest_team` proposes a team for one theme, made of

- **contributors** -- the people who drove the theme: their weight is the interaction weight on
  the theme's ideas (comments, replies, co-comments and votes given and received, see
  :func:`clustering.network._connectors.theme_activity`) plus 1 per idea they wrote in it;
- **connectors to related themes** -- people active both in this theme and in one of the themes
  that share the most participants with it (overlap = sum over people of the smaller of their
  shares of the two themes' activity). Their weight is the activity in the weaker of the two
  themes, scaled to [0, 1] and multiplied by ``0.5 + 0.5 * connector score / best connector
  score`` (:func:`clustering.network.score_connectors`), so a network broker who spans both
  themes beats someone who merely voted in both.

Members are picked greedily by weight times a diversity factor that divides by
``1 + diversity * (members already picked with the same org unit)``, the same for country, and
``1 + diversity / 2 * (members with the same employee/guest status)`` (two groups, one of which
most people belong to: a full penalty would push guests in ahead of far stronger employees). So
with ``diversity > 0`` a second person from the same unit needs a clearly better record to get
in. Every member comes with the reason they are in.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from clustering.network._communities import Communities
from clustering.network._connectors import ConnectorScores, score_connectors, theme_activity
from clustering.network._graph import InteractionGraph, RecordId
from clustering.network._people import Person, person_of


class UnknownThemeError(ValueError):
    """The requested theme has no ideas in the graph."""


@dataclass(frozen=True)
class RelatedTheme:
    """A theme that shares participants with the team's theme (overlap in [0, 1])."""

    theme_id: Any
    overlap: float


@dataclass(frozen=True)
class TeamMember:
    """A suggested member: role ("contributor" or "connector"), why, and their ideas."""

    person: Person
    role: str
    score: float
    reason: str
    idea_ids: list[Any]
    related_theme: Any | None = None


@dataclass(frozen=True)
class Team:
    """A suggested follow-up team for one theme."""

    theme_id: Any
    requested_size: int
    members: list[TeamMember]
    related_themes: list[RelatedTheme]
    diversity: dict[str, int]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-safe dict (the app stores it as a snapshot)."""
        return asdict(self)


def suggest_team(graph: InteractionGraph, theme_id: RecordId, *, size: int = 6,
                 connector_share: float = 0.34, related_themes: int = 3,
                 diversity: float = 1.0, communities: Communities | None = None,
                 scores: ConnectorScores | None = None, seed: int = 0) -> Team:
    """Suggest a follow-up team of ``size`` people for ``theme_id`` (see module docstring).

    ``connector_share`` of the seats (rounded, at least one when size >= 2) go to connectors to
    related themes. Pass ``scores`` from :func:`clustering.network.score_connectors` to reuse them
    across several themes; otherwise they are computed with ``communities`` and ``seed``.
    Raises :class:`UnknownThemeError` if no idea has this theme.
    """
    if size < 1:
        raise ValueError(f"team size must be >= 1, got {size}")
    if not 0 <= connector_share <= 1:
        raise ValueError(f"connector_share must be in [0, 1], got {connector_share}")
    if diversity < 0:
        raise ValueError(f"diversity must be >= 0, got {diversity}")
    themes = graph.theme_ids()
    if theme_id not in themes:
        raise UnknownThemeError(f"no idea has theme {theme_id!r}")
    t = themes.index(theme_id)
    act = sp.csc_array(theme_activity(graph))  # people x themes, sparse: jams have 100s
    in_theme = _column(act, t)

    overlap = _theme_overlap(act, t)
    related = [int(u) for u in np.lexsort((np.arange(overlap.size), -overlap))
               if u != t and overlap[u] > 0][:related_themes]

    if scores is None:
        scores = score_connectors(graph, communities, seed=seed)
    conn_pct = _rank01(scores.score)

    contributor_value = in_theme / in_theme.max() if in_theme.max() > 0 else in_theme
    bridge_value = np.zeros(graph.n)
    bridge_theme = np.full(graph.n, -1, dtype=np.int64)
    for u in related:
        both = np.minimum(in_theme, _column(act, u))
        better = both > bridge_value
        bridge_value[better] = both[better]
        bridge_theme[better] = u
    if bridge_value.max() > 0:
        bridge_value = bridge_value / bridge_value.max() * (0.5 + 0.5 * conn_pct)

    authored: dict[int, list[Any]] = {}
    for idea in graph.ideas:
        if idea.theme_id == theme_id:
            authored.setdefault(graph.index[idea.author_id], []).append(idea.id)

    n_conn = round(size * connector_share)
    if size >= 2 and connector_share > 0:
        n_conn = max(1, n_conn)
    n_conn = min(n_conn, int((bridge_value > 0).sum()))
    n_contrib = size - n_conn
    picked: list[int] = []
    roles: dict[int, str] = {}
    groups = _group_codes(graph)
    for role, value, seats in (("contributor", contributor_value, n_contrib),
                               ("connector", bridge_value, n_conn),
                               ("contributor", contributor_value, size),
                               ("connector", bridge_value, size)):
        while seats > 0 and len(picked) < size:
            node = _pick(value, picked, groups, diversity)
            if node is None:
                break
            picked.append(node)
            roles[node] = role
            seats -= 1

    members = []
    for node in picked:
        role = roles[node]
        person = person_of(graph, node)
        ideas = authored.get(node, [])
        if role == "contributor":
            score = float(contributor_value[node])
            reason = (f"Top contributor to theme {theme_id}: "
                      f"{len(ideas)} idea(s) of their own, interaction weight "
                      f"{in_theme[node]:.1f} on the theme's ideas")
            member = TeamMember(person, role, round(score, 6), reason, ideas)
        else:
            related_id = themes[int(bridge_theme[node])]
            rank = int(np.sum(scores.score > scores.score[node])) + 1
            there = _column(act, int(bridge_theme[node]))[node]
            reason = (f"Connects theme {theme_id} (weight {in_theme[node]:.1f}) with related "
                      f"theme {related_id} (weight {there:.1f}); "
                      f"network connector rank #{rank} of {graph.n}")
            member = TeamMember(person, role, round(float(bridge_value[node]), 6), reason, ideas,
                                related_theme=related_id)
        members.append(member)

    notes = []
    if len(members) < size:
        notes.append(f"only {len(members)} people are active in theme {theme_id!r}")
    if not related:
        notes.append("no other theme shares participants: no connector seats")
    chosen = [graph.participants[i] for i in picked]
    diversity_summary = {
        "org_units": len({p.org_unit for p in chosen if p.org_unit is not None}),
        "countries": len({p.country for p in chosen if p.country is not None}),
        "guests": sum(p.is_guest for p in chosen),
        "employees": sum(not p.is_guest for p in chosen),
    }
    return Team(theme_id=theme_id, requested_size=size, members=members,
                related_themes=[RelatedTheme(themes[u], round(float(overlap[u]), 4))
                                for u in related],
                diversity=diversity_summary, notes=notes)


def _theme_overlap(act: sp.csc_array, t: int) -> np.ndarray:
    """Overlap of theme t with every theme: sum over people of min(share in t, share in u)."""
    totals = np.asarray(act.sum(axis=0)).ravel()
    coo = sp.coo_array(act)
    share = coo.data / np.where(totals > 0, totals, 1.0)[coo.col]
    share_t = np.zeros(act.shape[0])
    in_t = coo.col == t
    share_t[coo.row[in_t]] = share[in_t]
    return np.bincount(coo.col, weights=np.minimum(share, share_t[coo.row]),
                       minlength=act.shape[1])


def _column(matrix: sp.csc_array, k: int) -> np.ndarray:
    """One column of a sparse matrix as a dense vector."""
    out = np.zeros(matrix.shape[0])
    start, end = matrix.indptr[k], matrix.indptr[k + 1]
    out[matrix.indices[start:end]] = matrix.data[start:end]
    return out


def _rank01(values: np.ndarray) -> np.ndarray:
    """Score scaled to [0, 1] by the maximum (0 everywhere if all are 0)."""
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def _group_codes(graph: InteractionGraph) -> list[list[Any]]:
    """Per participant: the known attribute values that diversity is counted on."""
    return [[("unit", p.org_unit) if p.org_unit is not None else None,
             ("country", p.country) if p.country is not None else None,
             ("guest", p.is_guest)] for p in graph.participants]


def _pick(value: np.ndarray, picked: list[int], groups: list[list[Any]],
          diversity: float) -> int | None:
    """Best remaining candidate by value / (1 + diversity * same-group members picked)."""
    taken = set(picked)
    counts: dict[Any, int] = {}
    for node in picked:
        for g in groups[node]:
            if g is not None:
                counts[g] = counts.get(g, 0) + 1
    candidates = np.flatnonzero(value > 0)
    best, best_value = None, 0.0
    for node in candidates[np.lexsort((candidates, -value[candidates]))]:
        node = int(node)
        if node in taken:
            continue
        if value[node] <= best_value:
            break  # sorted by value: nobody further down can beat the current best
        factor = 1.0
        for g in groups[node]:
            if g is not None:
                # employee/guest is two groups, one of them most people: half the penalty
                strength = diversity / 2 if g[0] == "guest" else diversity
                factor /= 1.0 + strength * counts.get(g, 0)
        if value[node] * factor > best_value:
            best, best_value = node, float(value[node] * factor)
    return best
