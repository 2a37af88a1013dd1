"""Connectors: bridge people come first, each with evidence an analyst can check."""

from __future__ import annotations

import json
from itertools import combinations

import numpy as np
import pytest

from clustering import (
    Comment,
    ConnectorWeights,
    Idea,
    InteractionGraph,
    InteractionWeights,
    Participant,
    build_interaction_graph,
    find_communities,
    find_connectors,
    score_connectors,
)
from clustering.network._planted import planted_jam

NO_CO_COMMENTS = InteractionWeights(co_comment=0)


def graph_from_edges(edges: list[tuple[str, str]], people: list[Participant] | None = None,
                     themes: dict[str, str] | None = None) -> InteractionGraph:
    """Each (u, v): v comments on u's idea ("idea-u"); idea themes optional."""
    names = sorted({p for e in edges for p in e})
    people = people or [Participant(n, name=n.upper()) for n in names]
    themes = themes or {}
    ideas = [Idea(f"idea-{n}", n, theme_id=themes.get(n)) for n in names]
    comments = [Comment(f"c{k}", f"idea-{u}", v) for k, (u, v) in enumerate(edges)]
    return build_interaction_graph(people, ideas, comments, weights=NO_CO_COMMENTS)


def two_cliques_and_a_bridge() -> InteractionGraph:
    a = [f"a{k}" for k in range(5)]
    b = [f"b{k}" for k in range(5)]
    edges = list(combinations(a, 2)) + list(combinations(b, 2))
    edges += [("a0", "x"), ("a1", "x"), ("b0", "x"), ("b1", "x")]
    return graph_from_edges(edges)


@pytest.fixture(scope="module")
def planted() -> tuple:
    jam = planted_jam(people=1000, communities=8, bridges=10, noise=0.1, seed=7)
    graph = build_interaction_graph(jam.participants, jam.ideas, jam.comments, jam.votes)
    return jam, graph


def test_planted_bridges_lead_the_ranking(planted: tuple) -> None:
    jam, graph = planted
    top = find_connectors(graph, top=10)
    found = {c.person.id for c in top.connectors} & jam.bridges
    assert len(found) >= 8


def test_the_person_between_two_cliques_is_the_top_connector() -> None:
    report = find_connectors(two_cliques_and_a_bridge())
    assert report.connectors[0].person.id == "x"


def test_the_centre_of_a_star_is_the_top_connector() -> None:
    graph = graph_from_edges([("hub", f"leaf{k}") for k in range(6)])
    assert find_connectors(graph).connectors[0].person.id == "hub"


def test_evidence_names_the_bridged_communities_with_own_marked() -> None:
    x = find_connectors(two_cliques_and_a_bridge()).connectors[0]
    communities = [b for b in x.bridges if b.kind == "community"]
    assert len(communities) == 2
    assert sum(b.own for b in communities) == 1
    assert sum(b.share for b in communities) == pytest.approx(1.0)


def test_evidence_ties_point_into_other_communities_with_real_record_ids() -> None:
    graph = two_cliques_and_a_bridge()
    x = find_connectors(graph).connectors[0]
    comment_ids = set(graph.comment_ids)
    assert x.ties
    assert all(t.other_community != x.community for t in x.ties)
    for tie in x.ties:
        assert tie.interactions
        for i in tie.interactions:
            assert i.kind == "comment"
            assert i.comment_id in comment_ids
            assert i.idea_id == f"idea-{tie.other.id}"


def test_every_planted_connector_has_evidence(planted: tuple) -> None:
    _, graph = planted
    for c in find_connectors(graph, top=5).connectors:
        assert c.ties and c.reason and c.bridges


def test_reason_says_which_communities_are_linked() -> None:
    x = find_connectors(two_cliques_and_a_bridge()).connectors[0]
    assert "community" in x.reason and "%" in x.reason


def test_people_without_ties_are_never_connectors() -> None:
    graph = build_interaction_graph([Participant("a"), Participant("b"), Participant("c")],
                                    [Idea("i", "a")], [Comment("k", "i", "b")])
    ids = {c.person.id for c in find_connectors(graph).connectors}
    assert "c" not in ids


def test_empty_graph_has_no_connectors() -> None:
    report = find_connectors(build_interaction_graph([]))
    assert report.connectors == [] and report.participants == 0


def test_a_single_person_is_not_a_connector() -> None:
    report = find_connectors(build_interaction_graph([Participant("solo")]))
    assert report.connectors == []


