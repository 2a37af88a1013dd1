"""What each group stands for, what everyone shares, what divides: Pol.is's item statistics.

Per group g and item c, with ``na, nd, ns`` the agrees, disagrees and votes seen (agree,
disagree or pass) by the members of g, and the same for everyone placed outside g:

- ``pa = (na + 1) / (ns + 2)`` and ``pd = (nd + 1) / (ns + 2)``: agree and disagree shares with
  a Laplace prior, so that one vote out of one is 2/3, not 100 %;
- ``ra = pa / pa_rest`` (``rd`` likewise): how much likelier the group is to agree than the rest;
- ``pat``: Pol.is's one-proportion z of the agree share against a coin flip,
  ``2 sqrt(ns + 1) ((na + 1) / (ns + 1) - 1/2)``; ``rat``: the two-proportion z of the group
  against the rest (each count plus one); ``pdt`` and ``rdt`` likewise for disagreement;
- an item represents g for agreement when both ``pat`` and ``rat`` exceed the one-sided 90 %
  point (1.2816), i.e. most of the group agrees *and* noticeably more than the others do; its
  rank is Pol.is's ``ra * rat * pa * pat``, large when the group agrees a lot, clearly, and
  unlike the rest. Disagreement the same way with ``pd, rd, pdt, rdt``.

A pass is a vote that was seen: it raises ``ns`` and so lowers both shares. That is Pol.is's
reading (someone who saw a statement and passed did not agree with it) and it keeps an item
that most of a group shrugged at from standing for that group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Z_90 = 1.2815515655446004  # one-sided 90 %: scipy.stats.norm.ppf(0.9)


@dataclass(frozen=True)
class Counts:
    """Vote counts per group (rows) and item (columns)."""

    agree: np.ndarray
    disagree: np.ndarray
    seen: np.ndarray

    @property
    def passed(self) -> np.ndarray:
        return self.seen - self.agree - self.disagree


def group_counts(values: np.ndarray, labels: np.ndarray, k: int) -> Counts:
    """Counts of the rows with label g, for g in 0..k-1 (rows labelled -1 are left out)."""
    onehot = (labels[:, None] == np.arange(k)[None, :]).astype(float)
    agree = onehot.T @ (values == 1)
    disagree = onehot.T @ (values == -1)
    seen = onehot.T @ ~np.isnan(values)
    return Counts(agree=agree, disagree=disagree, seen=seen)


def smoothed(success: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """``(success + 1) / (seen + 2)``."""
    return (success + 1.0) / (seen + 2.0)


def one_proportion_z(success: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """Pol.is's z of a share against 1/2, each count plus one."""
    n = seen + 1.0
    return 2.0 * np.sqrt(n) * ((success + 1.0) / n - 0.5)


def two_proportion_z(success: np.ndarray, seen: np.ndarray, success_rest: np.ndarray,
                     seen_rest: np.ndarray) -> np.ndarray:
    """Pooled two-proportion z of group against rest, each count plus one (0 if undefined)."""
    s1, n1 = success + 1.0, seen + 1.0
    s2, n2 = success_rest + 1.0, seen_rest + 1.0
    pooled = (s1 + s2) / (n1 + n2)
    spread = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (s1 / n1 - s2 / n2) / spread
    return np.where(spread > 0, z, 0.0)


@dataclass(frozen=True)
class Side:
    """The statistics of one kind of vote (agree or disagree) for every group and item."""

    share: np.ndarray  # pa: smoothed share in the group
    rest_share: np.ndarray  # pa_rest
    ratio: np.ndarray  # ra
    z_group: np.ndarray  # pat
    z_rest: np.ndarray  # rat

    @property
    def significant(self) -> np.ndarray:
        return (self.z_group > Z_90) & (self.z_rest > Z_90)

    @property
    def metric(self) -> np.ndarray:
        """Pol.is's ``ra * rat * pa * pat``."""
        return self.ratio * self.z_rest * self.share * self.z_group


def side(success: np.ndarray, seen: np.ndarray) -> Side:
    """Group-vs-rest statistics of ``success`` (agree or disagree counts, groups × items)."""
    success_rest = success.sum(axis=0, keepdims=True) - success
    seen_rest = seen.sum(axis=0, keepdims=True) - seen
    share = smoothed(success, seen)
    rest_share = smoothed(success_rest, seen_rest)
    return Side(share=share, rest_share=rest_share, ratio=share / rest_share,
                z_group=one_proportion_z(success, seen),
                z_rest=two_proportion_z(success, seen, success_rest, seen_rest))


@dataclass(frozen=True)
class Pick:
    """A representative item of a group: its column, kind and rank."""

    column: int
    kind: str  # "agree" | "disagree"
    repness: float


def representative(counts: Counts, group: int, limit: int) -> list[Pick]:
    """Items significant for agreement or disagreement in ``group``, best metric first."""
    picks: list[Pick] = []
    for kind, stats in (("agree", side(counts.agree, counts.seen)),
                        ("disagree", side(counts.disagree, counts.seen))):
        metric = stats.metric[group]
        for c in np.flatnonzero(stats.significant[group]):
            picks.append(Pick(column=int(c), kind=kind, repness=float(metric[c])))
    # An item cannot be significant both ways (the two shares sum to at most 1), but be safe.
    best: dict[int, Pick] = {}
    for p in picks:
        if p.column not in best or p.repness > best[p.column].repness:
            best[p.column] = p
    return sorted(best.values(), key=lambda p: (-p.repness, p.column))[:limit]


def group_informed_consensus(counts: Counts) -> np.ndarray:
    """Per item: the product over groups of ``(A_g + 1) / (S_g + 2)``.

    High only when *every* group tends to agree: one group that rejects the item pulls the
    product down however large the other groups are. That is why it rewards statements that
    bridge the groups rather than the majority's favourites.
    """
    return np.prod(smoothed(counts.agree, counts.seen), axis=0)


def consensus_columns(counts: Counts) -> np.ndarray:
    """Items that every group agrees with: in each group the agree share is significantly
    above one half (the one-proportion z above 1.2816)."""
    z = one_proportion_z(counts.agree, counts.seen)
    return np.flatnonzero((z > Z_90).all(axis=0))


@dataclass(frozen=True)
class Spread:
    """Per item: the largest gap in (smoothed) agree share between two groups, and which."""

    spread: np.ndarray
    most: np.ndarray  # group that agrees most
    least: np.ndarray  # group that agrees least
    z: np.ndarray  # two-proportion z of ``most`` against ``least``


def agree_spread(counts: Counts) -> Spread:
    """The divisive items' measure: ``max_g pa_g - min_g pa_g`` with its z."""
    share = smoothed(counts.agree, counts.seen)
    most = share.argmax(axis=0)
    least = share.argmin(axis=0)
    cols = np.arange(share.shape[1])
    z = two_proportion_z(counts.agree[most, cols], counts.seen[most, cols],
                         counts.agree[least, cols], counts.seen[least, cols])
    return Spread(spread=share[most, cols] - share[least, cols], most=most, least=least, z=z)
