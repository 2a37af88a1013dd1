"""Themes: groups of ideas about the same thing, found live while a jam runs.

Plain data in (a list of strings), plain dataclasses out; no web or database imports, so the
same code serves the app and a notebook.

The method, in one place (details and reasons in the modules it uses):

1. Words: lower-cased content words (English and Spanish stop words removed, any script,
   emoji dropped), kept when they occur in at least two texts (``clustering.text._words``).
2. Grouping: a Dirichlet-multinomial mixture ("one theme per text", GSDMM) fitted by block
   collapsed Gibbs sampling (``clustering.themes._dmm``).
3. Number of themes: with ``n_themes=None`` the sampler starts with more clusters than any jam
   needs (``MAX_THEMES``) and lets clusters that explain little empty out, as GSDMM does: the
   number that survives is the number the data supports. Why this and not a criterion such as
   silhouette or BIC over a range of k: it costs one fit instead of one per candidate k (the
   10-second budget at 46,000 ideas allows no more), and it was the only approach we tried
   that found both 20-odd broad topics and 100+ narrow news stories without a per-set switch.
   Clusters smaller than ``min_theme_size`` are then dissolved, and split and merge moves
   are tried (``clustering.themes._split_merge``): a cluster is cut in two, or two similar
   clusters joined, only when that raises the same model's posterior (with a
   Chinese-restaurant-process prior on the partition), which one-text-at-a-time sampling
   cannot do on its own. With ``n_themes`` given, the same fit is then merged (least costly
   merge first) or split (most worthwhile split first) until the count is right.
4. Sharpening: one spherical k-means step on TF-IDF vectors, started from the model's
   grouping (``clustering.themes._refine``): distinctive words get more say than in the
   mixture model, which measurably helped on every benchmark set.
   Word weights here (and in the split proposals) are sublinear tf x idf ** 1.5
   (``IDF_POWER``), a little sharper than plain TF-IDF.
   With ``embeddings`` (sentence vectors, e.g. ``clustering.text.SentenceEncoder``),
   a second step follows with each text's vector joined to its TF-IDF row (weight
   ``_refine.EMBEDDING_WEIGHT``): words decide how many themes there are and roughly
   where they lie, meaning then moves the texts whose words were ambiguous. Why only here:
   in the mixture model itself there is no cheap way to use dense vectors, and this one step
   gave most of the gain measured (mean NMI over seeds 0-2, k chosen, words -> words + meaning:
   stackoverflow 0.692 -> 0.774, biomedical 0.424 -> 0.448, searchsnippets 0.442 -> 0.486,
   googlenews 0.943 -> 0.945; a single joined step instead of word step + joined step gave
   0.753 on stackoverflow, weight 1.0 instead of 0.7 gave 0.765).
   No theme: in the fit, only a text without a known word (or in a theme left smaller than
   ``min_theme_size``) gets ``None``; every other text keeps its theme. ``assign`` is
   stricter with new texts: one whose words the best theme explains less than 20% better
   than the whole corpus does (see ``_scoring.word_lift``) gets ``None``, so an idea
   on a new topic is not forced into an old theme.
5. Labels and keywords: class-based TF-IDF over words and two-word phrases
   (``clustering.themes._labels``); map coordinates by multidimensional scaling of the themes'
   word distributions (``clustering.themes._map``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from clustering.text._words import (
    build_vocabulary,
    count_matrix,
    encode,
    inverse_document_frequency,
    presence_matrix,
    tfidf,
    tokenize,
)
from clustering.themes._dmm import DmmSettings, fit_dmm
from clustering.themes._labels import label_from_keywords, theme_keywords
from clustering.themes._map import theme_map
from clustering.themes._matching import ThemeChange, match_theme_ids
from clustering.themes._refine import sharpen
from clustering.themes._scoring import (
    EntryLookup,
    log_smoothed_counts,
    theme_log_scores,
    word_lift,
)
from clustering.themes._split_merge import force_count, split_and_merge

# Upper bound on the number of themes found automatically; the sampler starts from this many.
MAX_THEMES = 200
# Every fitted text with a known word keeps the theme the fit gave it (MIN_LIFT_MEMBER = -inf:
# no lift threshold). Withholding fitted texts whose mean log lift was <= 0 left ~10% of
# stackoverflow titles without a theme and cost NMI on every benchmark set (k chosen, seed 0:
# stackoverflow 0.668 -> 0.700, searchsnippets 0.421 -> 0.435, biomedical 0.419 -> 0.426,
# googlenews 0.936 -> 0.945 when they are placed). A new text placed by ``assign`` must still
# clear a margin: its words must be, on average, 20% more likely in the theme than in the
# corpus. Without the margin, a text about something new whose only known words are ones every
# theme uses (lift ~ 0 +- noise) would join a theme by chance, and a refit could not report its
# topic as new.
MIN_LIFT_MEMBER = -math.inf
MIN_LIFT_NEW = math.log(1.2)
# Word weights for the split proposals and the sharpening step: idf ** 1.5, so that
# distinctive words count for more than under plain TF-IDF (mean NMI over seeds 0-2,
# k chosen: searchsnippets 0.429 -> 0.442, biomedical 0.418 -> 0.424, stackoverflow 0.692 and
# googlenews 0.943 unchanged).
IDF_POWER = 1.5
N_REPRESENTATIVE = 5
N_KEYWORDS = 10
FORMAT_VERSION = 1


@dataclass
class Theme:
    """One theme. ``members`` and ``representative`` are indices into the fitted texts."""

    id: int
    label: str
    keywords: list[tuple[str, float]]
    size: int
    representative: list[int]
    members: list[int]
    position: tuple[float, float]


@dataclass
class ThemeModel:
    """The result of ``find_themes``: themes, each text's theme, and what ``assign`` needs.

    ``assignments[i]`` is the theme id of text ``i`` or ``None`` (no theme); ``coords[i]`` its
    point on the theme map. ``changes`` is filled on a refit against a previous model. The
    statistics below the public fields are word counts per theme (a few per text), kept so new
    texts can be placed and a saved model reloaded without refitting.
    """

    themes: list[Theme]
    assignments: list[int | None]
    coords: list[tuple[float, float]]
    n_themes_chosen: bool
    seed: int
    changes: list[ThemeChange] = field(default_factory=list)
    next_id: int = 1
    # Statistics for assign(): word -> number of texts containing it, per theme and overall.
    theme_word_counts: list[dict[str, int]] = field(default_factory=list)
    corpus_word_counts: dict[str, int] = field(default_factory=dict)
    alpha: float = DmmSettings.alpha
    beta: float = DmmSettings.beta
    _scorer: _Scorer | None = field(default=None, init=False, repr=False, compare=False)

    def theme(self, theme_id: int) -> Theme:
        """The theme with this id (``KeyError`` if none)."""
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    def assign(self, new_texts: Sequence[str]) -> list[int | None]:
        """Theme id for each new text (``None``: fits no theme), without refitting.

        Uses the fit's posterior, from the stored counts, and gives no theme to a text whose
        words the best theme explains less than 20% better than the corpus does
        (``MIN_LIFT_NEW``); the model is not changed, so results do not drift as ideas arrive.
        """
        texts = _check_texts(new_texts)
        if not texts or not self.themes:
            return [None] * len(texts)
        scorer = self._get_scorer()
        presence = count_matrix([tokenize(t) for t in texts], scorer.vocabulary, binary=True)
        best, _lift = scorer.place(presence)
        ids = [theme.id for theme in self.themes]
        return [ids[k] if k >= 0 else None for k in best.tolist()]

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible snapshot (only lists, dicts, str, int, float, bool, None)."""
        data: dict[str, Any] = {
            "format_version": FORMAT_VERSION,
            "themes": [asdict(theme) for theme in self.themes],
            "assignments": list(self.assignments),
            "coords": [list(point) for point in self.coords],
            "n_themes_chosen": self.n_themes_chosen,
            "seed": self.seed,
            "changes": [asdict(change) for change in self.changes],
            "next_id": self.next_id,
            "theme_word_counts": [dict(counts) for counts in self.theme_word_counts],
            "corpus_word_counts": dict(self.corpus_word_counts),
            "alpha": self.alpha,
            "beta": self.beta,
        }
        for theme in data["themes"]:
            theme["keywords"] = [list(pair) for pair in theme["keywords"]]
            theme["position"] = list(theme["position"])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ThemeModel:
        """Inverse of ``to_dict`` (also accepts the dict after a JSON round trip)."""
        version = data.get("format_version")
        if version != FORMAT_VERSION:
            raise ValueError(f"unsupported ThemeModel format_version: {version!r}")
        themes = [
            Theme(
                id=int(t["id"]),
                label=str(t["label"]),
                keywords=[(str(w), float(s)) for w, s in t["keywords"]],
                size=int(t["size"]),
                representative=[int(i) for i in t["representative"]],
                members=[int(i) for i in t["members"]],
                position=(float(t["position"][0]), float(t["position"][1])),
            )
            for t in data["themes"]
        ]
        return cls(
            themes=themes,
            assignments=[None if a is None else int(a) for a in data["assignments"]],
            coords=[(float(x), float(y)) for x, y in data["coords"]],
            n_themes_chosen=bool(data["n_themes_chosen"]),
            seed=int(data["seed"]),
            changes=[
                ThemeChange(c["kind"], int(c["theme_id"]), [int(i) for i in c["previous_ids"]])
                for c in data["changes"]
            ],
            next_id=int(data["next_id"]),
            theme_word_counts=[
                {str(w): int(n) for w, n in counts.items()} for counts in data["theme_word_counts"]
            ],
            corpus_word_counts={str(w): int(n) for w, n in data["corpus_word_counts"].items()},
            alpha=float(data["alpha"]),
            beta=float(data["beta"]),
        )

    def __getstate__(self) -> dict[str, Any]:
        # The scorer is a cache of derived arrays; rebuild it after unpickling.
        state = dict(self.__dict__)
        state["_scorer"] = None
        return state

    def _get_scorer(self) -> _Scorer:
        if self._scorer is None:
            self._scorer = _Scorer.from_counts(
                self.theme_word_counts,
                self.corpus_word_counts,
                self.alpha,
                self.beta,
                np.array([theme.size for theme in self.themes], dtype=np.float64),
            )
        return self._scorer


