"""find_themes / ThemeModel: what the app and a notebook can rely on."""

from __future__ import annotations

import json
import math
import pickle
from collections import Counter

import numpy as np
import pytest
import scipy.sparse as sp

from clustering import Theme, ThemeModel, find_themes
from clustering.themes._dmm import DmmSettings, fit_dmm
from tests.clustering.test_themes_corpus import FILLER, TOPICS, planted

THREE = ["bikes", "solar", "food"]


@pytest.fixture(scope="module")
def three_topics() -> tuple[list[str], list[str], ThemeModel]:
    texts, truth = planted(THREE, 40)
    return texts, truth, find_themes(texts)


def majority_topic(theme: Theme, truth: list[str]) -> tuple[str, float]:
    topic, count = Counter(truth[i] for i in theme.members).most_common(1)[0]
    return topic, count / theme.size


# --- finding themes -------------------------------------------------------------------------


def test_finds_as_many_themes_as_planted_topics_when_not_told(three_topics):
    _texts, _truth, model = three_topics
    assert model.n_themes_chosen
    assert len(model.themes) == 3


def test_each_found_theme_is_one_planted_topic(three_topics):
    _texts, truth, model = three_topics
    topics = [majority_topic(theme, truth) for theme in model.themes]
    assert sorted(topic for topic, _ in topics) == sorted(THREE)
    assert all(purity >= 0.95 for _, purity in topics)


def test_uses_the_number_of_themes_it_is_given():
    texts, _truth = planted(["bikes", "solar", "food", "training"], 30)
    model = find_themes(texts, n_themes=2)
    assert not model.n_themes_chosen
    assert len(model.themes) == 2


def test_splits_themes_to_reach_a_number_larger_than_the_topics():
    texts, _truth = planted(["bikes", "solar"], 40)
    assert len(find_themes(texts, n_themes=4).themes) == 4


def test_assignments_agree_with_theme_members(three_topics):
    texts, _truth, model = three_topics
    assert len(model.assignments) == len(texts)
    for theme in model.themes:
        assert theme.size == len(theme.members)
        assert all(model.assignments[i] == theme.id for i in theme.members)
    themed = sum(theme.size for theme in model.themes)
    assert themed == sum(a is not None for a in model.assignments)


def test_theme_ids_are_distinct_and_looked_up_by_id(three_topics):
    _texts, _truth, model = three_topics
    ids = [theme.id for theme in model.themes]
    assert len(set(ids)) == len(ids)
    assert model.theme(ids[-1]) is model.themes[-1]
    with pytest.raises(KeyError):
        model.theme(max(ids) + 100)


def test_labels_name_the_topic_not_the_words_every_idea_uses(three_topics):
    _texts, truth, model = three_topics
    for theme in model.themes:
        topic, _ = majority_topic(theme, truth)
        label_words = set(theme.label.replace("·", " ").split())
        assert label_words & set(TOPICS[topic])
        assert not label_words & set(FILLER)


def test_keywords_are_weighted_best_first_and_weights_sum_to_one(three_topics):
    _texts, _truth, model = three_topics
    for theme in model.themes:
        weights = [w for _, w in theme.keywords]
        assert 3 <= len(theme.keywords) <= 10
        assert weights == sorted(weights, reverse=True)
        assert math.isclose(sum(weights), 1.0)


def test_representative_texts_are_members_of_their_theme(three_topics):
    _texts, _truth, model = three_topics
    for theme in model.themes:
        assert 1 <= len(theme.representative) <= 5
        assert set(theme.representative) <= set(theme.members)


def test_every_text_has_finite_map_coordinates(three_topics):
    texts, _truth, model = three_topics
    assert len(model.coords) == len(texts)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in model.coords)


def test_texts_are_drawn_nearer_their_own_theme_than_other_themes(three_topics):
    _texts, _truth, model = three_topics
    for theme in model.themes:
        for i in theme.members:
            x, y = model.coords[i]
            distances = {
                other.id: math.dist((x, y), other.position) for other in model.themes
            }
            assert min(distances, key=distances.__getitem__) == theme.id


def test_same_texts_and_seed_give_the_same_model():
    texts, _truth = planted(THREE, 30, seed=3)
    assert find_themes(texts, seed=7).to_dict() == find_themes(texts, seed=7).to_dict()


def test_texts_in_another_language_form_themes():
    rng = np.random.default_rng(0)
    bikes = ["carriles", "bici", "bicicletas", "aparcamiento", "seguros", "protegidos"]
    buses = ["transporte", "público", "autobuses", "nocturno", "gratuito", "metro"]
    filler = ["más", "para", "la", "ciudad", "propuesta", "mejorar", "vecinos"]
    texts = [
        " ".join([*rng.choice(bikes if i % 2 else buses, 3, replace=False),
                  *rng.choice(filler, 3, replace=False)])
        for i in range(40)
    ]
    model = find_themes(texts)
    assert len(model.themes) == 2
    for theme in model.themes:
        topic = bikes if theme.members[0] % 2 else buses
        assert all((i % 2 == 1) == (topic is bikes) for i in theme.members)
        assert set(theme.label.replace("·", " ").split()) & set(topic)


# --- edge cases -----------------------------------------------------------------------------


