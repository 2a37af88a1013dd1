"""Connectors benchmark: correctness on planted structure, approximations, real data, scale.

Prints figures; it is not a test. Run all sections or some::

    .venv/bin/python bench/connectors.py                 # everything (about 4 minutes)
    .venv/bin/python bench/connectors.py planted approx  # sections: planted approx real scale

- planted: synthetic jams with known communities and bridge people
  (:func:`clustering.network._planted.planted_jam`), sizes, noise and activity varied; prints
  precision@20 of the planted bridges among the top-20 connectors and NMI of the communities
  against the planted partition.
- approx: sampled-pivot betweenness against exact (Spearman, top-k overlap), our sparse
  Louvain against networkx's Louvain (modularity, time), constraint against networkx.
- real: Decide Madrid reply network and Polis vote networks (``../shared/data``), with Polis's
  own opinion groups as a reference partition.
- scale: an IBM-InnovationJam-size jam (150,000 people, ~1.3 million ties) through the whole
  pipeline, records to team; time per stage and peak memory.
"""

from __future__ import annotations

import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.stats import spearmanr
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

sys.path.insert(0, str(Path(__file__).resolve().parent))

from network_data import DATA, load_decide_madrid, load_polis

from clustering import (
    build_interaction_graph,
    find_communities,
    find_connectors,
    score_connectors,
    suggest_team,
)
from clustering.network._communities import community_labels, labels_of, modularity
from clustering.network._connectors import backbone_of
from clustering.network._measures import betweenness, constraint
from clustering.network._planted import planted_jam


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def peak_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def overlap(a: np.ndarray, b: np.ndarray, k: int) -> float:
    """Share of the top-k of ``a`` that is also in the top-k of ``b``."""
    return len(set(np.argsort(-a)[:k].tolist()) & set(np.argsort(-b)[:k].tolist())) / k


def section_planted() -> None:
    print("\n== Planted structure: precision@20 of planted bridges, NMI of communities ==")
    print("people  comms  comments/person  noise   ties     NMI    modularity  P@20   time")
    for people, comms in ((1000, 10), (5000, 30), (20000, 100)):
        for activity in (3.0, 6.0):
            for noise in (0.1, 0.2, 0.3):
                jam = planted_jam(people=people, communities=comms, bridges=20, noise=noise,
                                  comments_per_person=activity, ideas_per_person=0.5,
                                  seed=1)
                start = time.perf_counter()
                graph = build_interaction_graph(jam.participants, jam.ideas, jam.comments,
                                                jam.votes)
                communities = find_communities(graph, seed=0)
                scores = score_connectors(graph, communities)
                elapsed = time.perf_counter() - start
                top = set(scores.ranking()[:20].tolist())
                nmi = normalized_mutual_info_score(jam.community, scores.labels)
                print(f"{people:6d}  {comms:5d}  {activity:15.0f}  {noise:5.1f}  "
                      f"{graph.edge_count:8d}  {nmi:5.3f}  {communities.modularity:10.3f}  "
                      f"{len(top & jam.bridges) / 20:4.2f}  {elapsed:5.1f}s")


