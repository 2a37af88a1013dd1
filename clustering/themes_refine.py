"""Sharpening a rough grouping with spherical k-means step(s) on TF-IDF vectors.

Why: the mixture model (``themes_dmm``) is good at deciding how many themes there are, but it
weighs every word alike, so a common word ("query", "type") can pull texts of different topics
together. Moving each text to the theme whose TF-IDF centroid it is most similar to (cosine)
gives distinctive, rarer words more say. One step, after the split/merge moves, scored best in
the benchmarks (NMI 1 step vs 2 vs 4, all sets: on biomedical 0.419 / 0.410 / 0.393, the
others within 0.005): more steps let k-means drift towards its own failure mode on long,
sparse snippets (one theme swallowing the rest).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

SHARPEN_STEPS = 1


def sharpen(
    vectors: sp.csr_matrix, labels: np.ndarray, n_clusters: int, steps: int = SHARPEN_STEPS
) -> np.ndarray:
    """Labels after ``steps`` spherical k-means steps started from ``labels`` (-1: unplaced).

    ``vectors`` are the texts' L2-normalised TF-IDF rows (``clustering.text.tfidf``).

    Every text with words gets a cluster (texts labelled -1 join their nearest centroid);
    texts without words stay -1. A cluster that loses all its texts stays empty.
    """
    labels = labels.copy()
    if n_clusters == 0 or vectors.shape[0] == 0:
        return labels
    has_words = np.diff(vectors.indptr) > 0
    for _ in range(steps):
        placed = np.flatnonzero(labels >= 0)
        membership = sp.csr_matrix(
            (np.ones(len(placed)), (labels[placed], placed)),
            shape=(n_clusters, vectors.shape[0]),
        )
        centroids = normalize(sp.csr_matrix(membership @ vectors)).toarray()
        similarity = np.asarray(vectors @ centroids.T)
        labels = np.where(has_words, similarity.argmax(axis=1), -1)
    return labels