def test_top_limits_the_list_and_ranks_count_from_one(planted: tuple) -> None:
    _, graph = planted
    report = find_connectors(graph, top=3)
    assert [c.rank for c in report.connectors] == [1, 2, 3]
    scores = [c.score for c in report.connectors]
    assert scores == sorted(scores, reverse=True)


def test_ranking_is_deterministic(planted: tuple) -> None:
    _, graph = planted
    assert find_connectors(graph, top=5).to_dict() == find_connectors(graph, top=5).to_dict()


def test_given_communities_are_used_for_the_evidence(planted: tuple) -> None:
    _, graph = planted
    communities = find_communities(graph, seed=5)
    membership = communities.membership()
    for c in find_connectors(graph, communities, top=3).connectors:
        assert c.community == membership[c.person.id]


def test_crossing_unit_lines_raises_the_score() -> None:
    edges = list(combinations(["a", "b", "c", "d", "e"], 2))
    same = [Participant(n, org_unit="Sales") for n in "abcde"]
    mixed = [*same[:4], Participant("e", org_unit="R&D")]
    same_score = score_connectors(graph_from_edges(edges, same)).score[4]
    mixed_score = score_connectors(graph_from_edges(edges, mixed)).score[4]
    assert mixed_score > same_score


def test_attribute_and_theme_terms_drop_out_when_there_is_no_data() -> None:
    report = find_connectors(two_cliques_and_a_bridge())
    assert any("attribute" in n for n in report.notes)
    assert any("theme" in n for n in report.notes)


def test_theme_bridging_counts_when_ideas_carry_themes() -> None:
    graph = graph_from_edges([("a", "x"), ("b", "x"), ("a", "b")],
                             themes={"a": "health", "b": "mobility"})
    scores = score_connectors(graph)
    assert "themes" in scores.active_terms
    assert scores.theme_bridging[graph.index["x"]] == pytest.approx(1.0)


def test_report_serialises_to_json(planted: tuple) -> None:
    _, graph = planted
    data = json.loads(json.dumps(find_connectors(graph, top=3).to_dict()))
    assert data["connectors"][0]["ties"][0]["interactions"][0]["kind"] in {
        "reply", "comment", "co_comment", "vote"}


def test_sampled_betweenness_is_used_above_the_exact_limit(planted: tuple) -> None:
    _, graph = planted
    report = find_connectors(graph, top=1, exact_betweenness_up_to=100, pivots=50)
    assert report.betweenness_method.startswith("sampled pivots (k=50)")


def test_scores_stay_in_zero_one(planted: tuple) -> None:
    _, graph = planted
    score = score_connectors(graph).score
    assert np.all((score >= 0) & (score <= 1))


@pytest.mark.parametrize("bad", [{"betweenness": -1.0}, {"min_ties": 0},
                                 {"betweenness": 0, "participation": 0, "constraint": 0,
                                  "attributes": 0, "themes": 0}])
def test_impossible_connector_weights_are_rejected(bad: dict) -> None:
    with pytest.raises(ValueError):
        ConnectorWeights(**bad)


def test_negative_top_is_rejected() -> None:
    with pytest.raises(ValueError, match="top"):
        find_connectors(build_interaction_graph([]), top=-1)


def test_precomputed_scores_give_the_same_report(planted: tuple) -> None:
    _, graph = planted
    communities = find_communities(graph, seed=0)
    scores = score_connectors(graph, communities)
    reused = find_connectors(graph, communities, top=5, scores=scores)
    assert reused.to_dict() == find_connectors(graph, communities, top=5).to_dict()


def test_bridges_stand_out_from_noisy_members_with_three_comments_each() -> None:
    # 20% of everybody's comments stray to random communities; before the significance test,
    # ordinary members with two stray ideas in one community took 7 of the 20 places
    jam = planted_jam(people=1000, communities=10, bridges=20, noise=0.2,
                      comments_per_person=3, ideas_per_person=0.5, seed=1)
    graph = build_interaction_graph(jam.participants, jam.ideas, jam.comments, jam.votes)
    report = find_connectors(graph, find_communities(graph, seed=0), top=20)
    assert len({c.person.id for c in report.connectors} & jam.bridges) >= 16
    for c in report.connectors:  # evidence lists exactly the communities the score counts
        others = [b for b in c.bridges if b.kind == "community" and not b.own]
        assert (len(others) > 0) == (c.measures["community_bridging"] > 0)
