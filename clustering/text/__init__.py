"""Texts: near-duplicate ideas, sentence vectors, and the one definition of a word.

- :class:`SimilarityIndex` answers "has someone already posted this?" while a participant types
  (TF-IDF cosine over words and two-word phrases, returning :class:`SimilarText`);
  :func:`find_duplicate_groups` groups the near-copies of a whole corpus, and
  :func:`similar_pairs` ranks its most similar pairs (:class:`SimilarPair`) for merging.
- :class:`HybridSimilarityIndex` answers the same question by words *and* meaning (sentence
  vectors), so it also finds paraphrases; items are keyed by the caller's ids and can be
  edited or removed (returning :class:`SimilarItem`).
- :class:`SentenceEncoder` turns texts into unit vectors with all-MiniLM-L6-v2 run in numpy;
  ``find_themes(embeddings=...)`` can use them. ``MINILM_NAME``, ``MINILM_SHA256``,
  :func:`file_sha256` and :func:`is_model_dir` check a downloaded model folder.

Private modules: ``_words`` (tokenising and TF-IDF, shared with ``clustering.themes`` so a word
means the same everywhere), ``_tfidf_rows`` (the TF-IDF rows both similarity indexes score
words with), ``_duplicates``, ``_similar`` and ``_embeddings``. Names are imported on first
use (``clustering/_lazy.py``): the model-folder helpers load numpy and scipy.special, never
scikit-learn or networkx, so CLI commands that need them start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clustering._lazy import attach

if TYPE_CHECKING:
    from clustering.text._duplicates import SimilarityIndex, SimilarText, find_duplicate_groups
    from clustering.text._embeddings import (
        MINILM_NAME,
        MINILM_SHA256,
        SentenceEncoder,
        file_sha256,
        is_model_dir,
    )
    from clustering.text._pairs import SimilarPair, similar_pairs
    from clustering.text._similar import HybridSimilarityIndex, SimilarItem

__all__ = [
    "MINILM_NAME",
    "MINILM_SHA256",
    "HybridSimilarityIndex",
    "SentenceEncoder",
    "SimilarItem",
    "SimilarPair",
    "SimilarText",
    "SimilarityIndex",
    "file_sha256",
    "find_duplicate_groups",
    "is_model_dir",
    "similar_pairs",
]

# Private module -> the public names it defines.
_HOMES = {
    "._duplicates": ("SimilarText", "SimilarityIndex", "find_duplicate_groups"),
    "._embeddings": ("MINILM_NAME", "MINILM_SHA256", "SentenceEncoder", "file_sha256",
                     "is_model_dir"),
    "._pairs": ("SimilarPair", "similar_pairs"),
    "._similar": ("HybridSimilarityIndex", "SimilarItem"),
}

__getattr__, __dir__ = attach(__name__, _HOMES)
