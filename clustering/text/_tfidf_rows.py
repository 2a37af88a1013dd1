"""TF-IDF rows over words and two-word phrases: the words half of every similar-ideas index.

Why one class: ``SimilarityIndex`` (positions, append-only) and ``HybridSimilarityIndex``
(caller ids, edits and removals) must score a draft the same way, so both keep their texts as
rows of this store and differ only in how they name and retire rows (they also share
``check_texts`` and ``top_k`` from here).

Layout, and why: most rows live in a column-major (CSC) sparse matrix, so a query touches only
the columns of its own terms (an inverted index); new rows wait in a small row list until there
are ``PENDING_LIMIT`` of them and then join the matrix in one stack, so an append is amortised
O(its terms) and a query scans at most that many unmerged rows. Term weights (idf) are fixed
when a term is first seen, so appending never rescales earlier rows. Each row's term counts are
kept next to its weights, so that ``reweight`` refreshes the idf weights with sparse-matrix
arithmetic alone: tokenising is the costly part of ``build`` (about 2 s of its 2.5 s at 50,000
texts), and counts make it a once-per-text cost. Rows are never edited in place: an owner that
retires a row masks its score and later calls ``keep_rows`` or ``reweight`` to drop it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from clustering.text._words import bigrams, build_vocabulary, encode, tokenize

# Appended rows wait in a small row-major block until there are this many, then join the matrix.
PENDING_LIMIT = 2000


def text_terms(text: str) -> list[str]:
    """The terms a text is indexed by: its content words, then its adjacent word pairs."""
    words = tokenize(text)
    return words + bigrams(words)


def check_texts(texts: Sequence[str]) -> None:
    """``TypeError`` naming the first element of ``texts`` that is not a str."""
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"texts[{i}] is {type(text).__name__}, not str")


def top_k(scores: np.ndarray, k: int, min_score: float) -> np.ndarray:
    """Positions of the ``k`` highest scores above ``min_score``, best first (ties: lower
    position first), without sorting the whole array."""
    candidates = np.flatnonzero(scores > min_score)
    if len(candidates) > k:
        top = np.argpartition(-scores[candidates], k - 1)[:k]
        candidates = candidates[top]
    return candidates[np.lexsort((candidates, -scores[candidates]))]


class TfidfRows:
    """Rows of L2-normalised sublinear-tf x idf weights, scored by cosine against a draft."""

    def __init__(self) -> None:
        self._vocabulary: dict[str, int] = {}
        self._idf: list[float] = []
        self._counts = sp.csr_matrix((0, 0))  # term counts of the merged rows
        self._matrix = sp.csc_matrix((0, 0))  # their weights
        self._pending_counts: list[dict[int, float]] = []
        self._pending: list[dict[int, float]] = []

    def __len__(self) -> int:
        return int(self._matrix.shape[0]) + len(self._pending)

    def build(self, texts: Sequence[str]) -> None:
        """Replace every row by one per text, with idf weights computed from these texts."""
        term_lists = [text_terms(t) for t in texts]
        n = len(texts)
        self._vocabulary = build_vocabulary(term_lists, min_df=1)
        n_terms = len(self._vocabulary)
        term_ids, text_of_term = encode(term_lists, self._vocabulary)
        pairs, counts = np.unique(text_of_term * max(n_terms, 1) + term_ids, return_counts=True)
        rows, columns = np.divmod(pairs, max(n_terms, 1))
        self._weigh(sp.csr_matrix((counts.astype(np.float64), (rows, columns)),
                                  shape=(n, n_terms)))

    def append(self, texts: Sequence[str]) -> None:
        """Add one row per text after the existing ones (rows ``len(self)`` onwards)."""
        for text in texts:
            counts = self._count(text_terms(text), grow=True)
            self._pending_counts.append(counts)
            self._pending.append(self._row_weights(counts))
        if len(self._pending) >= PENDING_LIMIT:
            self._merge_pending()

    def scores(self, draft: str) -> np.ndarray | None:
        """Cosine of ``draft`` with every row (float64, ``len(self)``), or None when the draft
        has no term any row has ever had (nothing can match its words)."""
        weights = self._row_weights(self._count(text_terms(draft), grow=False))
        if not weights:
            return None
        columns = np.fromiter(weights.keys(), dtype=np.int64)
        values = np.fromiter(weights.values(), dtype=np.float64)
        scores = np.zeros(len(self))
        n_merged, n_columns = self._matrix.shape
        if n_merged and n_columns:
            known = columns < n_columns
            if known.any():
                scores[:n_merged] = self._matrix[:, columns[known]] @ values[known]
        if self._pending:
            pending = _to_csr(self._pending, len(self._vocabulary))
            scores[n_merged:] = pending[:, columns] @ values
        return scores

    def keep_rows(self, rows: np.ndarray) -> None:
        """Keep only ``rows`` (ascending row numbers), renumbered 0, 1, ... in that order."""
        self._merge_pending()
        self._counts = self._counts[rows]
        self._matrix = sp.csc_matrix(sp.csr_matrix(self._matrix)[rows])

    def reweight(self, rows: np.ndarray) -> None:
        """Keep only ``rows`` (as ``keep_rows``) and recompute the idf weights from them, as
        ``build`` of their texts would (terms that no kept row has are forgotten)."""
        self._merge_pending()
        counts = self._counts[rows]
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        used = np.flatnonzero(df)
        if len(used) < counts.shape[1]:
            new_column = np.full(counts.shape[1], -1)
            new_column[used] = np.arange(len(used))
            self._vocabulary = {term: int(new_column[j]) for term, j in self._vocabulary.items()
                                if new_column[j] >= 0}
            counts = counts[:, used]
        self._weigh(counts)

    def matrix(self) -> sp.csr_matrix:
        """Every row as one texts x terms matrix (unmerged rows joined first)."""
        self._merge_pending()
        return sp.csr_matrix(self._matrix)

    def _weigh(self, counts: sp.csr_matrix) -> None:
        """Make ``counts`` (texts x terms, sorted indices) the rows, with idf from them."""
        n, n_terms = counts.shape
        entries = counts.tocoo()
        df = np.bincount(entries.col, minlength=n_terms)
        idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
        self._idf = idf.tolist()
        weights = (1.0 + np.log(entries.data)) * idf[entries.col]
        norms = np.sqrt(np.bincount(entries.row, weights=weights**2, minlength=n))
        weights /= norms[entries.row]
        self._counts = counts
        self._matrix = sp.csc_matrix(
            sp.csr_matrix((weights, (entries.row, entries.col)), shape=(n, n_terms))
        )
        self._pending_counts, self._pending = [], []

    def _count(self, terms: list[str], *, grow: bool) -> dict[int, float]:
        """How often each term occurs, by term index (``grow``: new terms get one)."""
        counts: dict[int, float] = {}
        for term in terms:
            j = self._vocabulary.get(term)
            if j is None:
                if not grow:
                    continue
                # A term first seen now is as rare as it can be at this corpus size.
                j = len(self._vocabulary)
                self._vocabulary[term] = j
                self._idf.append(float(np.log((2.0 + len(self)) / 2.0) + 1.0))
            counts[j] = counts.get(j, 0) + 1
        return counts

    def _row_weights(self, counts: dict[int, float]) -> dict[int, float]:
        """L2-normalised sublinear-tf x idf weights of one text, by term index."""
        weights = {j: (1.0 + np.log(c)) * self._idf[j] for j, c in counts.items()}
        norm = float(np.sqrt(sum(w * w for w in weights.values()))) or 1.0
        return {j: float(w / norm) for j, w in weights.items()}

    def _merge_pending(self) -> None:
        n_terms = len(self._vocabulary)
        if not self._pending and self._matrix.shape[1] == n_terms:
            return
        merged = sp.csr_matrix(self._matrix)
        merged.resize((merged.shape[0], n_terms))
        self._matrix = sp.csc_matrix(sp.vstack([merged, _to_csr(self._pending, n_terms)]))
        self._counts.resize((self._counts.shape[0], n_terms))
        self._counts = sp.csr_matrix(sp.vstack([self._counts,
                                                _to_csr(self._pending_counts, n_terms)]))
        self._pending_counts, self._pending = [], []


def _to_csr(rows: Sequence[dict[int, float]], n_columns: int) -> sp.csr_matrix:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.fromiter((j for r in rows for j in r), dtype=np.int64, count=int(indptr[-1]))
    data = np.fromiter((w for r in rows for w in r.values()), dtype=np.float64,
                       count=int(indptr[-1]))
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), n_columns))
