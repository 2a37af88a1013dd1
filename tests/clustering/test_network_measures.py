"""Brokerage measures on sparse matrices agree with networkx and mean what they claim."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from clustering.network._measures import (
    betweenness,
    community_bridging,
    constraint,
    group_bridging,
    participation,
    percentile_rank,
    significant_groups,
)


def weighted_caveman() -> nx.Graph:
    g = nx.connected_caveman_graph(5, 6)
    rng = np.random.default_rng(3)
    for u, v in g.edges:
        g[u][v]["weight"] = float(rng.integers(1, 4))
    g.add_node(len(g))  # somebody without ties
    return g


def matrix(g: nx.Graph) -> sp.csr_array:
    return sp.csr_array(nx.to_scipy_sparse_array(g, nodelist=sorted(g), weight="weight"))


def test_exact_betweenness_equals_networkx() -> None:
    g = weighted_caveman()
    expected = nx.betweenness_centrality(g)
    assert betweenness(matrix(g)) == pytest.approx([expected[v] for v in sorted(g)], abs=1e-12)


def test_sampled_betweenness_ranks_the_top_brokers_like_the_exact_one() -> None:
    g = nx.barabasi_albert_graph(600, 2, seed=1)
    exact = betweenness(matrix(g))
    sampled = betweenness(matrix(g), pivots=150, seed=0)
    top_exact = set(np.argsort(-exact)[:10].tolist())
    top_sampled = set(np.argsort(-sampled)[:10].tolist())
    assert len(top_exact & top_sampled) >= 8


def test_betweenness_of_tiny_graphs_is_zero() -> None:
    assert betweenness(sp.csr_array((2, 2))).tolist() == [0.0, 0.0]


def test_constraint_equals_networkx_and_is_one_without_ties() -> None:
    g = weighted_caveman()
    expected = nx.constraint(g, weight="weight")
    ours = constraint(matrix(g))
    connected = [v for v in sorted(g) if g.degree(v) > 0]
    assert ours[connected] == pytest.approx([expected[v] for v in connected], abs=1e-12)
    assert ours[len(g) - 1] == 1.0


def test_participation_is_zero_inside_one_group_and_half_for_an_even_split() -> None:
    # 0 - 1 - 2 path: node 1 splits its ties over groups 0 and 1
    adj = sp.csr_array(np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=float))
    assert participation(adj, np.array([0, 0, 1])).tolist() == [0.0, 0.5, 0.0]


def test_community_bridging_ignores_a_group_reached_through_one_stray_thread() -> None:
    # node 0: three ties in its own group 0, one tie each into groups 1 and 2
    adj = np.zeros((6, 6))
    for j in (1, 2, 3, 4, 5):
        adj[0, j] = adj[j, 0] = 1.0
    labels = np.array([0, 0, 0, 0, 1, 2])
    plain = participation(sp.csr_array(adj), labels)[0]
    filtered = community_bridging(sp.csr_array(adj), labels, min_share=0.1, min_support=2)
    assert plain > 0.5
    assert filtered[0] == 0.0


def test_community_bridging_keeps_a_real_two_group_broker_at_one_half() -> None:
    adj = np.zeros((5, 5))
    for j in (1, 2, 3, 4):
        adj[0, j] = adj[j, 0] = 1.0
    labels = np.array([0, 0, 0, 1, 1])
    assert community_bridging(sp.csr_array(adj), labels)[0] == pytest.approx(0.5)


def noisy_members(people: int = 2000, groups: int = 20, noise: float = 0.2,
                  seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Activity counts (person x group) of ordinary members: share ``noise`` strays at random."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, groups, people)
    activity = rng.integers(3, 15, people)
    counts = np.zeros((people, groups))
    for i in range(people):
        stray = rng.random(activity[i]) < noise
        target = np.where(stray, (labels[i] + rng.integers(1, groups, activity[i])) % groups,
                          labels[i])
        np.add.at(counts[i], target, 1)
    return counts, labels


def test_significant_groups_lets_few_ordinary_members_pass_by_chance() -> None:
    counts, labels = noisy_members()
    plain_rule = (counts >= 2) & (counts >= 0.1 * counts.sum(axis=1, keepdims=True))
    plain_rule[np.arange(labels.size), labels] = False
    kept = significant_groups(sp.csr_array(counts), labels, chance=30.0)
    assert plain_rule.any(axis=1).sum() > 100  # the share/support rule alone is fooled often
    assert np.count_nonzero(np.asarray(kept.sum(axis=1)).ravel()) <= 30


def test_significant_groups_keeps_a_broker_split_between_two_groups() -> None:
    counts, labels = noisy_members()
    counts[0] = 0.0
    counts[0, labels[0]] = 5.0
    other = (labels[0] + 1) % 20
    counts[0, other] = 4.0
    kept = significant_groups(sp.csr_array(counts), labels, chance=30.0)
    assert kept[0, other] == pytest.approx(4 / 9)
    assert group_bridging(kept)[0] == pytest.approx(1 - (4 / 9) ** 2 - (5 / 9) ** 2)


def test_significant_groups_on_a_tiny_jam_falls_back_to_share_and_support() -> None:
    # too few people for statistics: the bar is 1 and only min_share / min_support decide
    counts = sp.csr_array(np.array([[2.0, 2.0], [3.0, 0.0], [0.0, 3.0], [1.0, 1.0]]))
    labels = np.array([0, 0, 1, 1])
    kept = significant_groups(counts, labels, min_share=0.1, min_support=2)
    assert kept.toarray().tolist() == [[0.0, 0.5], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]
    assert group_bridging(kept).tolist() == [0.5, 0.0, 0.0, 0.0]


def test_percentile_rank_shares_ranks_between_ties() -> None:
    assert percentile_rank(np.array([5.0, 1.0, 5.0, 3.0])).tolist() == [
        pytest.approx(5 / 6), 0.0, pytest.approx(5 / 6), pytest.approx(1 / 3)]
