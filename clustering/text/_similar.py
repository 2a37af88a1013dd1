"""Similar ideas by words and by meaning: the "already posted?" lookup that also finds paraphrases.

Why two signals: TF-IDF (``SimilarityIndex``) finds a draft's near-copies, but two titles of one
news story ("nokia lumia launch" / "nokia unveils windows tablet") or a translation share few
words; a sentence embedding (all-MiniLM-L6-v2 through ``SentenceEncoder``) puts them close.
Neither is enough alone: among 50,000 texts (``bench/similar.py``) TF-IDF finds the other title
of a GoogleNews story at rank 1 for 0.33 of the pairs and the embedding for 0.52, while on a
Stack Overflow title's typed prefix TF-IDF finds it for 0.91 and the embedding for 0.75 (half a
sentence keeps its rare words, not its meaning). ``HybridSimilarityIndex`` scores every item by
both and adds them up (``COMBINATION``): 0.55 and 0.92 on those two.

Why ids, tombstones and blocks: a jam's ideas are edited and hidden, so items are keyed by the
caller's ids and can be replaced or removed. Both halves keep one row per item version in
insertion order: a removal or an edit retires the old row (its vector is zeroed and its scores
masked) and an edit appends a new row, so a change costs O(the item) (0.1 ms at 50,000 items),
never a rebuild. Retired rows are dropped together (``compact``, 0.13 s at 50,000) once they
are a quarter of all rows, which bounds the waste and keeps a removal amortised O(1); the idf
weights (and the vectors' first pass, see ``_MeaningRows``) are refreshed (``rebuild``, 0.5 s
at 50,000, from stored term counts: nothing is tokenised again) whenever the number of items
has doubled since they were last computed, so a growing jam's common words do not keep the
weight of rare ones, at amortised O(1) per item. The alternative, rebuilding a small "delta"
block of recent items on every change, cannot edit an item already in the big block, which is
where most edits land.

The vectors live in fixed-size float32 blocks (``_VectorBlocks``): appending never copies the
rows already stored (a single growing array would copy all of them at each doubling and hold
two copies meanwhile), and a scan is one matrix-vector product per block.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from clustering.text._tfidf_rows import TfidfRows, check_texts, top_k

# Rows per vector block: 8,192 x 384 float32 is 12 MiB, so at most that much sits unused.
_BLOCK_ROWS = 8192
# Retired rows are dropped once they are more than this share of all rows (and at least
# _MIN_DEAD_TO_COMPACT of them, so small indexes do not compact on every removal).
_DEAD_SHARE_TO_COMPACT = 0.25
_MIN_DEAD_TO_COMPACT = 256
# The fast first pass over the vectors (see _MeaningRows): used from this many rows with a
# vector (below it the full scan is small enough to stay in the CPU cache), onto this many main
# directions, keeping this many candidates (at least 4 k) for the exact second pass.
_COARSE_MIN_ROWS = 16_384
_COARSE_DIMS = 128
_COARSE_CANDIDATES = 256
# The main directions are fitted on at most this many vectors.
_BASIS_SAMPLE = 8192
# A norm this far from 1 means the caller did not pass a unit vector; it is rescaled.
_UNIT_TOLERANCE = 1e-3

_NO_ROWS = np.zeros((0, 0), dtype=np.float32)

# Weight of the words cosine in the combined score (the meaning cosine gets the rest); chosen by
# measuring, see COMBINATION.
WORDS_WEIGHT = 0.35


@dataclass(frozen=True)
class SimilarItem:
    """An indexed item similar to a query.

    ``score`` orders the results (see ``COMBINATION``); ``words_score`` is the TF-IDF cosine
    (0-1) and ``meaning_score`` the cosine of the sentence vectors (-1-1), or None when the item
    or the query has no vector, so a caller can show why an item matched.
    """

    id: int
    score: float
    words_score: float
    meaning_score: float | None


COMBINATION = f"{WORDS_WEIGHT} * words + {1 - WORDS_WEIGHT:.2f} * meaning"
"""How ``score`` combines the two cosines: a weighted sum, 0.35 x the TF-IDF cosine + 0.65 x the
sentence vectors' cosine; the words cosine alone when the item or the query has no vector (so
an exact copy scores 1 either way, and an item not yet embedded is neither hidden nor favoured).

