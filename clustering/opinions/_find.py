"""``find_opinion_groups``: votes in, Pol.is-style opinion groups out.

The steps and their reasons are in the modules that do them: ``_votes`` (the matrix),
``_pca`` (the map), ``_groups`` (base clusters, then groups), ``_repness`` (what each group
stands for, consensus, divisive items). This module runs them in order and turns the arrays
into the result's dataclasses, with a status instead of an exception for the conversations
that cannot have groups yet.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import numpy as np

from clustering.opinions._groups import BASE_K, base_clusters, group_clusters
from clustering.opinions._pca import Projection, project
from clustering.opinions._repness import (
    Z_90,
    Counts,
    agree_spread,
    consensus_columns,
    group_counts,
    group_informed_consensus,
    representative,
    side,
)
from clustering.opinions._result import (
    NO_DISAGREEMENT,
    NO_VOTES,
    OK,
    TOO_FEW_PARTICIPANTS,
    DivisiveItem,
    ItemConsensus,
    OpinionGroup,
    OpinionGroups,
    ParticipantPoint,
    RepresentativeItem,
)
from clustering.opinions._votes import VoteMatrix, vote_matrix

METHOD = "polis-pca2-kmeans"
# Two groups of two: below that a "group" is one person and its statistics are that person.
MIN_PARTICIPANTS = 4
# A spread of positions smaller than this (in vote units) is rounding noise, not disagreement.
TINY_VARIANCE = 1e-9


def find_opinion_groups(
    votes: Iterable[Sequence[object]],
    *,
    min_votes: int = 7,
    max_groups: int = 5,
    seed: int = 0,
    n_representative: int = 5,
) -> OpinionGroups:
    """Opinion groups of the participants from their votes, by Pol.is's method.

    ``votes`` are ``(participant, item, value)`` triples, ``value`` 1 (agree), -1 (disagree) or
    0 (pass); ids are any hashable values (sortable ids give results independent of the order
    of the votes). Pass each participant's **latest** vote per item only, and leave out items
    that are hidden (moderated out): a duplicate (participant, item) pair or another value
    raises ``ValueError``. A pass counts as a vote (towards ``min_votes`` and as "seen" in the
    statistics) but never as agreement.

    Participants with at least ``min(min_votes, number of items)`` votes are placed in groups;
    everyone who voted gets a point on the map. The groups are k-means groups (k from 2 to
    ``max_groups``, best silhouette) of 100 k-means base clusters of the participants' 2-D PCA
    positions; ``seed`` fixes every random start, so the same votes and seed give the same
    result. Each group lists up to ``n_representative`` representative items, best first.

    A conversation without groups yet is a result, not an error: see ``OpinionGroups.status``.
    """
    if min_votes < 1:
        raise ValueError(f"min_votes must be at least 1, got {min_votes!r}")
    if max_groups < 2:
        raise ValueError(f"max_groups must be at least 2, got {max_groups!r}")
    if n_representative < 0:
        raise ValueError(f"n_representative must be at least 0, got {n_representative!r}")
    matrix = vote_matrix(votes)
    parameters: dict[str, Any] = {
        "method": METHOD, "min_votes": min_votes, "max_groups": max_groups, "seed": seed,
        "n_representative": n_representative, "participants": len(matrix.participants),
        "items": len(matrix.items),
    }
    if not matrix.items:
        return _empty(NO_VOTES, (), parameters)
    threshold = min(min_votes, len(matrix.items))
    placed = matrix.vote_counts() >= threshold
    parameters.update(vote_threshold=threshold, placed=int(placed.sum()))
    projection = project(matrix.values, placed)
    parameters["explained_variance"] = list(projection.explained)
    if placed.sum() < MIN_PARTICIPANTS:
        return _empty(TOO_FEW_PARTICIPANTS, _points(matrix, projection, None), parameters)
    rows = np.flatnonzero(placed)
    base = base_clusters(projection.points[rows], seed, BASE_K)
    if projection.total_variance <= TINY_VARIANCE * len(rows) or len(base.centers) < 2:
        counts = group_counts(matrix.values, np.where(placed, 0, -1), 1)
        return OpinionGroups(
            status=NO_DISAGREEMENT, groups=(), points=_points(matrix, projection, None),
            consensus=_consensus(matrix, counts), divisive=(),
            group_informed_consensus=_gic(matrix, counts), parameters=parameters)
    grouping = group_clusters(base, max_groups, seed)
    labels = np.full(len(matrix.participants), -1)
    labels[rows] = _largest_first(grouping.base_labels[base.labels])
    parameters.update(k=grouping.k, silhouettes=grouping.silhouettes,
                      n_base_clusters=len(base.centers))
    counts = group_counts(matrix.values, labels, grouping.k)
    return OpinionGroups(
        status=OK,
        groups=_groups(matrix, labels, counts, grouping.k, n_representative),
        points=_points(matrix, projection, labels),
        consensus=_consensus(matrix, counts),
        divisive=_divisive(matrix, counts),
        group_informed_consensus=_gic(matrix, counts),
        parameters=parameters,
    )


def _empty(status: str, points: tuple[ParticipantPoint, ...],
           parameters: dict[str, Any]) -> OpinionGroups:
    return OpinionGroups(status=status, groups=(), points=points, consensus=(), divisive=(),
                         group_informed_consensus={}, parameters=parameters)


def _largest_first(labels: np.ndarray) -> np.ndarray:
    """Renumber groups 0.. by size, largest first; ties by their first member's row."""
    _, inverse, sizes = np.unique(labels, return_inverse=True, return_counts=True)
    first = np.full(len(sizes), len(labels))
    np.minimum.at(first, inverse, np.arange(len(labels)))
    rank = np.empty(len(sizes), dtype=np.int64)
    rank[np.lexsort((first, -sizes))] = np.arange(len(sizes))
    return rank[inverse.reshape(-1)]


