"""Connectors: the people whose ties bridge communities, units, countries and themes.

After a jam, strategy teams want the people who can carry ideas across organisational lines.
:func:`find_connectors` ranks everybody by a documented mix of brokerage measures and returns
the top ones with their evidence: which groups they bridge and which ties (idea and comment ids)
do it, so an analyst can check each name instead of trusting a number.

The score (weights in :class:`ConnectorWeights`; every term is in [0, 1])::

    score = support * (  w_b * pct(betweenness)            # on many shortest paths
                       + w_p * participation               # tie weight spread over communities
                       + w_c * pct(1 - constraint)         # contacts not all in one clique
                       + w_a * attribute_bridging          # ties across unit/country/guest lines
                       + w_t * theme_bridging ) / sum(w)   # active across idea themes
    support = min(1, distinct contacts / min_ties)

- ``pct`` is the percentile rank among all participants: betweenness and constraint have
  graph-dependent scales (and constraint mostly tracks degree), ranks make them comparable.
- ``participation`` is Guimerà & Amaral's coefficient (0 = all in one community, 0.5 = split
  evenly between two) over the *ideas the person took part in*, each idea in its author's
  community (:func:`thread_counts`), counting only *bridged* communities: those with at least
  ``min_threads`` (2) of those ideas and ``min_share`` (10%) of them, and more than stray
  activity at everybody else's rate explains -- a binomial test whose bar is set so that about
  :data:`CHANCE_BRIDGES` (30) ordinary people in the whole jam would pass by luck
  (:func:`bridged_communities`). The rest counts as the own community. Otherwise ordinary
  members who put two of their few stray comments into the same community score like real
  brokers. The plain coefficient over tie weight is reported in the measures too.
- ``attribute_bridging`` is, averaged over org unit, country and employee/guest (only those with
  at least two known values in the jam), the share of the person's tie weight that goes to people
  with a different value than their own.
- ``theme_bridging`` is how evenly the person's interactions spread over the ideas' themes
  (normalised Gini-Simpson index); it needs ``Idea.theme_id``.
- ``support`` keeps people with one or two ties -- who trivially "split" their ties -- from
  outranking real brokers.

Betweenness and constraint use the *backbone*: ties of at least ``backbone_min_weight`` (by
default one direct reply or comment). In a jam a single vote or a seat in a busy thread ties
everybody to everybody a hop or two away, which makes shortest paths run through whoever is most
active instead of through brokers. If the backbone leaves out more than half of the connected
people (e.g. a vote-only Polis conversation), all ties are used instead.

Terms without data (no attributes, no themes) drop out and the weights are renormalised.
Betweenness is exact up to ``exact_betweenness_up_to`` people and estimated from random pivots
above that (see :mod:`clustering.network._measures`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from clustering.network._communities import Communities, community_labels, labels_of
from clustering.network._graph import TIE_KINDS, InteractionGraph, RecordId
from clustering.network._measures import (
    betweenness,
    constraint,
    group_bridging,
    participation,
    percentile_rank,
    significant_groups,
)
from clustering.network._people import Person, person_of

ATTRIBUTES: tuple[str, ...] = ("org_unit", "country", "employee_guest")

MAX_GROUPS_LISTED = 4
"""Evidence lists at most this many other units / countries / themes per connector (share >= 5%),
plus the person's own."""


@dataclass(frozen=True)
class ConnectorWeights:
    """Weights of the connector score terms and thresholds (see module docstring).

    ``min_share`` and ``min_threads``: a community counts as bridged by a person when at least
    that share of the ideas they took part in, and at least that many different ideas, are in
    it (one stray thread, however busy, is not a bridge) -- and when stray activity does not
    explain that many (see :func:`bridged_communities`).

    ``backbone_min_weight``: betweenness and constraint are computed on the ties of at least this
    weight (default: at least one direct reply or comment) -- see module docstring.
    """

    betweenness: float = 0.30
    participation: float = 0.35
    constraint: float = 0.15
    attributes: float = 0.10
    themes: float = 0.10
    min_ties: int = 4
    min_share: float = 0.1
    min_threads: int = 2
    backbone_min_weight: float = 1.0

    def __post_init__(self) -> None:
        values = (self.betweenness, self.participation, self.constraint, self.attributes,
                  self.themes)
        if any(v < 0 for v in values) or sum(values) <= 0:
            raise ValueError("ConnectorWeights must be >= 0 with a positive sum")
        if self.min_ties < 1:
            raise ValueError(f"ConnectorWeights.min_ties must be >= 1, got {self.min_ties}")


