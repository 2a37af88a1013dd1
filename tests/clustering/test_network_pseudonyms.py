"""Pseudonymous mode: same results, stable pseudonyms, nothing that identifies a person."""

from __future__ import annotations

import json
import re
from itertools import combinations

import pytest

from clustering import (
    Comment,
    Idea,
    InteractionGraph,
    Participant,
    Pseudonyms,
    build_interaction_graph,
    find_communities,
    find_connectors,
    pseudonym,
    pseudonymize,
    suggest_team,
)

PEOPLE = [Participant(f"emp-{k:04d}", name=f"Employee Number{k}", org_unit=f"U{k % 3}",
                      country="BR" if k % 2 else "JP") for k in range(8)]


def graph() -> InteractionGraph:
    ids = [p.id for p in PEOPLE]
    ideas = [Idea(f"idea-{k}", p, theme_id="t1" if k < 4 else "t2") for k, p in enumerate(ids)]
    pairs = list(combinations(range(4), 2)) + list(combinations(range(4, 8), 2)) + [(0, 5)]
    comments = [Comment(f"c{k}", f"idea-{u}", ids[v]) for k, (u, v) in enumerate(pairs)]
    return build_interaction_graph(PEOPLE, ideas, comments)


def test_pseudonym_looks_like_participant_and_hex_code() -> None:
    assert re.fullmatch(r"Participant [0-9A-F]{6}", pseudonym("emp-0001", "salt"))


def test_pseudonym_is_stable_for_the_same_salt() -> None:
    assert pseudonym("emp-0001", "salt") == pseudonym("emp-0001", "salt")


def test_pseudonym_changes_with_the_salt() -> None:
    assert pseudonym("emp-0001", "salt") != pseudonym("emp-0001", "other salt")


def test_int_and_string_ids_get_different_pseudonyms() -> None:
    assert pseudonym(7, "salt") != pseudonym("7", "salt")


def test_empty_salt_is_refused() -> None:
    with pytest.raises(ValueError, match="salt"):
        pseudonym("emp-0001", "")


def test_colliding_short_codes_are_lengthened_to_stay_unique() -> None:
    ids = list(range(3000))  # 3000 ids in 65,536 four-digit codes: collisions certain
    names = Pseudonyms(ids, "salt", length=4)
    assert len({names(i) for i in ids}) == 3000


def test_pseudonymized_connectors_reveal_no_name_or_id() -> None:
    g = graph()
    text = json.dumps(pseudonymize(find_connectors(g), "s3cret").to_dict())
    for p in PEOPLE:
        assert p.id not in text and p.name not in text
    assert "Participant " in text


def test_pseudonymized_results_keep_the_same_ranking_and_scores() -> None:
    g = graph()
    report = find_connectors(g)
    hidden = pseudonymize(report, "s3cret")
    assert [c.score for c in hidden.connectors] == [c.score for c in report.connectors]
    assert [c.person.id for c in hidden.connectors] == [
        pseudonym(c.person.id, "s3cret") for c in report.connectors]


def test_one_person_gets_the_same_pseudonym_across_results() -> None:
    g = graph()
    names = Pseudonyms([p.id for p in g.participants], "s3cret")
    team = pseudonymize(suggest_team(g, "t1", size=3), names)
    communities = pseudonymize(find_communities(g), names)
    in_communities = {m.id for c in communities.communities for m in c.members}
    assert {m.person.id for m in team.members} <= in_communities


def test_attributes_can_be_dropped_too() -> None:
    hidden = pseudonymize(find_communities(graph()), "s3cret", keep_attributes=False)
    member = hidden.communities[0].members[0]
    assert (member.org_unit, member.country) == (None, None)


def test_record_ids_can_be_dropped_from_the_evidence() -> None:
    hidden = pseudonymize(find_connectors(graph()), "s3cret", drop_record_ids=True)
    text = json.dumps(hidden.to_dict())
    assert "idea-" not in text and '"c1"' not in text
