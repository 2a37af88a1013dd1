"""HybridSimilarityIndex: similar ideas by words and by meaning, keyed by the caller's ids.

The vectors here are small hand-made unit vectors (no model needed): one direction per topic.
"""

from __future__ import annotations

import numpy as np
import pytest

from clustering import HybridSimilarityIndex, SimilarItem, SimilarityIndex
from clustering.text import HybridSimilarityIndex as FromText

DIM = 4
SOLAR, LUNCH, BIKES, QUIET = np.eye(DIM, dtype=np.float32)


def unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def corpus_index() -> HybridSimilarityIndex:
    index = HybridSimilarityIndex()
    index.upsert(
        [101, 202, 303, 404],
        ["Install solar panels on the office roof",
         "Cheaper lunches in the canteen",
         "Secure bike parking next to the entrance",
         "A quiet room for focused work"],
        np.stack([SOLAR, LUNCH, BIKES, QUIET]),
    )
    return index


def test_the_class_is_exported_from_clustering_text_and_clustering():
    assert FromText is HybridSimilarityIndex


def test_a_paraphrase_with_no_shared_word_is_found_by_meaning():
    results = corpus_index().query("reduce cafeteria food prices", unit(LUNCH + 0.1 * QUIET))
    assert results[0].id == 202
    assert results[0].words_score == 0.0
    assert results[0].meaning_score == pytest.approx(float(unit(LUNCH + 0.1 * QUIET)[1]))


def test_a_near_copy_is_found_by_words_with_a_high_score():
    results = corpus_index().query("solar panels on our office roof", SOLAR, k=1)
    assert results[0].id == 101
    assert results[0].words_score > 0.5


def test_an_edited_item_matches_its_new_text_not_its_old_one():
    index = corpus_index()
    index.upsert([101], ["Electric car chargers in the car park"], [None])
    assert [r.id for r in index.query("electric car chargers")] == [101]
    assert index.query("solar panels office roof") == []


def test_an_edited_item_matches_its_new_vector_not_its_old_one():
    index = corpus_index()
    index.upsert([101], ["Install solar panels on the office roof"], QUIET[None, :])
    assert 101 not in [r.id for r in index.query("renewable energy", SOLAR)]
    assert [r.id for r in index.query("somewhere calm", QUIET, k=2)] == [404, 101]


def test_a_removed_item_is_never_returned():
    index = corpus_index()
    assert index.remove([202]) == 1
    assert 202 not in index
    for text, vector in [("Cheaper lunches in the canteen", LUNCH),
                         ("Cheaper lunches in the canteen", None),
                         ("cafeteria", LUNCH)]:
        assert 202 not in [r.id for r in index.query(text, vector, k=10, min_score=-1.0)]


def test_removing_an_unknown_id_is_ignored():
    index = corpus_index()
    assert index.remove([999, 101, 101]) == 1
    assert len(index) == 3


def test_ids_round_trip_as_the_ints_given():
    index = HybridSimilarityIndex()
    ids = [-7, 0, 2**62, np.int64(12)]
    index.upsert(ids, ["alpha words", "beta words", "gamma words", "delta words"])
    assert index.ids() == [-7, 0, 2**62, 12]
    found = index.query("gamma", k=1)[0].id
    assert found == 2**62 and type(found) is int
    assert [type(i) for i in index.ids()] == [int] * 4


def test_upserting_an_existing_id_replaces_it_and_moves_it_last():
    index = corpus_index()
    index.upsert([202], ["Cheaper lunches in the canteen on Fridays"], LUNCH[None, :])
    assert len(index) == 4
    assert index.ids() == [101, 303, 404, 202]


def test_items_without_vectors_are_matched_by_words():
    index = HybridSimilarityIndex()
    index.upsert([1, 2], ["solar panels on the roof", "bike parking at the station"],
                 [SOLAR, None])
    results = index.query("bike parking", BIKES, k=2)
    assert results[0].id == 2
    assert results[0].meaning_score is None
    assert results[0].score == pytest.approx(results[0].words_score)


