"""Building the interaction graph from plain records: what counts as a tie, and how much."""

from __future__ import annotations

import networkx as nx
import pytest

from clustering import (
    Comment,
    Idea,
    InteractionWeights,
    MalformedRecordError,
    Participant,
    Vote,
    build_interaction_graph,
)


def people(*ids: str) -> list[Participant]:
    return [Participant(i, name=i.title()) for i in ids]


def test_top_level_comment_ties_commenter_to_idea_author() -> None:
    g = build_interaction_graph(people("ana", "ben"), [Idea("i1", "ana")],
                                [Comment("c1", "i1", "ben")])
    assert g.tie_weight("ana", "ben") == 1.0


def test_reply_ties_replier_to_the_replied_comment_author_not_the_idea_author() -> None:
    g = build_interaction_graph(
        people("ana", "ben", "cy"), [Idea("i1", "ana")],
        [Comment("c1", "i1", "ben"), Comment("c2", "i1", "cy", parent_id="c1")],
        weights=InteractionWeights(co_comment=0))
    assert g.tie_weight("cy", "ben") == 1.0
    assert g.tie_weight("cy", "ana") == 0.0


def test_vote_is_a_weaker_tie_to_the_idea_author() -> None:
    g = build_interaction_graph(people("ana", "ben"), [Idea("i1", "ana")],
                                votes=[Vote("i1", "ben", -1)])
    assert g.tie_weight("ana", "ben") == pytest.approx(0.2)


def test_repeated_interactions_add_up_with_custom_weights() -> None:
    w = InteractionWeights(comment=2.0, vote=0.5, co_comment=0)
    g = build_interaction_graph(people("ana", "ben"), [Idea("i1", "ana")],
                                [Comment("c1", "i1", "ben"), Comment("c2", "i1", "ben")],
                                [Vote("i1", "ben", 1)], weights=w)
    assert g.tie_weight("ana", "ben") == pytest.approx(4.5)


def test_co_commenters_share_one_co_comment_weight_per_thread() -> None:
    g = build_interaction_graph(
        people("ana", "ben", "cy", "dee"), [Idea("i1", "ana")],
        [Comment("c1", "i1", "ben"), Comment("c2", "i1", "cy"), Comment("c3", "i1", "dee")],
        weights=InteractionWeights(comment=0, co_comment=0.6))
    assert g.tie_weight("ben", "cy") == pytest.approx(0.3)  # 0.6 shared by 2 co-commenters
    assert g.tie_weight("ben", "dee") == pytest.approx(0.3)


def test_co_comment_window_limits_ties_in_a_busy_thread() -> None:
    ids = [f"p{k}" for k in range(30)]
    g = build_interaction_graph(
        people("author", *ids), [Idea("i1", "author")],
        [Comment(f"c{k}", "i1", pid) for k, pid in enumerate(ids)],
        weights=InteractionWeights(comment=0, co_comment_window=3))
    assert g.tie_weight("p0", "p3") > 0
    assert g.tie_weight("p0", "p4") == 0.0
    assert g.edge_count == sum(min(3, 29 - k) for k in range(30))


def test_self_reply_and_own_idea_interactions_are_ignored() -> None:
    g = build_interaction_graph(
        people("ana"), [Idea("i1", "ana")],
        [Comment("c1", "i1", "ana"), Comment("c2", "i1", "ana", parent_id="c1")],
        [Vote("i1", "ana", 1)])
    assert g.edge_count == 0
    assert len(g.ties) == 0


def test_neutral_votes_count_only_when_asked() -> None:
    records = (people("ana", "ben"), [Idea("i1", "ana")], [], [Vote("i1", "ben", 0)])
    assert build_interaction_graph(*records).edge_count == 0
    neutral = InteractionWeights(count_neutral_votes=True)
    counted = build_interaction_graph(*records, weights=neutral)
    assert counted.edge_count == 1


def test_last_vote_of_a_voter_on_an_idea_wins() -> None:
    g = build_interaction_graph(people("ana", "ben"), [Idea("i1", "ana")],
                                votes=[Vote("i1", "ben", 1), Vote("i1", "ben", 0)])
    assert g.edge_count == 0


def test_people_without_ties_stay_in_the_graph() -> None:
    g = build_interaction_graph(people("ana", "ben", "loner"), [Idea("i1", "ana")],
                                [Comment("c1", "i1", "ben")])
    assert g.n == 3
    assert g.degree().tolist() == [1, 1, 0]


