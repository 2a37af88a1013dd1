"""Similar ideas while typing (SimilarityIndex) and duplicate groups in a corpus."""

from __future__ import annotations

import pytest

from clustering import SimilarityIndex, find_duplicate_groups

CORPUS = [
    "Install solar panels on the office roof",
    "Free vegetarian lunch in the canteen on Fridays",
    "Secure bike parking next to the main entrance",
    "Mentoring programme for new engineers",
    "Put solar panels on the roof of the office building",
    "A quiet room for focused work",
]


def test_a_near_copy_is_the_best_match_with_a_high_score():
    index = SimilarityIndex(CORPUS)
    results = index.query("solar panels on our office roof", k=2)
    assert {r.index for r in results} == {0, 4}
    assert results[0].score > 0.5


def test_results_are_best_first_and_at_most_k():
    index = SimilarityIndex(CORPUS)
    results = index.query("office roof solar lunch bike", k=3)
    assert len(results) == 3
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)


def test_scores_are_cosines_between_zero_and_one():
    index = SimilarityIndex(CORPUS)
    assert all(0.0 < r.score <= 1.0 + 1e-9 for r in index.query(CORPUS[1], k=6))
    assert index.query(CORPUS[1], k=1)[0].score == pytest.approx(1.0)


@pytest.mark.parametrize("draft", ["", "   ", "the and of", "zebra xylophone", "🚲"])
def test_a_draft_with_no_known_word_finds_nothing(draft):
    assert SimilarityIndex(CORPUS).query(draft) == []


def test_added_texts_are_found_with_the_next_indices():
    index = SimilarityIndex(CORPUS)
    assert index.add(["Electric car chargers in the car park"]) == [len(CORPUS)]
    assert index.query("car chargers", k=1)[0].index == len(CORPUS)


def test_adding_many_texts_keeps_every_text_findable():
    index = SimilarityIndex(CORPUS)
    extra = [f"idea number {i} about topic{i}" for i in range(2500)]
    index.add(extra)
    assert len(index) == len(CORPUS) + 2500
    assert index.query("topic7", k=1)[0].index == len(CORPUS) + 7
    assert index.query("topic2400", k=1)[0].index == len(CORPUS) + 2400


def test_an_empty_index_answers_with_nothing():
    assert SimilarityIndex([]).query("anything") == []


def test_rebuild_keeps_the_same_answers_for_exact_copies():
    index = SimilarityIndex(CORPUS)
    index.add(["Electric car chargers in the car park"])
    index.rebuild()
    assert index.query("Electric car chargers in the car park", k=1)[0].index == len(CORPUS)


def test_query_rejects_a_non_string_draft():
    with pytest.raises(TypeError):
        SimilarityIndex(CORPUS).query(None)  # type: ignore[arg-type]


def test_duplicate_groups_join_near_copies_and_leave_others_out():
    texts = [
        "more bike parking at the station",
        "a new coffee machine",
        "More bike parking at the station!",
        "vegetarian options in the canteen",
        "more bike parking at the station please",
    ]
    assert find_duplicate_groups(texts, threshold=0.8) == [[0, 2, 4]]


def test_duplicate_groups_follow_chains_of_similar_texts():
    texts = ["alpha beta gamma delta", "alpha beta gamma delta epsilon",
             "beta gamma delta epsilon", "unrelated words entirely"]
    assert find_duplicate_groups(texts, threshold=0.75) == [[0, 1, 2]]


def test_empty_texts_are_never_duplicates_of_each_other():
    assert find_duplicate_groups(["", "", "🙂", "🙂"]) == []


@pytest.mark.parametrize("threshold", [0.0, -0.1, 1.5])
def test_duplicate_groups_reject_a_threshold_outside_zero_to_one(threshold):
    with pytest.raises(ValueError):
        find_duplicate_groups(CORPUS, threshold=threshold)
