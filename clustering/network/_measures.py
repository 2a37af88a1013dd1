"""Brokerage measures on sparse matrices: betweenness, participation, Burt's constraint.

All functions take a symmetric ``scipy.sparse`` adjacency matrix (node order = participant
order) and return one numpy value per node, so they work on the 150,000-person path where a
networkx graph is too slow to build. Each has been checked against networkx on small graphs
(tests/clustering/test_network_measures.py).

- :func:`betweenness` -- Brandes' algorithm run for a batch of sources at once: the breadth-first
  searches advance level by level as sparse-matrix x dense-block products, so the inner loop runs
  in compiled code. With ``pivots`` set it uses that many random sources and scales up (Brandes &
  Pich 2007), which ranks the high-betweenness people -- the ones we care about -- reliably.
  Distances are hops: tie weights are interaction counts, not lengths, and turning them into
  lengths (1/w) would make one chatty pair a shortcut for the whole graph.
- :func:`participation` -- Guimerà & Amaral's participation coefficient, 1 - sum_c (k_ic/k_i)^2:
  0 when all of a person's tie weight is inside one group, towards 1 when spread evenly.
- :func:`significant_groups` / :func:`group_bridging` -- the groups a person bridges beyond
  what stray activity explains (binomial test against everybody else's stray rate, with a bar
  that lets about a fixed number of people pass by chance in the whole graph), and the
  participation coefficient over just those.
- :func:`constraint` -- Burt's constraint, sum_j (p_ij + sum_q p_iq p_qj)^2: high when all of a
  person's contacts know each other (a closed clique), low for a broker between separate groups.
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import scipy.sparse as sp
from scipy.stats import binom

SparseMatrix: TypeAlias = sp.csr_array | sp.csr_matrix | sp.coo_array


def betweenness(adjacency: SparseMatrix, *, pivots: int | None = None, seed: int = 0,
                batch_size: int | None = None) -> np.ndarray:
    """Normalised shortest-path betweenness (hop distances), exact or from sampled pivots.

    Normalised like ``networkx.betweenness_centrality(G, k=pivots, normalized=True)``: with
    ``pivots=None`` the two agree exactly; with pivots the estimate is unbiased.
    ``batch_size`` searches run together: 64 as dense blocks on graphs up to
    :data:`DENSE_SEARCH_UP_TO` nodes; above, as many as keep the per-search arrays near a
    million entries (6 on 150,000 nodes, where 64 together ran 3 times slower: cache misses).
    """
    adj = sp.csr_array(adjacency)
    n = adj.shape[0]
    if n < 3:
        return np.zeros(n)
    binary = sp.csr_array((np.ones(adj.nnz), adj.indices, adj.indptr), shape=adj.shape)
    binary.setdiag(0)
    binary.eliminate_zeros()
    if pivots is None or pivots >= n:
        sources = np.arange(n)
    else:
        rng = np.random.default_rng(seed)
        sources = np.sort(rng.choice(n, size=pivots, replace=False))
    total = np.zeros(n)
    dense = n <= DENSE_SEARCH_UP_TO
    step = batch_size or (64 if dense else min(256, max(4, 1_000_000 // n)))
    for start in range(0, sources.size, step):
        batch = sources[start:start + step]
        total += _dependencies_dense(binary, batch) if dense else _dependencies(binary, batch)
    return total * (n / sources.size) / ((n - 1) * (n - 2))


DENSE_SEARCH_UP_TO = 20_000
"""Up to this many nodes the searches of a batch advance as dense n x batch blocks (one sparse
matrix product per level, fastest while the blocks fit in cache); above it, sparse frontiers."""


def _dependencies_dense(binary: sp.csr_array, sources: np.ndarray) -> np.ndarray:
    """Sum over ``sources`` of Brandes' dependency delta_s(v), searches as dense blocks."""
    n, b = binary.shape[0], sources.size
    cols = np.arange(b)
    dist = np.full((n, b), -1, dtype=np.int32)
    sigma = np.zeros((n, b))
    dist[sources, cols] = 0
    sigma[sources, cols] = 1.0
    frontier = sigma.copy()
    depth = 0
    while True:
        reached = binary @ frontier
        new = (reached > 0) & (dist < 0)
        if not new.any():
            break
        depth += 1
        dist[new] = depth
        sigma[new] = reached[new]
        frontier = np.where(new, reached, 0.0)
    delta = np.zeros((n, b))
    safe_sigma = np.where(sigma > 0, sigma, 1.0)
    for level in range(depth, 0, -1):
        pull = binary @ np.where(dist == level, (1.0 + delta) / safe_sigma, 0.0)
        delta += np.where(dist == level - 1, sigma * pull, 0.0)
    delta[sources, cols] = 0.0
    return np.asarray(delta.sum(axis=1))