def test_replies_may_come_before_their_parent_in_the_input() -> None:
    g = build_interaction_graph(
        people("ana", "ben", "cy"), [Idea("i1", "ana")],
        [Comment("c2", "i1", "cy", parent_id="c1"), Comment("c1", "i1", "ben")],
        weights=InteractionWeights(co_comment=0))
    assert g.tie_weight("cy", "ben") == 1.0


def test_each_tie_keeps_the_idea_and_comment_behind_it() -> None:
    g = build_interaction_graph(people("ana", "ben"), [Idea("i1", "ana")],
                                [Comment("c1", "i1", "ben")])
    assert g.ideas[int(g.ties.idea[0])].id == "i1"
    assert g.comment_ids[int(g.ties.comment[0])] == "c1"


def test_to_networkx_carries_weights_and_attributes() -> None:
    g = build_interaction_graph(
        [Participant("ana", org_unit="R&D"), Participant("ben", is_guest=True)],
        [Idea("i1", "ana")], [Comment("c1", "i1", "ben")])
    nxg = g.to_networkx()
    assert nxg["ana"]["ben"]["weight"] == 1.0
    assert nxg.nodes["ana"]["org_unit"] == "R&D"
    assert nxg.nodes["ben"]["is_guest"] is True
    assert isinstance(nxg, nx.Graph)


def test_empty_records_give_an_empty_graph() -> None:
    g = build_interaction_graph([])
    assert (g.n, g.edge_count) == (0, 0)


MALFORMED = {
    "duplicate participant": (people("ana", "ana"), [], [], []),
    "idea by unknown author": (people("ana"), [Idea("i1", "zed")], [], []),
    "duplicate idea": (people("ana"), [Idea("i1", "ana"), Idea("i1", "ana")], [], []),
    "comment on unknown idea": (people("ana"), [], [Comment("c1", "nope", "ana")], []),
    "comment by unknown author": (people("ana"), [Idea("i1", "ana")],
                                  [Comment("c1", "i1", "zed")], []),
    "duplicate comment": (people("ana"), [Idea("i1", "ana")],
                          [Comment("c1", "i1", "ana"), Comment("c1", "i1", "ana")], []),
    "reply to unknown comment": (people("ana"), [Idea("i1", "ana")],
                                 [Comment("c1", "i1", "ana", parent_id="ghost")], []),
    "reply to itself": (people("ana"), [Idea("i1", "ana")],
                        [Comment("c1", "i1", "ana", parent_id="c1")], []),
    "reply across ideas": (people("ana"), [Idea("i1", "ana"), Idea("i2", "ana")],
                           [Comment("c1", "i1", "ana"),
                            Comment("c2", "i2", "ana", parent_id="c1")], []),
    "vote on unknown idea": (people("ana"), [], [], [Vote("nope", "ana", 1)]),
    "vote by unknown voter": (people("ana"), [Idea("i1", "ana")], [], [Vote("i1", "zed", 1)]),
    "vote with NaN value": (people("ana", "ben"), [Idea("i1", "ana")], [],
                            [Vote("i1", "ben", float("nan"))]),
}


@pytest.mark.parametrize("records", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_records_raise_a_value_error_naming_the_problem(records: tuple) -> None:
    with pytest.raises(MalformedRecordError) as err:
        build_interaction_graph(*records)
    assert isinstance(err.value, ValueError)
    assert str(err.value)


def test_malformed_vote_is_rejected_even_when_votes_weigh_nothing() -> None:
    with pytest.raises(MalformedRecordError, match="unknown voter"):
        build_interaction_graph(people("ana"), [Idea("i1", "ana")],
                                votes=[Vote("i1", "zed", 1)],
                                weights=InteractionWeights(vote=0))


@pytest.mark.parametrize("bad", [{"reply": -1.0}, {"vote": float("inf")},
                                 {"co_comment_window": 0}])
def test_impossible_weights_are_rejected(bad: dict) -> None:
    with pytest.raises(ValueError):
        InteractionWeights(**bad)


def test_unknown_participant_lookup_names_the_id() -> None:
    g = build_interaction_graph(people("ana"))
    with pytest.raises(KeyError, match="zed"):
        g.tie_weight("ana", "zed")
