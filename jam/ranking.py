"""Ranking formulas for "top" and "hot" (also written out in the README).

top: the lower bound of the Wilson score interval (95 %) for the share of up-votes. It ranks an
idea with 90 up / 10 down above one with 2 up / 0 down, because it asks how good the idea is
*at least*, given how few votes we have seen.

hot: log10 of the net score plus the idea's age expressed as a bonus for newness. Every
``HOT_HALF_LIFE_SECONDS`` (12.5 hours) of age costs as much as a tenfold difference in net score.
Because the time part is the creation time, the value never changes unless votes change, so
it can be stored and indexed; ordering by it is the same as ordering by a score that decays with
age.
"""

from __future__ import annotations

import math
from datetime import datetime

Z_95 = 1.959963984540054
HOT_EPOCH = 1_700_000_000  # 2023-11-14, keeps the stored values small
HOT_HALF_LIFE_SECONDS = 45_000


def wilson_lower_bound(up: int, down: int, z: float = Z_95) -> float:
    """Lower bound of the Wilson score interval for the proportion up / (up + down)."""
    n = up + down
    if n == 0:
        return 0.0
    phat = up / n
    z2 = z * z
    centre = phat + z2 / (2 * n)
    margin = z * math.sqrt((phat * (1 - phat) + z2 / (4 * n)) / n)
    return (centre - margin) / (1 + z2 / n)


def hot_score(up: int, down: int, created_at: datetime) -> float:
    """sign(s)·log10(max(|s|, 1)) + (created − epoch) / 45000, with s = up − down."""
    score = up - down
    order = math.log10(max(abs(score), 1))
    sign = (score > 0) - (score < 0)
    return round(sign * order + (created_at.timestamp() - HOT_EPOCH) / HOT_HALF_LIFE_SECONDS, 7)
