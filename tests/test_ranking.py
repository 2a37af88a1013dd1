"""The ranking formulas written in the README."""

from datetime import UTC, datetime, timedelta

import pytest

from jam.ranking import HOT_HALF_LIFE_SECONDS, hot_score, wilson_lower_bound


def test_wilson_of_no_votes_is_zero() -> None:
    assert wilson_lower_bound(0, 0) == 0.0


def test_wilson_matches_a_worked_example() -> None:
    # 9 up, 1 down at 95 %: the classic worked value 0.5958.
    assert wilson_lower_bound(9, 1) == pytest.approx(0.5958, abs=1e-4)


def test_wilson_prefers_more_evidence_at_the_same_ratio() -> None:
    assert wilson_lower_bound(90, 10) > wilson_lower_bound(9, 1)


def test_wilson_ranks_many_good_votes_above_few_perfect_ones() -> None:
    assert wilson_lower_bound(90, 10) > wilson_lower_bound(2, 0)


def test_hot_gives_a_tenfold_score_the_same_weight_as_12_5_hours() -> None:
    t = datetime(2026, 11, 1, tzinfo=UTC)
    later = t + timedelta(seconds=HOT_HALF_LIFE_SECONDS)
    assert hot_score(10, 0, t) == pytest.approx(hot_score(1, 0, later), abs=1e-6)


def test_hot_pushes_down_negative_ideas() -> None:
    t = datetime(2026, 11, 1, tzinfo=UTC)
    assert hot_score(0, 10, t) < hot_score(0, 0, t) < hot_score(10, 0, t)
