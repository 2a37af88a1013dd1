"""``clustering.opinions``: opinion groups from votes, on planted camps with known answers, edge
cases, and one real Pol.is conversation (skipped when ``../shared/data/polis`` is absent)."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest

from clustering.opinions import OpinionGroups, find_opinion_groups

Vote = tuple[object, object, int]


def camps(opinions: list[list[int]], size: int, *, seed: int = 0, noise: float = 0.05,
          passes: float = 0.05, missing: float = 0.0) -> list[Vote]:
    """``size`` participants per camp; camp c votes ``opinions[c][item]``, with a share of
    flipped votes (``noise``), passes and missing votes. Participant ids are ``(camp, n)``."""
    rng = np.random.default_rng(seed)
    votes: list[Vote] = []
    for c, camp in enumerate(opinions):
        for n in range(size):
            for item, value in enumerate(camp):
                r = rng.random()
                if r < missing:
                    continue
                if r < missing + passes:
                    votes.append(((c, n), item, 0))
                elif r < missing + passes + noise:
                    votes.append(((c, n), item, -value))
                else:
                    votes.append(((c, n), item, value))
    return votes


# Two camps: the same on items 0-9, opposite on items 10-19.
TWO = [[1] * 10 + [1] * 10, [1] * 10 + [-1] * 10]
# Three camps, each agreeing with its own block of items and disagreeing with the others'.
THREE = [[1 if block == c else -1 for block in range(3) for _ in range(6)] for c in range(3)]


def members_by_camp(result: OpinionGroups) -> set[frozenset[int]]:
    """The groups as sets of planted camps (a clean answer is one camp per group)."""
    return {frozenset(m[0] for m in g.members) for g in result.groups}  # type: ignore[index]


def test_two_camps_that_disagree_on_half_the_items_are_two_groups() -> None:
    result = find_opinion_groups(camps(TWO, 30))
    assert result.status == "ok"
    assert result.parameters["k"] == 2
    assert members_by_camp(result) == {frozenset({0}), frozenset({1})}
    assert [g.size for g in result.groups] == [30, 30]


def test_three_camps_are_three_groups() -> None:
    result = find_opinion_groups(camps(THREE, 25))
    assert result.parameters["k"] == 3
    assert members_by_camp(result) == {frozenset({0}), frozenset({1}), frozenset({2})}


def test_groups_are_numbered_largest_first_and_group_of_agrees_with_members() -> None:
    votes = [v for v in camps(TWO, 30) if not (v[0][0] == 1 and v[0][1] >= 20)]  # type: ignore[index]
    result = find_opinion_groups(votes)
    assert [g.id for g in result.groups] == [0, 1]
    assert [g.size for g in result.groups] == [30, 20]
    assert all(result.group_of(m) == g.id for g in result.groups for m in g.members)
    assert result.group_of("nobody") is None


def test_the_same_votes_and_seed_give_the_same_result_in_any_order() -> None:
    votes = camps(THREE, 20, noise=0.2, missing=0.3, seed=3)
    first = find_opinion_groups(votes, seed=7).to_dict()
    again = find_opinion_groups(list(reversed(votes)), seed=7).to_dict()
    assert first == again


def test_a_pass_counts_as_seen_and_as_a_vote_but_never_as_agreement() -> None:
    votes = camps(TWO, 20, noise=0.0, passes=0.0)
    # Participant (0, 0) passes on items 10-12 instead of agreeing.
    votes = [(p, i, 0 if p == (0, 0) and i in (10, 11, 12) else v) for p, i, v in votes]
    result = find_opinion_groups(votes, n_representative=20)
    group = result.groups[result.group_of((0, 0))]  # type: ignore[index]
    item = next(r for r in group.representative if r.item == 10)
    assert (item.agree_count, item.pass_count, item.seen_count) == (19, 1, 20)
    assert item.agree_share == pytest.approx(19 / 20)
    # Seven passes alone reach the vote threshold.
    only_passes: list[Vote] = [("passer", i, 0) for i in range(7)]
    assert find_opinion_groups(votes + only_passes).group_of("passer") is not None


def test_a_sparse_voter_is_scaled_out_to_where_a_full_voter_of_the_same_opinions_is() -> None:
    votes = camps(TWO, 20, noise=0.0, passes=0.0)
    full = [v for v in votes if v[0] == (1, 0)]
    half: list[Vote] = [("sparse", i, v) for _, i, v in full if i in range(0, 20, 2)]
    result = find_opinion_groups(votes + half)
    at = {p.participant: (p.x, p.y) for p in result.points}
    # Unscaled, the sparse voter would sit at about half the distance from the centre.
    assert np.hypot(*at["sparse"]) / np.hypot(*at[(1, 0)]) == pytest.approx(1.0, abs=0.15)
    assert result.group_of("sparse") == result.group_of((1, 0))


def test_no_votes_is_a_status_not_an_error() -> None:
    result = find_opinion_groups([])
    assert result.status == "no_votes"
    assert (result.groups, result.points, result.consensus, result.divisive) == ((), (), (), ())
    json.dumps(result.to_dict())


def test_one_voter_is_too_few_participants_but_still_has_a_point() -> None:
    result = find_opinion_groups([("alone", i, 1) for i in range(10)])
    assert result.status == "too_few_participants"
    assert result.groups == ()
    assert [(p.participant, p.group) for p in result.points] == [("alone", None)]


def test_fewer_voters_than_two_groups_need_is_too_few_participants() -> None:
    votes = [(p, i, 1 if (p + i) % 2 else -1) for p in range(3) for i in range(10)]
    assert find_opinion_groups(votes).status == "too_few_participants"


def test_voters_below_the_threshold_are_on_the_map_but_in_no_group() -> None:
    votes = camps(TWO, 20) + [("light", i, 1) for i in range(6)]
    result = find_opinion_groups(votes)
    assert result.group_of("light") is None
    assert "light" in {p.participant for p in result.points}
    assert find_opinion_groups(votes, min_votes=6).group_of("light") is not None


def test_everyone_agreeing_is_no_disagreement_with_everything_in_consensus() -> None:
    result = find_opinion_groups([(p, i, 1) for p in range(20) for i in range(8)])
    assert result.status == "no_disagreement"
    assert result.groups == () and result.divisive == ()
    assert {c.item for c in result.consensus} == set(range(8))
    assert result.group_informed_consensus[0] == pytest.approx(21 / 22)


def test_one_item_splits_its_agreers_from_its_disagreers() -> None:
    votes = [(p, "only", 1 if p < 12 else -1) for p in range(20)]
    result = find_opinion_groups(votes)
    assert result.status == "ok"
    assert result.parameters["vote_threshold"] == 1
    assert {frozenset(g.members) for g in result.groups} == {frozenset(range(12)),
                                                            frozenset(range(12, 20))}


def test_a_camps_representative_items_are_the_ones_it_agrees_on_and_the_rest_do_not() -> None:
    result = find_opinion_groups(camps(THREE, 25), n_representative=6)
    for group in result.groups:
        camp = group.members[0][0]  # type: ignore[index]
        agreed = {r.item for r in group.representative if r.kind == "agree"}
        assert agreed == set(range(6 * camp, 6 * camp + 6))
        for r in group.representative:
            if r.kind == "agree":
                assert r.agree_share >= 0.7 and r.rest_agree_share < 0.2
            else:  # another camp's item: half of the rest (that camp) agrees with it
                assert r.disagree_share >= 0.7 and r.rest_disagree_share < 0.6
        assert [r.repness for r in group.representative] == sorted(
            (r.repness for r in group.representative), reverse=True)


def test_representative_items_are_capped_by_n_representative() -> None:
    result = find_opinion_groups(camps(THREE, 25), n_representative=2)
    assert all(len(g.representative) == 2 for g in result.groups)


def test_group_informed_consensus_is_the_product_of_smoothed_agree_shares() -> None:
    # Two clear camps of 4 on items 0-9; on item "x" camp 0 votes agree x3 + pass, camp 1
    # agree, disagree x2 and one member never sees it.
    votes: list[Vote] = [((c, n), i, 1 if (i < 5) == (c == 0) else -1)
                         for c in range(2) for n in range(4) for i in range(10)]
    votes += [((0, 0), "x", 1), ((0, 1), "x", 1), ((0, 2), "x", 1), ((0, 3), "x", 0),
              ((1, 0), "x", 1), ((1, 1), "x", -1), ((1, 2), "x", -1)]
    result = find_opinion_groups(votes)
    assert members_by_camp(result) == {frozenset({0}), frozenset({1})}
    assert result.group_informed_consensus["x"] == pytest.approx((3 + 1) / (4 + 2)
                                                                 * (1 + 1) / (3 + 2))
    # Items 0-9 split the camps completely: (0 + 1) / (4 + 2) * (4 + 1) / (4 + 2).
    assert result.group_informed_consensus[0] == pytest.approx(5 / 36)


def test_items_every_group_agrees_on_are_consensus_and_split_items_are_divisive() -> None:
    result = find_opinion_groups(camps(TWO, 30))
    assert {c.item for c in result.consensus} == set(range(10))
    # The split items come first; a consensus item may follow when noise parts the groups.
    split = result.divisive[:10]
    assert {d.item for d in split} == set(range(10, 20))
    assert all(d.spread > 0.7 for d in split)
    assert all(d.spread < 0.3 for d in result.divisive[10:])
    gics = [c.gic for c in result.consensus]
    assert gics == sorted(gics, reverse=True)


def test_the_result_is_json_ready() -> None:
    result = find_opinion_groups(camps(TWO, 10))
    data = json.loads(json.dumps(result.to_dict()))
    assert data["status"] == "ok"
    assert data["parameters"]["method"] == "polis-pca2-kmeans"
    assert set(data["parameters"]["silhouettes"]) <= {"2", "3", "4", "5"}
    assert len(data["group_informed_consensus"]) == 20


@pytest.mark.parametrize("votes, message", [
    ([("a", 1, 2)], "has value 2"),
    ([("a", 1, True)], "has value True"),
    ([("a", 1, math.nan)], "has value nan"),
    ([("a", 1, "1")], "has value '1'"),
    ([("a", 1, 1), ("a", 1, -1)], "voted twice"),
    ([("a", 1)], "triple"),
])
def test_bad_votes_are_value_errors(votes: list[Vote], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        find_opinion_groups(votes)


@pytest.mark.parametrize("keyword", [{"min_votes": 0}, {"max_groups": 1},
                                     {"n_representative": -1}])
def test_bad_parameters_are_value_errors(keyword: dict[str, int]) -> None:
    with pytest.raises(ValueError, match=next(iter(keyword))):
        find_opinion_groups(camps(TWO, 5), **keyword)


POLIS = Path(__file__).resolve().parents[3] / "shared" / "data" / "polis"


def test_the_groups_of_a_real_conversation_match_polis_s_own() -> None:
    """scoop-hivemind.biodiversity: ARI 0.92 against Pol.is's groups with seed 0
    (bench/opinions.py; 0.77-0.92 over seeds 0-4)."""
    folder = POLIS / "scoop-hivemind.biodiversity"
    if not folder.exists():
        pytest.skip(f"{folder} is absent")
    from sklearn.metrics import adjusted_rand_score

    with open(folder / "comments.csv", newline="", encoding="utf-8") as f:
        hidden = {r["comment-id"] for r in csv.DictReader(f) if r["moderated"] == "-1"}
    latest: dict[tuple[int, int], tuple[int, int]] = {}
    with open(folder / "votes.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            key, stamp = (int(r["voter-id"]), int(r["comment-id"])), int(r["timestamp"])
            if r["comment-id"] not in hidden and (key not in latest or stamp >= latest[key][0]):
                latest[key] = (stamp, int(r["vote"]))
    with open(folder / "participants-votes.csv", newline="", encoding="utf-8") as f:
        polis = {int(r["participant"]): r["group-id"] for r in csv.DictReader(f)
                 if r["group-id"]}
    result = find_opinion_groups([(p, c, v) for (p, c), (_, v) in latest.items()], seed=0)
    both = [p for p in polis if result.group_of(p) is not None]
    assert len(both) > 400
    assert adjusted_rand_score([polis[p] for p in both],
                               [result.group_of(p) for p in both]) >= 0.8