Chosen by measuring (``bench/similar.py``, 2026-12-01): recall@1 / recall@5 of the pair among
50,000 texts, mean over five pair sets (GoogleNews titles of one story; a Stack Overflow title
against its typed prefix and against an edited copy with a typo; SIB-200 Spanish and French
sentences against their English original); pairs drawn with seed 0, checked on seed 1:

- words alone (TF-IDF, what ``SimilarityIndex`` ranks by): 0.533 / 0.632 (seed 1: 0.522 / 0.636)
- meaning alone: 0.621 / 0.744 (0.610 / 0.736)
- 0.35 words + 0.65 meaning: **0.700 / 0.803** (0.683 / 0.801)
- other words weights: 0.2 gives 0.678 / 0.784, 0.3 0.696 / 0.799, 0.4 0.699 / 0.804,
  0.5 0.696 / 0.799, 0.6 0.668 / 0.789
- max(words, (meaning - f) / (1 - f)): at best 0.640 / 0.766 (f = 0.1; f from 0 to 0.4 tried)

Words weights 0.3-0.45 are within 0.005 of each other on both seeds; 0.35 was among the best on
seed 0 and within 0.004 of the best on seed 1. The max of calibrated scores, the obvious rule
when one signal may be missing, lost for every floor: a distractor that shares one rare word
with the draft reaches a words cosine of 0.5-0.7, as high as a true paraphrase's calibrated
meaning, so the max lets either signal's false alarms through while a sum needs both to agree.