@dataclass(frozen=True)
class Interaction:
    """One recorded interaction behind a tie: its kind and the idea/comment it happened on."""

    kind: str
    idea_id: Any
    comment_id: Any | None


@dataclass(frozen=True)
class TieEvidence:
    """A tie that does the bridging: to whom, into which community, and the records behind it."""

    other: Person
    other_community: int
    weight: float
    interactions: list[Interaction]


@dataclass(frozen=True)
class BridgedGroup:
    """A group the person has ties into. ``kind``: community, org_unit, country,
    employee_guest or theme; ``share`` of the person's tie weight that goes there."""

    kind: str
    group: Any
    share: float
    own: bool = False


@dataclass(frozen=True)
class Connector:
    """One ranked connector with the numbers behind the score and the evidence."""

    rank: int
    person: Person
    score: float
    community: int
    measures: dict[str, float]
    bridges: list[BridgedGroup]
    ties: list[TieEvidence]
    reason: str


@dataclass(frozen=True)
class ConnectorReport:
    """The ranked connectors and how they were computed."""

    connectors: list[Connector]
    weights: ConnectorWeights
    betweenness_method: str
    community_count: int
    participants: int
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-safe dict (the app stores it as a snapshot)."""
        return asdict(self)


@dataclass(frozen=True, eq=False)
class ConnectorScores:
    """Score and measures of every participant, as arrays in participant order.

    The array form is for benchmarks and for :func:`clustering.network.suggest_team`; people-facing
    results come from :func:`find_connectors`.
    """

    score: np.ndarray
    betweenness: np.ndarray
    participation: np.ndarray
    community_bridging: np.ndarray
    constraint: np.ndarray
    attribute_bridging: np.ndarray
    theme_bridging: np.ndarray
    degree: np.ndarray
    strength: np.ndarray
    labels: np.ndarray
    threads: sp.csr_array
    betweenness_method: str
    active_terms: tuple[str, ...]

    def ranking(self) -> np.ndarray:
        """Participant indices, best connector first (ties broken by index: deterministic)."""
        return np.lexsort((np.arange(self.score.size), -self.score))


def score_connectors(graph: InteractionGraph, communities: Communities | np.ndarray | None = None,
                     *, weights: ConnectorWeights | None = None,
                     exact_betweenness_up_to: int = 3000, pivots: int = 128,
                     seed: int = 0) -> ConnectorScores:
    """Compute the connector score and its measures for every participant (arrays).

    ``communities`` may be a :class:`Communities`, a label array, or None (then computed with
    ``seed``).
    """
    w = weights or ConnectorWeights()
    adj = graph.adjacency
    if communities is None:
        labels = community_labels(adj, seed=seed)
    elif isinstance(communities, Communities):
        labels = labels_of(graph, communities)
    else:
        labels = np.asarray(communities, dtype=np.int64)
        if labels.shape != (graph.n,):
            raise ValueError(f"community labels must have one entry per participant "
                             f"({graph.n}), got shape {labels.shape}")
    n = graph.n
    degree = graph.degree()
    strength = graph.strength()
    backbone, on_backbone = backbone_of(adj, w.backbone_min_weight)
    if n <= exact_betweenness_up_to:
        btw = betweenness(backbone)
        method = "exact"
    else:
        btw = betweenness(backbone, pivots=pivots, seed=seed)
        method = f"sampled pivots (k={pivots})"
    method += ", backbone ties" if on_backbone else ", all ties"
    part = participation(adj, labels)
    threads = thread_counts(graph, labels)
    bridging = group_bridging(bridged_communities(threads, labels, w))
    cons = constraint(backbone)
    attr, attr_active = attribute_bridging(graph)
    theme, theme_active = theme_bridging(graph)

    terms: list[tuple[str, float, np.ndarray]] = [
        ("betweenness", w.betweenness, percentile_rank(btw)),
        ("participation", w.participation, bridging),
        ("constraint", w.constraint, percentile_rank(-cons)),
    ]
    if attr_active:
        terms.append(("attributes", w.attributes, attr))
    if theme_active:
        terms.append(("themes", w.themes, theme))
    terms = [t for t in terms if t[1] > 0]
    total_weight = sum(t[1] for t in terms)
    raw = sum((t[1] * t[2] for t in terms), np.zeros(n)) / max(total_weight, 1e-300)
    support = np.minimum(1.0, degree / w.min_ties)
    score = np.where(degree > 0, raw * support, 0.0)
    return ConnectorScores(
        score=score, betweenness=btw, participation=part, community_bridging=bridging,
        constraint=cons,
        attribute_bridging=attr, theme_bridging=theme, degree=degree, strength=strength,
        labels=labels, threads=threads, betweenness_method=method,
        active_terms=tuple(t[0] for t in terms))


def find_connectors(graph: InteractionGraph, communities: Communities | None = None, *,
                    top: int = 20, weights: ConnectorWeights | None = None,
                    ties_per_group: int = 3, interactions_per_tie: int = 5,
                    exact_betweenness_up_to: int = 3000, pivots: int = 128,
                    seed: int = 0, scores: ConnectorScores | None = None) -> ConnectorReport:
    """Rank the people whose ties bridge communities and groups; top ``top`` with evidence.

    Pass the :class:`Communities` from :func:`clustering.network.find_communities` to keep community
    numbers consistent with what the analyst already saw; otherwise they are computed (seeded).
    Pass ``scores`` from :func:`score_connectors` (computed with the same communities and
    weights) to reuse them, e.g. for :func:`clustering.network.suggest_team` on a big jam.
    People without any tie are never listed.
    """
    if top < 0:
        raise ValueError(f"top must be >= 0, got {top}")
    if scores is None:
        scores = score_connectors(graph, communities, weights=weights,
                                  exact_betweenness_up_to=exact_betweenness_up_to,
                                  pivots=pivots, seed=seed)
    order = [int(i) for i in scores.ranking() if scores.score[i] > 0][:top]
    themes = graph.theme_ids()
    attr_groups = {name: _attribute_codes(graph, name) for name in ATTRIBUTES}
    activity = theme_activity(graph) if len(themes) >= 2 else None
    bridged = bridged_communities(scores.threads, scores.labels, weights or ConnectorWeights())
    connectors = [
        _connector(graph, scores, node, rank + 1, ties_per_group, interactions_per_tie,
                   attr_groups, themes, activity, bridged)
        for rank, node in enumerate(order)]
    notes = []
    if "attributes" not in scores.active_terms:
        notes.append("no attribute (org unit, country, guest) varies: attribute term left out")
    if "themes" not in scores.active_terms:
        notes.append("ideas carry fewer than two themes: theme term left out")
    return ConnectorReport(
        connectors=connectors, weights=weights or ConnectorWeights(),
        betweenness_method=scores.betweenness_method,
        community_count=int(np.unique(scores.labels).size) if graph.n else 0,
        participants=graph.n, notes=notes)


def backbone_of(adjacency: sp.csr_array, min_weight: float) -> tuple[sp.csr_array, bool]:
    """Ties of at least ``min_weight``, unless that drops more than half of the connected people.

    Returns the matrix used and whether it is the backbone (False: all ties).
    """
    backbone = adjacency.copy()
    backbone.data[backbone.data < min_weight] = 0.0
    backbone.eliminate_zeros()
    connected = int(np.count_nonzero(np.diff(adjacency.indptr)))
    kept = int(np.count_nonzero(np.diff(backbone.indptr)))
    if connected == 0 or kept * 2 >= connected:
        return backbone, True
    return adjacency, False


CHANCE_BRIDGES = 30.0
"""Bar of the test in :func:`bridged_communities`: set so that stray activity at everybody
else's rate would make about this many ordinary people in the whole jam look like bridges
(:func:`clustering.network._measures.significant_groups`). Chosen on planted jams: 10-30 work,
3 is too strict on 1,000 people, 100 too lenient on 20,000."""


def thread_counts(graph: InteractionGraph, labels: np.ndarray) -> sp.csr_array:
    """Person x community matrix: how many different ideas of the community the person took part in.

    An idea belongs to its author's community; taking part = commenting, replying, being replied
    to there, or voting. The person's own ideas are left out (they are their own activity's home
    anyway, and what others do on them says nothing about where the person goes).
    """
    t = graph.ties
    labels = np.asarray(labels, dtype=np.int64)
    k = int(labels.max()) + 1 if labels.size else 1
    author = np.fromiter((graph.index[i.author_id] for i in graph.ideas), dtype=np.int64,
                         count=len(graph.ideas))
    person = np.concatenate([t.a, t.b]).astype(np.int64)
    idea = np.concatenate([t.idea, t.idea]).astype(np.int64)
    ok = idea >= 0
    person, idea = person[ok], idea[ok]
    ok = author[idea] != person
    person, idea = person[ok], idea[ok]
    key = np.unique(person * (len(graph.ideas) + 1) + idea)  # distinct (person, idea) pairs
    person, idea = key // (len(graph.ideas) + 1), key % (len(graph.ideas) + 1)
    group = labels[author[idea]]
    ok = group >= 0
    out = sp.csr_array((np.ones(int(ok.sum())), (person[ok], group[ok])), shape=(graph.n, k))
    out.sum_duplicates()
    return out


def bridged_communities(threads: sp.csr_array, labels: np.ndarray,
                        weights: ConnectorWeights) -> sp.csr_array:
    """Person x community shares of the communities each person really bridges.

    Over the ideas the person took part in (:func:`thread_counts`): at least ``min_threads``
    ideas and ``min_share`` of them in the community, and more than stray activity explains
    (:func:`clustering.network._measures.significant_groups` with ``chance`` =
    :data:`CHANCE_BRIDGES`).
    """
    return significant_groups(threads, labels, chance=CHANCE_BRIDGES,
                              min_share=weights.min_share, min_support=weights.min_threads)


def attribute_bridging(graph: InteractionGraph) -> tuple[np.ndarray, bool]:
    """Mean cross-group tie share over the attributes that vary; (values, any attribute used)."""
    used = []
    for name in ATTRIBUTES:
        codes, values = _attribute_codes(graph, name)
        if len(values) < 2:
            continue
        used.append(_cross_share(graph.adjacency, codes))
    if not used:
        return np.zeros(graph.n), False
    return np.mean(used, axis=0), True


def theme_bridging(graph: InteractionGraph) -> tuple[np.ndarray, bool]:
    """Normalised Gini-Simpson spread of each person's interaction weight over idea themes."""
    weight = theme_activity(graph)
    t = weight.shape[1]
    if t < 2:
        return np.zeros(graph.n), False
    total = np.asarray(weight.sum(axis=1)).ravel()
    squares = np.asarray(weight.multiply(weight).sum(axis=1)).ravel()
    safe = np.where(total > 0, total, 1.0)
    spread = np.where(total > 0, 1.0 - squares / safe**2, 0.0)
    return spread / (1.0 - 1.0 / t), True


