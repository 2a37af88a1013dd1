"""Opinion groups benchmark: ``clustering.opinions`` against Pol.is's own groups, real data.

Prints figures; it is not a test, and it exits 0 whatever they are::

    .venv/bin/python bench/opinions.py                   # five conversations, seeds 0-4
    .venv/bin/python bench/opinions.py --seeds 10        # a wider seed spread

Data: ``../shared/data/polis/<conversation>/`` (compdemocracy/openData, CC BY 4.0; see its
README.md). Votes come from ``votes.csv`` (latest vote per voter and comment) or, where that
file is missing, from the cells of ``participants-votes.csv``; comments with ``moderated ==
-1`` are dropped. The reference is the ``group-id`` column of ``participants-votes.csv``.

Per conversation: participants placed, k chosen, adjusted Rand index against Pol.is's groups
(over participants both place) for seed 0 and its spread over ``--seeds`` seeds, the overlap of
representative statements (our groups matched to Pol.is's by the Hungarian method on the
contingency table; Pol.is's groups' statements computed by the same repness code from the same
votes; Jaccard of the two top-5 sets per matched pair), and the run time. Diagnostics explain
the misses: how much worse Pol.is's partition is than our k-means optimum on our own map (a
partition k-means could reach has a ratio of 1.00), how linearly separable Pol.is's groups are
on our map, the ARI if moderated-out statements were counted the way Pol.is's code counts them
(columns of zeros that everyone "voted"), and which k each silhouette variant picks.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_rand_score, silhouette_samples

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from clustering.opinions import OpinionGroups, find_opinion_groups
from clustering.opinions._groups import (
    BaseClusters,
    _kmeans,
    base_clusters,
    group_clusters,
    max_groups_for,
)
from clustering.opinions._pca import project
from clustering.opinions._repness import group_counts, representative
from clustering.opinions._votes import vote_matrix

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polis"
CONVERSATIONS = ("15-per-hour-seattle", "american-assembly.bowling-green",
                 "canadian-electoral-reform", "scoop-hivemind.biodiversity", "vtaiwan.uberx")
GOAL = 0.8
TOP = 5

csv.field_size_limit(10_000_000)


@dataclass(frozen=True)
class Conversation:
    name: str
    votes: list[tuple[int, int, int]]  # moderated-out comments dropped
    reference: dict[int, int]  # participant -> Pol.is group-id
    moderated_out: int  # comments with moderated == -1
    source: str


def load(name: str) -> Conversation:
    folder = DATA / name
    with open(folder / "comments.csv", newline="", encoding="utf-8") as f:
        hidden = {int(c["comment-id"]) for c in csv.DictReader(f) if int(c["moderated"]) == -1}
    reference: dict[int, int] = {}
    cells: list[tuple[int, int, int]] = []
    with open(folder / "participants-votes.csv", newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        columns = [(k, int(h)) for k, h in enumerate(header) if h.isdigit()]
        for row in reader:
            participant = int(row[0])
            if row[1] != "":
                reference[participant] = int(float(row[1]))
            cells.extend((participant, comment, int(float(row[k])))
                         for k, comment in columns if k < len(row) and row[k] != "")
    if (folder / "votes.csv").exists():
        latest: dict[tuple[int, int], tuple[int, int]] = {}
        with open(folder / "votes.csv", newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                key = (int(r["voter-id"]), int(r["comment-id"]))
                stamp = int(r["timestamp"])
                if key not in latest or stamp >= latest[key][0]:
                    latest[key] = (stamp, int(float(r["vote"])))
        votes = [(p, c, v) for (p, c), (_, v) in latest.items()]
        source = "votes.csv"
    else:
        votes, source = cells, "participants-votes.csv"
    return Conversation(name=name, votes=[v for v in votes if v[1] not in hidden],
                        reference=reference, moderated_out=len(hidden), source=source)


def ari(result: OpinionGroups, reference: dict[int, int]) -> tuple[float, list[int]]:
    both = sorted(p for p in reference if result.group_of(p) is not None)
    ours = [result.group_of(p) for p in both]
    return float(adjusted_rand_score([reference[p] for p in both], ours)), both


def representative_overlap(conv: Conversation, result: OpinionGroups,
                           both: list[int]) -> list[float]:
    """Jaccard of top-5 representative statements per matched (ours, Pol.is's) group pair."""
    matrix = vote_matrix(conv.votes)
    polis_ids = sorted(set(conv.reference.values()))
    row_of = {p: r for r, p in enumerate(matrix.participants)}
    labels = np.full(len(matrix.participants), -1)
    for p, g in conv.reference.items():
        if p in row_of:
            labels[row_of[p]] = polis_ids.index(g)
    counts = group_counts(matrix.values, labels, len(polis_ids))
    theirs = [{matrix.items[pick.column] for pick in representative(counts, g, TOP)}
              for g in range(len(polis_ids))]
    ours = [{r.item for r in g.representative[:TOP]} for g in result.groups]
    table = np.zeros((len(ours), len(theirs)))
    for p in both:
        table[result.group_of(p), polis_ids.index(conv.reference[p])] += 1  # type: ignore[index]
    rows, cols = linear_sum_assignment(-table)
    return [len(ours[r] & theirs[c]) / max(1, len(ours[r] | theirs[c]))
            for r, c in zip(rows, cols, strict=True)]


def diagnostics(conv: Conversation, seed: int) -> dict[str, object]:
    """Why a conversation misses: map vs boundary, Pol.is's zero columns, silhouette variants."""
    matrix = vote_matrix(conv.votes)
    placed = matrix.vote_counts() >= min(7, len(matrix.items))
    rows = np.flatnonzero(placed)
    ids = [matrix.participants[r] for r in rows]
    known = np.array([p in conv.reference for p in ids])
    y = np.array([conv.reference[p] for p in np.array(ids)[known]])
    out: dict[str, object] = {}
    for name, zeroed in (("drop", 0), ("zeroed", conv.moderated_out)):
        points = project(matrix.values, placed, zeroed_items=zeroed).points[rows]
        base = base_clusters(points, seed)
        grouping = group_clusters(base, 5, seed)
        labels = grouping.base_labels[base.labels]
        out[f"ari_{name}"] = float(adjusted_rand_score(y, labels[known]))
        if name == "drop":
            fit = points[known]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                best = KMeans(2, n_init=30, random_state=seed).fit(fit)
                separable = LogisticRegression().fit(fit, y).score(fit, y)
            out["inertia_ratio"] = _inertia(fit, y) / float(best.inertia_)
            out["separable"] = float(separable)
            out["k_by"] = _k_by_silhouette(points, base, seed)
    return out


def _inertia(points: np.ndarray, labels: np.ndarray) -> float:
    return float(sum(((points[labels == g] - points[labels == g].mean(axis=0)) ** 2).sum()
                     for g in np.unique(labels)))


def _k_by_silhouette(points: np.ndarray, base: BaseClusters, seed: int) -> dict[str, int]:
    """The k each silhouette variant picks: base centres (Pol.is; ours), weighted, people."""
    distances = np.sqrt(((base.centers[:, None] - base.centers[None]) ** 2).sum(-1))
    scores: dict[str, dict[int, float]] = {"base": {}, "weighted": {}, "people": {}}
    for k in range(2, max_groups_for(len(base.centers), 5) + 1):
        labels, _ = _kmeans(base.centers, k, seed, 10, weights=base.sizes)
        s = silhouette_samples(distances, labels, metric="precomputed")
        scores["base"][k] = float(s.mean())
        scores["weighted"][k] = float(np.average(s, weights=base.sizes))
        scores["people"][k] = float(silhouette_samples(points, labels[base.labels]).mean())
    return {name: max(by_k, key=lambda k: by_k[k]) for name, by_k in scores.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="seeds 0..N-1 for the spread")
    parser.add_argument("--conversations", default=",".join(CONVERSATIONS))
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} is missing")
        return
    header = (f"{'conversation':32s} {'placed':>6s} {'k':>2s} {'ARI s0':>6s} "
              f"{'ARI seeds (min-med-max)':>23s} {'rep. Jaccard':>13s} {'time s':>6s}  "
              f"{'inertia':>7s} {'separ.':>6s} {'ARI zeroed':>10s}  k by silhouette")
    print(header)
    print("-" * len(header))
    summary: list[tuple[str, float, float]] = []
    for name in args.conversations.split(","):
        conv = load(name)
        start = time.perf_counter()
        result = find_opinion_groups(conv.votes, seed=0)
        elapsed = time.perf_counter() - start
        score, both = ari(result, conv.reference)
        spread = [score] + [ari(find_opinion_groups(conv.votes, seed=s), conv.reference)[0]
                            for s in range(1, args.seeds)]
        jaccard = representative_overlap(conv, result, both)
        why = diagnostics(conv, 0)
        k_by = why["k_by"]
        assert isinstance(k_by, dict)
        print(f"{name:32s} {result.parameters['placed']:6d} {result.parameters['k']:2d} "
              f"{score:6.2f} {min(spread):7.2f}-{statistics.median(spread):.2f}-"
              f"{max(spread):.2f}{'':7s} {' '.join(f'{j:.2f}' for j in jaccard):>13s} "
              f"{elapsed:6.2f}  {why['inertia_ratio']:7.3f} {why['separable']:6.3f} "
              f"{why['ari_zeroed']:10.2f}  {' '.join(f'{n}={k}' for n, k in k_by.items())}")
        summary.append((name, score, statistics.median(spread)))
    scores = [s for _, s, _ in summary]
    medians = [m for _, _, m in summary]
    print(f"\nmedian ARI over conversations: seed 0 {statistics.median(scores):.2f}, "
          f"median over seeds {statistics.median(medians):.2f} (goal {GOAL} on each)")
    missed = [(n, m) for n, _, m in summary if m < GOAL]
    for n, m in missed:
        print(f"misses the goal: {n} (median over seeds {m:.2f})")
    if missed:
        print("why (see the diagnostics): Pol.is's groups are almost linearly separable on our "
              "map ('separ.'), but its partition is not a k-means optimum there ('inertia' > 1): "
              "Pol.is's k-means starts from its previous run's clusters as votes arrive, so its "
              "final boundary is where history left it, and its code counts moderated-out "
              "statements as columns of zeros in the sparse-voter scaling ('ARI zeroed').")


if __name__ == "__main__":
    main()