Scores to expect (same run): the pair scores above 0.5 for 84-94 % of the Stack Overflow
drafts, 27 % of the news-story pairs and 11-12 % of the translations; the best other item
scores median 0.25-0.49 and above 0.5 for 0-46 % of the queries (the high end is Stack
Overflow, whose titles include many near-duplicate questions). So ``min_score`` around 0.5
keeps near-copies and most unrelated items out, and no threshold separates a loose paraphrase
from a topic neighbour: show the best few with their scores.
"""


def combined_scores(words: np.ndarray, meaning: np.ndarray | None,
                    has_vector: np.ndarray) -> np.ndarray:
    """``COMBINATION`` for every row: ``words`` where ``meaning`` is None or a row has no
    vector (so an exact copy scores 1 with or without one)."""
    if meaning is None:
        return words
    mixed = WORDS_WEIGHT * words + (1.0 - WORDS_WEIGHT) * meaning.astype(np.float64)
    return np.where(has_vector, mixed, words)


class _VectorBlocks:
    """Unit float32 rows in fixed-size blocks; a row without a vector is all zeros."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._blocks: list[np.ndarray] = []
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def append(self, rows: np.ndarray) -> None:
        """Add ``rows`` (m x dim float32) after the existing ones."""
        done = 0
        while done < len(rows):
            if self._n == len(self._blocks) * _BLOCK_ROWS:
                self._blocks.append(np.zeros((_BLOCK_ROWS, self.dim), dtype=np.float32))
            block, offset = divmod(self._n, _BLOCK_ROWS)
            take = min(len(rows) - done, _BLOCK_ROWS - offset)
            self._blocks[block][offset:offset + take] = rows[done:done + take]
            self._n += take
            done += take

    def append_zeros(self, m: int) -> None:
        # Blocks are allocated zeroed and retired rows are zeroed, so free rows are zero.
        while self._n + m > len(self._blocks) * _BLOCK_ROWS:
            self._blocks.append(np.zeros((_BLOCK_ROWS, self.dim), dtype=np.float32))
        self._n += m

    def zero(self, rows: Iterable[int]) -> None:
        for row in rows:
            block, offset = divmod(row, _BLOCK_ROWS)
            self._blocks[block][offset] = 0.0

    def gather(self, rows: np.ndarray) -> np.ndarray:
        """The given rows, as one ``len(rows) x dim`` array."""
        blocks, offsets = np.divmod(rows, _BLOCK_ROWS)
        out = np.empty((len(rows), self.dim), dtype=np.float32)
        for b in np.unique(blocks).tolist():
            here = blocks == b
            out[here] = self._blocks[b][offsets[here]]
        return out

    def used_blocks(self) -> Iterator[np.ndarray]:
        """Each block's used rows, in order."""
        for b, block in enumerate(self._blocks):
            used = min(_BLOCK_ROWS, self._n - b * _BLOCK_ROWS)
            if used > 0:
                yield block[:used]

    def cosines(self, query: np.ndarray) -> np.ndarray:
        """Dot product of the unit ``query`` with every row (float32; 0 for zero rows)."""
        out = np.empty(self._n, dtype=np.float32)
        for b, block in enumerate(self.used_blocks()):
            np.matmul(block, query, out=out[b * _BLOCK_ROWS:b * _BLOCK_ROWS + len(block)])
        return out

    def keep_rows(self, rows: np.ndarray) -> None:
        """Keep only ``rows`` (ascending), renumbered 0, 1, ... (block by block, no full copy)."""
        old = _VectorBlocks(self.dim)
        old._blocks, old._n = self._blocks, self._n
        self._blocks, self._n = [], 0
        for start in range(0, len(rows), _BLOCK_ROWS):
            part = rows[start:start + _BLOCK_ROWS]
            self.append(old.gather(part))
            # Free the blocks whose rows have all been copied before the next ones are made.
            for b in range(int(part[-1]) // _BLOCK_ROWS):
                old._blocks[b] = _NO_ROWS


class _MeaningRows:
    """The sentence vector of every row, and at scale a fast first pass over them.

    Why a first pass: scanning 50,000 x 384 float32 (73 MiB) per query is bound by memory
    bandwidth, not arithmetic: 10 ms p50 on the 2-core test machine when quiet (one BLAS
    thread), 30 ms when other processes shared it, against 1-2 ms for a matrix that fits the
    CPU cache. So once there are ``_COARSE_MIN_ROWS`` vectors, each is also stored projected
    onto the ``_COARSE_DIMS`` main directions of the stored vectors (their top principal axes,
    refitted at each ``rebuild``; 128 of the 384 hold 82 % of the squared length of GoogleNews
    titles' vectors): a third more memory, a third of the bytes per scan. A query ranks every
    row with those, then rescores the best ``_COARSE_CANDIDATES`` (at least 4 k) exactly, so the
    scores returned are exact and only an item the projection ranks below all the candidates
    can be missed. At 50,000 items (``bench/similar.py``) this cut the query from 10.2 to
    4.8 ms p50 (one BLAS thread) and changed recall@5 by at most 0.002 on any pair set;
    ``exact=True`` turns it off.
    """

    def __init__(self, dim: int, *, exact: bool) -> None:
        self.full = _VectorBlocks(dim)
        self._exact = exact
        self._basis: np.ndarray | None = None
        self._coarse: _VectorBlocks | None = None

    @property
    def has_first_pass(self) -> bool:
        return self._basis is not None

    def append(self, rows: np.ndarray) -> None:
        self.full.append(rows)
        if self._coarse is not None and self._basis is not None:
            self._coarse.append(rows @ self._basis)

    def append_zeros(self, m: int) -> None:
        self.full.append_zeros(m)
        if self._coarse is not None:
            self._coarse.append_zeros(m)

    def zero(self, rows: list[int]) -> None:
        self.full.zero(rows)
        if self._coarse is not None:
            self._coarse.zero(rows)

    def keep_rows(self, rows: np.ndarray) -> None:
        self.full.keep_rows(rows)
        if self._coarse is not None:
            self._coarse.keep_rows(rows)

    def refit(self, rows_with_vector: np.ndarray) -> None:
        """Fit the first pass's directions to these rows (or drop it when they are few)."""
        self._basis = self._coarse = None
        dims = min(_COARSE_DIMS, self.full.dim // 2)
        if self._exact or len(rows_with_vector) < max(_COARSE_MIN_ROWS, 1) or dims < 1:
            return
        step = max(1, len(rows_with_vector) // _BASIS_SAMPLE)
        sample = self.full.gather(rows_with_vector[::step])
        second_moment = (sample.T @ sample).astype(np.float64)
        _, directions = np.linalg.eigh(second_moment)  # ascending eigenvalues
        basis = np.ascontiguousarray(directions[:, ::-1][:, :dims], dtype=np.float32)
        coarse = _VectorBlocks(dims)
        for block in self.full.used_blocks():
            coarse.append(block @ basis)
        self._basis, self._coarse = basis, coarse

    def cosines(self, query: np.ndarray) -> np.ndarray:
        """Exact cosine of the unit ``query`` with every row (0 for rows without a vector)."""
        return self.full.cosines(query)

    def approximate(self, query: np.ndarray) -> np.ndarray:
        """Every row's cosine as the first pass sees it (needs ``has_first_pass``)."""
        assert self._basis is not None and self._coarse is not None
        return self._coarse.cosines(query @ self._basis)

    def cosines_of(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Exact cosine of the unit ``query`` with the given rows."""
        return self.full.gather(rows) @ query


class HybridSimilarityIndex:
    """Items keyed by the caller's int ids, found again by their words and by their meaning.

    ``upsert(ids, texts, vectors)`` adds or replaces items; ``vectors`` are their sentence
    embeddings (unit float32 rows from ``SentenceEncoder.encode``), or None (for all, or for
    single items) where the caller has none: such an item is matched by its words only.
    ``remove(ids)`` takes items out; ``query(text, vector, k)`` returns the best ``k`` as
    :class:`SimilarItem`, best first. ``vector`` is the query's embedding, or None to match by
    words alone. ``dim`` fixes the vector size; by default the first vector sets it.

    Every public method holds one internal lock, so the index may be shared between threads
    (a query at 50,000 items holds it for about 5 ms; encode the draft before, outside it).
    A change costs about 0.1 ms, except the maintenance it triggers now and then: every
    2,000th change merges the pending words rows (about 30 ms at 50,000 items), retired rows
    are dropped once they are a quarter of all rows (``compact``, 0.13 s) and weights are
    refreshed when the items have doubled (``rebuild``, 0.5 s). Memory at 50,000 items of
    MiniLM's 384 dimensions: about 166 MiB (73 MiB of vectors, 24 MiB of their first pass,
    the rest words), 200 MiB at the peak of a bulk load. ``exact=True`` always scans every
    vector (no first pass; for measuring, see ``_MeaningRows``).
    """

    def __init__(self, dim: int | None = None, *, exact: bool = False) -> None:
        if dim is not None and (isinstance(dim, bool) or not isinstance(dim, int) or dim <= 0):
            raise ValueError(f"dim must be a positive int, got {dim!r}")
        self._dim = dim
        self._exact = exact
        self._lock = threading.RLock()
        self._reset()

    def _reset(self) -> None:
        self._words = TfidfRows()
        self._vectors: _MeaningRows | None = (
            None if self._dim is None else _MeaningRows(self._dim, exact=self._exact)
        )
        self._ids = np.zeros(0, dtype=np.int64)  # row -> id (rows < self._n_rows are used)
        self._alive = np.zeros(0, dtype=bool)
        self._has_vector = np.zeros(0, dtype=bool)
        self._n_rows = 0
        self._row_of: dict[int, int] = {}
        self._built_for = 0  # live items when the idf weights were last computed

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._row_of

    @property
    def dim(self) -> int | None:
        """The vector size, once given or set by the first vector."""
        return self._dim

    def ids(self) -> list[int]:
        """The ids of the items in the index, in the order they were last upserted."""
        with self._lock:
            return sorted(self._row_of, key=self._row_of.__getitem__)

    def upsert(self, ids: Sequence[int], texts: Sequence[str],
               vectors: np.ndarray | Sequence[np.ndarray | None] | None = None) -> None:
        """Add the items, or replace them (text and vector) when their id is already present.

        ``vectors``: one unit row per text (an ``n x dim`` array, or a sequence of 1-D arrays
        and None), or None when no item has one. Nothing changes when any input is invalid
        (``ValueError`` or ``TypeError``).
        """
        id_list = _check_ids(ids, unique=True)
        texts = list(texts)
        check_texts(texts)
        if len(texts) != len(id_list):
            raise ValueError(f"{len(id_list)} ids but {len(texts)} texts")
        with self._lock:
            rows, present = self._check_vectors(vectors, len(id_list))
            if not id_list:
                return
            self._retire([self._row_of[i] for i in id_list if i in self._row_of])
            if rows is not None and self._vectors is None:
                self._dim = rows.shape[1]
                self._vectors = _MeaningRows(self._dim, exact=self._exact)
                self._vectors.append_zeros(self._n_rows)
            start = self._n_rows
            self._grow(start + len(id_list))
            self._ids[start:self._n_rows] = id_list
            self._alive[start:self._n_rows] = True
            self._has_vector[start:self._n_rows] = present
            for offset, item_id in enumerate(id_list):
                self._row_of[item_id] = start + offset
            if self._vectors is not None:
                if rows is None:
                    self._vectors.append_zeros(len(id_list))
                else:
                    self._vectors.append(rows)
            if len(self._words):
                self._words.append(texts)
            else:
                self._words.build(texts)  # a bulk load: all at once, faster than appending
            if len(self._row_of) >= 2 * self._built_for:
                self.rebuild()
            else:
                self._compact_if_wasteful()

    def remove(self, ids: Iterable[int]) -> int:
        """Take the items out (unknown ids are ignored); returns how many were removed."""
        id_list = _check_ids(ids, unique=False)
        with self._lock:
            rows = [self._row_of.pop(i) for i in set(id_list) if i in self._row_of]
            if not self._row_of:
                self._reset()  # nothing left: start afresh (idf from the next items)
            else:
                self._retire(rows)
                self._compact_if_wasteful()
            return len(rows)

    def query(self, text: str, vector: np.ndarray | None = None, k: int = 5, *,
              min_score: float = 0.0) -> list[SimilarItem]:
        """The ``k`` items most similar to ``text`` (and ``vector``), best first, each with a
        score above ``min_score``.

        Without ``vector`` (or when no item has one) items are matched by words alone; a
        query with no known word and no vector finds nothing.
        """
        if not isinstance(text, str):
            raise TypeError(f"text is {type(text).__name__}, not str")
        if isinstance(k, bool) or not isinstance(k, int | np.integer):
            raise TypeError(f"k is {type(k).__name__}, not int")
        with self._lock:
            query_vector = None if vector is None else self._check_query_vector(vector)
            if k <= 0 or not self._row_of:
                return []
            return self._ranked(text, query_vector, int(k), min_score)

    def rebuild(self) -> None:
        """Recompute the idf weights (and the first pass's directions) from the items present,
        and drop retired rows."""
        with self._lock:
            live = np.flatnonzero(self._alive[:self._n_rows])
            self._words.reweight(live)
            self._keep(live)
            if self._vectors is not None:
                self._vectors.refit(np.flatnonzero(self._has_vector[:self._n_rows]))
            self._built_for = len(self._row_of)

    def compact(self) -> None:
        """Drop retired rows now (idf weights unchanged); changes do this when it pays."""
        with self._lock:
            live = np.flatnonzero(self._alive[:self._n_rows])
            self._words.keep_rows(live)
            self._keep(live)

    def _ranked(self, text: str, query_vector: np.ndarray | None, k: int,
                min_score: float) -> list[SimilarItem]:
        n = self._n_rows
        words = self._words.scores(text)
        vectors = self._vectors
        has_vector = self._has_vector[:n]
        if query_vector is None or vectors is None or not has_vector.any():
            if words is None:
                return []
            scores = words.copy()
            scores[~self._alive[:n]] = -np.inf
            rows = top_k(scores, k, min_score)
            return self._items(rows, scores[rows], words[rows], None)
        if words is None:
            words = np.zeros(n)
        if not vectors.has_first_pass:
            meaning = vectors.cosines(query_vector)
            scores = combined_scores(words, meaning, has_vector)
            scores[~self._alive[:n]] = -np.inf
            rows = top_k(scores, k, min_score)
            return self._items(rows, scores[rows], words[rows], meaning[rows])
        # First pass: every row by its projected cosine; second: the best ones exactly.
        rough = combined_scores(words, vectors.approximate(query_vector), has_vector)
        rough[~self._alive[:n]] = -np.inf
        candidates = np.sort(top_k(rough, max(_COARSE_CANDIDATES, 4 * k), -np.inf))
        meaning = vectors.cosines_of(query_vector, candidates)
        scores = combined_scores(words[candidates], meaning, has_vector[candidates])
        best = top_k(scores, k, min_score)
        rows = candidates[best]
        return self._items(rows, scores[best], words[rows], meaning[best])

    def _items(self, rows: np.ndarray, scores: np.ndarray, words: np.ndarray,
               meaning: np.ndarray | None) -> list[SimilarItem]:
        # Rounding can put a copy's cosine a hair above 1.
        has_vector = self._has_vector[rows]
        return [
            SimilarItem(
                id=int(self._ids[row]),
                score=min(float(scores[i]), 1.0),
                words_score=min(float(words[i]), 1.0),
                meaning_score=(min(float(meaning[i]), 1.0)
                               if meaning is not None and has_vector[i] else None),
            )
            for i, row in enumerate(rows.tolist())
        ]

    def _scores(self, text: str, query_vector: np.ndarray
                ) -> tuple[np.ndarray | None, np.ndarray | None]:
        """Exact words and meaning cosines of every row (None when that half has nothing),
        for measuring (``bench/similar.py``)."""
        words = self._words.scores(text)
        meaning = None if self._vectors is None else self._vectors.cosines(query_vector)
        return words, meaning

    def _retire(self, rows: list[int]) -> None:
        """Mark rows dead (the caller re-maps or drops their ids)."""
        if not rows:
            return
        self._alive[rows] = False
        self._has_vector[rows] = False
        if self._vectors is not None:
            self._vectors.zero(rows)

    def _compact_if_wasteful(self) -> None:
        dead = self._n_rows - len(self._row_of)
        if dead >= _MIN_DEAD_TO_COMPACT and dead > _DEAD_SHARE_TO_COMPACT * self._n_rows:
            self.compact()

    def _keep(self, live: np.ndarray) -> None:
        """Renumber everything but the words rows to ``live`` (ascending row numbers)."""
        if self._vectors is not None:
            self._vectors.keep_rows(live)
        self._ids = self._ids[live]
        self._alive = np.ones(len(live), dtype=bool)
        self._has_vector = self._has_vector[live]
        self._n_rows = len(live)
        self._row_of = {int(i): r for r, i in enumerate(self._ids.tolist())}

    def _grow(self, n_rows: int) -> None:
        """Room for ``n_rows`` rows in the per-row arrays (capacity doubles: amortised O(1))."""
        if n_rows > len(self._ids):
            capacity = max(n_rows, 2 * len(self._ids), 64)
            for name in ("_ids", "_alive", "_has_vector"):
                old = getattr(self, name)
                new = np.zeros(capacity, dtype=old.dtype)
                new[:self._n_rows] = old[:self._n_rows]
                setattr(self, name, new)
        self._n_rows = n_rows

    def _check_vectors(self, vectors: np.ndarray | Sequence[np.ndarray | None] | None,
                       n: int) -> tuple[np.ndarray | None, np.ndarray]:
        """(the vectors as unit float32 rows, zero where absent, or None if none; which rows
        have one). ``ValueError`` for a wrong count, size, or a zero or non-finite vector."""
        present = np.zeros(n, dtype=bool)
        if vectors is None:
            return None, present
        if isinstance(vectors, np.ndarray):
            if vectors.ndim != 2 or len(vectors) != n:
                raise ValueError(f"vectors must be an array of {n} rows (one per text), "
                                 f"got shape {vectors.shape}")
            if self._dim is not None and vectors.shape[1] != self._dim:
                raise ValueError(f"every vector must be 1-D of {self._dim} values; got rows "
                                 f"of {vectors.shape[1]}")
            if vectors.shape[1] == 0:
                raise ValueError("every vector must be non-empty, got rows of 0 values")
            if n == 0:
                return None, present
            present[:] = True
            return _unit_rows(np.asarray(vectors, dtype=np.float32), present, "vectors"), present
        given = list(vectors)
        if len(given) != n:
            raise ValueError(f"{n} texts but {len(given)} vectors")
        present[:] = [v is not None for v in given]
        if not present.any():
            return None, present
        dims = {np.shape(v) for v in given if v is not None}
        dim = self._dim
        if len(dims) > 1 or (dim is not None and dims != {(dim,)}):
            expected = f"{dim}" if dim is not None else "one size"
            raise ValueError(f"every vector must be 1-D of {expected} values; got shapes "
                             f"{sorted(dims)}")
        (shape,) = dims
        if len(shape) != 1 or shape[0] == 0:
            raise ValueError(f"every vector must be 1-D and non-empty, got shape {shape}")
        rows = np.zeros((n, shape[0]), dtype=np.float32)
        rows[present] = np.asarray([v for v in given if v is not None], dtype=np.float32)
        return _unit_rows(rows, present, "vectors"), present

    def _check_query_vector(self, vector: np.ndarray) -> np.ndarray:
        row = np.asarray(vector, dtype=np.float32)
        if row.ndim != 1 or (self._dim is not None and row.shape[0] != self._dim):
            expected = f"{self._dim}" if self._dim is not None else "some"
            raise ValueError(f"vector must be 1-D of {expected} values, got shape {row.shape}")
        return _unit_rows(row[None, :], np.ones(1, dtype=bool), "vector")[0]


def _unit_rows(rows: np.ndarray, present: np.ndarray, what: str) -> np.ndarray:
    """``rows`` with every present row scaled to length 1 (``ValueError`` if it cannot be); a
    copy only when some row needed scaling (a 50,000-row bulk load is 73 MiB)."""
    finite = np.isfinite(rows).all(axis=1)
    if not finite.all():
        raise ValueError(f"{what}[{int(np.flatnonzero(~finite)[0])}] has a NaN or infinite value")
    norms = np.linalg.norm(rows, axis=1)
    zero = present & (norms == 0)
    if zero.any():
        raise ValueError(f"{what}[{int(np.flatnonzero(zero)[0])}] is all zeros (no direction)")
    off = present & (np.abs(norms - 1.0) > _UNIT_TOLERANCE)
    if off.any():
        rows = rows.copy()
        rows[off] /= norms[off, None]
    return rows


def _check_ids(ids: Iterable[int], *, unique: bool) -> list[int]:
    """The ids as Python ints; ``TypeError`` for a non-int, ``ValueError`` for an id outside
    int64 or (when ``unique``) a repeated one."""
    out: list[int] = []
    for i, item_id in enumerate(ids):
        if isinstance(item_id, bool) or not isinstance(item_id, int | np.integer):
            raise TypeError(f"ids[{i}] is {type(item_id).__name__}, not int")
        value = int(item_id)
        if not -(2**63) <= value < 2**63:
            raise ValueError(f"ids[{i}] = {value} does not fit in 64 bits")
        out.append(value)
    if unique and len(set(out)) != len(out):
        seen: set[int] = set()
        for value in out:
            if value in seen:
                raise ValueError(f"id {value} appears more than once")
            seen.add(value)
    return out
