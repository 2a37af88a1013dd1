"""Who backs which themes: for each theme, the share of each group's votes on its ideas that
agree, tested against everyone else, and the themes every group backs or that split them.

A "group" is any labelling of the voters: the opinion groups :func:`find_opinion_groups` finds,
or a population (employee or guest, org unit, country). Plain data in, dataclasses out.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

# One-sided 90 % (Pol.is's level for "this group agrees") and two-sided 90 % for differences.
Z_ONE_SIDED_90 = 1.2816
Z_TWO_SIDED_90 = 1.6449
# A theme splits the groups when the backing of two groups differs by this much, significantly.
SPLIT_SPREAD = 0.2


@dataclass(frozen=True)
class BackingCell:
    """One group's votes on one theme's ideas. ``support`` is smoothed, (agrees+1)/(votes+2),
    so a handful of votes does not read as 0 % or 100 %; ``z_rest`` compares it with everyone
    outside the group (two proportions; ``differs`` at two-sided 90 %); ``backs`` /
    ``opposes``: the group's agree / disagree share is above one half at one-sided 90 %."""

    group: Hashable
    votes: int
    agrees: int
    disagrees: int
    passes: int
    support: float
    rest_support: float
    z_rest: float
    differs: bool
    backs: bool
    opposes: bool


@dataclass(frozen=True)
class ThemeBacking:
    theme: Hashable
    votes: int
    cells: tuple[BackingCell, ...]  # one per group, in the matrix's group order
    spread: float  # the largest difference in support between two groups with votes
    common_ground: bool  # every group backs it
    splits: bool  # two groups' support differ by SPLIT_SPREAD or more, significantly


@dataclass(frozen=True)
class BackingMatrix:
    groups: tuple[Hashable, ...]
    themes: tuple[ThemeBacking, ...]  # most voted first

    @property
    def common_ground(self) -> tuple[Hashable, ...]:
        return tuple(t.theme for t in self.themes if t.common_ground)

    @property
    def splitting(self) -> tuple[Hashable, ...]:
        return tuple(t.theme for t in sorted(self.themes, key=lambda t: -t.spread) if t.splits)

    def to_dict(self) -> dict[str, Any]:
        return {
            "groups": list(self.groups),
            "themes": [asdict(t) for t in self.themes],
            "common_ground": list(self.common_ground),
            "splitting": list(self.splitting),
        }


def _smoothed(agrees: int, votes: int) -> float:
    return (agrees + 1) / (votes + 2)


def _one_proportion_z(agrees: int, votes: int) -> float:
    """z of the smoothed agree share against one half (normal approximation, standard error
    of one half over ``votes``). Stricter than Pol.is's prop test on few votes, which calls a
    single agreeing vote significant; a matrix cell is often that small."""
    if votes == 0:
        return 0.0
    return (_smoothed(agrees, votes) - 0.5) / math.sqrt(0.25 / votes)


def _two_proportion_z(a1: int, n1: int, a2: int, n2: int) -> float:
    """z of p1 - p2 with add-one smoothing on both (Pol.is's two-proportion test)."""
    p1, p2 = (a1 + 1) / (n1 + 2), (a2 + 1) / (n2 + 2)
    pooled = (a1 + a2 + 2) / (n1 + n2 + 4)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / (n1 + 2) + 1 / (n2 + 2)))
    return (p1 - p2) / spread if spread > 0 else 0.0


def theme_backing(
    votes: Iterable[tuple[Hashable, Hashable, int]],
    group_of: Mapping[Hashable, Hashable],
    theme_of: Mapping[Hashable, Hashable | None],
    *,
    groups: Sequence[Hashable] | None = None,
) -> BackingMatrix:
    """The theme × group matrix of ``(person, item, value)`` votes (+1 agree, -1 disagree,
    0 pass): people without a group and items without a theme are left out. ``groups`` fixes
    the column order (default: sorted by their labels' text)."""
    counts: dict[Hashable, dict[Hashable, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0, 0])
    )
    for person, item, value in votes:
        group = group_of.get(person)
        theme = theme_of.get(item)
        if group is None or theme is None:
            continue
        if value not in (-1, 0, 1):
            raise ValueError(f"vote value must be -1, 0 or 1, got {value!r}")
        cell = counts[theme][group]
        cell[0 if value == 1 else 1 if value == -1 else 2] += 1
    order = tuple(groups) if groups is not None else tuple(
        sorted({g for by_group in counts.values() for g in by_group}, key=str)
    )
    themes = [_theme(theme, by_group, order) for theme, by_group in counts.items()]
    themes.sort(key=lambda t: (-t.votes, str(t.theme)))
    return BackingMatrix(groups=order, themes=tuple(themes))


def _theme(
    theme: Hashable, by_group: Mapping[Hashable, list[int]], order: Sequence[Hashable]
) -> ThemeBacking:
    total_agrees = sum(c[0] for c in by_group.values())
    total_votes = sum(sum(c) for c in by_group.values())
    cells = []
    for group in order:
        agrees, disagrees, passes = by_group.get(group, [0, 0, 0])
        votes = agrees + disagrees + passes
        rest_agrees, rest_votes = total_agrees - agrees, total_votes - votes
        z_rest = _two_proportion_z(agrees, votes, rest_agrees, rest_votes) if votes else 0.0
        z_half = _one_proportion_z(agrees, votes) if votes else 0.0
        # Opposing: the disagree share above one half, the same test mirrored.
        z_against = _one_proportion_z(disagrees, votes) if votes else 0.0
        cells.append(
            BackingCell(
                group=group,
                votes=votes,
                agrees=agrees,
                disagrees=disagrees,
                passes=passes,
                support=round(_smoothed(agrees, votes), 4),
                rest_support=round(_smoothed(rest_agrees, rest_votes), 4),
                z_rest=round(z_rest, 4),
                differs=votes > 0 and rest_votes > 0 and abs(z_rest) > Z_TWO_SIDED_90,
                backs=votes > 0 and z_half > Z_ONE_SIDED_90,
                opposes=votes > 0 and z_against > Z_ONE_SIDED_90,
            )
        )
    voted = [c for c in cells if c.votes]
    spread, splits = 0.0, False
    if len(voted) >= 2:
        low = min(voted, key=lambda c: c.support)
        high = max(voted, key=lambda c: c.support)
        spread = round(high.support - low.support, 4)
        z = _two_proportion_z(high.agrees, high.votes, low.agrees, low.votes)
        splits = spread >= SPLIT_SPREAD and z > Z_TWO_SIDED_90
    return ThemeBacking(
        theme=theme,
        votes=total_votes,
        cells=tuple(cells),
        spread=spread,
        common_ground=len(order) >= 2 and all(c.backs for c in cells),
        splits=splits,
    )
