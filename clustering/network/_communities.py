"""Communities of the interaction graph: a seeded, vectorised Louvain on sparse matrices.

Why our own Louvain: networkx's Louvain walks Python dicts node by node; on an IBM-size jam
(150,000 people, 1.2 million ties) it needs about 95 s on this project's 2-core reference
machine. Here the local-moving phase is done for a random batch of nodes at once with sparse
matrix operations: for every node in the batch the modularity gain of joining each neighbouring
community is computed in one go, and all nodes with a positive best gain move together. Moving a
batch (1/8 of the nodes) rather than all nodes at once keeps the simultaneous moves from
oscillating (two nodes swapping communities forever). Between levels the graph is collapsed into
one node per community (P^T A P), as in Louvain, and a last local-moving pass on the original
graph polishes the result. The benchmark (``bench/connectors.py``) prints its modularity next to
networkx's Louvain.

Everything random goes through one ``numpy.random.Generator`` seeded by the caller, so the same
graph and seed give the same communities; community numbers are then normalised (largest first)
so they do not depend on internal label order either.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from clustering.network._graph import InteractionGraph, RecordId
from clustering.network._people import Person, person_of


@dataclass(frozen=True)
class Community:
    """One community: its members (largest strength first) and how tightly knit it is."""

    id: int
    size: int
    members: list[Person]
    internal_weight: float
    external_weight: float


@dataclass(frozen=True)
class Communities:
    """A partition of all participants. People without ties are singleton communities."""

    communities: list[Community]
    modularity: float
    resolution: float
    seed: int
    method: str = "louvain-sparse"

    def membership(self) -> dict[RecordId, int]:
        """Participant id -> community id."""
        return {m.id: c.id for c in self.communities for m in c.members}

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-safe dict (the app stores it as a snapshot)."""
        return asdict(self)


def find_communities(graph: InteractionGraph, *, resolution: float = 1.0, seed: int = 0,
                     max_members_listed: int | None = None) -> Communities:
    """Partition participants into communities by maximising modularity (sparse Louvain).

    ``resolution`` above 1 gives more, smaller communities. ``seed`` makes the result
    reproducible. ``max_members_listed`` caps the member list of each community in the result
    (sizes stay exact) -- useful to keep snapshots of huge jams small.
    """
    labels = community_labels(graph.adjacency, resolution=resolution, seed=seed)
    return communities_from_labels(graph, labels, resolution=resolution, seed=seed,
                                   max_members_listed=max_members_listed)


def communities_from_labels(graph: InteractionGraph, labels: np.ndarray, *,
                            resolution: float = 1.0, seed: int = 0,
                            max_members_listed: int | None = None,
                            method: str = "louvain-sparse") -> Communities:
    """Wrap a label array (one community number per participant) as a :class:`Communities`.

    Also the way to bring in a partition computed elsewhere (e.g. Polis opinion groups).
    """
    labels = normalise_labels(labels)
    adj = graph.adjacency
    strength = graph.strength()
    k = int(labels.max()) + 1 if labels.size else 0
    onehot = _onehot(labels, k)
    block = (onehot.T @ adj @ onehot).tocsr() if k else sp.csr_array((0, 0))
    internal = block.diagonal() / 2.0 if k else np.zeros(0)
    total = np.bincount(labels, weights=strength, minlength=k)
    order = np.lexsort((np.arange(graph.n), -strength, labels))
    bounds = np.searchsorted(labels[order], np.arange(k + 1))
    result = []
    for c in range(k):
        rows = order[bounds[c]:bounds[c + 1]]
        listed = rows if max_members_listed is None else rows[:max_members_listed]
        result.append(Community(
            id=c, size=int(rows.size),
            members=[person_of(graph, int(r)) for r in listed],
            internal_weight=float(internal[c]),
            external_weight=float(total[c] - 2.0 * internal[c])))
    return Communities(communities=result,
                       modularity=modularity(adj, labels, resolution=resolution),
                       resolution=resolution, seed=seed, method=method)


def labels_of(graph: InteractionGraph, communities: Communities) -> np.ndarray:
    """Community number per participant index, from a :class:`Communities` result.

    Participants missing from the member lists (capped lists) get a singleton community each.
    """
    labels = np.full(graph.n, -1, dtype=np.int64)
    for c in communities.communities:
        for m in c.members:
            node = graph.index.get(m.id)
            if node is not None:
                labels[node] = c.id
    missing = labels < 0
    start = max((c.id for c in communities.communities), default=-1) + 1
    labels[missing] = start + np.arange(int(missing.sum()))
    return labels


def normalise_labels(labels: np.ndarray) -> np.ndarray:
    """Renumber communities 0.. by size (largest first), ties by lowest member index."""
    labels = np.asarray(labels, dtype=np.int64)
    if labels.size == 0:
        return labels
    _, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    first = np.full(counts.size, labels.size, dtype=np.int64)
    np.minimum.at(first, inverse, np.arange(labels.size))
    rank = np.empty(counts.size, dtype=np.int64)
    rank[np.lexsort((first, -counts))] = np.arange(counts.size)
    return rank[inverse]


