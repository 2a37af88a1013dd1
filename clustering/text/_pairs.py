"""The most similar pairs of a corpus: candidates for a moderator to merge."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from clustering.text._duplicates import SimilarityIndex
from clustering.text._similar import combined_scores

BLOCK = 1000


@dataclass(frozen=True)
class SimilarPair:
    """Items ``first`` < ``second`` (indices into the corpus) and how alike they are (0-1)."""

    first: int
    second: int
    score: float


def similar_pairs(
    texts: Sequence[str],
    vectors: Sequence[np.ndarray | None] | None = None,
    *,
    min_score: float = 0.5,
    limit: int = 50,
) -> list[SimilarPair]:
    """The ``limit`` most similar pairs scoring at least ``min_score``, best first.

    The score is the one "similar ideas already posted" shows (``HybridSimilarityIndex``):
    TF-IDF cosine of words and two-word phrases, mixed with the cosine of the sentence vectors
    where both texts have one, so paraphrases sharing few words still pair up. All pairs are
    scored a block of rows at a time (memory stays at one block × n), keeping only the best
    ``limit`` so far: O(n²) work (5,000 texts with vectors: a few seconds on one core).
    """
    if not 0.0 <= min_score <= 1.0:
        raise ValueError(f"min_score must be in [0, 1], got {min_score!r}")
    n = len(texts)
    if vectors is not None and len(vectors) != n:
        raise ValueError("one vector (or None) per text")
    if n < 2 or limit <= 0:
        return []
    words = sp.csr_matrix(SimilarityIndex(texts)._rows.matrix())
    meaning, has_vector = _unit_vectors(vectors, n)
    best: list[tuple[float, int, int]] = []
    for start in range(0, n, BLOCK):
        stop = min(start + BLOCK, n)
        word_scores = (words[start:stop] @ words.T).toarray()
        meaning_scores = meaning[start:stop] @ meaning.T if meaning is not None else None
        both = has_vector[start:stop, None] & has_vector[None, :]
        scores = combined_scores(word_scores, meaning_scores, both)
        # Only pairs (row, col) with row < col count, and only the block's best ``limit``.
        rows_here = np.arange(start, stop)[:, None]
        scores = np.where(np.arange(n)[None, :] > rows_here, scores, -1.0)
        flat = scores.ravel()
        if flat.size > limit:
            top = np.argpartition(-flat, limit - 1)[:limit]
        else:
            top = np.arange(flat.size)
        for index in top[flat[top] >= min_score - 1e-9].tolist():
            r, c = divmod(index, n)
            best.append((float(flat[index]), r + start, c))
        best = sorted(best, key=lambda t: (-t[0], t[1], t[2]))[:limit]
    best.sort(key=lambda t: (-t[0], t[1], t[2]))
    return [SimilarPair(first, second, min(score, 1.0)) for score, first, second in best[:limit]]


def _unit_vectors(
    vectors: Sequence[np.ndarray | None] | None, n: int
) -> tuple[np.ndarray | None, np.ndarray]:
    if vectors is None or all(v is None for v in vectors):
        return None, np.zeros(n, dtype=bool)
    width = next(len(v) for v in vectors if v is not None)
    matrix = np.zeros((n, width), dtype=np.float32)
    has = np.zeros(n, dtype=bool)
    for i, vector in enumerate(vectors):
        if vector is not None:
            norm = float(np.linalg.norm(vector))
            if norm > 0:
                matrix[i] = np.asarray(vector, dtype=np.float32) / norm
                has[i] = True
    return matrix, has
