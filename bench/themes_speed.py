"""Theme and similar-idea speed at jam scale, next to a plain TF-IDF + LSA + k-means reference.

Run: ``.venv/bin/python bench/themes_speed.py [--ideas 46000] [--runs 3]``

Ideas are texts from all labelled sets in ../shared/data, interleaved (bench/datasets.py).
Prints, with medians over ``--runs`` runs (the machine is noisy):

- fit: wall and CPU seconds (the machine is shared: CPU time is less sensitive to other
  people's load) of ``find_themes`` on all ideas, number of themes chosen automatically, and
  of the reference TF-IDF (sublinear, min_df=2, English stop words) + LSA(100) + k-means
  (k = the number we chose, scikit-learn's default single k-means++ start) on the same
  texts, and their ratio;
- fit with embeddings: the same fit given stored sentence vectors (``find_themes(...,
  embeddings=...)``), as a jam refits once each idea has been embedded, when the model is
  installed; and the encoder's own cost (one idea at a time, and texts per second in batches),
  which a jam pays once per idea, in the background, when the idea is posted or edited;
- assign: ``ThemeModel.assign`` one idea at a time (p50, p99, mean);
- similar ideas: ``SimilarityIndex.query`` on 50,000 ideas, one draft at a time (p50, p99);
- peak memory: the process's maximum resident set (getrusage), and tracemalloc's peak for one
  fit (Python-level allocations, including numpy buffers).

Benchmarks print figures; they are not tests.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import Normalizer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.datasets import idea_corpus
from bench.embedding_cache import cached_embeddings, model_dir_or_none
from clustering import SimilarityIndex, find_themes
from clustering.text import SentenceEncoder


def reference_fit(texts: list[str], k: int, seed: int) -> None:
    features = TfidfVectorizer(sublinear_tf=True, min_df=2, stop_words="english").fit_transform(
        texts
    )
    reduced = Normalizer().fit_transform(TruncatedSVD(100, random_state=seed).fit_transform(
        features))
    KMeans(k, random_state=seed).fit(reduced)


def time_each(call: Callable[[str], object], drafts: list[str]) -> list[float]:
    """Seconds each ``call(draft)`` took, one draft at a time."""
    timings = []
    for draft in drafts:
        start = time.perf_counter()
        call(draft)
        timings.append(time.perf_counter() - start)
    return timings


def percentiles(samples: list[float]) -> str:
    ms = np.asarray(samples) * 1000
    return (f"p50 {np.percentile(ms, 50):6.2f} ms   p99 {np.percentile(ms, 99):6.2f} ms   "
            f"mean {ms.mean():6.2f} ms   (n={len(ms)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=46_000)
    parser.add_argument("--index-size", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--no-embeddings", action="store_true",
                        help="skip the fit with sentence embeddings")
    args = parser.parse_args()

    corpus = idea_corpus(args.index_size + args.queries)
    ideas = corpus[: args.ideas]
    drafts = corpus[args.index_size : args.index_size + args.queries]

    ours_seconds: list[float] = []
    reference_seconds: list[float] = []
    ours_cpu: list[float] = []
    reference_cpu: list[float] = []
    embedded_seconds: list[float] = []
    embedded_cpu: list[float] = []
    embedded_themes = 0
    model_dir = None if args.no_embeddings else model_dir_or_none()
    vectors = None
    if model_dir is not None:
        vectors = cached_embeddings(ideas, model_dir, label=f"ideas{len(ideas)}")
    model = None
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for run in range(args.runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        model = find_themes(ideas, seed=run)
        ours_seconds.append(time.perf_counter() - start)
        ours_cpu.append(time.process_time() - start_cpu)
        start, start_cpu = time.perf_counter(), time.process_time()
        reference_fit(ideas, len(model.themes), seed=run)
        reference_seconds.append(time.perf_counter() - start)
        reference_cpu.append(time.process_time() - start_cpu)
        if vectors is not None:
            start, start_cpu = time.perf_counter(), time.process_time()
            embedded_themes = len(find_themes(ideas, seed=run, embeddings=vectors).themes)
            embedded_seconds.append(time.perf_counter() - start)
            embedded_cpu.append(time.process_time() - start_cpu)
            print(f"run {run}: ours with embeddings {embedded_seconds[-1]:.2f} s wall / "
                  f"{embedded_cpu[-1]:.2f} s CPU ({embedded_themes} themes)", flush=True)
        print(f"run {run}: ours {ours_seconds[-1]:.2f} s wall / {ours_cpu[-1]:.2f} s CPU "
              f"({len(model.themes)} themes), reference {reference_seconds[-1]:.2f} s wall / "
              f"{reference_cpu[-1]:.2f} s CPU", flush=True)
    assert model is not None
    ours_median = statistics.median(ours_seconds)
    reference_median = statistics.median(reference_seconds)
    print(f"\nfit {len(ideas):,} ideas, number of themes chosen ({len(model.themes)}):")
    print(f"  ours       median {ours_median:6.2f} s   runs {[round(s, 2) for s in ours_seconds]}")
    print(f"  reference  median {reference_median:6.2f} s   "
          f"runs {[round(s, 2) for s in reference_seconds]}")
    print(f"  CPU time (all threads), medians: ours {statistics.median(ours_cpu):.2f} s, "
          f"reference {statistics.median(reference_cpu):.2f} s")
    print(f"  ratio ours / reference (wall): {ours_median / reference_median:.2f}")
    if model_dir is not None:
        print(f"  ours with embeddings ({embedded_themes} themes) median "
              f"{statistics.median(embedded_seconds):6.2f} s wall / "
              f"{statistics.median(embedded_cpu):.2f} s CPU   "
              f"runs {[round(s, 2) for s in embedded_seconds]}")
        encoder = SentenceEncoder.load(model_dir)
        encoder.encode(drafts[:8])
        timings = time_each(lambda draft: encoder.encode([draft]), drafts[:200])
        print(f"  encoder, one idea at a time: {percentiles(timings)}")
        start = time.perf_counter()
        encoder.encode(drafts)
        rate = len(drafts) / (time.perf_counter() - start)
        print(f"  encoder, {len(drafts)} ideas in one call: {rate:.0f} ideas/s "
              f"(46,000 ideas: {46_000 / rate / 60:.1f} min, paid once per idea as posted)")

    model.assign(drafts[:1])  # builds the model's scoring tables once, as the app would
    timings = time_each(lambda draft: model.assign([draft]), drafts)
    print(f"\nassign, one idea at a time: {percentiles(timings)}")
    start = time.perf_counter()
    model.assign(drafts)
    batch = time.perf_counter() - start
    print(f"assign, {len(drafts)} ideas in one call: {batch * 1000 / len(drafts):.3f} ms per idea")

    start = time.perf_counter()
    index = SimilarityIndex(corpus[: args.index_size])
    build = time.perf_counter() - start
    print(f"\nsimilar ideas: index of {len(index):,} built in {build:.2f} s")
    timings = time_each(lambda draft: index.query(draft, k=5), drafts)
    print(f"  query (k=5), one draft at a time: {percentiles(timings)}")
    timings = time_each(lambda draft: index.add([draft]), drafts[:200])
    print(f"  add one idea: {percentiles(timings)}")

    tracemalloc.start()
    find_themes(ideas, seed=0)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory: tracemalloc peak during one fit {peak / 2**20:.0f} MiB; "
          f"process max RSS {max_rss_mb:.0f} MiB")


if __name__ == "__main__":
    main()