def test_an_index_of_words_only_items_works_without_any_vector():
    index = HybridSimilarityIndex()
    index.upsert([1, 2], ["solar panels on the roof", "bike parking at the station"])
    assert index.dim is None
    assert [r.id for r in index.query("bike parking", BIKES)] == [2]


def test_a_query_without_a_vector_matches_by_words_only():
    results = corpus_index().query("cheaper lunches")
    assert [r.id for r in results] == [202]
    assert results[0].meaning_score is None
    assert results[0].score == results[0].words_score


def test_the_words_score_is_the_tfidf_cosine_of_similarity_index():
    texts = ["Install solar panels on the office roof", "Solar lamps for the roof garden",
             "Cheaper lunches in the canteen"]
    hybrid = HybridSimilarityIndex()
    hybrid.upsert([10, 11, 12], texts)
    plain = SimilarityIndex(texts)
    assert ([(r.id - 10, r.words_score) for r in hybrid.query("solar roof", k=3)]
            == [(r.index, r.score) for r in plain.query("solar roof", k=3)])


def test_results_are_best_first_and_at_most_k():
    query = unit(SOLAR + LUNCH + BIKES)
    results = corpus_index().query("office lunches bike", query, k=2)
    assert len(results) == 2
    assert results[0].score >= results[1].score


def test_k_zero_finds_nothing():
    assert corpus_index().query("cheaper lunches", LUNCH, k=0) == []


def test_k_larger_than_the_index_returns_every_match_once():
    results = corpus_index().query("office lunches bike quiet", k=50, min_score=-1.0)
    assert sorted(r.id for r in results) == [101, 202, 303, 404]


def test_min_score_drops_weaker_matches():
    index = corpus_index()
    strong = index.query("cheaper lunches in the canteen", LUNCH, k=4)[0].score
    assert index.query("cheaper lunches in the canteen", LUNCH, k=4, min_score=strong) == []


def test_an_empty_index_finds_nothing():
    assert HybridSimilarityIndex().query("anything", SOLAR) == []
    assert HybridSimilarityIndex(dim=DIM).query("anything", SOLAR) == []


def test_an_index_emptied_by_removals_finds_nothing_and_accepts_new_items():
    index = corpus_index()
    index.remove([101, 202, 303, 404])
    assert index.query("solar panels", SOLAR) == []
    index.upsert([5], ["solar panels"], SOLAR[None, :])
    assert [r.id for r in index.query("solar panels", SOLAR)] == [5]


def test_a_query_with_no_known_word_and_no_vector_finds_nothing():
    assert corpus_index().query("zebra xylophone") == []


def test_a_vector_that_is_not_unit_length_is_rescaled():
    index = HybridSimilarityIndex()
    index.upsert([1], ["roof"], (3.0 * SOLAR)[None, :])
    result = index.query("unrelated", 2.0 * SOLAR)[0]
    assert result.meaning_score == pytest.approx(1.0)


def test_many_removals_and_edits_keep_every_live_item_findable():
    index = HybridSimilarityIndex(dim=DIM)
    n = 1500
    index.upsert(list(range(n)), [f"idea about topic{i}" for i in range(n)])
    index.remove(range(0, n, 2))  # enough retired rows to compact
    index.upsert([1, 3], ["something else entirely", "another thing"], [SOLAR, LUNCH])
    assert len(index) == n // 2
    assert index.query("topic1", k=1) == []
    assert index.query("topic1499", k=1)[0].id == 1499
    assert index.query("topic600", k=1) == []
    assert index.query("thing", LUNCH, k=1)[0].id == 3


def test_rebuild_keeps_ids_and_answers():
    index = corpus_index()
    before = index.query("solar panels office roof", SOLAR, k=2)
    index.rebuild()
    after = index.query("solar panels office roof", SOLAR, k=2)
    assert [r.id for r in after] == [r.id for r in before]


