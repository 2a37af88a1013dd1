"""Theme keywords and labels by class-based TF-IDF (c-TF-IDF, as in BERTopic).

Why c-TF-IDF: the most frequent words of a theme are often words every theme uses ("use",
"problem", "new"); weighting a term's frequency in the theme by how rare it is across themes
picks the words that tell this theme apart. Bigrams compete with single words, so a label can
read "visual studio" rather than "visual · studio".
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from clustering.text._words import presence_matrix


def class_tfidf(term_counts: sp.csr_matrix, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Groups x terms c-TF-IDF: ``tf(t, g) * log(1 + mean group length / corpus freq(t))``."""
    member = sp.csr_matrix(
        (np.ones(len(groups)), (groups, np.arange(len(groups)))),
        shape=(n_groups, term_counts.shape[0]),
    )
    per_group = np.asarray((member @ term_counts).todense())
    group_lengths = per_group.sum(axis=1, keepdims=True)
    tf = per_group / np.maximum(group_lengths, 1.0)
    corpus_freq = per_group.sum(axis=0)
    mean_length = max(float(group_lengths.mean()), 1.0)
    idf = np.log1p(mean_length / np.maximum(corpus_freq, 1.0))
    return np.asarray(tf * idf[None, :])


def bigram_presence(
    token_ids: np.ndarray, text_of_token: np.ndarray, n_texts: int, n_words: int, min_df: int
) -> tuple[np.ndarray, sp.csr_matrix]:
    """(kept bigram keys ``first * n_words + second``, texts x kept bigrams 0/1).

    Bigrams are adjacent known words of the same text, kept when in at least ``min_df`` texts.
    """
    same_text = text_of_token[1:] == text_of_token[:-1]
    known = (token_ids[1:] >= 0) & (token_ids[:-1] >= 0) & same_text
    keys = token_ids[:-1][known] * n_words + token_ids[1:][known]
    texts = text_of_token[1:][known]
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64), sp.csr_matrix((n_texts, 0))
    distinct, key_index = np.unique(keys, return_inverse=True)
    matrix = presence_matrix(key_index, texts, n_texts, len(distinct))
    df = np.bincount(matrix.indices, minlength=len(distinct))
    kept = np.flatnonzero(df >= min_df)
    return distinct[kept], sp.csr_matrix(matrix[:, kept])


def theme_keywords(
    presence: sp.csr_matrix,
    words: Sequence[str],
    token_ids: np.ndarray,
    text_of_token: np.ndarray,
    groups: np.ndarray,
    n_groups: int,
    *,
    n_keywords: int = 10,
) -> list[list[tuple[str, float]]]:
    """Top ``n_keywords`` (term, weight) per group; weights sum to 1 within a group.

    Terms are the words of ``presence`` (texts x words, 0/1) and the bigrams of adjacent known
    words (from ``token_ids`` / ``text_of_token``, see ``clustering.text._words.encode``).
    ``groups`` holds the group of each text, or -1 for texts that belong to none (they still
    count in the corpus frequencies, so a word common in unthemed texts is not distinctive).
    """
    if n_groups == 0:
        return []
    n_texts, n_words = presence.shape
    min_df = 2 if n_texts >= 20 else 1
    bigram_keys, bigrams = bigram_presence(token_ids, text_of_token, n_texts, n_words, min_df)
    counts = sp.csr_matrix(sp.hstack([presence, bigrams]))
    # Unthemed texts form one extra group, so they weigh in the idf but get no keywords.
    extra = np.where(groups < 0, n_groups, groups)
    scores = class_tfidf(counts, extra, n_groups + 1)[:n_groups]

    def name(j: int) -> str:
        if j < n_words:
            return words[j]
        first, second = divmod(int(bigram_keys[j - n_words]), n_words)
        return f"{words[first]} {words[second]}"

    result: list[list[tuple[str, float]]] = []
    for row in scores:
        top = np.argpartition(-row, min(n_keywords, len(row) - 1))[: n_keywords + 1]
        top = top[np.lexsort((top, -row[top]))][:n_keywords]
        picked = [(name(int(j)), float(row[j])) for j in top if row[j] > 0]
        total = sum(w for _, w in picked) or 1.0
        result.append([(term, weight / total) for term, weight in picked])
    return result


def label_from_keywords(keywords: Sequence[tuple[str, float]], n_terms: int = 3) -> str:
    """A short label: the best few keywords, skipping words already inside a chosen phrase."""
    chosen: list[str] = []
    for term, _ in keywords:
        words = set(term.split())
        if any(words <= set(c.split()) for c in chosen):
            continue  # already said by a chosen phrase
        # A phrase replaces the single words it contains ("visual", "studio" -> "visual studio").
        chosen = [c for c in chosen if not set(c.split()) <= words]
        chosen.append(term)
        if len(chosen) >= n_terms:
            break
    return " · ".join(chosen) if chosen else "(no words)"