def _dependencies(binary: sp.csr_array, sources: np.ndarray) -> np.ndarray:
    """Sum over ``sources`` of Brandes' dependency delta_s(v), for every node v.

    One breadth-first search per source, all sources of the batch advancing together. Node v of
    search j is tracked by its flat index v * batch + j; each level expands only its own nodes'
    ties (gathered with numpy, summed with ``bincount``), so a level costs what its ties cost --
    a dense n x batch block per level was 15 times slower on a 150,000-node graph.
    """
    n, b = binary.shape[0], sources.size
    size = n * b
    start = sources * b + np.arange(b)
    seen = np.zeros(size, dtype=bool)
    sigma = np.zeros(size)
    stamp = np.zeros(size, dtype=np.int64)
    seen[start] = True
    sigma[start] = 1.0
    levels = [start]
    while True:
        target, values = _spread(binary, levels[-1], sigma[levels[-1]], b)
        fresh = target[~seen[target]]
        if fresh.size == 0:
            break
        stamp[fresh] = np.arange(fresh.size)  # keep one copy of each position
        new = fresh[stamp[fresh] == np.arange(fresh.size)]
        seen[new] = True
        sigma[new] = np.bincount(target, weights=values, minlength=size)[new]
        levels.append(new)
    delta = np.zeros(size)
    for level in range(len(levels) - 1, 0, -1):
        here, above = levels[level], levels[level - 1]
        target, values = _spread(binary, here, (1.0 + delta[here]) / sigma[here], b)
        delta[above] += sigma[above] * np.bincount(target, weights=values, minlength=size)[above]
    delta[start] = 0.0
    return np.asarray(delta.reshape(n, b).sum(axis=1))


def _spread(binary: sp.csr_array, flat: np.ndarray, values: np.ndarray,
            b: int) -> tuple[np.ndarray, np.ndarray]:
    """Copy each value (at flat position node*b+search) to every neighbour of its node.

    Returns the flat positions reached (with repeats) and the values copied there.
    """
    node = flat // b
    begin = binary.indptr[node]
    counts = binary.indptr[node + 1] - begin
    total = int(counts.sum())
    offsets = np.repeat(begin - (np.cumsum(counts) - counts), counts) + np.arange(total)
    neighbours = binary.indices[offsets].astype(np.int64)
    return neighbours * b + np.repeat(flat % b, counts), np.repeat(values, counts)


def participation(adjacency: SparseMatrix, labels: np.ndarray) -> np.ndarray:
    """Participation coefficient of every node over the groups in ``labels`` (0 if no ties)."""
    adj = sp.csr_array(adjacency)
    shares = group_weights(adj, labels)
    strength = np.asarray(adj.sum(axis=1)).ravel()
    squares = np.asarray(shares.multiply(shares).sum(axis=1)).ravel()
    safe = np.where(strength > 0, strength, 1.0)
    return np.where(strength > 0, 1.0 - squares / safe**2, 0.0)


def group_weights(adjacency: SparseMatrix, labels: np.ndarray) -> sp.csr_array:
    """Node x group matrix of tie weight: entry (i, g) = weight from i to members of group g.

    Labels < 0 mean "unknown group"; those ties are left out.
    """
    adj = sp.coo_array(adjacency)
    labels = np.asarray(labels, dtype=np.int64)
    k = int(labels.max()) + 1 if labels.size else 0
    target = labels[adj.col]
    keep = target >= 0
    out = sp.csr_array((adj.data[keep], (adj.row[keep], target[keep])),
                       shape=(adj.shape[0], max(k, 1)))
    out.sum_duplicates()
    return out


