"""Sentence embeddings (all-MiniLM-L6-v2 in numpy), and find_themes with embeddings.

The model tests need the model installed where the server looks for it
(``jam.embedding_model.default_model_dir()``; ``make`` fetches it). Without it they fail and say
so; ``JAM_TEST_NO_MODEL=1`` skips them instead. The ``find_themes`` tests use hand-made vectors
and need no model.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from clustering import find_themes
from clustering.text import MINILM_SHA256, SentenceEncoder, is_model_dir
from jam.embedding_model import default_model_dir

# Vectors computed by sentence-transformers itself (SentenceTransformer(...).encode(texts)) for
# a few varied texts: English, Spanish, emoji, an empty text and one over 256 tokens.
REFERENCE = Path(__file__).parent / "data" / "minilm_reference.json"


@pytest.fixture(scope="module")
def model_dir() -> Path:
    folder = default_model_dir()
    if not is_model_dir(folder):
        message = (
            f"no all-MiniLM-L6-v2 model in {folder}: run `make` (or `.venv/bin/jam model "
            "fetch`) to install it; JAM_TEST_NO_MODEL=1 skips these tests"
        )
        if os.environ.get("JAM_TEST_NO_MODEL") == "1":
            pytest.skip(message)
        pytest.fail(message)
    return folder


@pytest.fixture(scope="module")
def encoder(model_dir: Path) -> SentenceEncoder:
    return SentenceEncoder.load(model_dir, expected_sha256=MINILM_SHA256)


@pytest.fixture(scope="module")
def reference() -> dict:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ours(encoder, reference) -> np.ndarray:
    """Our vectors for the reference texts (encoded once: the long one takes a while)."""
    return encoder.encode(reference["texts"])


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


# --- the encoder --------------------------------------------------------------------------


def test_vectors_match_sentence_transformers(ours, reference):
    expected = np.array(reference["vectors"], dtype=np.float64)
    assert ours.shape == expected.shape == (5, 384)
    for text, mine, theirs in zip(reference["texts"], ours, expected, strict=True):
        assert cosine(mine, theirs) > 0.9999, text[:40]
    assert np.abs(ours - expected).max() < 1e-4


def test_rows_are_unit_length_float32(encoder, ours):
    for vectors in (ours, encoder.encode(["one more", "y otra más", "🙂"])):
        assert vectors.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_an_empty_list_gives_no_rows(encoder):
    vectors = encoder.encode([])
    assert vectors.shape == (0, 384)


def test_the_order_and_batching_do_not_change_a_vector(encoder, reference, ours):
    texts = reference["texts"]
    alone = np.vstack([encoder.encode([text]) for text in reversed(texts)])[::-1]
    np.testing.assert_allclose(alone, ours, atol=1e-5)
    in_pairs = encoder.encode(texts[:4], batch_size=2)
    np.testing.assert_allclose(in_pairs, ours[:4], atol=1e-5)


def test_similar_sentences_score_higher_than_unrelated_ones(encoder):
    anchor, paraphrase, unrelated, spanish = encoder.encode([
        "The hospital needs more nurses on night shifts.",
        "Hire additional nursing staff for the overnight ward.",
        "Replace the office printers with faster ones.",
        "El hospital necesita más enfermeras en el turno de noche.",
    ])
    assert anchor @ paraphrase > anchor @ unrelated + 0.3
    assert anchor @ spanish > anchor @ unrelated
    heart, cardiac, parking = encoder.encode([
        "heart disease screening for staff",
        "cardiac health checks for employees",
        "more parking spaces near the entrance",
    ])
    assert heart @ cardiac > max(heart @ parking, cardiac @ parking)


def test_long_texts_are_cut_to_the_models_256_tokens(encoder, reference, ours):
    long_text = reference["texts"][4]
    assert encoder.max_tokens == 256
    assert len(long_text.split()) > 256  # more than 256 tokens, whatever the word pieces
    longer = long_text + " And one more paragraph about something else entirely." * 20
    (vector,) = encoder.encode([longer])
    # Both are cut before the added words, so they have the same vector.
    assert cosine(vector, ours[4]) > 0.99999


def test_loading_a_folder_without_the_model_files_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        SentenceEncoder.load(tmp_path)
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        SentenceEncoder.load(tmp_path)


def test_a_wrong_expected_sha256_is_refused(model_dir):
    with pytest.raises(ValueError, match="sha256"):
        SentenceEncoder.load(model_dir, expected_sha256="0" * 64)


# --- find_themes with embeddings ----------------------------------------------------------

HEALTH = ["clinic", "doctor", "patients", "nurse", "hospital", "medicine", "appointment",
          "pharmacy"]
TRAVEL = ["bus", "train", "commute", "route", "station", "tickets", "parking", "bicycle"]


def two_topics_with_ambiguous_texts() -> tuple[list[str], list[int], list[int]]:
    """20 texts in health words, 20 in travel words, then 8 with one word of each: their words
    do not say where they belong. Returns the texts, each text's topic, the ambiguous ones."""
    rng = np.random.default_rng(1)
    texts: list[str] = []
    topics: list[int] = []
    for topic, vocabulary in enumerate((HEALTH, TRAVEL)):
        for _ in range(20):
            texts.append(" ".join(rng.choice(vocabulary, 4, replace=False)))
            topics.append(topic)
    ambiguous = []
    for i in range(8):
        ambiguous.append(len(texts))
        texts.append(f"{rng.choice(HEALTH)} {rng.choice(TRAVEL)}")
        topics.append(i % 2)
    return texts, topics, ambiguous


