"""Matching the themes of a refit to the previous model's, so a theme keeps its id over time.

Why by texts and not by keywords: two themes are "the same" for a reader when they hold mostly
the same ideas. The previous model places every current text with ``assign`` (no refit), which
works even when texts were added, removed or reordered since; then old and new themes are
paired by how many texts they share (Hungarian matching on the overlap table).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy.optimize import linear_sum_assignment

ChangeKind = Literal["continued", "new", "split", "merged", "vanished"]

# A pair of themes is the same theme when at least this share of the smaller one is shared.
SAME_THEME_SHARE = 0.5
# An old theme is a source of a new one when it gave it this share of the new theme's texts,
# or this share of its own texts went there.
SOURCE_SHARE = 0.3


@dataclass
class ThemeChange:
    """What happened to one theme between two fits.

    - ``continued``: same theme, same id (``previous_ids == [theme_id]``).
    - ``merged``: built mostly from several previous themes (``previous_ids``); it keeps the id
      of the one it continues, if any, else gets a new id.
    - ``split``: a new theme carved out of one previous theme (``previous_ids == [parent]``),
      whose id went to the part that continues it.
    - ``new``: no previous theme contributed much.
    - ``vanished``: a previous theme (``theme_id``) that no current theme continues or draws on.
    """

    kind: ChangeKind
    theme_id: int
    previous_ids: list[int] = field(default_factory=list)


def match_theme_ids(
    old_ids: list[int],
    old_of_text: list[int | None],
    new_of_text: np.ndarray,
    n_new: int,
    next_id: int,
) -> tuple[list[int], list[ThemeChange], int]:
    """Ids for the ``n_new`` new themes, the changes, and the next unused id.

    ``old_of_text`` is the previous model's theme id for each current text (``None``: no
    theme); ``new_of_text`` the new theme index (0..n_new-1, or -1) of the same texts.
    """
    position = {theme_id: i for i, theme_id in enumerate(old_ids)}
    overlap = np.zeros((len(old_ids), n_new))
    for old, new in zip(old_of_text, new_of_text.tolist(), strict=True):
        if old is not None and new >= 0 and old in position:
            overlap[position[old], new] += 1
    old_sizes = np.zeros(len(old_ids))
    for old in old_of_text:
        if old is not None and old in position:
            old_sizes[position[old]] += 1
    new_sizes = np.bincount(new_of_text[new_of_text >= 0], minlength=n_new).astype(np.float64)

    matched_old_of_new: dict[int, int] = {}
    if overlap.size:
        rows, cols = linear_sum_assignment(-overlap)
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
            smaller = min(old_sizes[i], new_sizes[j])
            if smaller > 0 and overlap[i, j] >= SAME_THEME_SHARE * smaller:
                matched_old_of_new[j] = i

    def sources(j: int) -> list[int]:
        shares = [
            i
            for i in range(len(old_ids))
            if overlap[i, j] > 0
            and (
                overlap[i, j] >= SOURCE_SHARE * new_sizes[j]
                or overlap[i, j] >= 0.5 * max(old_sizes[i], 1.0)
            )
        ]
        return sorted(shares, key=lambda i: (-overlap[i, j], i))

    new_ids: list[int] = []
    changes: list[ThemeChange] = []
    used_old: set[int] = set()
    for j in range(n_new):
        from_old = sources(j)
        used_old.update(from_old)
        if j in matched_old_of_new:
            i = matched_old_of_new[j]
            used_old.add(i)
            theme_id = old_ids[i]
            others = [old_ids[s] for s in from_old if s != i]
            kind: ChangeKind = "merged" if others else "continued"
            previous = [theme_id, *others]
        else:
            theme_id = next_id
            next_id += 1
            previous = [old_ids[s] for s in from_old]
            kind = "new" if not previous else ("split" if len(previous) == 1 else "merged")
        new_ids.append(theme_id)
        changes.append(ThemeChange(kind, theme_id, previous))
    for i, theme_id in enumerate(old_ids):
        if i not in used_old:
            changes.append(ThemeChange("vanished", theme_id, [theme_id]))
    return new_ids, changes, next_id