def test_no_texts_give_an_empty_model():
    model = find_themes([])
    assert model.themes == [] and model.assignments == [] and model.coords == []


@pytest.mark.parametrize("texts", [["one idea about bikes"], ["bikes lanes", "solar panels"]])
def test_one_or_two_texts_give_a_result_for_each_text(texts):
    model = find_themes(texts)
    assert len(model.assignments) == len(texts)
    assert len(model.coords) == len(texts)


def test_identical_texts_form_one_theme():
    model = find_themes(["more bike lanes please"] * 6)
    assert len(model.themes) == 1
    assert model.assignments == [model.themes[0].id] * 6


def test_texts_without_words_get_no_theme():
    texts, _truth = planted(THREE, 20)
    model = find_themes([*texts, "", "   ", "🚲 🌞 🥗", "!!!"])
    assert model.assignments[-4:] == [None] * 4
    assert len(model.coords) == len(texts) + 4


def test_a_very_long_text_does_not_dominate_or_crash():
    texts, _truth = planted(THREE, 20)
    long_text = " ".join(["solar panels energy battery"] * 20_000) + " " + "x" * 100_000
    model = find_themes([*texts, long_text])
    assert len(model.themes) == 3
    assert all(len(word) <= 30 for theme in model.themes for word, _ in theme.keywords)


def test_unicode_and_emoji_are_handled():
    texts = ["Café für alle 😀 Ünïcödé", "café für alle büro ☕", "日本語 テキスト", "ñandú 🎉"] * 3
    model = find_themes(texts)
    assert len(model.assignments) == len(texts)


def test_rejects_a_single_string():
    with pytest.raises(TypeError):
        find_themes("not a list of texts")


def test_rejects_non_text_items():
    with pytest.raises(TypeError):
        find_themes(["fine", 42])  # type: ignore[list-item]


def test_the_sampler_draws_the_same_labels_on_any_number_of_threads():
    """Threads only split the rows that are scored; the random draws come before the split."""
    presence = sp.random(600, 200, density=0.04, format="csr", random_state=1)
    presence.data[:] = 1.0
    fits = [fit_dmm(presence, 60, settings=DmmSettings(), seed=5, let_clusters_die=True,
                    threads=threads) for threads in (1, 2, 3)]
    assert len(set(fits[0].tolist())) > 1
    assert fits[0].tolist() == fits[1].tolist() == fits[2].tolist()


def test_one_thread_and_two_give_the_same_model():
    texts, _truth = planted(THREE, 30, seed=3)
    assert (find_themes(texts, seed=7, threads=1).to_dict()
            == find_themes(texts, seed=7, threads=2).to_dict())


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_rejects_a_number_of_threads_that_is_not_a_positive_integer(bad):
    with pytest.raises(ValueError, match="threads"):
        find_themes(["a b", "c d"], threads=bad)


@pytest.mark.parametrize("bad", [0, -3, 2.5, True])
def test_rejects_a_number_of_themes_that_is_not_a_positive_integer(bad):
    with pytest.raises(ValueError):
        find_themes(["a b", "c d"], n_themes=bad)


# --- assign ---------------------------------------------------------------------------------


def test_assign_places_new_ideas_in_the_theme_of_their_topic(three_topics):
    _texts, truth, model = three_topics
    theme_of_topic = {majority_topic(t, truth)[0]: t.id for t in model.themes}
    placed = model.assign(["helmet bicycle commute", "roof solar battery", "salad lunch menu"])
    assert placed == [theme_of_topic["bikes"], theme_of_topic["solar"], theme_of_topic["food"]]


def test_assign_gives_no_theme_to_texts_without_known_words(three_topics):
    _texts, _truth, model = three_topics
    assert model.assign(["", "zebra xylophone quantum", "🚲"]) == [None, None, None]


def test_assign_does_not_change_the_model(three_topics):
    _texts, _truth, model = three_topics
    before = model.to_dict()
    model.assign(["helmet bicycle commute"] * 10)
    assert model.to_dict() == before


def test_assign_of_nothing_is_nothing(three_topics):
    assert three_topics[2].assign([]) == []


# --- serialisation --------------------------------------------------------------------------


def test_to_dict_survives_json_and_rebuilds_an_equal_model(three_topics):
    _texts, _truth, model = three_topics
    restored = ThemeModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert restored == model


def test_a_restored_model_assigns_like_the_original(three_topics):
    _texts, _truth, model = three_topics
    restored = ThemeModel.from_dict(json.loads(json.dumps(model.to_dict())))
    probe = ["helmet bicycle commute", "roof solar battery", "nothing known here"]
    assert restored.assign(probe) == model.assign(probe)


def test_a_pickled_model_assigns_like_the_original(three_topics):
    _texts, _truth, model = three_topics
    model.assign(["builds the cached scorer first"])
    restored = pickle.loads(pickle.dumps(model))
    assert restored == model
    assert restored.assign(["salad lunch menu"]) == model.assign(["salad lunch menu"])


def test_from_dict_rejects_an_unknown_format_version(three_topics):
    data = three_topics[2].to_dict()
    data["format_version"] = 999
    with pytest.raises(ValueError):
        ThemeModel.from_dict(data)
