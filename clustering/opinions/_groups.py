"""Opinion groups on the 2-D map: 100 base clusters, then k-means of their centres (Pol.is).

Why two levels: the base clusters (k-means with k = 100 on the participants' points) summarise
a crowd of any size as 100 weighted points; the groups are then k-means of those centres,
weighted by the clusters' sizes, for k = 2..5, and the k with the best silhouette wins. That is
cheap at any scale, and a participant's group is their base cluster's, so two people on top of
each other always share a group.

The silhouette is the mean over base clusters of each one's silhouette computed from the
distances between base centres (unweighted), as Pol.is does; ``bench/opinions.py`` measured
the alternatives (weighted by cluster size, or over participants) -- see ``bench/README.md``.

Pol.is caps k at ``2 + n_base_clusters // 12`` (fewer than 36 base clusters cannot have 5
groups), and so do we. Everything random is seeded by ``seed``, so a seed gives one answer; but
where the map is one elongated blob rather than separate camps, near-equal k-means optima exist
and another seed can move the boundary (``bench/opinions.py`` prints the spread over seeds).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import silhouette_samples

BASE_K = 100
MIN_K = 2
BASE_STARTS = 4
GROUP_STARTS = 10


@dataclass(frozen=True)
class BaseClusters:
    """``labels[i]``: base cluster of point i; ``centers[b]`` and ``sizes[b]`` per cluster."""

    labels: np.ndarray
    centers: np.ndarray
    sizes: np.ndarray


@dataclass(frozen=True)
class Grouping:
    """The chosen grouping of the base clusters and the silhouette of every k tried."""

    k: int
    base_labels: np.ndarray  # group of each base cluster
    silhouettes: dict[int, float]


def base_clusters(points: np.ndarray, seed: int, k_max: int = BASE_K) -> BaseClusters:
    """k-means with k = min(k_max, distinct points); a cluster per distinct point when fewer."""
    distinct, inverse = np.unique(points, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    if len(distinct) <= k_max:
        sizes = np.bincount(inverse, minlength=len(distinct))
        return BaseClusters(labels=inverse, centers=distinct, sizes=sizes)
    labels, centers = _kmeans(points, k_max, seed, BASE_STARTS)
    used, labels = np.unique(labels, return_inverse=True)
    centers = centers[used]
    return BaseClusters(labels=labels, centers=centers,
                        sizes=np.bincount(labels, minlength=len(used)))


def max_groups_for(n_base: int, max_groups: int) -> int:
    """Pol.is's cap on k: 2 + one more group per 12 base clusters, at most ``max_groups``."""
    return max(MIN_K, min(max_groups, MIN_K + n_base // 12, n_base - 1))


def group_clusters(base: BaseClusters, max_groups: int, seed: int) -> Grouping:
    """k-means of the base centres (weighted by size) for k = 2..cap; the best silhouette wins.

    Needs at least two base clusters. With exactly two there is nothing to choose (and no
    silhouette): each is a group.
    """
    n_base = len(base.centers)
    if n_base < MIN_K:
        raise ValueError("two groups need at least two distinct points")
    if n_base == MIN_K:
        return Grouping(k=MIN_K, base_labels=np.arange(MIN_K), silhouettes={})
    distances = np.sqrt(((base.centers[:, None, :] - base.centers[None, :, :]) ** 2).sum(-1))
    best: tuple[float, int, np.ndarray] | None = None
    silhouettes: dict[int, float] = {}
    for k in range(MIN_K, max_groups_for(n_base, max_groups) + 1):
        labels, _ = _kmeans(base.centers, k, seed, GROUP_STARTS, weights=base.sizes)
        if len(np.unique(labels)) < k:  # k-means left a group empty: not a k-grouping
            continue
        score = float(silhouette_samples(distances, labels, metric="precomputed").mean())
        silhouettes[k] = score
        if best is None or score > best[0] + 1e-12:
            best = (score, k, labels)
    if best is None:
        return Grouping(k=MIN_K, base_labels=_two_halves(base), silhouettes=silhouettes)
    return Grouping(k=best[1], base_labels=best[2], silhouettes=silhouettes)


def _two_halves(base: BaseClusters) -> np.ndarray:
    """Fallback when k-means cannot make two non-empty groups: split on the first axis."""
    x = base.centers[:, 0]
    return (x > np.median(x)).astype(np.int64) if np.ptp(x) > 0 else np.arange(len(x)) % 2


def _kmeans(points: np.ndarray, k: int, seed: int, starts: int,
            weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Labels and centres of the best of ``starts`` seeded k-means++ runs."""
    with warnings.catch_warnings():
        # Fewer distinct points than k: k-means says so and leaves a cluster empty; we check.
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = KMeans(n_clusters=k, n_init=starts, random_state=seed).fit(
            points, sample_weight=weights)
    return np.asarray(model.labels_, dtype=np.int64), np.asarray(model.cluster_centers_)
