"""Refitting against a previous model: ids stay with their themes; changes are reported."""

from __future__ import annotations

from collections import Counter

from clustering import ThemeModel, find_themes
from tests.clustering.test_themes_corpus import planted


def id_of_topic(model: ThemeModel, truth: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for theme in model.themes:
        topic, _ = Counter(truth[i] for i in theme.members).most_common(1)[0]
        ids[topic] = theme.id
    return ids


def kinds(model: ThemeModel) -> Counter[str]:
    return Counter(change.kind for change in model.changes)


def test_a_first_fit_reports_no_changes():
    texts, _truth = planted(["bikes", "solar"], 30)
    assert find_themes(texts).changes == []


def test_refitting_the_same_texts_keeps_every_id():
    texts, truth = planted(["bikes", "solar", "food"], 30)
    old = find_themes(texts)
    new = find_themes(texts, previous=old, seed=5)
    assert id_of_topic(new, truth) == id_of_topic(old, truth)
    assert kinds(new) == Counter({"continued": 3})


def test_ids_follow_the_content_even_when_texts_are_reordered():
    texts, truth = planted(["bikes", "solar", "food"], 30)
    old = find_themes(texts)
    order = list(reversed(range(len(texts))))
    new = find_themes([texts[i] for i in order], previous=old)
    assert id_of_topic(new, [truth[i] for i in order]) == id_of_topic(old, truth)


def test_a_new_topic_gets_a_fresh_id_and_is_reported_new():
    texts, truth = planted(["bikes", "solar"], 30)
    old = find_themes(texts)
    more, more_truth = planted(["bikes", "solar", "food"], 30, seed=1)
    new = find_themes(texts + more, previous=old)
    ids = id_of_topic(new, truth + more_truth)
    assert ids["bikes"] == id_of_topic(old, truth)["bikes"]
    assert ids["food"] not in {theme.id for theme in old.themes}
    assert [c.kind for c in new.changes if c.theme_id == ids["food"]] == ["new"]


def test_a_topic_that_is_gone_is_reported_vanished():
    texts, truth = planted(["bikes", "solar", "food"], 30)
    old = find_themes(texts)
    kept = [i for i, topic in enumerate(truth) if topic != "food"]
    new = find_themes([texts[i] for i in kept], previous=old)
    food_id = id_of_topic(old, truth)["food"]
    vanished = [c for c in new.changes if c.kind == "vanished"]
    assert [c.theme_id for c in vanished] == [food_id]


def test_a_theme_that_splits_keeps_its_id_on_one_part_and_reports_the_other_as_split():
    texts, _truth = planted(["bikes", "solar", "food"], 30)
    coarse = find_themes(texts, n_themes=2)
    fine = find_themes(texts, previous=coarse)
    splits = [c for c in fine.changes if c.kind == "split"]
    assert len(splits) == 1
    parent = splits[0].previous_ids[0]
    assert parent in {theme.id for theme in fine.themes}
    assert splits[0].theme_id not in {theme.id for theme in coarse.themes}


def test_themes_that_merge_are_reported_merged_with_both_sources():
    texts, _truth = planted(["bikes", "solar", "food"], 30)
    fine = find_themes(texts)
    coarse = find_themes(texts, n_themes=2, previous=fine)
    merged = [c for c in coarse.changes if c.kind == "merged"]
    assert len(merged) == 1
    assert len(merged[0].previous_ids) == 2
    assert set(merged[0].previous_ids) <= {theme.id for theme in fine.themes}


def test_fresh_ids_are_never_reused_across_refits():
    texts, _truth = planted(["bikes", "solar"], 30)
    first = find_themes(texts)
    more, _ = planted(["food"], 30, seed=2)
    second = find_themes(more, previous=first)
    third = find_themes(texts, previous=second)
    all_ids = [t.id for m in (first, second, third) for t in m.themes]
    new_in_third = {c.theme_id for c in third.changes if c.kind == "new"}
    assert new_in_third.isdisjoint({t.id for t in first.themes} | {t.id for t in second.themes})
    assert third.next_id > max(all_ids)