def constraint(adjacency: SparseMatrix, *, block_rows: int = 20_000) -> np.ndarray:
    """Burt's constraint of every node (weighted, as ``networkx.constraint``); 1.0 if no ties.

    The two-step term sum_q p_iq p_qj is only needed where i and j are tied, so P @ P is
    computed in row blocks and masked at once -- memory stays bounded on big graphs. networkx
    gives NaN for people without ties; we give 1.0 (fully constrained: no brokerage at all).
    """
    adj = sp.csr_array(adjacency, dtype=np.float64)
    n = adj.shape[0]
    adj.setdiag(0)
    adj.eliminate_zeros()
    strength = np.asarray(adj.sum(axis=1)).ravel()
    inv = np.where(strength > 0, 1.0 / np.where(strength > 0, strength, 1.0), 0.0)
    p = sp.csr_array(sp.diags_array(inv) @ adj)
    out = np.ones(n)
    for start in range(0, n, block_rows):
        rows = slice(start, min(n, start + block_rows))
        direct = p[rows]
        if direct.nnz == 0:
            continue
        pattern = direct.copy()
        pattern.data = np.ones_like(pattern.data)
        two_step = sp.csr_array((direct @ p).multiply(pattern))
        local = sp.csr_array(direct + two_step)
        local.data **= 2
        sums = np.asarray(local.sum(axis=1)).ravel()
        has_ties = strength[rows] > 0
        out[rows] = np.where(has_ties, sums, 1.0)
    return out


def percentile_rank(values: np.ndarray) -> np.ndarray:
    """Average-rank percentile in [0, 1] (ties share a rank); makes measures comparable."""
    values = np.asarray(values, dtype=np.float64)
    n = values.size
    if n == 0:
        return values
    if n == 1:
        return np.ones(1)
    order = np.argsort(values, kind="stable")
    sorted_vals = values[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_vals)) + 1]
    ends = np.r_[starts[1:], n]
    avg = (starts + ends - 1) / 2.0
    ranks = np.empty(n)
    ranks[order] = np.repeat(avg, ends - starts)
    return ranks / (n - 1)


def community_bridging(adjacency: SparseMatrix, labels: np.ndarray, *, min_share: float = 0.1,
                       min_support: int = 2, support: SparseMatrix | None = None) -> np.ndarray:
    """Participation coefficient that ignores stray ties: 1 - sum_c s_ic^2 over *bridged* groups.

    A group other than the person's own counts as bridged when it gets at least ``min_share``
    of their tie weight and its ``support`` entry (person x group; default: number of different
    people there) is at least ``min_support``. The weight of stray ties (below either bar) is
    folded into the own group. Why: with noisy data an ordinary member with a few random ties
    into many communities gets a high plain participation coefficient (0.3 of the weight spread
    thinly gives about 0.5, the same as a true 50/50 broker between two communities). This
    version gives that person ~0 and the broker 0.5.
    """
    adj = sp.csr_array(adjacency)
    labels = np.asarray(labels, dtype=np.int64)
    n = adj.shape[0]
    weight = sp.coo_array(group_weights(adj, labels))
    if weight.nnz == 0:
        return np.zeros(n)
    if support is None:
        binary = sp.csr_array((np.ones(adj.nnz), adj.indices, adj.indptr), shape=adj.shape)
        support = group_weights(binary, labels)
    support = sp.csr_array(support)
    strength = np.asarray(adj.sum(axis=1)).ravel()
    safe = np.where(strength > 0, strength, 1.0)
    share = weight.data / safe[weight.row]
    backing = np.asarray(support[weight.row, weight.col]).ravel()
    keep = (share >= min_share) & (backing >= min_support) & (weight.col != labels[weight.row])
    kept_sq = np.bincount(weight.row[keep], weights=share[keep] ** 2, minlength=n)
    kept = np.bincount(weight.row[keep], weights=share[keep], minlength=n)
    return np.where(strength > 0, 1.0 - kept_sq - (1.0 - kept) ** 2, 0.0)



