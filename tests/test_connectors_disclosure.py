"""What pseudonymous views of a network analysis show of people (pure: no database).

Org unit, country and guest status are coarsened k-anonymity style (k = 5): every value and every
combination shown is held by at least five people of the jam. Evidence carries no idea or comment
ids (an idea's author is public in a jam), reasons no group that was coarsened away."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

from clustering import (
    Comment,
    Idea,
    Participant,
    build_interaction_graph,
    find_communities,
    find_connectors,
)
from clustering.network._planted import planted_jam
from jam.analysis.connectors import (
    ATTRIBUTES,
    K_ANONYMITY,
    OTHER,
    JamInteractions,
    analyse,
    connector_reason,
    k_anonymous,
    present,
    shown_bridges,
)

SALT = "a-test-salt"


def _people(*groups: tuple[int, str | None, str | None, bool]) -> list[Participant]:
    """``(how many, unit, country, guest)`` groups of people with ids 0, 1, 2..."""
    people: list[Participant] = []
    for count, unit, country, guest in groups:
        for _ in range(count):
            people.append(Participant(len(people), org_unit=unit, country=country, is_guest=guest))
    return people


def _combination(shown: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(shown[a] for a in ATTRIBUTES)


def test_a_unit_held_by_fewer_than_k_people_is_shown_as_other() -> None:
    people = _people(
        (6, "Research", "DE", False),
        (6, "Sales", "DE", False),
        (2, "Legal", "DE", False),
        (3, "Audit", "DE", False),
    )
    shown = k_anonymous(people).people
    assert [shown[p.id]["org_unit"] for p in people] == (
        ["Research"] * 6 + ["Sales"] * 6 + [OTHER] * 5
    )


def test_a_unit_held_by_k_people_keeps_its_name() -> None:
    people = _people((K_ANONYMITY, "Legal", "DE", False), (6, "Sales", "DE", False))
    assert k_anonymous(people).people[0]["org_unit"] == "Legal"


def test_a_lone_rare_unit_is_not_left_alone_in_other() -> None:
    # "other" with one person in it is that person to whoever knows who the lawyer is.
    people = _people(
        (6, "Research", "DE", False), (6, "Sales", "DE", False), (1, "Legal", "DE", False)
    )
    shown = k_anonymous(people).people
    assert Counter(s["org_unit"] for s in shown.values()) == {OTHER: 7, "Sales": 6}


def test_a_rare_country_is_shown_as_other() -> None:
    people = _people(
        (8, "Sales", "DE", False), (4, "Sales", "IS", False), (1, "Sales", "FR", False)
    )
    shown = k_anonymous(people).people
    assert Counter(s["country"] for s in shown.values()) == {"DE": 8, OTHER: 5}


def test_guest_status_is_withheld_when_fewer_than_k_guests_take_part() -> None:
    people = _people((12, "Sales", "DE", False), (2, "Sales", "DE", True))
    shown = k_anonymous(people).people
    assert {s["is_guest"] for s in shown.values()} == {None}


def test_guest_status_is_shown_when_k_guests_take_part() -> None:
    people = _people((12, "Sales", "DE", False), (K_ANONYMITY, "Sales", "DE", True))
    shown = k_anonymous(people).people
    assert Counter(s["is_guest"] for s in shown.values()) == {False: 12, True: K_ANONYMITY}


def test_a_rare_combination_of_common_values_is_coarsened_too() -> None:
    # Sales and BR are each common; the one Brazilian salesperson is not.
    people = _people(
        (6, "Sales", "DE", False), (6, "Research", "BR", False), (1, "Sales", "BR", False)
    )
    shown = k_anonymous(people).people
    lone = shown[12]
    assert (lone["org_unit"], lone["country"]) != ("Sales", "BR")
    assert sum(1 for s in shown.values() if s == lone) >= K_ANONYMITY


def test_every_shown_value_and_combination_is_held_by_k_people() -> None:
    rng = random.Random(7)
    units = [f"unit-{i}" for i in range(30)]
    countries = [f"country-{i}" for i in range(20)] + [None]
    people = [
        Participant(
            i,
            org_unit=rng.choices(units, weights=[1 / (r + 1) for r in range(30)])[0],
            country=rng.choices(countries, weights=[1 / (r + 1) for r in range(21)])[0],
            is_guest=rng.random() < 0.03,
        )
        for i in range(300)
    ]
    disclosure = k_anonymous(people)
    shown = disclosure.people
    combinations = Counter(_combination(s) for s in shown.values())
    assert all(n >= K_ANONYMITY for n in combinations.values())
    for attribute in ("org_unit", "country"):
        values = Counter(s[attribute] for s in shown.values())
        assert all(n >= K_ANONYMITY for n in values.values())
        for p in people:  # a value shown is the person's own (never someone else's)
            assert shown[p.id][attribute] in (getattr(p, attribute), OTHER)
    assert combinations[(OTHER, OTHER, None)] < len(people)  # not everything was coarsened


def test_bridges_name_the_shown_groups_and_merge_those_that_became_other() -> None:
    people = _people(
        (6, "Research", "DE", False),
        (6, "Sales", "DE", False),
        (2, "Legal", "DE", False),
        (3, "Audit", "DE", False),
    )
    disclosure = k_anonymous(people)
    bridges = [
        {"kind": "community", "group": 0, "share": 0.6, "own": True},
        {"kind": "org_unit", "group": "Sales", "share": 0.5, "own": True},
        {"kind": "org_unit", "group": "Legal", "share": 0.3, "own": False},
        {"kind": "org_unit", "group": "Audit", "share": 0.2, "own": False},
    ]
    assert shown_bridges(bridges, 6, disclosure) == [
        {"kind": "community", "group": 0, "share": 0.6, "own": True},
        {"kind": "org_unit", "group": "Sales", "share": 0.5, "own": True},
        {"kind": "org_unit", "group": OTHER, "share": 0.5, "own": False},
    ]


def test_no_bridges_across_an_attribute_whose_own_value_is_withheld() -> None:
    # Their own group is always listed: it would give the withheld value away.
    people = _people(
        (6, "Sales", "DE", False), (6, "Research", "BR", False), (1, "Sales", "BR", False)
    )
    bridges = [
        {"kind": "community", "group": 1, "share": 1.0, "own": True},
        {"kind": "country", "group": "BR", "share": 0.02, "own": True},
        {"kind": "country", "group": "DE", "share": 0.98, "own": False},
        {"kind": "employee_guest", "group": "employee", "share": 1.0, "own": True},
    ]
    assert shown_bridges(bridges, 12, k_anonymous(people)) == bridges[:1]


def test_the_reason_is_the_one_clustering_writes() -> None:
    # connector_reason rewrites reasons for coarsened bridges; on the raw ones it must agree.
    jam = planted_jam(people=300, communities=5, bridges=8, seed=3)
    graph = build_interaction_graph(jam.participants, jam.ideas, jam.comments, jam.votes)
    connectors = find_connectors(graph, find_communities(graph, seed=0), top=20).to_dict()
    assert any("across units" in c["reason"] for c in connectors["connectors"])
    for connector in connectors["connectors"]:
        assert connector_reason(connector["bridges"], connector["measures"]) == connector["reason"]


def _two_camps_and_a_bridge() -> JamInteractions:
    """Six researchers (DE) and six salespeople (BR) who talk among themselves, and Bridget, the
    only consultant (IN), who talks with everyone (as tests/test_connectors_in_jam.py)."""
    people = _people(
        (6, "Research", "DE", False), (6, "Sales", "BR", False), (1, "Consulting", "IN", False)
    )
    camps, bridge = [people[:6], people[6:12]], people[12]
    ideas: list[Idea] = []
    comments: list[Comment] = []
    for theme, camp in enumerate(camps, start=1):
        for author in camp:
            idea = Idea(100 + len(ideas), author.id, theme_id=theme, title="a distinctive title")
            ideas.append(idea)
            for other in [*camp, bridge]:
                if other != author:
                    comments.append(Comment(1000 + len(comments), idea.id, other.id))
    return JamInteractions(people, ideas, comments, [], {1: "Lab", 2: "Market"})


def _records(value: Any, found: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Every idea/comment id in a presented result, with its key."""
    if isinstance(value, dict):
        for k, v in value.items():
            if (k in ("idea_id", "comment_id") and v is not None) or (
                k in ("idea_ids", "comment_ids") and v
            ):
                found.append((k, v))
            else:
                _records(v, found)
    elif isinstance(value, list):
        for v in value:
            _records(v, found)
    return found