def theme_activity(graph: InteractionGraph) -> sp.csr_array:
    """Person x theme matrix of interaction weight (both ends of each tie on a themed idea).

    Authoring an idea counts as weight 1 in its theme. Columns follow ``graph.theme_ids()``.
    """
    theme_of_idea = graph.idea_themes()
    t = int(theme_of_idea.max()) + 1 if theme_of_idea.size else 0
    ties = graph.ties
    has_idea = ties.idea >= 0
    tie_theme = np.full(len(ties), -1, dtype=np.int64)
    tie_theme[has_idea] = theme_of_idea[ties.idea[has_idea]]
    keep = tie_theme >= 0
    authors = np.asarray([graph.index[i.author_id] for i in graph.ideas], dtype=np.int64)
    a_keep = theme_of_idea >= 0
    rows = np.concatenate([ties.a[keep], ties.b[keep], authors[a_keep]])
    cols = np.concatenate([tie_theme[keep], tie_theme[keep], theme_of_idea[a_keep]])
    data = np.concatenate([ties.weight[keep], ties.weight[keep], np.ones(int(a_keep.sum()))])
    out = sp.csr_array((data, (rows, cols)), shape=(graph.n, max(t, 1)))
    out.sum_duplicates()
    if t == 0:
        return sp.csr_array((graph.n, 0))
    return out