@pytest.mark.parametrize(
    ("ids", "texts", "vectors", "message"),
    [
        ([1, 2], ["only one text"], None, "2 ids but 1 texts"),
        ([1, 2], ["a", "b"], np.stack([SOLAR]), "array of 2 rows"),
        ([1, 2], ["a", "b"], [SOLAR], "2 texts but 1 vectors"),
        ([1], ["a"], np.ones((1, DIM + 1), dtype=np.float32), "of 4 values"),
        ([1, 2], ["a", "b"], [SOLAR, np.ones(3, dtype=np.float32)], "of 4 values"),
        ([1], ["a"], np.array([[np.nan, 0, 0, 1]], dtype=np.float32), "NaN or infinite"),
        ([1], ["a"], np.array([[np.inf, 0, 0, 0]], dtype=np.float32), "NaN or infinite"),
        ([1], ["a"], np.zeros((1, DIM), dtype=np.float32), "all zeros"),
        ([1, 1], ["a", "b"], None, "id 1 appears more than once"),
    ],
    ids=["texts", "array rows", "vector count", "array dims", "row dims", "nan", "inf",
         "zero", "repeated id"],
)
def test_bad_upsert_input_is_a_value_error_and_changes_nothing(ids, texts, vectors, message):
    index = corpus_index()
    with pytest.raises(ValueError, match=message):
        index.upsert(ids, texts, vectors)
    assert index.ids() == [101, 202, 303, 404]


@pytest.mark.parametrize(
    ("vector", "message"),
    [
        (np.ones(DIM + 1, dtype=np.float32), "1-D of 4 values"),
        (np.ones((1, DIM), dtype=np.float32), "1-D of 4 values"),
        (np.array([0, np.nan, 0, 0], dtype=np.float32), "NaN or infinite"),
        (np.zeros(DIM, dtype=np.float32), "all zeros"),
    ],
    ids=["dims", "2-D", "nan", "zero"],
)
def test_a_bad_query_vector_is_a_value_error(vector, message):
    with pytest.raises(ValueError, match=message):
        corpus_index().query("solar", vector)


def test_dim_given_up_front_is_enforced_before_any_vector():
    with pytest.raises(ValueError, match="of 4 values"):
        HybridSimilarityIndex(dim=DIM).upsert([1], ["a"], np.ones((1, 3), dtype=np.float32))


@pytest.mark.parametrize("dim", [0, -1, 2.5])
def test_a_bad_dim_is_a_value_error(dim):
    with pytest.raises(ValueError, match="dim must be a positive int"):
        HybridSimilarityIndex(dim=dim)  # type: ignore[arg-type]


def test_non_int_ids_and_non_str_texts_are_type_errors():
    index = HybridSimilarityIndex()
    with pytest.raises(TypeError, match=r"ids\[0\] is str"):
        index.upsert(["1"], ["a"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"texts\[0\] is NoneType"):
        index.upsert([1], [None])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="text is int"):
        index.query(5)  # type: ignore[arg-type]


def test_results_are_plain_dataclasses():
    result = corpus_index().query("cheaper lunches", LUNCH)[0]
    assert isinstance(result, SimilarItem)
    assert isinstance(result.score, float) and isinstance(result.words_score, float)


