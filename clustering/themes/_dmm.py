"""Dirichlet-multinomial mixture (DMM) for short texts, fitted by block collapsed Gibbs sampling.

Why this model: a short idea is usually about one thing, so "one topic per text" (the DMM of
Yin & Wang 2014, GSDMM) fits better than LDA's topic mixtures, and with more starting clusters
than needed, clusters that explain little lose their members and empty out, so the number of
themes comes out of the fit instead of being guessed. GSDMM samples one text at a time, which is
a Python loop; here the texts are sampled in a few blocks, each block against the counts of all
the other texts, so each step is one sparse x dense product (numpy/scipy, no compiled code).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
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


def default_threads() -> int:
    """Threads for one fit: at most 2, the cores of the machine the budget is set on.

    More would add little: the moves between blocks are serial.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(2, cores or 1))


def _row_parts(n_rows: int, parts: int) -> Iterator[slice]:
    bounds = np.linspace(0, n_rows, max(1, parts) + 1).astype(int)
    return (slice(start, stop) for start, stop in itertools.pairwise(bounds))


@dataclass(frozen=True)
class _BlockScoring:
    """What one block's draw reads; the threads that score its rows share it, read-only."""

    rows: sp.csr_matrix  # the block's texts x words
    row_lengths: np.ndarray
    log_counts: np.ndarray  # words x clusters, the block's own counts removed
    active: np.ndarray | None  # the clusters offered, or None for all of them
    log_sizes: np.ndarray  # per offered cluster
    active_totals: np.ndarray  # per offered cluster
    n_words: int
    beta: float
    uniforms: np.ndarray | None  # one per row; None: take the most probable cluster

    def choose(self, part: slice) -> np.ndarray:
        """For rows ``part`` of the block: the position of each one's cluster among those
        offered."""
        scores = np.asarray(self.rows[part] @ self.log_counts)
        if self.active is not None:  # usually every cluster is offered: no copy then
            scores = scores[:, self.active]
        scores += self.log_sizes[None, :]
        scores -= _length_norm(self.row_lengths[part], self.active_totals, self.n_words,
                               self.beta).astype(np.float32)
        if self.uniforms is None:
            return np.asarray(scores.argmax(axis=1))
        # Inverse-CDF draw per row, in place: these arrays are the block's largest.
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        cumulative = np.cumsum(scores, axis=1, out=scores)
        draws = self.uniforms[part][:, None] * cumulative[:, -1:]
        return np.minimum((cumulative < draws).sum(axis=1), scores.shape[1] - 1)


def fit_dmm(
    presence: sp.csr_matrix,
    n_clusters: int,
    *,
    settings: DmmSettings,
    seed: int,
    let_clusters_die: bool,
    threads: int | None = None,
) -> np.ndarray:
    """Cluster of each text (ints in ``range(n_clusters)``; some clusters may end up empty).

    ``presence`` is texts x words, 0/1 (a word counts once per text, as in GSDMM's data). With
    ``let_clusters_die`` a cluster that empties is never offered again, which is what makes
    the number of clusters shrink towards what the data supports (and keeps later sweeps cheap).
    The log of the smoothed word counts is kept up to date entry by entry, so each block costs
    in proportion to its own words, not to the vocabulary.

    A block's rows are scored and drawn in ``threads`` slices at once (numpy and scipy release
    the GIL in these loops); each row's arithmetic is the same however the rows are sliced and
    the random numbers are drawn before slicing, so the labels do not depend on ``threads``.
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

    threads = default_threads() if threads is None else max(1, threads)
    with ThreadPoolExecutor(threads) as pool:
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
                scoring = _BlockScoring(
                    rows=rows,
                    row_lengths=row_lengths,
                    log_counts=log_counts,
                    active=None if len(active) == n_clusters else active,
                    log_sizes=np.log(sizes[active] + alpha).astype(np.float32),
                    active_totals=totals[active],
                    n_words=n_words,
                    beta=beta,
                    uniforms=None if greedy else rng.random(len(block)),
                )
                parts = _row_parts(len(block), threads)
                choice = np.concatenate(list(pool.map(scoring.choose, parts)))
                new = active[choice]
                labels[block] = new
                move(words, np.repeat(new, row_lengths), 1.0)
                sizes += np.bincount(new, minlength=n_clusters)
                totals += np.bincount(new, weights=row_lengths, minlength=n_clusters)
    return labels
