"""Split and merge moves for the mixture model's clusters, judged by the model's own posterior.

Why: the sampler (``_dmm``) moves one text at a time. It cannot split a cluster that
holds two topics (a new cluster would have to grow one text at a time against the odds), nor
join two clusters that are one topic. Here a cluster is cut in two by spherical 2-means on TF-IDF
vectors, and two similar clusters are tried together; a move is kept only when it raises the
collapsed posterior of the Dirichlet-multinomial mixture with a Chinese-restaurant-process
prior on the partition: the same model, so the number of themes is still decided by the data,
not by a threshold.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.special import gammaln
from sklearn.preprocessing import normalize

SPLIT_ITERATIONS = 6
MERGE_CANDIDATES = 3  # nearest clusters tried for each cluster


def _log_likelihood(word_counts: np.ndarray, n_words: int, beta: float) -> float:
    """log P(texts of a cluster | cluster), word counts collapsed under a Dirichlet(beta) prior."""
    nonzero = word_counts[word_counts > 0]
    return float(
        gammaln(n_words * beta)
        - gammaln(word_counts.sum() + n_words * beta)
        + (gammaln(nonzero + beta) - gammaln(beta)).sum()
    )


def _two_means(vectors: sp.csr_matrix, rng: np.random.Generator) -> np.ndarray:
    """0/1 side of each row after spherical 2-means, seeded by a random row and its opposite."""
    n = vectors.shape[0]
    transposed = sp.csr_matrix(vectors.T)
    first = int(rng.integers(n))
    seed_rows = np.zeros((n, 2))
    seed_rows[first, 0] = 1.0
    similarity = np.asarray(vectors @ (transposed @ seed_rows[:, 0])).ravel()
    seed_rows[int(similarity.argmin()), 1] = 1.0
    centres = np.asarray(transposed @ seed_rows)  # words x 2
    side = np.zeros(n, dtype=np.int64)
    for _ in range(SPLIT_ITERATIONS):
        side = np.asarray(vectors @ centres).argmax(axis=1)
        one_hot = np.zeros((n, 2))
        one_hot[np.arange(n), side] = 1.0
        centres = np.asarray(transposed @ one_hot)
        centres /= np.maximum(np.linalg.norm(centres, axis=0), 1e-12)
    return side


def split_and_merge(
    presence: sp.csr_matrix,
    vectors: sp.csr_matrix,
    labels: np.ndarray,
    n_clusters: int,
    *,
    alpha: float,
    beta: float,
    min_size: int,
    max_clusters: int,
    seed: int,
) -> tuple[np.ndarray, int]:
    """(labels, number of clusters) after accepted splits, then accepted merges.

    ``presence`` (0/1) gives the model's word counts; ``vectors`` (L2-normalised TF-IDF) only
    proposes where to cut and which clusters to try together. Labels -1 are left alone.
    """
    rng = np.random.default_rng(seed)
    n_words = presence.shape[1]
    labels = labels.copy()


    # Splits: each accepted part is tried again, so a cluster of three topics can become three.
    queue = list(range(n_clusters))
    while queue and n_clusters < max_clusters:
        cluster = queue.pop(0)
        members = np.flatnonzero(labels == cluster)
        if len(members) < 2 * min_size:
            continue
        side = _two_means(vectors[members], rng)
        part_a, part_b = members[side == 0], members[side == 1]
        if min(len(part_a), len(part_b)) < min_size:
            continue
        halves = sp.csr_matrix(
            (np.ones(len(members)), (side, np.arange(len(members)))), shape=(2, len(members))
        )
        counts_a, counts_b = np.asarray((halves @ presence[members]).todense())
        gain = (
            _log_likelihood(counts_a, n_words, beta)
            + _log_likelihood(counts_b, n_words, beta)
            - _log_likelihood(counts_a + counts_b, n_words, beta)
            + np.log(alpha)
            + gammaln(len(part_a)) + gammaln(len(part_b)) - gammaln(len(members))
        )
        if gain > 0:
            labels[part_b] = n_clusters
            queue += [cluster, n_clusters]
            n_clusters += 1

    # Merges: each cluster with its nearest few, best candidates first, each cluster once.
    placed = np.flatnonzero(labels >= 0)
    membership = sp.csr_matrix(
        (np.ones(len(placed)), (labels[placed], placed)), shape=(n_clusters, presence.shape[0])
    )
    centroids = normalize(sp.csr_matrix(membership @ vectors)).toarray()
    similarity = centroids @ centroids.T
    np.fill_diagonal(similarity, -np.inf)
    candidates = {
        (min(a, int(b)), max(a, int(b)))
        for a in range(n_clusters)
        for b in np.argsort(-similarity[a])[:MERGE_CANDIDATES]
    }
    word_counts = np.asarray((membership @ presence).todense())
    sizes = np.asarray(membership.sum(axis=1)).ravel()
    likelihood = [_log_likelihood(word_counts[k], n_words, beta) for k in range(n_clusters)]
    used: set[int] = set()
    for a, b in sorted(candidates, key=lambda pair: -similarity[pair]):
        if a in used or b in used or sizes[a] == 0 or sizes[b] == 0:
            continue
        gain = (
            _log_likelihood(word_counts[a] + word_counts[b], n_words, beta)
            - likelihood[a] - likelihood[b]
            - np.log(alpha)
            + gammaln(sizes[a] + sizes[b]) - gammaln(sizes[a]) - gammaln(sizes[b])
        )
        if gain > 0:
            labels[labels == b] = a
            used.update((a, b))
    return labels, n_clusters


def _all_likelihoods(word_counts: np.ndarray, n_words: int, beta: float) -> np.ndarray:
    """``_log_likelihood`` of every row of a clusters x words count matrix at once."""
    return np.asarray(
        gammaln(n_words * beta)
        - gammaln(word_counts.sum(axis=1) + n_words * beta)
        + (gammaln(word_counts + beta) - gammaln(beta)).sum(axis=1)
    )


def _split_gain(
    presence: sp.csr_matrix,
    vectors: sp.csr_matrix,
    members: np.ndarray,
    alpha: float,
    beta: float,
    rng: np.random.Generator,
) -> tuple[float, np.ndarray]:
    """(posterior gain of cutting ``members`` in two by 2-means, side of each member)."""
    side = _two_means(vectors[members], rng)
    sizes = np.bincount(side, minlength=2)
    if sizes.min() == 0:
        return -np.inf, side
    halves = sp.csr_matrix(
        (np.ones(len(members)), (side, np.arange(len(members)))), shape=(2, len(members))
    )
    counts_a, counts_b = np.asarray((halves @ presence[members]).todense())
    n_words = presence.shape[1]
    gain = (
        _log_likelihood(counts_a, n_words, beta)
        + _log_likelihood(counts_b, n_words, beta)
        - _log_likelihood(counts_a + counts_b, n_words, beta)
        + np.log(alpha)
        + gammaln(sizes[0]) + gammaln(sizes[1]) - gammaln(len(members))
    )
    return float(gain), side


def force_count(
    presence: sp.csr_matrix,
    vectors: sp.csr_matrix,
    labels: np.ndarray,
    target: int,
    *,
    alpha: float,
    beta: float,
    seed: int,
) -> np.ndarray:
    """Labels with exactly ``target`` non-empty clusters (or as many as there are texts).

    When the number of themes is given: from the clusters the model chose, the least costly
    merges (highest posterior gain, usually negative) are made one at a time, or the most
    worthwhile splits, until the count is right: the same criterion, forced to a number.
    """
    rng = np.random.default_rng(seed)
    n_words = presence.shape[1]
    labels = labels.copy()
    ids = [int(k) for k in np.unique(labels[labels >= 0])]
    n_texts = int((labels >= 0).sum())
    target = min(target, n_texts)

    split_cache: dict[int, tuple[float, np.ndarray]] = {}
    next_id = max(ids, default=-1) + 1
    while 0 < len(ids) < target:
        for k in ids:
            if k not in split_cache:
                members = np.flatnonzero(labels == k)
                split_cache[k] = (
                    _split_gain(presence, vectors, members, alpha, beta, rng)
                    if len(members) >= 2 else (-np.inf, np.zeros(len(members), dtype=np.int64))
                )
        best = max(ids, key=lambda k: split_cache[k][0])
        if split_cache[best][0] == -np.inf:
            break
        members = np.flatnonzero(labels == best)
        labels[members[split_cache[best][1] == 1]] = next_id
        ids.append(next_id)
        del split_cache[best]
        next_id += 1

    if len(ids) > target:
        index = {k: i for i, k in enumerate(ids)}
        placed = np.flatnonzero(labels >= 0)
        membership = sp.csr_matrix(
            (np.ones(len(placed)), ([index[int(k)] for k in labels[placed]], placed)),
            shape=(len(ids), presence.shape[0]),
        )
        word_counts = np.asarray((membership @ presence).todense())
        sizes = np.asarray(membership.sum(axis=1)).ravel()
        alive = np.ones(len(ids), dtype=bool)
        likelihood = _all_likelihoods(word_counts, n_words, beta)

        def gains(a: int) -> np.ndarray:
            joined = _all_likelihoods(word_counts + word_counts[a], n_words, beta)
            result = (joined - likelihood - likelihood[a] - np.log(alpha)
                      + gammaln(sizes + sizes[a]) - gammaln(sizes) - gammaln(sizes[a]))
            result[~alive] = -np.inf
            result[a] = -np.inf
            return np.asarray(result)

        table = np.vstack([gains(a) for a in range(len(ids))])
        for _ in range(len(ids) - target):
            row, column = np.unravel_index(int(np.argmax(table)), table.shape)
            a, b = sorted((int(row), int(column)))
            labels[labels == ids[b]] = ids[a]
            word_counts[a] += word_counts[b]
            sizes[a] += sizes[b]
            likelihood[a] = _all_likelihoods(word_counts[a : a + 1], n_words, beta)[0]
            alive[b] = False
            table[b, :] = -np.inf
            table[:, b] = -np.inf
            table[a, :] = gains(a)
            table[:, a] = table[a, :]
    return labels