def test_after_random_edits_and_removals_answers_match_the_live_items():
    """Whatever the sequence of changes (compactions and rebuilds included), an item's own
    word finds exactly that item and a vector query ranks the live items by cosine."""
    rng = np.random.default_rng(7)
    index = HybridSimilarityIndex(dim=8)
    live: dict[int, tuple[str, np.ndarray | None]] = {}
    for step in range(60):
        ids = rng.choice(400, size=int(rng.integers(1, 40)), replace=False).tolist()
        if step % 3 == 2:
            index.remove(ids)
            for i in ids:
                live.pop(i, None)
            continue
        texts = [f"word{i}x{step} shared" for i in ids]
        vectors = [None if rng.random() < 0.3 else unit(rng.normal(size=8)) for _ in ids]
        index.upsert(ids, texts, vectors)
        live.update(zip(ids, zip(texts, vectors, strict=True), strict=True))
    assert sorted(index.ids()) == sorted(live)
    for item_id, (text, _) in list(live.items())[:50]:
        assert [r.id for r in index.query(text.split()[0], k=3)] == [item_id]
    query = unit(rng.normal(size=8))
    with_vectors = {i: float(v @ query) for i, (_, v) in live.items() if v is not None}
    expected = sorted(with_vectors, key=lambda i: -with_vectors[i])[:10]
    results = index.query("", query, k=10, min_score=-1.0)
    assert [r.id for r in results] == expected
    assert [r.meaning_score for r in results] == pytest.approx([with_vectors[i] for i in expected],
                                                               abs=1e-5)


def test_the_fast_first_pass_finds_what_an_exact_scan_finds(monkeypatch):
    """At scale a first pass over projected vectors picks candidates, rescored exactly; with
    the thresholds shrunk it runs on 2,000 items, through edits and removals."""
    import clustering.text._similar as similar

    monkeypatch.setattr(similar, "_COARSE_MIN_ROWS", 500)
    monkeypatch.setattr(similar, "_COARSE_DIMS", 12)
    monkeypatch.setattr(similar, "_COARSE_CANDIDATES", 40)
    rng = np.random.default_rng(3)
    topics = rng.normal(size=(12, 32))

    def vectors(m: int) -> np.ndarray:
        raw = rng.normal(size=(m, 12)) @ topics + 0.1 * rng.normal(size=(m, 32))
        return (raw / np.linalg.norm(raw, axis=1, keepdims=True)).astype(np.float32)

    fast, exact = HybridSimilarityIndex(), HybridSimilarityIndex(exact=True)
    texts = [f"idea {i} about topic{i % 50}" for i in range(2000)]
    first = vectors(2000)
    for index in (fast, exact):
        index.upsert(range(2000), texts, first)
    assert fast._vectors is not None and fast._vectors.has_first_pass
    edits = vectors(100)
    for index in (fast, exact):
        index.upsert(range(0, 1000, 10), texts[:100], edits)
        index.remove(range(1, 1000, 10))
    for q, vector in enumerate(vectors(30)):
        text = f"topic{q}"
        assert fast.query(text, vector, k=5) == exact.query(text, vector, k=5)


def test_after_rebuild_words_scores_are_those_of_a_fresh_index_of_the_items_present():
    texts = {1: "solar panels on the office roof", 2: "solar lamps in the garden",
             3: "cheaper lunches in the canteen", 4: "bike parking by the canteen door"}
    index = HybridSimilarityIndex()
    index.upsert(list(texts), list(texts.values()))
    index.upsert([5, 2], ["night buses after late events", "solar roof for the bike shed"])
    index.remove([3])
    index.rebuild()
    present = {1: texts[1], 4: texts[4], 5: "night buses after late events",
               2: "solar roof for the bike shed"}
    fresh = SimilarityIndex(list(present.values()))
    ids = list(present)
    for draft in ["solar roof", "canteen lunches", "bike", "late night buses"]:
        ours, theirs = index.query(draft, k=4), fresh.query(draft, k=4)
        assert [r.id for r in ours] == [ids[r.index] for r in theirs]
        assert [r.words_score for r in ours] == pytest.approx([r.score for r in theirs])


def test_the_callers_vectors_are_neither_changed_nor_shared():
    vectors = np.stack([2.0 * SOLAR, LUNCH])
    index = HybridSimilarityIndex()
    index.upsert([1, 2], ["roof", "lunch"], vectors)
    vectors[1] = SOLAR
    assert vectors[0, 0] == 2.0
    assert index.query("", LUNCH, k=1)[0].id == 2