@dataclass
class _Scorer:
    """Arrays derived from a model's counts, built once per model for fast ``assign``."""

    vocabulary: dict[str, int]
    vocabulary_size: int
    word_counts: sp.csr_matrix  # themes x words
    word_count_lookup: EntryLookup
    log_table: sp.csr_matrix
    theme_totals: np.ndarray
    theme_sizes: np.ndarray
    corpus_counts: np.ndarray
    alpha: float
    beta: float

    @classmethod
    def from_counts(
        cls,
        theme_word_counts: list[dict[str, int]],
        corpus_word_counts: dict[str, int],
        alpha: float,
        beta: float,
        theme_sizes: np.ndarray,
    ) -> _Scorer:
        words = sorted(corpus_word_counts)
        vocabulary = {w: i for i, w in enumerate(words)}
        rows, cols, vals = [], [], []
        for k, counts in enumerate(theme_word_counts):
            for word, count in counts.items():
                rows.append(k)
                cols.append(vocabulary[word])
                vals.append(float(count))
        word_counts = sp.csr_matrix(
            (vals, (rows, cols)), shape=(len(theme_word_counts), len(vocabulary))
        )
        corpus = np.array([corpus_word_counts[w] for w in words], dtype=np.float64)
        return cls.from_matrix(vocabulary, len(vocabulary), word_counts, corpus, alpha, beta,
                               theme_sizes)

    @classmethod
    def from_matrix(
        cls,
        vocabulary: dict[str, int],
        vocabulary_size: int,
        word_counts: sp.csr_matrix,
        corpus_counts: np.ndarray,
        alpha: float,
        beta: float,
        theme_sizes: np.ndarray,
    ) -> _Scorer:
        totals = np.asarray(word_counts.sum(axis=1)).ravel()
        return cls(
            vocabulary,
            vocabulary_size,
            word_counts,
            EntryLookup(word_counts),
            log_smoothed_counts(word_counts, beta),
            totals,
            np.asarray(theme_sizes, dtype=np.float64),
            corpus_counts,
            alpha,
            beta,
        )

    def place(self, presence: sp.csr_matrix, *, members: np.ndarray | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
        """(best theme index or -1, word lift) for each row of ``presence``.

        With ``members`` (the theme each row was fitted in, or -1), the lift of fitted texts is
        computed without their own words, as during the fit.
        """
        n = presence.shape[0]
        best = np.full(n, -1, dtype=np.int64)
        if n == 0 or self.word_counts.shape[0] == 0:
            return best, np.full(n, -np.inf)
        scores = theme_log_scores(
            presence,
            self.log_table,
            self.theme_totals,
            self.theme_sizes,
            self.vocabulary_size,
            self.alpha,
            self.beta,
        )
        best = scores.argmax(axis=1)
        if members is not None:
            best = np.where(members >= 0, members, best)
        has_words = np.diff(presence.indptr) > 0
        best[~has_words] = -1
        own = members if members is not None else np.full(n, -1)
        lift = np.full(n, -np.inf)
        for is_member in (True, False):
            rows = np.flatnonzero((own >= 0) == is_member)
            if len(rows):
                lift[rows] = word_lift(
                    presence[rows],
                    best[rows],
                    self.word_count_lookup,
                    self.theme_totals,
                    self.corpus_counts,
                    self.beta,
                    members=is_member,
                )
        # With a single theme, "better than the corpus" is meaningless: the theme is the corpus.
        if self.word_counts.shape[0] > 1:
            threshold = np.where(own >= 0, MIN_LIFT_MEMBER, MIN_LIFT_NEW)
            best[lift <= threshold] = -1
        return best, lift


def _check_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise TypeError("texts must be a sequence of strings, not one string")
    texts = list(texts)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"texts[{i}] is {type(text).__name__}, not str")
    return texts


