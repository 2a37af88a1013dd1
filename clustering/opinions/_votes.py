"""Votes in, a participants × items matrix out (missing votes are NaN).

Why a dense float matrix: the method needs column means, an SVD and per-group counts, all of
which numpy does in one call on a dense array; Pol.is conversations are small enough (2,000
people × 900 statements is 14 MB) that sparsity would buy nothing but bookkeeping.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

AGREE, PASS, DISAGREE = 1, 0, -1
VALUES = (DISAGREE, PASS, AGREE)


@dataclass(frozen=True)
class VoteMatrix:
    """``values[r, c]``: the vote of ``participants[r]`` on ``items[c]`` (1, 0, -1 or NaN)."""

    participants: tuple[Hashable, ...]
    items: tuple[Hashable, ...]
    values: np.ndarray

    @property
    def voted(self) -> np.ndarray:
        """Boolean mask of the cells that hold a vote (a pass is a vote)."""
        return ~np.isnan(self.values)

    def vote_counts(self) -> np.ndarray:
        """Votes per participant, passes included."""
        return self.voted.sum(axis=1)


def vote_matrix(votes: Iterable[Sequence[object]]) -> VoteMatrix:
    """Check ``(participant, item, value)`` triples and lay them out as a :class:`VoteMatrix`.

    Raises ``ValueError`` on a triple of the wrong length, a value other than -1, 0 or 1 (booleans
    and NaN included: they are almost always a caller's bug), or a second vote by a participant on
    the same item -- the caller knows which one is the latest, this function does not.

    Rows and columns are in sorted id order when the ids sort (so the result does not depend on
    the order of the votes), else in order of first appearance.
    """
    people: dict[Hashable, int] = {}
    things: dict[Hashable, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    values: list[int] = []
    seen: set[tuple[int, int]] = set()
    for n, vote in enumerate(votes):
        if len(vote) != 3:
            raise ValueError(f"vote #{n} is not a (participant, item, value) triple: {vote!r}")
        participant, item, value = vote
        if isinstance(value, bool) or value not in VALUES:
            raise ValueError(f"vote #{n} ({participant!r} on {item!r}) has value {value!r}; "
                             "expected 1 (agree), -1 (disagree) or 0 (pass)")
        r = people.setdefault(participant, len(people))  # type: ignore[arg-type]
        c = things.setdefault(item, len(things))  # type: ignore[arg-type]
        if (r, c) in seen:
            raise ValueError(f"{participant!r} voted twice on {item!r}; pass only the latest vote")
        seen.add((r, c))
        rows.append(r)
        cols.append(c)
        values.append(int(value))  # type: ignore[call-overload]
    participants, row_of = _ordered(people)
    items, col_of = _ordered(things)
    matrix = np.full((len(participants), len(items)), np.nan)
    if values:
        matrix[row_of[np.asarray(rows)], col_of[np.asarray(cols)]] = np.asarray(values, float)
    return VoteMatrix(participants=participants, items=items, values=matrix)


def _ordered(index: dict[Hashable, int]) -> tuple[tuple[Hashable, ...], np.ndarray]:
    """Ids in sorted order if they sort, else as first seen; and first-seen number -> position."""
    ids = list(index)
    try:
        ordered = sorted(ids)  # type: ignore[type-var]
    except TypeError:
        ordered = ids
    position = np.empty(len(ids), dtype=np.int64)
    for pos, key in enumerate(ordered):
        position[index[key]] = pos
    return tuple(ordered), position