def _attribute_codes(graph: InteractionGraph, name: str) -> tuple[np.ndarray, list[Any]]:
    """Code per participant for an attribute (-1 = unknown) and the values the codes stand for."""
    values: dict[Any, int] = {}
    codes = np.full(graph.n, -1, dtype=np.int64)
    for k, p in enumerate(graph.participants):
        if name == "employee_guest":
            value: Any = "guest" if p.is_guest else "employee"
        else:
            value = getattr(p, name)
        if value is not None:
            codes[k] = values.setdefault(value, len(values))
    return codes, list(values)


def _cross_share(adjacency: sp.csr_array, codes: np.ndarray) -> np.ndarray:
    """Share of tie weight to people with a different known value (0 if own value unknown)."""
    coo = sp.coo_array(adjacency)
    known = (codes[coo.row] >= 0) & (codes[coo.col] >= 0)
    other = known & (codes[coo.row] != codes[coo.col])
    n = adjacency.shape[0]
    known_w = np.bincount(coo.row[known], weights=coo.data[known], minlength=n)
    other_w = np.bincount(coo.row[other], weights=coo.data[other], minlength=n)
    return np.where(known_w > 0, other_w / np.where(known_w > 0, known_w, 1.0), 0.0)


def _connector(graph: InteractionGraph, scores: ConnectorScores, node: int, rank: int,
               ties_per_group: int, interactions_per_tie: int,
               attr_groups: dict[str, tuple[np.ndarray, list[Any]]], themes: list[RecordId],
               activity: sp.csr_array | None, bridged_shares: sp.csr_array) -> Connector:
    """Assemble one connector: measures, bridged groups and the evidence ties."""
    labels = scores.labels
    own = int(labels[node])
    row = graph.adjacency[[node]]
    neighbours, weights = row.indices, row.data
    total = float(weights.sum())
    bridges: list[BridgedGroup] = []
    by_comm = np.bincount(labels[neighbours], weights=weights)
    for c in np.lexsort((np.arange(by_comm.size), -by_comm)):
        share = float(by_comm[c]) / total
        bridged = c < bridged_shares.shape[1] and bridged_shares[node, c] > 0
        if int(c) == own or (bridged and by_comm[c] > 0):
            bridges.append(BridgedGroup("community", int(c), round(share, 4), own=int(c) == own))
    for name, (codes, values) in attr_groups.items():
        if len(values) < 2 or codes[node] < 0:  # own value unknown: nothing to cross
            continue
        known = codes[neighbours] >= 0
        if not known.any():
            continue
        by_val = np.bincount(codes[neighbours][known], weights=weights[known],
                             minlength=len(values))
        known_total = float(by_val.sum())
        listed = 0
        for v in np.lexsort((np.arange(by_val.size), -by_val)):
            share = float(by_val[v]) / known_total
            is_own = int(codes[node]) == int(v)
            if is_own or (share >= 0.05 and listed < MAX_GROUPS_LISTED):
                bridges.append(BridgedGroup(name, values[int(v)], round(share, 4), own=is_own))
                listed += 0 if is_own else 1
    if activity is not None:
        mine = activity[[node]]
        t_total = float(mine.sum())
        for k in np.lexsort((mine.indices, -mine.data))[:MAX_GROUPS_LISTED]:
            share = float(mine.data[k]) / t_total
            if share >= 0.05:
                bridges.append(BridgedGroup("theme", themes[int(mine.indices[k])],
                                            round(share, 4)))
    ties = _evidence_ties(graph, labels, node, neighbours, weights, ties_per_group,
                          interactions_per_tie)
    measures = {
        "score": round(float(scores.score[node]), 6),
        "betweenness": float(scores.betweenness[node]),
        "participation": float(scores.participation[node]),
        "community_bridging": float(scores.community_bridging[node]),
        "constraint": float(scores.constraint[node]),
        "attribute_bridging": float(scores.attribute_bridging[node]),
        "theme_bridging": float(scores.theme_bridging[node]),
        "contacts": float(scores.degree[node]),
        "tie_weight": float(scores.strength[node]),
    }
    return Connector(rank=rank, person=person_of(graph, node),
                     score=round(float(scores.score[node]), 6), community=own,
                     measures=measures, bridges=bridges, ties=ties,
                     reason=_reason(bridges, scores, node))