def significant_groups(counts: SparseMatrix, labels: np.ndarray, *, chance: float = 30.0,
                       min_share: float = 0.1, min_support: int = 2) -> sp.csr_array:
    """Person x group shares of the groups each person *really* bridges (others are left out).

    ``counts`` (person x group) holds separate pieces of activity -- e.g. the different ideas of
    each community a person took part in; ``labels`` gives each person's own group. A group other
    than the own one is kept when it has at least ``min_support`` pieces and ``min_share`` of the
    person's activity, *and* more than stray activity explains. The null: an ordinary member
    whose activity leaves the own group at the rate everybody else's does (q = the other people's
    share of activity outside their own group) and lands in group c in proportion to c's share
    g_c of all activity, i.e. count ~ Binomial(person's total, q * g_c / (1 - g_own)). The tail
    P(X >= count) must be below ``chance / m``, m = (people with activity) x (effective number of
    other groups, 1 / sum_c g_c^2 - 1): so across the whole jam about ``chance`` ordinary people
    at most pass by luck (a Bonferroni-style bound on the expected number of false bridges).

    Why: with 3-5 pieces of activity per person and 20% of it stray, ordinary members land 2 of
    them in the same other community by chance about as often as a broker is planted there --
    and the bigger the jam, the more such coincidences. The test asks for more the more active
    the person is (2 of 13 is no bridge, 3 of 8 is) and the more people and groups there are.
    Leaving the person out of q matters on small jams, where one broker is most of the stray
    activity; on a jam of a few dozen people the bar is 1 and only the share/support rule is left.
    """
    c = sp.coo_array(counts)
    c.sum_duplicates()
    n_rows, k = c.shape
    labels = np.asarray(labels, dtype=np.int64)
    row, col, data = c.row.astype(np.int64), c.col.astype(np.int64), c.data.astype(np.float64)
    total = np.bincount(row, weights=data, minlength=n_rows)
    home = labels[row]
    inside = col == home
    stray = total - np.bincount(row[inside], weights=data[inside], minlength=n_rows)
    grand, grand_stray = float(total.sum()), float(stray.sum())
    rest = grand - total
    q = np.where(rest > 0, (grand_stray - stray) / np.where(rest > 0, rest, 1.0), 0.0)
    col_share = np.bincount(col, weights=data, minlength=k) / max(grand, 1e-300)
    away = 1.0 - np.where(home >= 0, col_share[np.maximum(home, 0)], 0.0)
    rate = np.clip(q[row] * col_share[col] / np.maximum(away, 1e-12), 0.0, 1.0)
    share = data / np.where(total[row] > 0, total[row], 1.0)
    keep = (~inside) & (home >= 0) & (share >= min_share) & (data >= min_support)
    other_groups = max(1.0, 1.0 / max(float((col_share**2).sum()), 1e-300) - 1.0)
    tests = max(1.0, float(np.count_nonzero(total)) * other_groups)
    tail = np.ones(data.size)
    tail[keep] = binom.sf(data[keep] - 1, np.round(total[row[keep]]), rate[keep])
    keep &= tail * tests < chance
    return sp.csr_array((share[keep], (row[keep], col[keep])), shape=(n_rows, k))


def group_bridging(kept_shares: SparseMatrix) -> np.ndarray:
    """1 - sum_c s_c^2 over the kept groups plus the own group, which gets the remaining share.

    ``kept_shares`` as from :func:`significant_groups`: 0 for a person who bridges nothing, 0.5
    for an even split between the own and one other group, 2/3 for three groups.
    """
    s = sp.csr_array(kept_shares)
    kept = np.asarray(s.sum(axis=1)).ravel()
    squares = np.asarray(s.multiply(s).sum(axis=1)).ravel()
    return np.clip(1.0 - squares - (1.0 - kept) ** 2, 0.0, 1.0)
