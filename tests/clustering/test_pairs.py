"""clustering.text.similar_pairs: the most alike pairs of a corpus, for merge suggestions."""

from __future__ import annotations

import numpy as np
import pytest

from clustering.text import SimilarPair, similar_pairs

TEXTS = [
    "A four day week for everyone",
    "Telehealth kiosks in rural towns",
    "A four day working week for everyone",
    "Solar roofs on every office",
]


def test_near_copies_pair_up_best_first() -> None:
    pairs = similar_pairs(TEXTS, min_score=0.3)
    assert [(p.first, p.second) for p in pairs] == [(0, 2)]
    assert 0.3 <= pairs[0].score <= 1.0


def test_vectors_find_paraphrases_that_share_no_word() -> None:
    texts = ["Cycle to work scheme", "Bikes for commuting staff", "Quarterly tax filing"]
    vectors = [np.array([1.0, 0.1, 0.0]), np.array([0.95, 0.2, 0.0]), np.array([0.0, 0.0, 1.0])]
    assert similar_pairs(texts, min_score=0.3) == []
    [pair] = similar_pairs(texts, vectors, min_score=0.3)
    assert (pair.first, pair.second) == (0, 1)


def test_a_text_without_a_vector_is_scored_by_its_words() -> None:
    vectors = [np.array([1.0, 0.0]), np.array([0.0, 1.0]), None, None]
    pairs = similar_pairs(TEXTS, vectors, min_score=0.3)
    assert [(p.first, p.second) for p in pairs] == [(0, 2)]


def test_limit_keeps_the_best_pairs() -> None:
    texts = ["green office plan"] * 5
    pairs = similar_pairs(texts, limit=3)
    assert len(pairs) == 3 and all(p.score == pytest.approx(1.0) for p in pairs)
    assert pairs == sorted(pairs, key=lambda p: (-p.score, p.first, p.second))


def test_fewer_than_two_texts_have_no_pairs() -> None:
    assert similar_pairs(["alone"]) == []


def test_vectors_must_match_the_texts() -> None:
    with pytest.raises(ValueError):
        similar_pairs(TEXTS, [None])


def test_pairs_are_plain_dataclasses() -> None:
    assert SimilarPair(0, 1, 0.5).score == 0.5
