"""Split and merge moves: kept only when the mixture model's posterior says so."""

from __future__ import annotations

import numpy as np

from clustering.text._words import (
    build_vocabulary,
    encode,
    inverse_document_frequency,
    presence_matrix,
    tfidf,
    tokenize,
)
from clustering.themes._split_merge import split_and_merge
from tests.clustering.test_themes_corpus import planted


def features(texts: list[str]):
    tokens = [tokenize(t) for t in texts]
    vocabulary = build_vocabulary(tokens, min_df=1)
    ids, text_of = encode(tokens, vocabulary)
    presence = presence_matrix(ids, text_of, len(texts), len(vocabulary))
    return presence, tfidf(presence, inverse_document_frequency(presence))


def run(texts: list[str], labels: np.ndarray) -> np.ndarray:
    presence, vectors = features(texts)
    result, _n = split_and_merge(
        presence, vectors, labels, int(labels.max()) + 1,
        alpha=1.0, beta=0.1, min_size=3, max_clusters=50, seed=0,
    )
    return result


def same_partition(a: np.ndarray, b: list[str]) -> bool:
    pairs = {(int(x), y) for x, y in zip(a, b, strict=True)}
    return len(pairs) == len(set(a.tolist())) == len(set(b))


def test_a_cluster_holding_two_topics_is_split_in_two():
    texts, truth = planted(["bikes", "food"], 30)
    assert same_partition(run(texts, np.zeros(len(texts), dtype=np.int64)), truth)


def test_two_clusters_of_one_topic_are_merged():
    texts, truth = planted(["bikes", "food"], 30)
    halves = np.array([(0 if t == "bikes" else 2) + (i % 4 < 2) for i, t in enumerate(truth)])
    assert same_partition(run(texts, halves), truth)


def test_a_cluster_of_one_topic_is_left_whole():
    texts, _truth = planted(["solar"], 40)
    labels = np.zeros(len(texts), dtype=np.int64)
    assert (run(texts, labels) == 0).all()


def test_texts_without_a_cluster_are_left_without_one():
    texts, _truth = planted(["bikes", "food"], 20)
    labels = np.zeros(len(texts), dtype=np.int64)
    labels[:5] = -1
    assert (run(texts, labels)[:5] == -1).all()
