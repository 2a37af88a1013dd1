"""Dirichlet-multinomial mixture (DMM) for short texts, fitted by block collapsed Gibbs sampling.

Why this model: a short idea is usually about one thing, so "one topic per text" (the DMM of
Yin & Wang 2014, GSDMM) fits better than LDA's topic mixtures, and with more starting clusters
than needed, clusters that explain little lose their members and empty out, so the number of
themes comes out of the fit instead of being guessed. GSDMM samples one text at a time, which is
a Python loop; here the texts are sampled in a few blocks, each block against the counts of all
the other texts, so each step is one sparse x dense product (numpy/scipy, no compiled code).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.special import gammaln


@dataclass(frozen=True)
class DmmSettings:
    """Sampler settings; the defaults are the ones the benchmarks were tuned with (all sets)."""

    alpha: float = 1.0  # prior weight of a cluster's size: small values favour fewer clusters
    beta: float = 0.1  # prior weight of each word in a cluster: small values favour more clusters
    n_sweeps: int = 20  # passes over all texts
    n_blocks: int = 10  # texts sampled together; more blocks = closer to one-at-a-time Gibbs
    greedy_sweeps: int = 3  # final passes take the most probable cluster instead of sampling


def _length_norm(lengths: np.ndarray, totals: np.ndarray, n_words: int, beta: float
                 ) -> np.ndarray:
    """``log Gamma(T + V beta + L) - log Gamma(T + V beta)`` per text (rows) and cluster.

    Texts have few distinct lengths, so this is computed once per length, not per text.
    """
    distinct, which = np.unique(lengths, return_inverse=True)
    base = totals + n_words * beta
    table = gammaln(base[None, :] + distinct[:, None]) - gammaln(base)[None, :]
    return np.asarray(table[which])


def fit_dmm(
    presence: sp.csr_matrix,
    n_clusters: int,
    *,
    settings: DmmSettings,
    seed: int,
    let_clusters_die: bool,
) -> np.ndarray:
    """Cluster of each text (ints in ``range(n_clusters)``; some clusters may end up empty).

    ``presence`` is texts x words, 0/1 (a word counts once per text, as in GSDMM's data). With
    ``let_clusters_die`` a cluster that empties is never offered again, which is what makes
    the number of clusters shrink towards what the data supports (and keeps later sweeps cheap).
    The log of the smoothed word counts is kept up to date entry by entry, so each block costs
    in proportion to its own words, not to the vocabulary.
    """
    rng = np.random.default_rng(seed)
    n, n_words = presence.shape
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    n_clusters = max(1, min(n_clusters, n))
    alpha, beta = settings.alpha, settings.beta
    labels = rng.integers(0, n_clusters, n)
    presence = sp.csr_matrix(presence, dtype=np.float32)
    lengths = np.diff(presence.indptr)
    # words x clusters, so that (texts x words) @ table is a product with a contiguous array.
    counts = np.zeros((n_words, n_clusters))
    np.add.at(counts, (presence.indices, np.repeat(labels, lengths)), 1.0)
    # float32: the product below is the sampler's main cost and is memory-bound.
    log_counts = np.log(counts + beta).astype(np.float32)
    sizes = np.bincount(labels, minlength=n_clusters).astype(np.float64)
    totals = np.bincount(labels, weights=lengths, minlength=n_clusters).astype(np.float64)
    n_blocks = max(1, min(settings.n_blocks, n))

    def move(words: np.ndarray, clusters: np.ndarray, step: float) -> None:
        keys, times = np.unique(words * n_clusters + clusters, return_counts=True)
        flat_counts = counts.reshape(-1)
        flat_counts[keys] += step * times
        log_counts.reshape(-1)[keys] = np.log(flat_counts[keys] + beta)

    for sweep in range(settings.n_sweeps):
        greedy = sweep >= settings.n_sweeps - settings.greedy_sweeps
        if let_clusters_die and (sizes == 0).sum() >= 0.1 * n_clusters:
            # Drop dead clusters from the tables: every later product costs less.
            alive = np.flatnonzero(sizes > 0)
            renumber = np.full(n_clusters, -1, dtype=np.int64)
            renumber[alive] = np.arange(len(alive))
            labels = renumber[labels]
            counts = np.ascontiguousarray(counts[:, alive])
            log_counts = np.ascontiguousarray(log_counts[:, alive])
            sizes, totals = sizes[alive], totals[alive]
            n_clusters = len(alive)
        for block in np.array_split(rng.permutation(n), n_blocks):
            rows = presence[block]
            row_lengths = lengths[block]
            old = labels[block]
            words = rows.indices
            move(words, np.repeat(old, row_lengths), -1.0)
            sizes -= np.bincount(old, minlength=n_clusters)
            totals -= np.bincount(old, weights=row_lengths, minlength=n_clusters)
            active = np.flatnonzero(sizes > 0) if let_clusters_die else np.arange(n_clusters)
            if len(active) == 0:
                active = np.unique(old)
            scores = np.asarray(rows @ log_counts)
            if len(active) < n_clusters:  # usually all are: skip the copy then
                scores = scores[:, active]
            scores += np.log(sizes[active] + alpha).astype(np.float32)[None, :]
            scores -= _length_norm(row_lengths, totals[active], n_words, beta).astype(np.float32)
            if greedy:
                choice = scores.argmax(axis=1)
            else:
                # Inverse-CDF draw per row, in place: these arrays are the block's largest.
                scores -= scores.max(axis=1, keepdims=True)
                np.exp(scores, out=scores)
                cumulative = np.cumsum(scores, axis=1, out=scores)
                draws = rng.random(len(block))[:, None] * cumulative[:, -1:]
                choice = np.minimum((cumulative < draws).sum(axis=1), len(active) - 1)
            new = active[choice]
            labels[block] = new
            move(words, np.repeat(new, row_lengths), 1.0)
            sizes += np.bincount(new, minlength=n_clusters)
            totals += np.bincount(new, weights=row_lengths, minlength=n_clusters)
    return labels
