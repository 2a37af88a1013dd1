"""Follow-up teams: the theme's drivers plus connectors to related themes, diverse, explained."""

from __future__ import annotations

import json

import pytest

from clustering import (
    Comment,
    Idea,
    InteractionGraph,
    Participant,
    UnknownThemeError,
    build_interaction_graph,
    suggest_team,
)


def jam() -> InteractionGraph:
    """Theme health: ideas by h0-h2, comments by h3-h9 (Sales unless noted). Theme mobility:
    ideas by m0-m1, comments by m2-m5. x and y comment in both themes; x more."""
    units = {"h0": "Sales", "h1": "Sales", "h2": "Sales", "h3": "R&D", "h4": "Legal",
             "h5": "Sales", "h6": "HR", "x": "Ops", "y": "Ops"}
    names = [f"h{k}" for k in range(10)] + [f"m{k}" for k in range(6)] + ["x", "y", "idle"]
    people = [Participant(n, name=n.upper(), org_unit=units.get(n, "Sales"),
                          country="FR" if n in ("h3", "x") else "DE", is_guest=n == "h4")
              for n in names]
    ideas = [Idea(f"hi{k}", f"h{k}", theme_id="health") for k in range(3)]
    ideas += [Idea(f"mi{k}", f"m{k}", theme_id="mobility") for k in range(2)]
    ideas += [Idea("idle-idea", "idle", theme_id="parks")]
    comments = []
    for k in range(3, 10):  # h3 comments most, h9 least
        for j in range(3):
            comments += [Comment(f"c-h{k}-{j}-{r}", f"hi{j}", f"h{k}") for r in range(13 - k)]
    for k in range(2, 6):
        comments += [Comment(f"c-m{k}-{j}", f"mi{j}", f"m{k}") for j in range(2)]
    for who, rounds in (("x", 3), ("y", 1)):
        for r in range(rounds):
            comments += [Comment(f"c-{who}-h{r}", "hi0", who), Comment(f"c-{who}-m{r}", "mi0", who)]
    return build_interaction_graph(people, ideas, comments)


def test_team_has_the_requested_size_and_no_one_twice() -> None:
    team = suggest_team(jam(), "health", size=5)
    ids = [m.person.id for m in team.members]
    assert len(ids) == 5 and len(set(ids)) == 5


def test_author_of_the_most_discussed_idea_leads_the_contributors() -> None:
    team = suggest_team(jam(), "health", size=3, diversity=0)
    contributors = [m.person.id for m in team.members if m.role == "contributor"]
    assert contributors[0] == "h0"  # hi0 also drew x's and y's comments


def test_most_active_commenter_outranks_less_active_ones() -> None:
    team = suggest_team(jam(), "health", size=10, diversity=0, connector_share=0)
    order = [m.person.id for m in team.members]
    assert order.index("h3") < order.index("h4") < order.index("h9")


def test_connector_seat_goes_to_someone_active_in_a_related_theme() -> None:
    team = suggest_team(jam(), "health", size=4)
    connectors = [m for m in team.members if m.role == "connector"]
    assert [m.person.id for m in connectors] == ["x"]
    assert connectors[0].related_theme == "mobility"
    assert team.related_themes[0].theme_id == "mobility"


def test_diversity_brings_in_more_units() -> None:
    graph = jam()
    plain = suggest_team(graph, "health", size=5, diversity=0)
    diverse = suggest_team(graph, "health", size=5, diversity=3)
    assert diverse.diversity["org_units"] > plain.diversity["org_units"]


def test_every_member_has_a_reason_naming_the_theme() -> None:
    for member in suggest_team(jam(), "health", size=5).members:
        assert "health" in member.reason


def test_contributors_list_their_own_ideas_in_the_theme() -> None:
    team = suggest_team(jam(), "health", size=10, diversity=0)
    authors = {m.person.id: m.idea_ids for m in team.members}
    assert authors["h0"] == ["hi0"]


def test_a_small_theme_gives_a_smaller_team_with_a_note() -> None:
    team = suggest_team(jam(), "parks", size=4)
    assert [m.person.id for m in team.members] == ["idle"]
    assert team.notes


def test_unknown_theme_is_a_value_error() -> None:
    with pytest.raises(UnknownThemeError):
        suggest_team(jam(), "space travel")
    assert issubclass(UnknownThemeError, ValueError)


@pytest.mark.parametrize("bad", [{"size": 0}, {"connector_share": 1.5}, {"diversity": -1}])
def test_impossible_parameters_are_rejected(bad: dict) -> None:
    with pytest.raises(ValueError):
        suggest_team(jam(), "health", **bad)


def test_team_serialises_to_json() -> None:
    data = json.loads(json.dumps(suggest_team(jam(), "health").to_dict()))
    assert data["members"][0]["person"]["name"]