def modularity(adjacency: sp.csr_array | sp.csr_matrix, labels: np.ndarray, *,
               resolution: float = 1.0) -> float:
    """Newman modularity of a partition of a weighted undirected graph (0.0 for no ties)."""
    adj = sp.csr_array(adjacency)
    labels = np.asarray(labels, dtype=np.int64)
    two_m = float(adj.sum())
    if two_m == 0 or labels.size == 0:
        return 0.0
    k = int(labels.max()) + 1
    onehot = _onehot(labels, k)
    inside = float((onehot.T @ adj @ onehot).diagonal().sum())
    totals = np.bincount(labels, weights=np.asarray(adj.sum(axis=1)).ravel(), minlength=k)
    return inside / two_m - resolution * float(np.sum((totals / two_m) ** 2))


def community_labels(adjacency: sp.csr_array | sp.csr_matrix, *, resolution: float = 1.0,
                     seed: int = 0, batches: int = 8, max_levels: int = 30,
                     max_sweeps: int = 40) -> np.ndarray:
    """Community number per node of a symmetric non-negative sparse matrix (Louvain, batched).

    Low-level entry for callers that already have a matrix (the scale benchmark). Returns
    normalised labels (largest community = 0).
    """
    adj = sp.csr_array(adjacency, dtype=np.float64)
    n = adj.shape[0]
    rng = np.random.default_rng(seed)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    total = np.arange(n)
    level_adj = adj
    for _ in range(max_levels):
        local = _local_moving(level_adj, np.arange(level_adj.shape[0]), resolution, rng,
                              batches, max_sweeps, settled=0.01)
        k = int(local.max()) + 1
        if k == level_adj.shape[0]:
            break
        total = local[total]
        onehot = _onehot(local, k)
        level_adj = (onehot.T @ level_adj @ onehot).tocsr()
    # polish: one more local-moving pass on the original graph, starting from the result
    total = _local_moving(adj, total, resolution, rng, batches, max_sweeps, settled=0.0005)
    return normalise_labels(total)


def _onehot(labels: np.ndarray, k: int) -> sp.csr_array:
    n = labels.shape[0]
    return sp.csr_array((np.ones(n), (np.arange(n), labels)), shape=(n, k))


def _local_moving(adj: sp.csr_array, start: np.ndarray, resolution: float,
                  rng: np.random.Generator, batches: int, max_sweeps: int,
                  settled: float) -> np.ndarray:
    """Louvain's local moving: move nodes to the neighbouring community with the best gain.

    Nodes are visited in random batches; within a batch all moves happen together. Stops when a
    full sweep moves at most ``settled`` of the nodes. Returns compact labels 0..k-1. Before
    aggregating, 1% is enough -- the long tail of single moves (30 sweeps on a 150,000-person
    jam) costs 3/4 of the time and the coarser levels and the final pass (0.05%) fix the rest.
    """
    n = adj.shape[0]
    labels = np.unique(start, return_inverse=True)[1].astype(np.int64)
    strength = np.asarray(adj.sum(axis=1)).ravel()
    two_m = float(strength.sum())
    if two_m == 0:
        return labels
    off = adj.copy()
    off.setdiag(0)
    off.eliminate_zeros()
    off = sp.csr_array(off)
    totals = np.bincount(labels, weights=strength, minlength=n)
    sizes = np.bincount(labels, minlength=n)
    scale = resolution / two_m
    for _ in range(max_sweeps):
        moved = 0
        perm = rng.permutation(n)
        for batch in np.array_split(perm, min(batches, n)):
            batch = np.sort(batch)
            sub = off[batch]
            counts = np.diff(sub.indptr)
            if sub.nnz == 0:
                continue
            rows = np.repeat(np.arange(batch.size), counts)
            link = sp.csr_array((sub.data, (rows, labels[sub.indices])),
                                shape=(batch.size, n))
            link.sum_duplicates()
            link.sort_indices()
            lrows = np.repeat(np.arange(batch.size), np.diff(link.indptr))
            node = batch[lrows]
            comm = link.indices
            own = comm == labels[node]
            k_i = strength[node]
            gain = link.data - scale * k_i * (totals[comm] - np.where(own, k_i, 0.0))
            node_own = labels[batch]
            stay = -scale * strength[batch] * (totals[node_own] - strength[batch])
            stay[lrows[own]] = gain[own]
            # a singleton may not jump into another singleton with a higher label: stops swaps
            single = (sizes[comm] == 1) & (sizes[labels[node]] == 1) & (comm > labels[node])
            gain = np.where(own | single, -np.inf, gain)
            nonempty = np.flatnonzero(np.diff(link.indptr) > 0)
            best = np.maximum.reduceat(gain, link.indptr[nonempty])
            is_best = gain == np.repeat(best, np.diff(link.indptr)[nonempty])
            first_best = np.unique(lrows[is_best], return_index=True)[1]
            best_rows = lrows[is_best][first_best]
            best_comm = comm[is_best][first_best]
            best_gain = gain[is_best][first_best]
            go = best_gain > stay[best_rows] + 1e-12 * max(1.0, abs(float(two_m)))
            if not go.any():
                continue
            movers = batch[best_rows[go]]
            targets = best_comm[go]
            np.subtract.at(totals, labels[movers], strength[movers])
            np.subtract.at(sizes, labels[movers], 1)
            labels[movers] = targets
            np.add.at(totals, targets, strength[movers])
            np.add.at(sizes, targets, 1)
            moved += movers.size
        if moved <= max(1, int(n * settled)):
            break
    return np.unique(labels, return_inverse=True)[1].astype(np.int64)
