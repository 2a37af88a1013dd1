"""How well a theme explains a text, from stored word counts (shared by fitting and ``assign``).

Kept separate from the sampler so a saved model can score new texts with nothing but its own
counts: no refit, no scikit-learn objects, no pickles.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.special import gammaln


def log_smoothed_counts(word_counts: sp.csr_matrix, beta: float) -> sp.csr_matrix:
    """``log(1 + n/beta)`` for the nonzero counts; ``log(n + beta) = log(beta) + this``.

    Keeping only the nonzero part makes scoring cost proportional to a text's own words.
    """
    table = sp.csr_matrix(word_counts, dtype=np.float64, copy=True)
    table.data = np.log1p(table.data / beta)
    return table


def theme_log_scores(
    presence: sp.csr_matrix,
    log_table: sp.csr_matrix,
    theme_totals: np.ndarray,
    theme_sizes: np.ndarray,
    vocabulary_size: int,
    alpha: float,
    beta: float,
) -> np.ndarray:
    """DMM log posterior (up to a per-text constant) of each text (rows) in each theme (columns)."""
    lengths = np.asarray(presence.sum(axis=1)).ravel()
    fit = np.asarray((presence @ log_table.T).todense()) + lengths[:, None] * np.log(beta)
    denominators = theme_totals + vocabulary_size * beta
    norm = gammaln(denominators[None, :] + lengths[:, None]) - gammaln(denominators)[None, :]
    return np.asarray(np.log(theme_sizes + alpha)[None, :] + fit - norm)


class EntryLookup:
    """``matrix[rows[i], columns[i]]`` for many scattered entries, by binary search.

    Built once per model: scipy's fancy indexing does the same but re-scans the matrix on
    every call, which dominated the cost of placing one new idea.
    """

    def __init__(self, matrix: sp.csr_matrix) -> None:
        matrix = sp.csr_matrix(matrix)
        matrix.sort_indices()
        self.n_columns = matrix.shape[1]
        entry_rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int64),
                               np.diff(matrix.indptr))
        self.keys = entry_rows * self.n_columns + matrix.indices
        self.values = np.asarray(matrix.data, dtype=np.float64)

    def __call__(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        wanted = rows.astype(np.int64) * self.n_columns + columns
        if len(self.keys) == 0:
            return np.zeros(len(wanted))
        at = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        return np.where(self.keys[at] == wanted, self.values[at], 0.0)


def word_lift(
    presence: sp.csr_matrix,
    themes: np.ndarray,
    word_counts: EntryLookup,
    theme_totals: np.ndarray,
    corpus_counts: np.ndarray,
    beta: float,
    *,
    members: bool,
) -> np.ndarray:
    """Mean log ratio, over a text's words, of P(word | its theme) to P(word | whole corpus).

    Positive: the theme explains the text better than the corpus does; zero or less: the theme
    adds nothing, so the text is better left without a theme. With ``members`` the text is one
    of the counted texts and its own words are taken out first, so a text cannot vouch for itself.
    Texts with ``themes < 0`` or without words get ``-inf``.
    """
    n_texts, vocabulary_size = presence.shape
    result = np.full(n_texts, -np.inf)
    lengths = np.diff(presence.indptr)
    rows = np.repeat(np.arange(n_texts), lengths)
    valid_rows = (themes[rows] >= 0) if n_texts else np.zeros(0, dtype=bool)
    if not valid_rows.any():
        return result
    rows = rows[valid_rows]
    words = presence.indices[valid_rows]
    own = 1.0 if members else 0.0
    in_theme = word_counts(themes[rows], words) - own
    in_corpus = corpus_counts[words] - own
    theme_total = theme_totals[themes[rows]] - own * lengths[rows]
    corpus_total = corpus_counts.sum() - own * lengths[rows]
    ratio = np.log((in_theme + beta) / (theme_total + vocabulary_size * beta)) - np.log(
        (in_corpus + beta) / (corpus_total + vocabulary_size * beta)
    )
    sums = np.bincount(rows, weights=ratio, minlength=n_texts)
    counts = np.bincount(rows, minlength=n_texts)
    has = counts > 0
    result[has] = sums[has] / counts[has]
    return result
