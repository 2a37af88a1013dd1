"""Tokenising and vectorising short texts: the one place that decides what a "word" is.

Themes, labels and the similar-ideas index all share this, so a word means the same thing
everywhere (a theme keyword can always be found again in the texts it came from).
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# Spanish is the second language of the project's real data (decide-madrid); the list is the
# common function words only, so content words such as "ciudad" or "parque" survive.
_SPANISH = (
    "a al algo algunas algunos ante antes como con contra cual cuales cuando de del desde "
    "donde durante e el ella ellas ellos en entre era eran es esa esas ese eso esos esta "
    "estaba estado estan estar este esto estos fue fueron fui ha habia han hasta hay la las "
    "le les lo los mas me mi mis mucho muy nada ni no nos nosotros o os otra otras otro otros "
    "para pero poco por porque que quien se sea ser si sin sobre sois solo somos son soy su "
    "sus tambien te tiene tienen todo todos tu tus un una uno unos usted ustedes y ya yo más "
    "también qué cómo está están él sí"
)
SPANISH_STOP_WORDS = frozenset(_SPANISH.split())

STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS) | SPANISH_STOP_WORDS

# A word is a run of letters/digits (any script), optionally joined by ' - . + #, so "c++",
# "asp.net", "e-mail" and "don't" stay whole. Emoji and punctuation are not words.
_TOKEN = re.compile(r"[^\W_](?:[\w+#]|['\-.](?=[^\W_]))*[+#]*", re.UNICODE)

# Very long texts are cut: a 50-page paste should not weigh more than a paragraph in a theme.
MAX_TOKENS_PER_TEXT = 500
# Longer "words" are pasted hashes, URLs or keyboard mashing, never a theme's keyword.
MAX_WORD_LENGTH = 30


@functools.lru_cache(maxsize=1 << 18)
def _content_word(raw: str) -> str:
    """``raw`` as a content word, or "" when it is not one.

    Cached: a jam repeats the same few thousand words, and this check was a third of a
    46,000-idea fit's tokenising time when done for every occurrence.
    """
    word = raw.strip(".-'")
    if 2 <= len(word) <= MAX_WORD_LENGTH and word not in STOP_WORDS and not word.isdigit():
        return word
    return ""


def tokenize(text: str) -> list[str]:
    """Lower-cased content words of ``text``: no stop words, no single letters, no pure numbers."""
    if not text:
        return []
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    words = [word for word in map(_content_word, _TOKEN.findall(text.lower())) if word]
    return words[:MAX_TOKENS_PER_TEXT]


def bigrams(words: Sequence[str]) -> list[str]:
    """Adjacent word pairs, for labels and phrase matching ("visual studio", "unit test")."""
    return [f"{a} {b}" for a, b in itertools.pairwise(words)]


def build_vocabulary(token_lists: Iterable[Sequence[str]], min_df: int) -> dict[str, int]:
    """Terms in at least ``min_df`` texts, sorted (indices do not depend on input order)."""
    df: dict[str, int] = {}
    for tokens in token_lists:
        for term in set(tokens):
            df[term] = df.get(term, 0) + 1
    kept = sorted(term for term, count in df.items() if count >= min_df)
    return {term: i for i, term in enumerate(kept)}


def count_matrix(
    token_lists: Sequence[Sequence[str]], vocabulary: dict[str, int], *, binary: bool
) -> sp.csr_matrix:
    """Texts x terms counts (or presence when ``binary``); out-of-vocabulary terms are ignored."""
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for tokens in token_lists:
        row: dict[int, float] = {}
        for term in tokens:
            j = vocabulary.get(term)
            if j is not None:
                row[j] = 1.0 if binary else row.get(j, 0.0) + 1.0
        indices.extend(row.keys())
        data.extend(row.values())
        indptr.append(len(indices))
    matrix = sp.csr_matrix(
        (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
        shape=(len(token_lists), len(vocabulary)),
    )
    matrix.sort_indices()
    return matrix


def inverse_document_frequency(counts: sp.csr_matrix) -> np.ndarray:
    """Smoothed idf, as scikit-learn computes it: ``log((1 + n) / (1 + df)) + 1``."""
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return np.log((1.0 + n) / (1.0 + df)) + 1.0


def tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear tf x idf, rows L2-normalised (empty rows stay zero)."""
    weighted = counts.copy().astype(np.float64)
    weighted.data = 1.0 + np.log(weighted.data)
    weighted = sp.csr_matrix(weighted.multiply(idf[None, :]))
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ weighted)



def encode(
    token_lists: Sequence[Sequence[str]], vocabulary: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """(term index of every token, -1 when out of vocabulary; text index of every token).

    Tokens stay in text order, so adjacent pairs give the bigrams without building strings.
    """
    get = vocabulary.get
    ids = np.fromiter(
        (get(term, -1) for tokens in token_lists for term in tokens), dtype=np.int64
    )
    lengths = np.fromiter((len(tokens) for tokens in token_lists), dtype=np.int64,
                          count=len(token_lists))
    return ids, np.repeat(np.arange(len(token_lists), dtype=np.int64), lengths)


def presence_matrix(keys: np.ndarray, texts: np.ndarray, n_texts: int, n_keys: int, *,
                    binary: bool = True) -> sp.csr_matrix:
    """Texts x keys matrix from (text, key) pairs: 0/1, or how often each pair occurs."""
    pairs, times = np.unique(texts * n_keys + keys, return_counts=True)
    data = np.ones(len(pairs)) if binary else times.astype(np.float64)
    matrix = sp.csr_matrix((data, (pairs // n_keys, pairs % n_keys)), shape=(n_texts, n_keys))
    matrix.sort_indices()
    return matrix
