"""Who backs which themes (clustering.opinions theme_backing): the theme × group matrix."""

import pytest

from clustering.opinions import theme_backing

THEMES = {"i1": "green", "i2": "green", "i3": "remote", "i4": "remote"}


def votes_of(group: str, people: int, values: dict[str, int]) -> list[tuple[str, str, int]]:
    return [(f"{group}{p}", item, v) for p in range(people) for item, v in values.items()]


def camps() -> tuple[list[tuple[str, str, int]], dict[str, str]]:
    """Two camps of 20: both back "green"; camp a backs "remote", camp b rejects it."""
    votes = votes_of("a", 20, {"i1": 1, "i2": 1, "i3": 1, "i4": 1}) + votes_of(
        "b", 20, {"i1": 1, "i2": 1, "i3": -1, "i4": -1}
    )
    group_of = {f"{g}{p}": g for g in "ab" for p in range(20)}
    return votes, group_of


def test_a_theme_every_group_backs_is_common_ground() -> None:
    matrix = theme_backing(*camps(), THEMES)
    assert matrix.common_ground == ("green",)


def test_a_theme_one_group_backs_and_the_other_rejects_splits_them() -> None:
    matrix = theme_backing(*camps(), THEMES)
    assert matrix.splitting == ("remote",)
    remote = next(t for t in matrix.themes if t.theme == "remote")
    a, b = remote.cells
    assert (a.backs, a.opposes, b.backs, b.opposes) == (True, False, False, True)
    assert a.differs and b.differs


def test_support_is_the_smoothed_agree_share_of_the_groups_votes() -> None:
    matrix = theme_backing(*camps(), THEMES)
    remote = next(t for t in matrix.themes if t.theme == "remote")
    assert remote.cells[0].support == pytest.approx(41 / 42, abs=1e-4)
    assert remote.cells[1].support == pytest.approx(1 / 42, abs=1e-4)
    assert remote.cells[0].rest_support == remote.cells[1].support


def test_passes_count_as_votes_but_not_as_support() -> None:
    votes = [("p1", "i1", 0), ("p2", "i1", 1)]
    matrix = theme_backing(votes, {"p1": "x", "p2": "x"}, THEMES)
    cell = matrix.themes[0].cells[0]
    assert (cell.votes, cell.agrees, cell.passes) == (2, 1, 1)
    assert cell.support == pytest.approx(2 / 4)


def test_a_few_votes_are_not_significant() -> None:
    votes = [("a1", "i1", 1), ("b1", "i1", -1)]
    matrix = theme_backing(votes, {"a1": "a", "b1": "b"}, THEMES)
    row = matrix.themes[0]
    assert not any(c.backs or c.opposes or c.differs for c in row.cells)
    assert not row.splits and not row.common_ground


def test_people_without_a_group_and_ideas_without_a_theme_are_left_out() -> None:
    votes = [("a1", "i1", 1), ("nobody", "i1", 1), ("a1", "unthemed", 1)]
    matrix = theme_backing(votes, {"a1": "a"}, THEMES)
    assert [(t.theme, t.votes) for t in matrix.themes] == [("green", 1)]


def test_the_group_order_can_be_fixed_and_a_silent_group_gets_an_empty_cell() -> None:
    votes = [("a1", "i1", 1)]
    matrix = theme_backing(votes, {"a1": "a"}, THEMES, groups=["b", "a"])
    assert matrix.groups == ("b", "a")
    assert [c.votes for c in matrix.themes[0].cells] == [0, 1]


def test_no_votes_give_an_empty_matrix() -> None:
    matrix = theme_backing([], {}, THEMES)
    assert (matrix.themes, matrix.common_ground, matrix.splitting) == ((), (), ())


def test_a_vote_value_other_than_minus_one_zero_or_one_is_refused() -> None:
    with pytest.raises(ValueError, match="vote value"):
        theme_backing([("a1", "i1", 2)], {"a1": "a"}, THEMES)


def test_the_matrix_is_plain_data() -> None:
    found = theme_backing(*camps(), THEMES).to_dict()
    assert found["common_ground"] == ["green"] and found["splitting"] == ["remote"]
    assert found["themes"][0]["cells"][0]["group"] == "a"
