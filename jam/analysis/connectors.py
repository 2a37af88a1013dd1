"""Connectors of a jam: who drove which theme and who bridges groups (``clustering``).

The jam's stored interactions become plain records (read by
``jam.queries.connectors.jam_interactions``); the analysis (communities, ranked
connectors with evidence, a suggested follow-up team per theme) runs off the event loop and its
result is stored as a snapshot with user ids only. Names or pseudonyms are filled in when a
snapshot is read, depending on who reads it (:func:`present`).

**What a pseudonymous view keeps from re-identifying people.** In a jam every idea and comment
shows its author to every member, so anything in a pseudonymous view that points at an authored
item is a path from the pseudonym to a name: an idea or comment id (``idea(id) { author }``, the
comment tree, the live events' replay), or the item's text (search). Pseudonymous views (everyone
but administrators) therefore carry no evidence ids at all -- an interaction keeps its kind, a
team member no longer lists their ideas -- and no item text; and team reasons drop the counts
("3 idea(s) of their own in theme 7") that the public theme pages would match. Org unit, country
and guest status are coarsened so that every combination shown is held by at least
:data:`K_ANONYMITY` people of the jam (:func:`k_anonymous`; guest status is public on every
author, so it goes first). Administrators see names, ids, attributes and evidence as stored.

What this does not stop: the interactions themselves are public to the jam (who commented on
whose idea), so someone who rebuilds the graph from the idea pages, or compares two analyses
run around a comment they watched being posted (pseudonyms are stable across a jam's analyses),
can still match pseudonyms by structure (ties, contacts, weights). Closing that needs fewer
on-demand analyses while a jam is live, or noise on the measures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from clustering import (
    Comment,
    Idea,
    Participant,
    Vote,
    build_interaction_graph,
    find_communities,
    find_connectors,
    pseudonym,
    score_connectors,
    suggest_team,
)
from jam.analysis.snapshots import ConnectorResult

TOP_CONNECTORS = 20
TEAM_SIZE = 6
TEAMS_FOR_THEMES = 10

K_ANONYMITY = 5
"""Every org unit, country and guest status (and every combination of them) a pseudonymous view
shows is held by at least this many people of the jam; rarer ones are shown as :data:`OTHER`
(guest status as null)."""

OTHER = "other"
ATTRIBUTES: tuple[str, ...] = ("org_unit", "country", "is_guest")
# The order in which a combination held by too few people gives up its values: guest status
# first (every author's account kind is public), then country, then org unit.
_GIVE_UP: tuple[str, ...] = ("is_guest", "country", "org_unit")
# Bridge kinds of the clustering library -> the attribute they cross.
_ATTRIBUTE_OF_KIND = {"org_unit": "org_unit", "country": "country", "employee_guest": "is_guest"}
_PERSON_KEYS = frozenset({"id", "name", "is_guest"})
_RECORD_IDS = frozenset({"idea_id", "comment_id"})
_RECORD_ID_LISTS = frozenset({"idea_ids", "comment_ids"})
# Stored beside the raw values for pseudonymous views; never shown as such.
_SHOWN = "shown"
_SHOWN_BRIDGES = "shown_bridges"
_DISCLOSURE = "disclosure"  # in the stored connectors: the coarsened values are stored too


@dataclass
class JamInteractions:
    """A jam's people and interactions as the plain records ``clustering`` takes."""

    participants: list[Participant]
    ideas: list[Idea]
    comments: list[Comment]
    votes: list[Vote]
    theme_labels: dict[int, str]


@dataclass(frozen=True)
class Disclosure:
    """What pseudonymous views show of people's attributes (see :func:`k_anonymous`).

    ``people``: person id -> shown ``org_unit``, ``country`` (a value, null when unknown, or
    :data:`OTHER`) and ``is_guest`` (null when withheld). ``groups``: per attribute, each value ->
    the group it is shown as (the value or :data:`OTHER`; guest status as ``"guest"`` /
    ``"employee"``), used for the groups a connector bridges. ``withheld``: per person, the
    attributes not shown as a value of their own (OTHER, or a null guest status)."""

    people: dict[Any, dict[str, Any]]
    groups: dict[str, dict[Any, Any]]
    withheld: dict[Any, frozenset[str]]


def _raw(p: Participant, attribute: str) -> Any:
    if attribute == "is_guest":
        return "guest" if p.is_guest else "employee"
    return getattr(p, attribute)


def _generalise(values: Iterable[Any], k: int) -> dict[Any, Any]:
    """Each value -> itself, or OTHER when fewer than k hold it; when that leaves OTHER with
    fewer than k people (who would then be easy to pick out), the next-smallest values join it."""
    counts = Counter(values)
    mapping = {v: v for v in counts}
    other = 0
    for value in sorted(counts, key=lambda v: (counts[v], str(v))):
        if counts[value] >= k and not 0 < other < k:
            break
        mapping[value] = OTHER
        other += counts[value]
    return mapping


