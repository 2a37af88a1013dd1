"""Similar ideas: recall of near-duplicate pairs and query latency, words vs meaning vs hybrid.

Run: ``.venv/bin/python bench/similar.py [--sections quality,latency] [--queries 300]``
(``make bench-similar``). Skips with a message when ../shared/data or the model is missing.

Pairs (query side, indexed side), all from ../shared/data:

- ``googlenews``: two titles of the same news story (GoogleNews T; up to ``--pairs-per-story``
  disjoint pairs per story). Titles of one story are near-paraphrases, often with few words in
  common ("nokia lumia launch" / "nokia unveils windows tablet"). The copy is lemmatised and
  has no stop words, which does not help the sentence model.
- ``so-draft`` / ``so-edit``: a Stack Overflow title against a draft of it. There are no
  natural pairs in that set, so the drafts are made: ``so-draft`` is its first 60 % of words
  (the participant is still typing), ``so-edit`` drops a third of its words and puts one
  typo (two letters swapped) in a long word.
- ``sib200 es->en`` / ``fr->en``: a Spanish or French sentence against its English original
  (SIB-200): what an English-only model cannot do, and TF-IDF can only through shared names.

For each pair the indexed side sits among a distractor corpus of the rest of its set (the other
titles of the set; the query sides are not indexed), then among 50,000 texts (all of those
plus the other sets: Stack Overflow and biomedical titles). Other items of the query's own
group (the same story) are also right answers, so they are left out of the ranking: what is
measured is whether *this* pair is found. recall@k is the share of queries whose pair is among
the ``k`` best. Methods: ``words`` (TF-IDF cosine alone, what ``SimilarityIndex`` ranks by),
``meaning`` (cosine of all-MiniLM-L6-v2 vectors alone) and ``hybrid``
(``HybridSimilarityIndex``'s combined score), and, at 50,000, the combination rules tried.

Latency: ``HybridSimilarityIndex.query(k=5)`` at 1,000, 10,000 and 50,000 items, one draft at a
time, without and with embedding the draft (``SentenceEncoder.encode([draft])``, timed on its
own too); index build time (bulk ``upsert``), tracemalloc peak and what the index retains; and
the cost of the changes a jam makes (edit, remove, compact, rebuild) at 50,000.

Corpus vectors are cached by ``bench/embedding_cache.py`` (~/.cache/jam-bench; the first run
encodes ~54,000 texts, 10-25 minutes on two cores). Benchmarks print figures; not a test.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
from threadpoolctl import ThreadpoolController

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.datasets import DATA_DIR, load_biomedical, load_stackoverflow
from bench.embedding_cache import cached_embeddings, model_dir_or_none
from bench.load import cpu_pressure_seconds, percentile
from clustering.text import HybridSimilarityIndex, SentenceEncoder, SimilarityIndex
from clustering.text._similar import combined_scores

T = TypeVar("T")
SCALE = 50_000
KS = (1, 5)


@dataclass(frozen=True)
class Texts:
    """One source of texts with a group per text (same group = the same story/sentence)."""

    name: str
    texts: list[str]
    groups: list[int]


def load_googlenews_titles(data_dir: Path = DATA_DIR) -> Texts | None:
    """GoogleNews titles (the T variant); a group is a news story, so its titles paraphrase."""
    path = data_dir / "googlenews" / "gsdmm_T.jsonl"
    if not path.is_file():
        return None
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return Texts("googlenews_t", [str(r["text"]) for r in rows], [int(r["cluster"]) for r in rows])


def load_sib200(language: str, data_dir: Path = DATA_DIR) -> Texts | None:
    """SIB-200 sentences of one language; a group is a FLORES sentence (its translations)."""
    path = data_dir / "sib200" / f"{language}.train.tsv"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return Texts(f"sib200_{language}", [r["text"] for r in rows],
                 [int(r["index_id"]) for r in rows])


def load_titles(name: str, data_dir: Path = DATA_DIR) -> Texts | None:
    """Stack Overflow or biomedical titles; a group is a title's lower-cased text, so the few
    titles posted twice are one group."""
    data = load_stackoverflow(data_dir) if name == "stackoverflow" else load_biomedical(data_dir)
    if data is None:
        return None
    first: dict[str, int] = {}
    groups = [first.setdefault(t.strip().lower(), i) for i, t in enumerate(data.texts)]
    return Texts(name, data.texts, groups)


@dataclass
class Corpus:
    """Indexed texts with their vectors and a globally unique group per text."""

    texts: list[str]
    vectors: np.ndarray
    groups: np.ndarray


@dataclass
class PairSet:
    """Queries, each with the corpus row of its pair and its group."""

    name: str
    queries: list[str]
    vectors: np.ndarray
    targets: np.ndarray  # corpus row of each query's pair
    groups: np.ndarray  # each query's group (rows of the same group other than the pair
    # are left out of its ranking)


def group_key(source: int, group: int) -> int:
    return source << 40 | group


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def so_drafts(titles: Texts, n: int, kind: str, rng: random.Random) -> list[tuple[int, str]]:
    """(row, draft) for ``n`` titles of at least 5 words; see the module docstring."""
    rows = [i for i, t in enumerate(titles.texts) if len(t.split()) >= 5]
    out = []
    for row in rng.sample(rows, n):
        words = titles.texts[row].split()
        if kind == "draft":
            words = words[: max(3, round(0.6 * len(words)))]
        else:
            drop = set(rng.sample(range(len(words)), len(words) // 3))
            words = [w for i, w in enumerate(words) if i not in drop]
            long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
            if long_words:
                i = rng.choice(long_words)
                words[i] = typo(words[i], rng)
        out.append((row, " ".join(words)))
    return out


def story_pairs(news: Texts, per_story: int, rng: random.Random) -> list[tuple[int, int]]:
    """(query row, indexed row): disjoint pairs of distinct titles of the same story."""
    by_story: dict[int, list[int]] = {}
    seen: set[tuple[int, str]] = set()
    for row, (text, story) in enumerate(zip(news.texts, news.groups, strict=True)):
        if (story, text) not in seen:  # the same title twice is no test
            seen.add((story, text))
            by_story.setdefault(story, []).append(row)
    pairs = []
    for story in sorted(by_story):
        rows = by_story[story]
        rng.shuffle(rows)
        for i in range(0, min(2 * per_story, len(rows) - 1), 2):
            pairs.append((rows[i], rows[i + 1]))
    return pairs


def ranks(scores: np.ndarray, pair_set: PairSet, q: int, rows_of_group: dict[int, np.ndarray]
          ) -> int:
    """0-based rank of query ``q``'s pair under ``scores`` (ties: lower row first), leaving out
    the other rows of its group."""
    target = int(pair_set.targets[q])
    value = scores[target]
    s = scores.copy()
    s[rows_of_group[int(pair_set.groups[q])]] = -np.inf
    s[target] = value
    return int(np.count_nonzero(s > value) + np.count_nonzero(s[:target] == value))


def weighted(w: float) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    return lambda words, meaning: w * words + (1.0 - w) * meaning


def calibrated_max(floor: float) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    return lambda words, meaning: np.maximum(words, (meaning - floor) / (1.0 - floor))


def calibrated_sum(floor: float) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    return lambda words, meaning: words + np.maximum((meaning - floor) / (1.0 - floor), 0.0)


RULES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "words": lambda words, meaning: words,
    "meaning": lambda words, meaning: meaning,
    "hybrid, exact scan": lambda words, meaning: combined_scores(words, meaning,
                                                                 np.ones(len(words), bool)),
    **{f"sum w={w}": weighted(w) for w in (0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)},
    **{f"max floor={f}": calibrated_max(f) for f in (0.0, 0.1, 0.2, 0.3, 0.4)},
    **{f"words+cal floor={f}": calibrated_sum(f) for f in (0.3, 0.5)},
}
MAIN_RULES = ("words", "meaning", "hybrid", "hybrid, exact scan")
# "hybrid" is HybridSimilarityIndex.query itself (with its fast first pass at scale); the other
# rules are computed here from the exact cosines of every item.


def recall(corpus: Corpus, pair_sets: list[PairSet], rules: tuple[str, ...]
           ) -> tuple[dict[str, dict[str, list[float]]], dict[str, tuple[np.ndarray, np.ndarray]]]:
    """recall@k of every rule on every pair set: {set: {rule: [recall@1, recall@5]}}, and of
    ``HybridSimilarityIndex.query`` as "hybrid"; and per set the combined score of each pair
    and of the best item that is not the pair (nor in its group)."""
    index = HybridSimilarityIndex()
    index.upsert(range(len(corpus.texts)), corpus.texts, corpus.vectors)
    order = np.argsort(corpus.groups, kind="stable")
    bounds = np.flatnonzero(np.diff(corpus.groups[order])) + 1
    rows_of_group = {int(corpus.groups[part[0]]): part
                     for part in np.split(order, bounds) if len(part)}
    empty = np.zeros(0, dtype=np.int64)
    out: dict[str, dict[str, list[float]]] = {}
    scores: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for pair_set in pair_sets:
        hits = {rule: np.zeros(len(KS)) for rule in (*rules, "hybrid")}
        pair_scores, other_scores = [], []
        for q, text in enumerate(pair_set.queries):
            group = int(pair_set.groups[q])
            rows_of_group.setdefault(group, empty)
            words, meaning = index._scores(text, pair_set.vectors[q])
            words = np.zeros(len(corpus.texts)) if words is None else words
            assert meaning is not None
            for rule in rules:
                rank = ranks(RULES[rule](words, meaning), pair_set, q, rows_of_group)
                hits[rule] += [rank < k for k in KS]
            combined = RULES["hybrid, exact scan"](words, meaning)
            pair_scores.append(combined[pair_set.targets[q]])
            combined[rows_of_group[group]] = -np.inf
            other_scores.append(combined.max())
            # The public query, asked for enough results to skip the pair's group mates.
            wanted = max(KS) + len(rows_of_group[group])
            found = [r.id for r in index.query(text, pair_set.vectors[q], k=wanted,
                                               min_score=-1.0)
                     if r.id == pair_set.targets[q] or corpus.groups[r.id] != group]
            hits["hybrid"] += [int(pair_set.targets[q]) in found[:k] for k in KS]
        out[pair_set.name] = {rule: (hits[rule] / len(pair_set.queries)).tolist()
                              for rule in hits}
        scores[pair_set.name] = np.array(pair_scores), np.array(other_scores)
    return out, scores


def print_scores(scores: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
    """Where a ``min_score`` threshold would cut: the pair's score against the best other's."""
    print(f"\nhybrid score at {SCALE:,} items: the pair's (p10 / p50 / p90) and the best other "
          "item's (p50 / p90 / p99), and the share of pairs above a min_score")
    cuts = (0.3, 0.4, 0.5, 0.6)
    print("| pairs | pair's score | best other's | " + " | ".join(f"> {c}" for c in cuts)
          + " | others > 0.4 | others > 0.5 |")
    print("|---|---|---|" + "---|" * (len(cuts) + 2))
    for name, (pair, other) in scores.items():
        shares = " | ".join(f"{np.mean(pair > c):.2f}" for c in cuts)
        print(f"| {name} | {' / '.join(f'{v:.2f}' for v in np.quantile(pair, [0.1, 0.5, 0.9]))}"
              f" | {' / '.join(f'{v:.2f}' for v in np.quantile(other, [0.5, 0.9, 0.99]))} | "
              f"{shares} | {np.mean(other > 0.4):.2f} | {np.mean(other > 0.5):.2f} |")


def print_recall(title: str, results: dict[str, dict[str, list[float]]],
                 sizes: dict[str, tuple[int, int]]) -> None:
    print(f"\n{title}")
    header = " | ".join(f"{rule} R@1  R@5" for rule in MAIN_RULES)
    print(f"| pairs | queries | indexed | {header} |")
    print("|---|---|---|" + "---|" * len(MAIN_RULES))
    for name, by_rule in results.items():
        n_queries, n_indexed = sizes[name]
        cells = " | ".join(f"{by_rule[r][0]:.3f} {by_rule[r][1]:.3f}" for r in MAIN_RULES)
        print(f"| {name} | {n_queries} | {n_indexed:,} | {cells} |")


def print_rules(results: dict[str, dict[str, list[float]]]) -> None:
    names = list(results)
    print(f"\ncombination rules at {SCALE:,} items (recall@1 / recall@5; mean over pair sets)")
    print("| rule | " + " | ".join(names) + " | mean |")
    print("|---|" + "---|" * (len(names) + 1))
    for rule in ("hybrid", *RULES):
        cells = [results[n][rule] for n in names]
        mean = np.mean(cells, axis=0)
        print(f"| {rule} | " + " | ".join(f"{c[0]:.3f} / {c[1]:.3f}" for c in cells)
              + f" | {mean[0]:.3f} / {mean[1]:.3f} |")


def quality(sources: dict[str, Texts], vectors: dict[str, np.ndarray],
            drafts: dict[str, tuple[list[tuple[int, str]], np.ndarray]],
            news_pairs: list[tuple[int, int]]) -> None:
    news, so = sources["googlenews_t"], sources["stackoverflow"]
    eng = sources["sib200_eng"]
    news_queries = np.array([q for q, _ in news_pairs])
    news_rows = np.setdiff1d(np.arange(len(news.texts)), news_queries)
    # The corpus of each set alone, and the 50,000 mix: its rows are [set][row] -> row.
    parts = {
        "googlenews_t": news_rows,
        "stackoverflow": np.arange(len(so.texts)),
        "sib200_eng": np.arange(len(eng.texts)),
    }
    fill = SCALE - sum(len(p) for p in parts.values())
    parts["biomedical"] = np.arange(min(fill, len(sources["biomedical"].texts)))
    source_ids = {name: i for i, name in enumerate(parts)}

    def corpus_of(names: list[str]) -> tuple[Corpus, dict[str, np.ndarray]]:
        texts: list[str] = []
        vecs, groups, row_map = [], [], {}
        for name in names:
            rows = parts[name]
            row_map[name] = np.full(len(sources[name].texts), -1)
            row_map[name][rows] = np.arange(len(texts), len(texts) + len(rows))
            texts.extend(sources[name].texts[r] for r in rows.tolist())
            vecs.append(vectors[name][rows])
            groups.extend(group_key(source_ids[name], sources[name].groups[r])
                          for r in rows.tolist())
        return Corpus(texts, np.concatenate(vecs), np.array(groups)), row_map

    def pair_sets(row_map: dict[str, np.ndarray], names: list[str]) -> list[PairSet]:
        out = []
        if "googlenews_t" in names:
            m = row_map["googlenews_t"]
            out.append(PairSet(
                "googlenews", [news.texts[q] for q, _ in news_pairs],
                vectors["googlenews_t"][news_queries], m[[t for _, t in news_pairs]],
                np.array([group_key(source_ids["googlenews_t"], news.groups[q])
                          for q, _ in news_pairs])))
        if "stackoverflow" in names:
            m = row_map["stackoverflow"]
            for kind, (rows_texts, vecs) in drafts.items():
                rows = [r for r, _ in rows_texts]
                out.append(PairSet(
                    f"so-{kind}", [t for _, t in rows_texts], vecs, m[rows],
                    np.array([group_key(source_ids["stackoverflow"], so.groups[r])
                              for r in rows])))
        if "sib200_eng" in names:
            m = row_map["sib200_eng"]
            row_of_sentence = {g: r for r, g in enumerate(eng.groups)}
            for language, code in (("spa", "es"), ("fra", "fr")):
                other = sources[f"sib200_{language}"]
                rows = [row_of_sentence[g] for g in other.groups]
                out.append(PairSet(
                    f"sib200 {code}->en", other.texts, vectors[other.name], m[rows],
                    np.array([group_key(source_ids["sib200_eng"], g) for g in other.groups])))
        return out

    alone: dict[str, dict[str, list[float]]] = {}
    sizes: dict[str, tuple[int, int]] = {}
    for name in ("googlenews_t", "stackoverflow", "sib200_eng"):
        corpus, row_map = corpus_of([name])
        sets = pair_sets(row_map, [name])
        alone.update(recall(corpus, sets, ("words", "meaning", "hybrid, exact scan"))[0])
        sizes.update({s.name: (len(s.queries), len(corpus.texts)) for s in sets})
    print_recall("recall, each pair among the rest of its own set", alone, sizes)

    corpus, row_map = corpus_of(list(parts))
    sets = pair_sets(row_map, list(parts))
    start = time.perf_counter()
    mixed, scores = recall(corpus, sets, tuple(RULES))
    print_recall(f"recall, each pair among {len(corpus.texts):,} texts of all sets "
                 f"({time.perf_counter() - start:.0f} s)", mixed,
                 {s.name: (len(s.queries), len(corpus.texts)) for s in sets})
    print_rules(mixed)
    print_scores(scores)


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def time_each(call: Callable[[T], object], items: list[T]) -> list[float]:
    """Milliseconds of ``call(item)`` for each item, one at a time."""
    out = []
    for item in items:
        start = time.perf_counter()
        call(item)
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(ms: list[float]) -> str:
    ordered = sorted(ms)
    return (f"p50 {percentile(ordered, 0.5):6.2f} ms  p99 {percentile(ordered, 0.99):6.2f} ms  "
            f"(n={len(ms)})")


def latency(sources: dict[str, Texts], vectors: dict[str, np.ndarray], drafts: list[str],
            encoder: SentenceEncoder, seed: int) -> None:
    names = ["googlenews_t", "stackoverflow", "biomedical", "sib200_eng"]
    texts = [t for n in names for t in sources[n].texts]
    vecs = np.concatenate([vectors[n] for n in names])
    order = np.random.default_rng(seed).permutation(len(texts))[:SCALE]
    texts = [texts[i] for i in order.tolist()]
    vecs = vecs[order]
    for draft in drafts[:10]:  # warm the tokenizer and the BLAS threads
        encoder.encode([draft])
    blas = ThreadpoolController()
    default_threads = max((info["num_threads"] for info in blas.info()
                           if info["user_api"] == "blas"), default=1)
    print(f"\nlatency, one draft at a time (k=5), {len(drafts)} drafts; ms p50 / p99. Each "
          f"draft is run with 1 BLAS thread and with the default ({default_threads}) in turn; "
          "psi% is the share of the time some task on the host waited for a CPU.")
    print("| items | index | BLAS threads | words only | given the vector | encoder alone | "
          "including the encoder | psi% |")
    print("|---|---|---|---|---|---|---|---|")
    for n in (1_000, 10_000, SCALE):
        time_queries(texts[:n], vecs[:n], drafts, encoder, blas, default_threads,
                     exact_too=n == SCALE)
    memory(texts, vecs)
    changes(texts, vecs, drafts, encoder)


def time_queries(texts: list[str], vecs: np.ndarray, drafts: list[str],
                 encoder: SentenceEncoder, blas: ThreadpoolController, default_threads: int,
                 *, exact_too: bool) -> None:
    """One row per index and BLAS thread count. Every draft is encoded once per thread count
    and queried on every index in turn, so all rows see the same moments of the host's load
    (psi% is measured over the drafts' encoding and vector queries)."""
    start = time.perf_counter()
    plain = SimilarityIndex(texts)
    plain_label = f"SimilarityIndex (today), built in {time.perf_counter() - start:.2f} s"
    indexes: dict[str, HybridSimilarityIndex] = {}
    for exact in (False, True) if exact_too else (False,):
        start = time.perf_counter()
        index = HybridSimilarityIndex(exact=exact)
        index.upsert(range(len(texts)), texts, vecs)
        label = "hybrid, exact scan" if exact else "hybrid"
        indexes[f"{label}, built in {time.perf_counter() - start:.2f} s"] = index
    # Words only (no BLAS): the drafts one after another, every index in turn.
    words_ms: dict[str, list[float]] = {label: [] for label in (plain_label, *indexes)}
    for draft in drafts:
        words_ms[plain_label].append(timed(lambda: plain.query(draft, k=5)))  # noqa: B023
        for label, index in indexes.items():
            words_ms[label].append(timed_query(index, draft, None))
    print(f"| {len(texts):,} | {plain_label} | | {p50_p99(sorted(words_ms[plain_label]))} "
          "| | | | |")
    # With the draft's vector: encoded once per thread count, then queried on every index.
    threads = sorted({1, default_threads})
    keys = ("query", "encode", "total")
    ms = {(label, t): {key: [] for key in keys} for label in indexes for t in threads}
    pressure = dict.fromkeys(threads, 0.0)
    window = dict.fromkeys(threads, 0.0)
    for draft in drafts:
        for t in threads:
            with blas.limit(limits=t, user_api="blas"):
                before, began = cpu_pressure_seconds() or 0.0, time.perf_counter()
                vector = encoder.encode([draft])[0]
                encode_ms = (time.perf_counter() - began) * 1000
                for label, index in indexes.items():
                    query_ms = timed_query(index, draft, vector)
                    ms[label, t]["query"].append(query_ms)
                    ms[label, t]["encode"].append(encode_ms)
                    ms[label, t]["total"].append(encode_ms + query_ms)
                pressure[t] += (cpu_pressure_seconds() or 0.0) - before
                window[t] += time.perf_counter() - began
    for label in indexes:
        for t in threads:
            cells = " | ".join(p50_p99(sorted(ms[label, t][key])) for key in keys)
            psi = f"{100 * pressure[t] / window[t]:.0f}" if window[t] else "?"
            print(f"| {len(texts):,} | {label} | {t} | {p50_p99(sorted(words_ms[label]))} | "
                  f"{cells} | {psi} |")


def timed_query(index: HybridSimilarityIndex, draft: str, vector: np.ndarray | None) -> float:
    start = time.perf_counter()
    index.query(draft, vector, k=5)
    return (time.perf_counter() - start) * 1000


def p50_p99(ordered: list[float]) -> str:
    return f"{percentile(ordered, 0.5):.2f} / {percentile(ordered, 0.99):.2f}"


def memory(texts: list[str], vecs: np.ndarray) -> None:
    tracemalloc.start()
    index = HybridSimilarityIndex()
    index.upsert(range(len(texts)), texts, vecs)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\n  memory at {len(texts):,} items: the index retains {current / 2**20:.0f} MiB "
          f"(vectors alone {vecs.nbytes / 2**20:.0f} MiB), tracemalloc peak during the bulk "
          f"upsert {peak / 2**20:.0f} MiB; process max RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    del index


def changes(texts: list[str], vecs: np.ndarray, drafts: list[str],
            encoder: SentenceEncoder) -> None:
    n = len(texts)
    index = HybridSimilarityIndex()
    index.upsert(range(n), texts, vecs)
    rng = np.random.default_rng(1)
    edited = rng.choice(n, size=200, replace=False).tolist()
    draft_vectors = encoder.encode(drafts[:200])
    m = len(draft_vectors)

    def edit(j: int) -> None:
        index.upsert([edited[j]], [drafts[j % m]], draft_vectors[j % m][None, :])

    def add(j: int) -> None:
        index.upsert([n + j], [drafts[j % m]], draft_vectors[j % m][None, :])

    edit_ms = time_each(edit, list(range(len(edited))))
    new_ms = time_each(add, list(range(2100)))  # one merge of the pending words rows
    removed = rng.choice(n, size=200, replace=False).tolist()
    remove_ms = time_each(lambda i: index.remove([i]), removed)
    compact_ms = timed(index.compact)
    rebuild_ms = timed(index.rebuild)
    print(f"\n  changes at {n:,} items (one item per call):")
    print(f"    edit (upsert of an existing id): {summary(edit_ms)}")
    print(f"    new item (upsert of a new id):   {summary(new_ms)}, slowest {max(new_ms):.0f} ms "
          "(every 2,000th change merges the pending words rows)")
    print(f"    remove:                          {summary(remove_ms)}")
    print(f"    compact {compact_ms:.0f} ms (runs by itself once retired rows are a quarter), "
          f"rebuild {rebuild_ms:.0f} ms (by itself when the items have doubled)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sections", default="quality,latency")
    parser.add_argument("--pairs-per-story", type=int, default=4)
    parser.add_argument("--so-pairs", type=int, default=400, help="Stack Overflow drafts per kind")
    parser.add_argument("--queries", type=int, default=300, help="drafts timed per index size")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    sections = set(args.sections.split(","))

    loaded = {
        "googlenews_t": load_googlenews_titles(),
        "stackoverflow": load_titles("stackoverflow"),
        "biomedical": load_titles("biomedical"),
        **{f"sib200_{lang}": load_sib200(lang) for lang in ("eng", "spa", "fra")},
    }
    missing = [name for name, texts in loaded.items() if texts is None]
    if missing:
        print(f"skipped: {', '.join(missing)} not found under {DATA_DIR} "
              "(see ../shared/data/README.md)")
        return 0
    model_dir = model_dir_or_none()
    if model_dir is None:
        print("skipped: the sentence-embedding model is not installed (`jam model fetch`)")
        return 0
    sources = {name: texts for name, texts in loaded.items() if texts is not None}
    vectors = {name: cached_embeddings(t.texts, model_dir, label=name)
               for name, t in sources.items()}
    rng = random.Random(args.seed)
    news_pairs = story_pairs(sources["googlenews_t"], args.pairs_per_story, rng)
    drafts = {}
    for kind in ("draft", "edit"):
        rows_texts = so_drafts(sources["stackoverflow"], args.so_pairs, kind, rng)
        drafts[kind] = (rows_texts, cached_embeddings([t for _, t in rows_texts], model_dir,
                                                      label=f"similar-so-{kind}"))
    if "quality" in sections:
        quality(sources, vectors, drafts, news_pairs)
    if "latency" in sections:
        pool = ([sources["googlenews_t"].texts[q] for q, _ in news_pairs]
                + [t for kind in drafts.values() for _, t in kind[0]])
        timed_drafts = random.Random(args.seed + 1).sample(pool, min(args.queries, len(pool)))
        latency(sources, vectors, timed_drafts, SentenceEncoder.load(model_dir), args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
