"""Sharpening a rough grouping with spherical k-means step(s) on TF-IDF vectors.

Why: the mixture model (``_dmm``) is good at deciding how many themes there are, but it
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
# How much a sentence embedding counts next to the TF-IDF vector (both unit length) when
# embeddings are given: the step works on the two joined, the embedding scaled by this.
EMBEDDING_WEIGHT = 0.7


def sharpen(
    vectors: sp.csr_matrix,
    labels: np.ndarray,
    n_clusters: int,
    steps: int = SHARPEN_STEPS,
    *,
    embeddings: np.ndarray | None = None,
    embedding_weight: float = EMBEDDING_WEIGHT,
) -> np.ndarray:
    """Labels after ``steps`` spherical k-means steps started from ``labels`` (-1: unplaced).

    ``vectors`` are the texts' L2-normalised TF-IDF rows (``clustering.text._words.tfidf``).
    ``embeddings`` (optional, one unit row per text) are joined to them, scaled by
    ``embedding_weight``: the centroid of a theme is then the mean of both parts, and a text's
    similarity to it the sum of the word part and the meaning part.

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
        centroids = np.asarray(sp.csr_matrix(membership @ vectors).toarray())
        if embeddings is None:
            similarity = np.asarray(vectors @ normalize(centroids).T)
        else:
            meaning = embedding_weight * np.asarray(membership @ embeddings)
            norms = np.sqrt((centroids**2).sum(axis=1) + (meaning**2).sum(axis=1))
            norms[norms == 0] = 1.0
            similarity = (np.asarray(vectors @ centroids.T)
                          + embedding_weight * np.asarray(embeddings @ meaning.T)) / norms
        labels = np.where(has_words, similarity.argmax(axis=1), -1)
    return labels
