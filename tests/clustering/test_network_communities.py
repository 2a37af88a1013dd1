"""Communities: seeded and deterministic, and as good as networkx's Louvain."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.metrics import normalized_mutual_info_score

from clustering import Comment, Idea, Participant, build_interaction_graph, find_communities
from clustering.network._communities import community_labels, labels_of, modularity
from clustering.network._planted import planted_jam


@pytest.fixture(scope="module")
def planted() -> tuple:
    jam = planted_jam(people=600, communities=6, bridges=6, noise=0.1, seed=4)
    graph = build_interaction_graph(jam.participants, jam.ideas, jam.comments, jam.votes)
    return jam, graph


def test_same_seed_gives_the_same_communities(planted: tuple) -> None:
    _, graph = planted
    assert find_communities(graph, seed=3).to_dict() == find_communities(graph, seed=3).to_dict()


def test_planted_communities_are_recovered(planted: tuple) -> None:
    jam, graph = planted
    labels = labels_of(graph, find_communities(graph, seed=0))
    assert normalized_mutual_info_score(jam.community, labels) > 0.9


def test_modularity_is_close_to_networkx_louvain() -> None:
    g = nx.planted_partition_graph(12, 60, 0.15, 0.01, seed=2)
    adj = sp.csr_array(nx.to_scipy_sparse_array(g, nodelist=range(len(g))))
    ours = modularity(adj, community_labels(adj, seed=0))
    theirs = nx.community.modularity(g, nx.community.louvain_communities(g, seed=0))
    assert ours >= theirs - 0.01


def test_modularity_matches_networkx_definition() -> None:
    g = nx.karate_club_graph()
    parts = nx.community.louvain_communities(g, seed=1)
    labels = np.zeros(len(g), dtype=int)
    for k, part in enumerate(parts):
        labels[list(part)] = k
    adj = sp.csr_array(nx.to_scipy_sparse_array(g, nodelist=range(len(g))))
    assert modularity(adj, labels) == pytest.approx(nx.community.modularity(g, parts))


def test_communities_are_numbered_largest_first(planted: tuple) -> None:
    _, graph = planted
    sizes = [c.size for c in find_communities(graph).communities]
    assert sizes == sorted(sizes, reverse=True)


def test_people_without_ties_are_singleton_communities() -> None:
    graph = build_interaction_graph(
        [Participant("a"), Participant("b"), Participant("loner")], [Idea("i", "a")],
        [Comment("c", "i", "b")])
    result = find_communities(graph)
    assert result.membership()["loner"] not in (result.membership()["a"],)
    assert [c.size for c in result.communities] == [2, 1]


def test_empty_graph_has_no_communities_and_zero_modularity() -> None:
    result = find_communities(build_interaction_graph([]))
    assert result.communities == []
    assert result.modularity == 0.0


def test_communities_serialise_to_json(planted: tuple) -> None:
    _, graph = planted
    data = json.loads(json.dumps(find_communities(graph).to_dict()))
    assert data["communities"][0]["members"][0]["name"].startswith("Person ")


def test_member_lists_can_be_capped_while_sizes_stay_exact(planted: tuple) -> None:
    _, graph = planted
    result = find_communities(graph, max_members_listed=3)
    assert all(len(c.members) <= 3 for c in result.communities)
    assert sum(c.size for c in result.communities) == graph.n