def _points(matrix: VoteMatrix, projection: Projection,
            labels: np.ndarray | None) -> tuple[ParticipantPoint, ...]:
    return tuple(
        ParticipantPoint(participant=p, x=float(projection.points[r, 0]),
                         y=float(projection.points[r, 1]),
                         group=None if labels is None or labels[r] < 0 else int(labels[r]))
        for r, p in enumerate(matrix.participants))


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    return np.divide(part, whole, out=np.zeros_like(part, dtype=float), where=whole > 0)


def _groups(matrix: VoteMatrix, labels: np.ndarray, counts: Counts, k: int,
            limit: int) -> tuple[OpinionGroup, ...]:
    agree, disagree = side(counts.agree, counts.seen), side(counts.disagree, counts.seen)
    rest_agree = counts.agree.sum(axis=0) - counts.agree
    rest_disagree = counts.disagree.sum(axis=0) - counts.disagree
    rest_seen = counts.seen.sum(axis=0) - counts.seen
    agree_share, disagree_share = _share(counts.agree, counts.seen), _share(
        counts.disagree, counts.seen)
    rest_agree_share, rest_disagree_share = _share(rest_agree, rest_seen), _share(
        rest_disagree, rest_seen)
    groups = []
    for g in range(k):
        items = []
        for pick in representative(counts, g, limit):
            c, stats = pick.column, agree if pick.kind == "agree" else disagree
            items.append(RepresentativeItem(
                item=matrix.items[c], kind=pick.kind,
                agree_count=int(counts.agree[g, c]), disagree_count=int(counts.disagree[g, c]),
                pass_count=int(counts.passed[g, c]), seen_count=int(counts.seen[g, c]),
                agree_share=float(agree_share[g, c]),
                disagree_share=float(disagree_share[g, c]),
                rest_agree_share=float(rest_agree_share[g, c]),
                rest_disagree_share=float(rest_disagree_share[g, c]),
                repness=pick.repness, z_group=float(stats.z_group[g, c]),
                z_rest=float(stats.z_rest[g, c])))
        members = tuple(matrix.participants[r] for r in np.flatnonzero(labels == g))
        groups.append(OpinionGroup(id=g, size=len(members), members=members,
                                   representative=tuple(items)))
    return tuple(groups)


def _overall(counts: Counts) -> tuple[np.ndarray, np.ndarray]:
    seen = counts.seen.sum(axis=0)
    return (_share(counts.agree.sum(axis=0), seen), _share(counts.disagree.sum(axis=0), seen))


def _gic(matrix: VoteMatrix, counts: Counts) -> dict[Hashable, float]:
    return dict(zip(matrix.items, group_informed_consensus(counts).tolist(), strict=True))


def _consensus(matrix: VoteMatrix, counts: Counts) -> tuple[ItemConsensus, ...]:
    gic = group_informed_consensus(counts)
    agree, disagree = _overall(counts)
    columns = sorted(consensus_columns(counts).tolist(), key=lambda c: (-gic[c], c))
    return tuple(ItemConsensus(item=matrix.items[c], agree_share=float(agree[c]),
                               disagree_share=float(disagree[c]), gic=float(gic[c]))
                 for c in columns)


def _divisive(matrix: VoteMatrix, counts: Counts) -> tuple[DivisiveItem, ...]:
    gic = group_informed_consensus(counts)
    agree, disagree = _overall(counts)
    spread = agree_spread(counts)
    columns = np.flatnonzero(spread.z > Z_90).tolist()
    columns.sort(key=lambda c: (-spread.spread[c], c))
    return tuple(DivisiveItem(
        item=matrix.items[c], agree_share=float(agree[c]), disagree_share=float(disagree[c]),
        gic=float(gic[c]), spread=float(spread.spread[c]),
        most_agreeing_group=int(spread.most[c]), least_agreeing_group=int(spread.least[c]),
        z=float(spread.z[c])) for c in columns)