def section_approx() -> None:
    print("\n== Approximations against exact results ==")
    jam = planted_jam(people=5000, communities=30, bridges=20, noise=0.2, ideas_per_person=0.5,
                      comments_per_person=5, seed=2)
    graph = build_interaction_graph(jam.participants, jam.ideas, jam.comments, jam.votes)
    backbone, _ = backbone_of(graph.adjacency, 1.0)
    ba = nx.barabasi_albert_graph(5000, 3, seed=1)
    ba_matrix = sp.csr_array(nx.to_scipy_sparse_array(ba, nodelist=range(5000)))
    for name, matrix in (("planted jam backbone (5,000 people)", backbone),
                         ("Barabasi-Albert m=3 (5,000 nodes)", ba_matrix)):
        exact, t_exact = timed(lambda m=matrix: betweenness(m))
        print(f"betweenness on {name}: exact {t_exact:.1f}s")
        for k in (32, 64, 128, 256):
            approx, t = timed(lambda m=matrix, k=k: betweenness(m, pivots=k, seed=0))
            rho = spearmanr(exact, approx).statistic
            print(f"  pivots {k:4d}: Spearman {rho:.3f}  top-20 overlap "
                  f"{overlap(exact, approx, 20):.2f}  top-100 overlap "
                  f"{overlap(exact, approx, 100):.2f}  time {t:.2f}s")
    small = ba.subgraph(range(1500)).copy()
    sm = sp.csr_array(nx.to_scipy_sparse_array(small, nodelist=range(1500)))
    ours_bc = betweenness(sm)
    nx_bc, t_nx = timed(lambda: nx.betweenness_centrality(small))
    print(f"  exact betweenness vs networkx (1,500 nodes): max |diff| "
          f"{np.max(np.abs(ours_bc - np.array([nx_bc[v] for v in range(1500)]))):.1e} "
          f"(networkx {t_nx:.1f}s)")
    ours_c = constraint(sm)
    nx_c = nx.constraint(small)
    print(f"  constraint vs networkx (1,500 nodes): max |diff| "
          f"{np.nanmax(np.abs(ours_c - np.array([nx_c[v] for v in range(1500)]))):.1e}")

    labels = community_labels(graph.adjacency, seed=0)
    exact_rank = score_connectors(graph, labels, exact_betweenness_up_to=10_000)
    exact_top = set(exact_rank.ranking()[:20].tolist())
    print(f"connector ranking (5,000-person planted jam) with exact betweenness: planted "
          f"bridges in top 20 {len(exact_top & jam.bridges) / 20:.2f}")
    for k in (32, 64, 128, 256):
        sampled = score_connectors(graph, labels, exact_betweenness_up_to=0, pivots=k)
        top = set(sampled.ranking()[:20].tolist())
        print(f"  with {k:3d} pivots: top-20 overlap with exact ranking "
              f"{len(top & exact_top) / 20:.2f}, planted bridges in top 20 "
              f"{len(top & jam.bridges) / 20:.2f}")

    print("communities: our sparse Louvain vs networkx Louvain (same graph, seed 0)")
    print("graph                                   Q ours  Q nx   NMI(ours,nx)  NMI vs truth "
          "ours/nx   time ours / nx")
    cases: list[tuple[str, sp.csr_array, np.ndarray]] = [
        ("planted jam, 5,000 people", graph.adjacency, jam.community)]
    big = planted_jam(people=20000, communities=100, bridges=20, noise=0.2,
                      ideas_per_person=0.5, comments_per_person=3, seed=3)
    big_graph = build_interaction_graph(big.participants, big.ideas, big.comments, big.votes)
    cases.append(("planted jam, 20,000 people", big_graph.adjacency, big.community))
    pp = nx.planted_partition_graph(100, 200, 0.05, 0.0005, seed=4)
    cases.append(("planted partition 20,000 nodes",
                  sp.csr_array(nx.to_scipy_sparse_array(pp, nodelist=range(20000))),
                  np.repeat(np.arange(100), 200)))
    for name, matrix, truth in cases:
        ours, t_ours = timed(lambda m=matrix: community_labels(m, seed=0))
        g_nx = nx.from_scipy_sparse_array(matrix)
        parts, t_nx = timed(lambda g=g_nx: nx.community.louvain_communities(g, seed=0))
        theirs = np.zeros(matrix.shape[0], dtype=int)
        for k, part in enumerate(parts):
            theirs[list(part)] = k
        print(f"{name:38s}  {modularity(matrix, ours):.3f}   {modularity(matrix, theirs):.3f}  "
              f"{normalized_mutual_info_score(ours, theirs):.3f}         "
              f"{normalized_mutual_info_score(truth, ours):.3f}/"
              f"{normalized_mutual_info_score(truth, theirs):.3f}      "
              f"{t_ours:.1f}s / {t_nx:.1f}s")


def section_real() -> None:
    print("\n== Real data ==")
    if not (DATA / "decide-madrid").exists():
        print(f"skipped: {DATA} not found")
        return
    records = load_decide_madrid()
    (graph, communities, report), elapsed = timed(lambda: _pipeline(records))
    print(f"Decide Madrid: {graph.n} people, {graph.edge_count} ties, {len(records.comments)} "
          f"comments; {sum(c.size > 1 for c in communities.communities)} communities of 2+ "
          f"(modularity {communities.modularity:.3f}); {elapsed:.1f}s")
    proposals_of: dict[Any, Counter[Any]] = {}
    for c in records.comments:
        proposals_of.setdefault(c.author_id, Counter())[c.idea_id] += 1
    for idea in records.ideas:
        proposals_of.setdefault(idea.author_id, Counter())[idea.id] += 1
    for community in communities.communities[:8]:
        counts: Counter[Any] = Counter()
        for m in community.members:
            counts.update(proposals_of.get(m.id, Counter()))
        (top_idea, n_top), = counts.most_common(1)
        print(f"  community {community.id:2d}: {community.size:4d} people; "
              f"{n_top / sum(counts.values()):.0%} of their comments on proposal {top_idea} "
              f"'{records.idea_titles[top_idea][:50]}'")
    for c in report.connectors[:8]:
        print(f"  connector #{c.rank} user {c.person.id}: score {c.score:.3f}, commented on "
              f"{len(proposals_of[c.person.id])} proposals; {c.reason}")

    for conversation in ("15-per-hour-seattle", "canadian-electoral-reform",
                         "scoop-hivemind.biodiversity", "vtaiwan.uberx",
                         "american-assembly.bowling-green"):
        folder = DATA / "polis" / conversation
        if not folder.exists():
            continue
        records = load_polis(folder)
        (graph, communities, report), elapsed = timed(lambda r=records: _pipeline(r))
        agree = [v for v in records.votes if v.value > 0]
        agree_graph = build_interaction_graph(records.participants, records.ideas, votes=agree)
        agree_labels = labels_of(agree_graph, find_communities(agree_graph, seed=0))
        labels = labels_of(graph, communities)
        grouped = [graph.index[p] for p in records.reference_groups if p in graph.index]
        polis = np.array([records.reference_groups[graph.participants[i].id] for i in grouped])
        authors = Counter(i.author_id for i in records.ideas)
        voted = Counter(v.voter_id for v in records.votes)
        print(f"Polis {conversation}: {graph.n} people, {graph.edge_count} ties, "
              f"{len(records.votes)} votes; {sum(c.size > 1 for c in communities.communities)} "
              f"communities (Q {communities.modularity:.3f}); vs Polis's "
              f"{len(set(polis.tolist()))} opinion groups over {len(grouped)} people: "
              f"NMI {normalized_mutual_info_score(polis, labels[grouped]):.3f}, ARI "
              f"{adjusted_rand_score(polis, labels[grouped]):.3f}; agree-votes-only graph NMI "
              f"{normalized_mutual_info_score(polis, agree_labels[grouped]):.3f}; {elapsed:.1f}s")
        for c in report.connectors[:3]:
            pid = c.person.id
            group = records.reference_groups.get(pid)
            print(f"  connector #{c.rank} participant {pid}: {authors.get(pid, 0)} statements, "
                  f"{voted.get(pid, 0)} votes, Polis group {group}; {c.reason}")