def _check_embeddings(embeddings: np.ndarray | None, n_texts: int) -> np.ndarray | None:
    """Unit-length float32 rows, one per text, or ``None``; ``ValueError`` on a wrong shape."""
    if embeddings is None:
        return None
    matrix = np.asarray(embeddings, dtype=np.float32)
    if matrix.ndim != 2 or matrix.shape[0] != n_texts or matrix.shape[1] == 0:
        raise ValueError(
            f"embeddings must have one row per text ({n_texts}), got shape {matrix.shape}"
        )
    if not np.isfinite(matrix).all():
        raise ValueError("embeddings contain NaN or infinite values")
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def default_min_theme_size(n_texts: int) -> int:
    """Smallest theme worth showing: 2 texts, growing to 1 in 2,000 for big jams."""
    return max(2, n_texts // 2000)


def find_themes(
    texts: Sequence[str],
    *,
    n_themes: int | None = None,
    seed: int = 0,
    previous: ThemeModel | None = None,
    min_theme_size: int | None = None,
    embeddings: np.ndarray | None = None,
    threads: int | None = None,
) -> ThemeModel:
    """Group ``texts`` into themes.

    - ``n_themes=None``: the number of themes is chosen by the fit itself (see the module
      docstring: clusters that explain little empty out, starting from ``MAX_THEMES``, then
      split/merge moves). With a number: the same fit, then the least costly merges or the
      most worthwhile splits under the same model until there are that many (fewer only if
      some end up smaller than ``min_theme_size``, or there are fewer texts).
    - ``seed``: same texts + same seed = same model.
    - ``previous``: a model fitted earlier on (mostly) the same jam; themes that continue one of
      its themes keep that id, and ``changes`` says which themes are new, split, merged or
      vanished (see ``clustering.themes._matching``). Without it, ids are 1, 2, ... by size.
    - ``min_theme_size``: default ``default_min_theme_size(len(texts))``.
    - ``embeddings``: optional sentence vectors, one row per text (for instance from
      ``clustering.text.SentenceEncoder``); rows are L2-normalised here. They join the
      TF-IDF vectors in the sharpening step (``_refine``), so ideas that mean the same
      thing in different words end up together.
    - ``threads``: how many threads the sampler scores texts on; default
      ``_dmm.default_threads()`` (the cores available, at most 2). The result is the
      same for any number: only the time changes.

    Raises ``TypeError`` for anything but a sequence of strings and ``ValueError`` for
    ``n_themes < 1`` or embeddings of the wrong shape.
    """
    texts = _check_texts(texts)
    meaning = _check_embeddings(embeddings, len(texts))
    if n_themes is not None and (isinstance(n_themes, bool) or int(n_themes) != n_themes
                                 or n_themes < 1):
        raise ValueError(f"n_themes must be a positive integer or None, got {n_themes!r}")
    if threads is not None and (isinstance(threads, bool) or not isinstance(threads, int)
                                or threads < 1):
        raise ValueError(f"threads must be a positive integer or None, got {threads!r}")
    n = len(texts)
    min_size = default_min_theme_size(n) if min_theme_size is None else max(1, min_theme_size)
    settings = DmmSettings()
    tokens = [tokenize(t) for t in texts]
    # Words in one text only cannot link texts; but in tiny corpora every word is needed.
    vocabulary = build_vocabulary(tokens, min_df=2 if n >= 50 else 1)
    token_ids, text_of_token = encode(tokens, vocabulary)
    known = token_ids >= 0
    presence = presence_matrix(token_ids[known], text_of_token[known], n, len(vocabulary))
    counts = presence_matrix(token_ids[known], text_of_token[known], n, len(vocabulary),
                             binary=False)
    with_words = np.flatnonzero(np.diff(presence.indptr) > 0)

    labels = np.full(n, -1, dtype=np.int64)
    if len(with_words) >= min_size:
        # The same fit either way; a given number is imposed afterwards (``force_count``).
        start = max(MAX_THEMES, int(n_themes or 0))
        raw = fit_dmm(presence[with_words], start, settings=settings, seed=seed, threads=threads,
                      let_clusters_die=True)
        labels[with_words] = raw
    labels = _settle(presence, counts, labels, min_size, settings, seed, n_themes, meaning)

    n_found = int(labels.max()) + 1 if n else 0
    word_counts = _theme_word_counts(presence, labels, n_found)
    corpus_counts = np.bincount(presence.indices, minlength=len(vocabulary)).astype(np.float64)
    positions, coords = theme_map(presence, labels, word_counts)
    words = sorted(vocabulary, key=vocabulary.__getitem__)
    keywords = theme_keywords(
        presence, words, token_ids, text_of_token, labels, n_found, n_keywords=N_KEYWORDS
    )

    scorer = _Scorer.from_matrix(
        vocabulary, len(vocabulary), word_counts, corpus_counts, settings.alpha, settings.beta,
        np.bincount(labels[labels >= 0], minlength=n_found).astype(np.float64),
    )
    _best, lift = scorer.place(presence, members=labels)

    if previous is not None and previous.themes:
        old_of_text = previous.assign(texts)
        ids, changes, next_id = match_theme_ids(
            [t.id for t in previous.themes], old_of_text, labels, n_found, previous.next_id
        )
    else:
        ids = list(range(1, n_found + 1))
        changes = [ThemeChange("new", i) for i in ids] if previous is not None else []
        next_id = max([previous.next_id if previous else 1, n_found + 1])

    themes: list[Theme] = []
    theme_word_counts: list[dict[str, int]] = []
    for k in range(n_found):
        members = np.flatnonzero(labels == k)
        # Representative: members whose words this theme explains best, favouring texts with a
        # few words over one-word texts (lift is a mean; sqrt(length) rewards more evidence).
        lengths = np.diff(presence.indptr)[members]
        strength = lift[members] * np.sqrt(np.maximum(lengths, 1))
        order = np.lexsort((members, -strength))
        row = word_counts.getrow(k)
        theme_word_counts.append(
            {words[j]: int(c) for j, c in zip(row.indices.tolist(), row.data.tolist(),
                                                strict=True)}
        )
        themes.append(
            Theme(
                id=ids[k],
                label=label_from_keywords(keywords[k]),
                keywords=keywords[k],
                size=len(members),
                representative=members[order[:N_REPRESENTATIVE]].tolist(),
                members=members.tolist(),
                position=(float(positions[k, 0]), float(positions[k, 1])),
            )
        )
    return ThemeModel(
        themes=themes,
        assignments=[ids[k] if k >= 0 else None for k in labels.tolist()],
        coords=[(float(x), float(y)) for x, y in coords],
        n_themes_chosen=n_themes is None,
        seed=seed,
        changes=changes,
        next_id=next_id,
        theme_word_counts=theme_word_counts,
        corpus_word_counts={w: int(c) for w, c in zip(words, corpus_counts.tolist(),
                                                      strict=True)},
        alpha=settings.alpha,
        beta=settings.beta,
    )


def _theme_word_counts(presence: sp.csr_matrix, labels: np.ndarray, n_themes: int
                       ) -> sp.csr_matrix:
    kept = np.flatnonzero(labels >= 0)
    member = sp.csr_matrix(
        (np.ones(len(kept)), (labels[kept], kept)), shape=(n_themes, presence.shape[0])
    )
    return sp.csr_matrix(member @ presence)


def _settle(
    presence: sp.csr_matrix,
    counts: sp.csr_matrix,
    labels: np.ndarray,
    min_size: int,
    settings: DmmSettings,
    seed: int,
    n_themes: int | None,
    embeddings: np.ndarray | None = None,
) -> np.ndarray:
    """Final themes from the sampler's clusters.

    Drop clusters below ``min_size``; split and merge (``_split_merge``), then, when
    ``n_themes`` is given, merge or split further until there are that many; sharpen
    (``_refine``); drop clusters left too small (their texts, like texts without a
    known word, get no theme). Returns labels 0..k-1 by decreasing size (ties: first
    member), -1 for none.
    """
    n = len(labels)
    if n == 0:
        return labels
    labels = _renumber_by_size(labels, min_size)
    n_clusters = int(labels.max()) + 1
    if n_clusters == 0:
        return labels
    vectors = tfidf(counts, inverse_document_frequency(counts) ** IDF_POWER)
    labels, n_clusters = split_and_merge(
        presence, vectors, labels, n_clusters, alpha=settings.alpha, beta=settings.beta,
        min_size=min_size, max_clusters=MAX_THEMES, seed=seed,
    )
    if n_themes is not None:
        labels = force_count(presence, vectors, labels, n_themes, alpha=settings.alpha,
                             beta=settings.beta, seed=seed)
        n_clusters = int(labels.max()) + 1
    labels = sharpen(vectors, labels, n_clusters)
    if embeddings is not None:
        # A second step with meaning joined to the words, started from the word step's themes.
        labels = sharpen(vectors, labels, n_clusters, embeddings=embeddings)
    labels = _renumber_by_size(labels, 1)
    n_clusters = int(labels.max()) + 1

    corpus_counts = np.bincount(presence.indices, minlength=presence.shape[1]).astype(np.float64)
    word_counts = _theme_word_counts(presence, labels, n_clusters)
    theme_sizes = np.bincount(labels[labels >= 0], minlength=n_clusters).astype(np.float64)
    scorer = _Scorer.from_matrix(
        {}, presence.shape[1], word_counts, corpus_counts, settings.alpha, settings.beta,
        theme_sizes,
    )
    best, _lift = scorer.place(presence, members=labels)
    return _renumber_by_size(best, min_size)


def _renumber_by_size(labels: np.ndarray, min_size: int) -> np.ndarray:
    """Clusters with at least ``min_size`` texts renumbered 0.. by decreasing size (ties: first
    member); texts of smaller clusters get -1."""
    if not (labels >= 0).any():
        return np.full(len(labels), -1, dtype=np.int64)
    sizes = np.bincount(labels[labels >= 0])
    keep = np.flatnonzero(sizes >= max(1, min_size))
    if len(keep) == 0:
        return np.full(len(labels), -1, dtype=np.int64)
    first = np.full(len(sizes), len(labels))
    np.minimum.at(first, labels[labels >= 0], np.flatnonzero(labels >= 0))
    keep = keep[np.lexsort((first[keep], -sizes[keep]))]
    new_index = np.full(len(sizes), -1, dtype=np.int64)
    new_index[keep] = np.arange(len(keep))
    return np.where(labels >= 0, new_index[np.maximum(labels, 0)], -1)
