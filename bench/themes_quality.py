"""Theme quality on the labelled short-text sets: NMI, ARI and accuracy, ours vs a plain baseline.

Run: ``.venv/bin/python bench/themes_quality.py [--sets stackoverflow,biomedical] [--seeds 0,1]``

For each set it prints three rows, all measured in this run:

- ``baseline``: TF-IDF (sublinear tf, English stop words, min_df=2) + LSA (100 dims) + k-means
  with the true number of clusters (scikit-learn; the protocol of ../shared/data/README.md);
- ``ours, k given``: ``find_themes(texts, n_themes=true k)``;
- ``ours, k chosen``: ``find_themes(texts)``, the number of themes chosen by our code;
- ``ours+emb, ...``: the same with sentence embeddings (``find_themes(texts, embeddings=...)``,
  all-MiniLM-L6-v2 run by ``clustering.text.SentenceEncoder``), as a jam with the model
  installed does. Skipped when the model is not installed (``jam model fetch``); the vectors
  are cached (``bench/embedding_cache.py``), the first run spends 10-20 minutes encoding.

Texts our code leaves without a theme count as one extra cluster of their own for NMI and ARI,
and as wrong for accuracy (they match no true class). Accuracy is the share of texts on the
diagonal after the best one-to-one matching of found themes to true classes (Hungarian).
With several seeds, figures are the mean over seeds. Benchmarks print figures; not a test.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.preprocessing import Normalizer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.datasets import SET_NAMES, LabelledSet, load
from bench.embedding_cache import cached_embeddings, model_dir_or_none
from clustering import find_themes

NO_THEME = -1


def hungarian_accuracy(truth: Sequence[int], found: Sequence[int]) -> float:
    """Share of texts correctly placed after matching found clusters to classes one-to-one.

    Texts with ``NO_THEME`` can never be matched, so they always count as wrong.
    """
    truth_ids, truth_index = np.unique(np.asarray(truth), return_inverse=True)
    found_arr = np.asarray(found)
    themed = found_arr != NO_THEME
    found_ids, found_index = np.unique(found_arr[themed], return_inverse=True)
    table = np.zeros((len(found_ids), len(truth_ids)))
    np.add.at(table, (found_index, truth_index[themed]), 1)
    rows, cols = linear_sum_assignment(-table)
    return float(table[rows, cols].sum() / len(truth))


def baseline(texts: list[str], k: int, seed: int) -> list[int]:
    """TF-IDF + LSA(100) + k-means, as measured in ../shared/data/README.md."""
    tfidf = TfidfVectorizer(sublinear_tf=True, min_df=2, stop_words="english")
    features = tfidf.fit_transform(texts)
    reduced = TruncatedSVD(100, random_state=seed).fit_transform(features)
    reduced = Normalizer().fit_transform(reduced)
    return KMeans(k, n_init=10, random_state=seed).fit_predict(reduced).tolist()


def ours(texts: list[str], k: int | None, seed: int,
         embeddings: np.ndarray | None = None) -> list[int]:
    model = find_themes(texts, n_themes=k, seed=seed, embeddings=embeddings)
    return [NO_THEME if a is None else a for a in model.assignments]


def evaluate(
    data: LabelledSet, method: Callable[[list[str], int | None, int], list[int]],
    k: int | None, seeds: Sequence[int],
) -> dict[str, float]:
    rows: list[dict[str, float]] = []
    for seed in seeds:
        start = time.perf_counter()
        found = method(data.texts, k, seed)
        seconds = time.perf_counter() - start
        rows.append({
            "nmi": normalized_mutual_info_score(data.labels, found),
            "ari": adjusted_rand_score(data.labels, found),
            "acc": hungarian_accuracy(data.labels, found),
            "k": len({f for f in found if f != NO_THEME}),
            "none": sum(f == NO_THEME for f in found),
            "seconds": seconds,
        })
    return {key: statistics.mean(r[key] for r in rows) for key in rows[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SET_NAMES))
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--no-embeddings", action="store_true",
                        help="skip the rows with sentence embeddings")
    args = parser.parse_args()
    model_dir = None if args.no_embeddings else model_dir_or_none()
    if model_dir is None and not args.no_embeddings:
        print("(no embedding model installed: run `jam model fetch` for the ours+emb rows)")
    seeds = [int(s) for s in args.seeds.split(",")]
    print("Texts without a theme count as one extra cluster for NMI/ARI and as wrong for ACC.")
    print(f"seeds: {seeds}")
    header = f"{'set':15} {'method':20} {'NMI':>6} {'ARI':>6} {'ACC':>6} {'k':>6} " \
             f"{'no theme':>8} {'seconds':>8}"
    print(header)
    print("-" * len(header))
    for name in args.sets.split(","):
        data = load(name)
        if data is None:
            print(f"{name:15} (data absent, skipped)")
            continue
        true_k = data.n_classes
        runs = [
            ("baseline, k given", lambda t, k, s: baseline(t, k or 1, s), true_k),
            ("ours, k given", ours, true_k),
            ("ours, k chosen", ours, None),
        ]
        if model_dir is not None:
            vectors = cached_embeddings(data.texts, model_dir, label=name)
            with_vectors = functools.partial(ours, embeddings=vectors)
            runs += [("ours+emb, k given", with_vectors, true_k),
                     ("ours+emb, k chosen", with_vectors, None)]
        for label, method, k in runs:
            r = evaluate(data, method, k, seeds)
            print(
                f"{name:15} {label:20} {r['nmi']:6.3f} {r['ari']:6.3f} {r['acc']:6.3f} "
                f"{r['k']:6.1f} {r['none']:8.0f} {r['seconds']:8.1f}",
                flush=True,
            )
        print(f"{'':15} (true number of classes: {true_k})")


if __name__ == "__main__":
    main()