def k_anonymous(participants: Iterable[Participant], k: int = K_ANONYMITY) -> Disclosure:
    """Org unit, country and guest status coarsened so that every shown value, and every shown
    combination of the three, is held by at least ``k`` of ``participants`` (or is all-OTHER).

    First each attribute alone: values held by fewer than k people become OTHER (a group too
    small to hide in, the next-smallest values join it). Then combinations still held by fewer
    than k give up guest status, then country, then unit, until they are large enough; people
    left with all three withheld are joined by the smallest other combinations until they are
    k too (unless the whole jam is smaller than k)."""
    people = list(participants)
    groups = {a: _generalise((_raw(p, a) for p in people), k) for a in ATTRIBUTES}
    shown = {p.id: {a: groups[a][_raw(p, a)] for a in ATTRIBUTES} for p in people}

    def key(s: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(s[a] for a in ATTRIBUTES)

    for attribute in _GIVE_UP:
        counts = Counter(key(s) for s in shown.values())
        for s in shown.values():
            if counts[key(s)] < k:
                s[attribute] = OTHER
    nothing = (OTHER,) * len(ATTRIBUTES)
    counts = Counter(key(s) for s in shown.values())
    if 0 < counts[nothing] < k:
        total = counts.pop(nothing)
        joining = set()
        for combination in sorted(counts, key=lambda c: (counts[c], str(c))):
            joining.add(combination)
            total += counts[combination]
            if total >= k:
                break
        for s in shown.values():
            if key(s) in joining:
                s.update(dict.fromkeys(ATTRIBUTES, OTHER))
    withheld = {pid: frozenset(a for a in ATTRIBUTES if s[a] == OTHER) for pid, s in shown.items()}
    guest = {"guest": True, "employee": False}
    return Disclosure(
        people={
            pid: {
                "org_unit": s["org_unit"],
                "country": s["country"],
                "is_guest": guest.get(s["is_guest"]),
            }
            for pid, s in shown.items()
        },
        groups=groups,
        withheld=withheld,
    )


def shown_bridges(
    bridges: list[dict[str, Any]], person_id: Any, disclosure: Disclosure
) -> list[dict[str, Any]]:
    """A connector's bridged groups as a pseudonymous view shows them: unit, country and guest
    groups under their shown names (groups that became OTHER merged), and none across an
    attribute whose own value is not shown as such (OTHER or withheld: their own group, always
    listed, would tell more than the person's coarsened value does)."""
    out: list[dict[str, Any]] = []
    merged: dict[tuple[str, Any], dict[str, Any]] = {}
    withheld = disclosure.withheld.get(person_id, frozenset(ATTRIBUTES))
    for bridge in bridges:
        attribute = _ATTRIBUTE_OF_KIND.get(bridge["kind"])
        if attribute is None:
            out.append(dict(bridge))
            continue
        if attribute in withheld:
            continue
        group = disclosure.groups[attribute].get(bridge["group"], OTHER)
        found = merged.get((bridge["kind"], group))
        if found is None:
            found = merged[(bridge["kind"], group)] = {
                "kind": bridge["kind"],
                "group": group,
                "share": 0.0,
                "own": False,
            }
            out.append(found)
        found["share"] = round(found["share"] + float(bridge["share"]), 4)
        found["own"] = found["own"] or bool(bridge["own"])
    return out


def connector_reason(bridges: list[dict[str, Any]], measures: dict[str, Any]) -> str:
    """One sentence on what a connector bridges, from their (shown) bridges and measures -- the
    same sentence ``clustering`` writes, so a pseudonymous view can say it with coarsened
    groups."""
    comm = [b for b in bridges if b["kind"] == "community"]
    parts = []
    own = next((b for b in comm if b["own"]), None)
    others = [b for b in comm if not b["own"]][:3]
    if others:
        text = ", ".join(f"community {b['group']} ({b['share']:.0%})" for b in others)
        own_text = f"their own community {own['group']} ({own['share']:.0%})" if own else "others"
        parts.append(f"links {own_text} with {text}")
    for name, label in (
        ("org_unit", "units"),
        ("country", "countries"),
        ("employee_guest", "employee/guest lines"),
    ):
        groups = [b for b in bridges if b["kind"] == name and not b["own"] and b["share"] >= 0.05]
        if groups:
            share = sum(b["share"] for b in groups)
            names = ", ".join(str(b["group"]) for b in groups[:3])
            parts.append(f"{share:.0%} of ties across {label} ({names})")
    themes = [b for b in bridges if b["kind"] == "theme" and b["share"] >= 0.1]
    if len(themes) >= 2:
        parts.append("active in themes " + ", ".join(str(b["group"]) for b in themes[:3]))
    parts.append(f"{int(measures['contacts'])} contacts, betweenness {measures['betweenness']:.3g}")
    text = "; ".join(parts)
    return text[0].upper() + text[1:]


def team_member_reason(member: dict[str, Any], theme_id: Any) -> str:
    """Why someone is on a team, without the counts and weights the public theme pages would
    match to an author (for pseudonymous views)."""
    if member.get("role") == "connector" and member.get("related_theme") is not None:
        return f"Connects theme {theme_id} with related theme {member['related_theme']}"
    return f"Top contributor to theme {theme_id}"


def analyse(data: JamInteractions) -> ConnectorResult:
    """Communities, ranked connectors and a team per (largest) theme, with what pseudonymous
    views may show of each person (:func:`k_anonymous`) stored beside the raw values."""
    graph = build_interaction_graph(data.participants, data.ideas, data.comments, data.votes)
    communities = find_communities(graph, seed=0)
    scores = score_connectors(graph, communities, seed=0)
    report = find_connectors(graph, communities, top=TOP_CONNECTORS, scores=scores)
    theme_sizes = Counter(i.theme_id for i in data.ideas if i.theme_id is not None)
    teams = []
    for theme_id, _ in theme_sizes.most_common(TEAMS_FOR_THEMES):
        team = suggest_team(
            graph, theme_id, size=TEAM_SIZE, communities=communities, scores=scores
        ).to_dict()
        team["theme_label"] = data.theme_labels.get(int(str(theme_id)), f"Theme {theme_id}")
        teams.append(team)
    disclosure = k_anonymous(data.participants)
    connectors = report.to_dict()
    connectors[_DISCLOSURE] = {"k": K_ANONYMITY}
    for connector in connectors["connectors"]:
        connector[_SHOWN_BRIDGES] = shown_bridges(
            connector["bridges"], connector["person"]["id"], disclosure
        )
    result = ConnectorResult(
        people=len(data.participants),
        ideas=len(data.ideas),
        comments=len(data.comments),
        votes=len(data.votes),
        communities=_with_shown(communities.to_dict(), disclosure),
        connectors=_with_shown(connectors, disclosure),
        teams=_with_shown(teams, disclosure),
    )
    return result


def _with_shown(value: Any, disclosure: Disclosure) -> Any:
    """Every person in ``value`` with the attributes a pseudonymous view shows beside theirs,
    where those differ (most people's are shown as they are: the snapshot stays small)."""
    if isinstance(value, dict):
        if value.keys() >= _PERSON_KEYS:
            shown = disclosure.people.get(value["id"], dict.fromkeys(ATTRIBUTES))
            if all(shown[a] == value.get(a) for a in ATTRIBUTES):
                return value
            return {**value, _SHOWN: shown}
        return {k: _with_shown(v, disclosure) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_shown(v, disclosure) for v in value]
    return value


def present(result: dict[str, Any], names: dict[int, str] | None, salt: str) -> dict[str, Any]:
    """A stored result made readable. With ``names`` (user id -> name; administrators) people
    get their names and everything is as stored. Without, the pseudonymous view: a stable
    pseudonym replaces both name and id, attributes are the coarsened ones, idea and comment ids
    are gone from the evidence (null, or an empty list), bridges and reasons use the coarsened
    groups and team reasons drop their counts. A snapshot stored before coarsened values were
    (no ``disclosure`` mark) shows no attributes and no bridges across them (fails closed)."""
    pseudonymous = names is None
    coarsened = _DISCLOSURE in result.get("connectors", {})

    def person(value: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in value.items() if k != _SHOWN}
        if names is not None:
            out["name"] = names.get(out["id"], "")
            return out
        shown = value.get(_SHOWN) or (value if coarsened else {})
        out["name"] = pseudonym(out["id"], salt)
        out["id"] = None
        for attribute in ATTRIBUTES:
            out[attribute] = shown.get(attribute)
        return out

    def visit(value: Any) -> Any:
        if isinstance(value, list):
            return [visit(v) for v in value]
        if not isinstance(value, dict):
            return value
        if value.keys() >= _PERSON_KEYS:
            return person(value)
        out: dict[str, Any] = {}
        for k, v in value.items():
            if k in (_SHOWN_BRIDGES, _DISCLOSURE):
                continue
            if pseudonymous and k in _RECORD_IDS:
                out[k] = None
            elif pseudonymous and k in _RECORD_ID_LISTS:
                out[k] = []
            else:
                out[k] = visit(v)
        if pseudonymous and {"bridges", "measures", "reason"} <= value.keys():
            bridges = value.get(_SHOWN_BRIDGES)
            if bridges is None:
                bridges = [b for b in value["bridges"] if b["kind"] not in _ATTRIBUTE_OF_KIND]
            out["bridges"] = [dict(b) for b in bridges]
            out["reason"] = connector_reason(out["bridges"], value["measures"])
        if pseudonymous and {"theme_id", "members"} <= value.keys():
            for member in out["members"]:
                member["reason"] = team_member_reason(member, value["theme_id"])
            out.pop("diversity", None)  # counts of guests, units... among the members
        return out

    presented: dict[str, Any] = visit(result)
    return presented


def person_ids(result: dict[str, Any]) -> set[int]:
    found: set[int] = set()

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            if value.keys() >= _PERSON_KEYS:
                found.add(int(value["id"]))
            for v in value.values():
                visit(v)
        elif isinstance(value, list):
            for v in value:
                visit(v)

    visit(result)
    return found