def _evidence_ties(graph: InteractionGraph, labels: np.ndarray, node: int,
                   neighbours: np.ndarray, weights: np.ndarray, ties_per_group: int,
                   interactions_per_tie: int) -> list[TieEvidence]:
    """Strongest ties into each other community (then into the own one if nothing else)."""
    own = labels[node]
    outside = labels[neighbours] != own
    pick: list[int] = []
    for c in np.unique(labels[neighbours][outside]):
        members = np.flatnonzero(outside & (labels[neighbours] == c))
        best = members[np.lexsort((neighbours[members], -weights[members]))][:ties_per_group]
        pick.extend(int(k) for k in best)
    if not pick:
        inside = np.flatnonzero(~outside)
        pick = [int(k) for k in inside[np.lexsort((neighbours[inside], -weights[inside]))]
                [:ties_per_group]]
    pick.sort(key=lambda k: (-weights[k], neighbours[k]))
    rows = graph.ties.rows_of(node)
    t = graph.ties
    other_of_row = t.a[rows] + t.b[rows] - node
    out = []
    for k in pick:
        other = int(neighbours[k])
        mine = rows[other_of_row == other]
        mine = mine[np.lexsort((mine, -t.weight[mine]))][:interactions_per_tie]
        interactions = [
            Interaction(kind=TIE_KINDS[int(t.kind[r])],
                        idea_id=graph.ideas[int(t.idea[r])].id if t.idea[r] >= 0 else None,
                        comment_id=graph.comment_ids[int(t.comment[r])]
                        if t.comment[r] >= 0 else None)
            for r in mine]
        out.append(TieEvidence(other=person_of(graph, other),
                               other_community=int(labels[other]),
                               weight=float(weights[k]), interactions=interactions))
    return out