def hand_made_embeddings(topics: list[int], dim: int = 16, seed: int = 2) -> np.ndarray:
    """A vector near topic 0's direction or topic 1's, with a little noise (not unit length:
    find_themes normalises them)."""
    rng = np.random.default_rng(seed)
    directions = rng.normal(size=(2, dim))
    return directions[np.array(topics)] + 0.1 * rng.normal(size=(len(topics), dim))


def theme_of_topic(assignments: list[int | None], topics: list[int], topic: int) -> int | None:
    """The theme most of the topic's clear texts (the first 40) are in."""
    themes = [assignments[i] for i in range(40) if topics[i] == topic]
    return max(set(themes), key=themes.count)


@pytest.mark.parametrize("swap", [False, True], ids=["as-written", "swapped"])
def test_embeddings_place_texts_whose_words_are_ambiguous(swap):
    texts, topics, ambiguous = two_topics_with_ambiguous_texts()
    meant = list(topics)
    if swap:  # the same words, the opposite meaning: the themes must follow the embeddings
        for i in ambiguous:
            meant[i] = 1 - meant[i]
    model = find_themes(texts, n_themes=2, seed=0, embeddings=hand_made_embeddings(meant))
    health, travel = (theme_of_topic(model.assignments, topics, t) for t in (0, 1))
    assert health is not None and travel is not None and health != travel
    # The clear texts stay with their words...
    assert all(model.assignments[i] == (health, travel)[topics[i]] for i in range(40))
    # ... and each ambiguous one goes where its embedding says.
    assert [model.assignments[i] for i in ambiguous] == [(health, travel)[meant[i]]
                                                         for i in ambiguous]


def test_words_alone_cannot_place_the_ambiguous_texts():
    # The control for the test above: without embeddings they do not follow their topics.
    texts, topics, ambiguous = two_topics_with_ambiguous_texts()
    model = find_themes(texts, n_themes=2, seed=0)
    health, travel = (theme_of_topic(model.assignments, topics, t) for t in (0, 1))
    placed = [model.assignments[i] == (health, travel)[topics[i]] for i in ambiguous]
    assert not all(placed)


def test_embeddings_of_the_wrong_shape_are_refused():
    texts, topics, _ = two_topics_with_ambiguous_texts()
    vectors = hand_made_embeddings(topics)
    for wrong in (vectors[:-1], vectors[:, :0], vectors[0], vectors[None]):
        with pytest.raises(ValueError, match="embeddings"):
            find_themes(texts, embeddings=wrong)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_embeddings_with_nan_or_infinity_are_refused(bad):
    texts, topics, _ = two_topics_with_ambiguous_texts()
    vectors = hand_made_embeddings(topics)
    vectors[3, 5] = bad
    with pytest.raises(ValueError, match="NaN"):
        find_themes(texts, embeddings=vectors)


def test_the_same_seed_and_embeddings_give_the_same_themes():
    texts, topics, _ = two_topics_with_ambiguous_texts()
    vectors = hand_made_embeddings(topics)
    first = find_themes(texts, seed=7, embeddings=vectors)
    second = find_themes(texts, seed=7, embeddings=vectors.copy())
    assert first.assignments == second.assignments
    assert [(t.id, t.label, t.members) for t in first.themes] == [
        (t.id, t.label, t.members) for t in second.themes
    ]