def _persons(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        if {"id", "name", "is_guest"} <= value.keys():
            return [value]
        return [p for v in value.values() for p in _persons(v)]
    if isinstance(value, list):
        return [p for v in value for p in _persons(v)]
    return []


def test_pseudonymous_views_carry_no_idea_or_comment_ids() -> None:
    stored = analyse(_two_camps_and_a_bridge()).to_dict()
    assert _records(present(stored, None, SALT), []) == []


def test_administrators_get_the_evidence_ids() -> None:
    stored = analyse(_two_camps_and_a_bridge()).to_dict()
    found = {k for k, _ in _records(present(stored, {}, SALT), [])}
    assert found == {"idea_id", "comment_id", "idea_ids"}


def test_pseudonymous_views_show_the_coarsened_attributes_and_no_ids() -> None:
    stored = analyse(_two_camps_and_a_bridge()).to_dict()
    people = _persons(present(stored, None, SALT))
    assert people and all(p["id"] is None and p["name"].startswith("Participant ") for p in people)
    # Consulting is Bridget's alone and joins Research in "other"; then the one person left
    # with nothing shown (her) is joined by the smallest combination (the salespeople).
    assert {(p["org_unit"], p["country"]) for p in people} == {(OTHER, "DE"), (OTHER, OTHER)}
    assert all("shown" not in p for p in people)


def test_administrators_see_the_attributes_as_they_are() -> None:
    stored = analyse(_two_camps_and_a_bridge()).to_dict()
    people = _persons(present(stored, {12: "Bridget"}, SALT))
    bridget = next(p for p in people if p["id"] == 12)
    assert (bridget["name"], bridget["org_unit"], bridget["country"]) == (
        "Bridget",
        "Consulting",
        "IN",
    )


def test_pseudonymous_reasons_name_no_coarsened_group() -> None:
    stored = analyse(_two_camps_and_a_bridge()).to_dict()
    shown = present(stored, None, SALT)
    text = str(shown)
    assert "Consulting" not in text and "'IN'" not in text


def test_pseudonymous_team_reasons_drop_the_counts_the_theme_pages_would_match() -> None:
    stored = analyse(_two_camps_and_a_bridge()).to_dict()
    teams = present(stored, None, SALT)["teams"]
    reasons = {m["reason"] for t in teams for m in t["members"]}
    assert teams and reasons <= {f"Top contributor to theme {t['theme_id']}" for t in teams} | {
        f"Connects theme {t['theme_id']} with related theme {m['related_theme']}"
        for t in teams
        for m in t["members"]
    }
    assert all("diversity" not in t for t in teams)


def test_a_snapshot_stored_without_coarsened_values_shows_no_attributes() -> None:
    stored = analyse(_two_camps_and_a_bridge()).to_dict()

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: strip(v)
                for k, v in value.items()
                if k not in ("shown", "shown_bridges", "disclosure")
            }
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    shown = present(strip(stored), None, SALT)
    people = _persons(shown)
    assert {(p["org_unit"], p["country"], p["is_guest"]) for p in people} == {(None, None, None)}
    kinds = {b["kind"] for c in shown["connectors"]["connectors"] for b in c["bridges"]}
    assert kinds <= {"community", "theme"}


def test_values_enough_people_share_are_shown_as_they_are() -> None:
    people = _people((6, "Research", "DE", False), (6, "Sales", "DE", False))
    ideas = [Idea(100 + n, p.id, theme_id=1) for n, p in enumerate(people)]
    comments = [
        Comment(1000 + len(ideas) * n + m, i.id, p.id)
        for n, i in enumerate(ideas)
        for m, p in enumerate(people)
        if p.id != i.author_id
    ]
    stored = analyse(JamInteractions(people, ideas, comments, [], {1: "All"})).to_dict()
    shown = _persons(present(stored, None, SALT))
    assert {(p["org_unit"], p["country"], p["is_guest"]) for p in shown} == {
        ("Research", "DE", False),
        ("Sales", "DE", False),
    }