def _reason(bridges: list[BridgedGroup], scores: ConnectorScores, node: int) -> str:
    """One sentence an analyst can read: what this person bridges."""
    comm = [b for b in bridges if b.kind == "community"]
    parts = []
    own = next((b for b in comm if b.own), None)
    others = [b for b in comm if not b.own][:3]
    if others:
        text = ", ".join(f"community {b.group} ({b.share:.0%})" for b in others)
        own_text = f"their own community {own.group} ({own.share:.0%})" if own else "others"
        parts.append(f"links {own_text} with {text}")
    for name, label in (("org_unit", "units"), ("country", "countries"),
                        ("employee_guest", "employee/guest lines")):
        other_groups = [b for b in bridges if b.kind == name and not b.own and b.share >= 0.05]
        if other_groups:
            share = sum(b.share for b in other_groups)
            names = ", ".join(str(b.group) for b in other_groups[:3])
            parts.append(f"{share:.0%} of ties across {label} ({names})")
    themes = [b for b in bridges if b.kind == "theme" and b.share >= 0.1]
    if len(themes) >= 2:
        parts.append("active in themes " + ", ".join(str(b.group) for b in themes[:3]))
    parts.append(f"{int(scores.degree[node])} contacts, betweenness "
                 f"{scores.betweenness[node]:.3g}")
    text = "; ".join(parts)
    return text[0].upper() + text[1:]