def _pipeline(records: Any) -> tuple[Any, Any, Any]:
    graph = build_interaction_graph(records.participants, records.ideas, records.comments,
                                    records.votes)
    communities = find_communities(graph, seed=0)
    return graph, communities, find_connectors(graph, communities, top=10)


def section_scale() -> None:
    print("\n== Scale: IBM InnovationJam size ==")
    before = peak_mb()
    jam, t_gen = timed(lambda: planted_jam(
        people=150_000, communities=300, bridges=20, noise=0.1, comments_per_person=1.2,
        ideas_per_person=0.3, votes_per_person=3, seed=0))
    print(f"generated {len(jam.participants)} people, {len(jam.ideas)} ideas, "
          f"{len(jam.comments)} comments, {len(jam.votes)} votes in {t_gen:.1f}s "
          f"(not counted); peak memory {peak_mb():.0f} MB (before: {before:.0f} MB)")
    stages: list[tuple[str, float]] = []
    graph, t = timed(lambda: build_interaction_graph(jam.participants, jam.ideas, jam.comments,
                                                     jam.votes))
    stages.append(("build graph from records", t))
    communities, t = timed(lambda: find_communities(graph, seed=0))
    stages.append(("communities (sparse Louvain)", t))
    scores, t = timed(lambda: score_connectors(graph, communities))
    stages.append((f"connector scores ({scores.betweenness_method})", t))
    report, t = timed(lambda: find_connectors(graph, communities, top=20, scores=scores))
    stages.append(("top-20 connectors with evidence", t))
    team, t = timed(lambda: suggest_team(graph, "theme-7", size=8, scores=scores))
    stages.append(("follow-up team for one theme", t))
    pipeline_peak = peak_mb()
    _, t = timed(lambda: betweenness(graph.adjacency, pivots=64))
    stages.append(("(worst case: betweenness on all ties, no backbone, 64 pivots)", t))
    for name, seconds in stages:
        print(f"  {name:58s} {seconds:6.1f}s")
    total = sum(s for name, s in stages if not name.startswith("("))
    found = {c.person.id for c in report.connectors} & jam.bridges
    print(f"  {'total':58s} {total:6.1f}s   (goal: <= 60 s)")
    print(f"graph: {graph.n} people, {graph.edge_count} ties ({len(graph.ties)} interactions); "
          f"{len(communities.communities)} communities, modularity {communities.modularity:.3f}, "
          f"NMI vs planted {normalized_mutual_info_score(jam.community, scores.labels):.3f}; "
          f"planted bridges in top 20: {len(found)}/20; team of {len(team.members)}")
    print(f"peak memory (process, including the generated records): {pipeline_peak:.0f} MB "
          f"through the pipeline, {peak_mb():.0f} MB after the worst-case betweenness")


SECTIONS = {"planted": section_planted, "approx": section_approx, "real": section_real,
            "scale": section_scale}


def main(argv: list[str]) -> None:
    chosen = argv or list(SECTIONS)
    for name in chosen:
        if name not in SECTIONS:
            raise SystemExit(f"unknown section {name!r}; choose from {', '.join(SECTIONS)}")
    for name in chosen:
        SECTIONS[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
