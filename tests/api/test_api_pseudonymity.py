"""No path from a pseudonym of a network analysis to a name, for anyone but administrators.

A moderator and an analyst play the re-identification attack of issue 11 over real HTTP and
WebSocket: they read the whole analysis (every field the schema has, found by introspection),
take every id and every free text it shows about each pseudonym, and resolve them through every
query that takes one -- ``idea(id)`` with its author and comment tree, a crawl of ``jam.ideas``
with authors and comments, the ``jamActivity`` replay of everything posted, ``ideas(search:)``
and ``similarIdeas`` -- intersecting the people behind each pseudonym's evidence as the tester
did (26 of 46 pseudonyms fell that way). Administrators, who see names anyway, find the same
probe works on their view, so the probe is no empty ritual.
"""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest

from jam import actions
from jam.access import Actor
from jam.actions.ideas import VoteValue
from jam.jobs.themes import RefreshPolicy, ThemeRefresher
from jam.jobs.worker import Worker
from jam.models import AccountKind, GlobalRole
from tests.api.conftest import Api
from tests.conftest import actor_of
from tests.live_client import LiveClient
from tests.server import GraphQLClient
from tests.test_themes_in_jam import idea_about

# The types of a network analysis; a field elsewhere that yields one is a path to it.
ANALYSIS_TYPES = {
    "ConnectorAnalysis",
    "Community",
    "Connector",
    "ConnectorMeasures",
    "BridgedGroup",
    "Tie",
    "TieInteraction",
    "Team",
    "TeamMember",
    "Person",
}

INTROSPECTION = """{ __schema { types { name kind
  fields { name args { name } type { ...T } }
  possibleTypes { name } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }"""

ANALYSE = """mutation($input: AnalyseConnectorsInput!) {
  analyseConnectors(input: $input) { job { id } errors { code } }
}"""

IDEA = """query($id: ID!) { idea(id: $id) {
  id author { id displayName email }
  comments { id author { id displayName } replies { id author { id displayName } } }
} }"""

CRAWL = """query($s: String!, $after: String) { jam(slug: $s) {
  ideas(first: 5, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id author { id displayName }
      comments { id author { id displayName } replies { id author { id displayName } } } }
  }
} }"""

SEARCH = """query($s: String!, $q: String!) { jam(slug: $s) {
  ideas(search: $q, first: 20) { nodes { id } }
} }"""

SIMILAR = """query($jam: ID!, $q: String!) { similarIdeas(jamId: $jam, text: $q, first: 5) {
  score idea { id }
} }"""

REPLAY = """subscription($jam: ID!) { jamActivity(jamId: $jam, after: "0.0") {
  __typename
  ... on IdeaPosted { idea { id author { id displayName } } }
  ... on CommentAdded { idea { id } comment { id author { id displayName } } }
} }"""


# -- the jam ------------------------------------------------------------------------------


@dataclass
class Member:
    actor: Actor
    name: str
    email: str


@dataclass
class Network:
    """Who is who in the jam (the ground truth the attack must not reach), and its texts."""

    members: dict[int, Member] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    bridge: int = 0


async def _member(api: Api, net: Network, unit: str, country: str, guest: bool = False) -> Actor:
    tag = uuid.uuid4().hex[:6]
    name, email = f"Zelda Quuxly {tag}", f"zq-{tag}@example.org"
    user = await actions.create_user(
        api.world.rt,
        email=email,
        password="correct horse battery",
        display_name=name,
        org_unit=unit,
        country=country,
        kind=AccountKind.GUEST if guest else AccountKind.EMPLOYEE,
    )
    actor = actor_of(user)
    assert api.world.jam.id is not None
    code = None
    if guest:
        code = (
            await actions.create_invitation(api.world.rt, api.world.admin, api.world.jam.id)
        ).code
    await actions.join_jam(api.world.rt, actor, api.world.jam.id, invitation_code=code)
    net.members[actor.user_id] = Member(actor, name, email)
    return actor


def _text(net: Network, words: str) -> str:
    """A distinctive text (a tag nobody else writes), remembered for the content check."""
    text = f"{words} note-{uuid.uuid4().hex[:8]}"
    net.texts.append(text)
    return text


async def _network(api: Api) -> Network:
    """Two camps that talk among themselves (researchers in DE on solar, salespeople in BR on
    bikes), a consultant (IN) who talks with both, two guests (too few to show who is one);
    replies and votes too. Themes are fitted, so teams are suggested; then the analysis runs."""
    net = Network()
    rng = random.Random(11)
    world = api.world
    assert world.forum.id is not None and world.jam.id is not None
    camps = [
        ("solar", [await _member(api, net, "Research", "DE") for _ in range(6)]),
        ("bikes", [await _member(api, net, "Sales", "BR") for _ in range(6)]),
    ]
    bridge = await _member(api, net, "Consulting", "IN")
    guests = [await _member(api, net, "Partners", "US", guest=True) for _ in range(2)]
    net.bridge = bridge.user_id
    for topic, camp in camps:
        for author in camp:
            for _ in range(2):
                title, body = idea_about(topic, rng)
                idea = await actions.post_idea(
                    world.rt, author, world.forum.id, title=_text(net, title), body=_text(net, body)
                )
                assert idea.id is not None
                first = None
                for other in camp:
                    if other != author:
                        comment = await actions.add_comment(
                            world.rt, other, idea.id, body=_text(net, "agreed")
                        )
                        first = first or comment
                        await actions.vote(world.rt, other, idea.id, VoteValue.UP)
                assert first is not None and first.id is not None
                await actions.add_comment(
                    world.rt,
                    bridge,
                    idea.id,
                    body=_text(net, "the other camp asks"),
                    parent_id=first.id,
                )
                await actions.add_comment(
                    world.rt, rng.choice(guests), idea.id, body=_text(net, "from outside")
                )
    await ThemeRefresher(world.rt, RefreshPolicy(min_ideas=5)).refresh_jam(world.jam.id)
    run = await api.moderator.ok(ANALYSE, {"input": {"jamId": api.jam_id}})
    assert run["analyseConnectors"]["errors"] == []
    assert await Worker(world.rt).run_queued_jobs() == 1
    return net


@pytest.fixture
async def net(api: Api) -> Network:
    return await _network(api)


async def _analyst(api: Api) -> GraphQLClient:
    actor = await api.world.user(role=GlobalRole.ANALYST)
    async with api.world.rt.db.read() as session:
        from jam.models import User

        user = await session.get(User, actor.user_id)
    assert user is not None
    return await api.client_for(user.email)


async def _viewer(api: Api, who: str) -> GraphQLClient:
    client: GraphQLClient = await _analyst(api) if who == "analyst" else getattr(api, who)
    return client


# -- the schema, read as an attacker would --------------------------------------------------


@dataclass
class Schema:
    fields: dict[str, list[tuple[str, str, str, bool]]]  # type -> (field, type, kind, has args)
    possible: dict[str, list[str]]

    @classmethod
    async def of(cls, client: GraphQLClient) -> Schema:
        data = await client.ok(INTROSPECTION)
        fields: dict[str, list[tuple[str, str, str, bool]]] = {}
        possible: dict[str, list[str]] = {}
        for t in data["__schema"]["types"]:
            possible[t["name"]] = [p["name"] for p in t.get("possibleTypes") or []]
            out = []
            for f in t.get("fields") or []:
                inner = f["type"]
                while inner.get("ofType"):
                    inner = inner["ofType"]
                out.append((f["name"], inner["name"], inner["kind"], bool(f["args"])))
            fields[t["name"]] = out
        return cls(fields, possible)

    def selection(self, type_name: str) -> str:
        """Every field of a type, recursively (the analysis types take no arguments)."""
        parts = []
        for name, inner, kind, has_args in self.fields[type_name]:
            assert not has_args, f"{type_name}.{name} takes arguments: probe them too"
            parts.append(
                f"{name} {self.selection(inner)}" if kind in ("OBJECT", "INTERFACE") else name
            )
        return "{ " + " ".join(parts) + " }"

    def paths_to(self, targets: set[str]) -> set[tuple[str, str]]:
        """Every field outside the targets whose type is one of them (union members too)."""
        found = set()
        for type_name, fields in self.fields.items():
            if type_name in targets or type_name.startswith("__"):
                continue
            for name, inner, _, _ in fields:
                if inner in targets or set(self.possible.get(inner, [])) & targets:
                    found.add((type_name, name))
        return found


# -- the attack --------------------------------------------------------------------------


@dataclass
class Evidence:
    """What the analysis says about one pseudonym: ids by field, and free texts."""

    ids: list[tuple[str, str]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def _evidence(schema: Schema, analysis: dict[str, Any]) -> tuple[dict[str, Evidence], list[str]]:
    """Per pseudonym (a Person's name), the ids and texts attached to it; and every ID-typed
    value anywhere below the analysis itself (its own id excepted)."""
    found: dict[str, Evidence] = {}
    every_id: list[str] = []

    def ids_and_texts(value: Any, type_name: str, into: list[Evidence]) -> None:
        if value is None:
            return
        if isinstance(value, list):
            for v in value:
                ids_and_texts(v, type_name, into)
            return
        for name, inner, kind, _ in schema.fields[type_name]:
            v = value.get(name)
            if kind in ("OBJECT", "INTERFACE"):
                ids_and_texts(v, inner, into)
                continue
            for leaf in v if isinstance(v, list) else [v]:
                if leaf is None:
                    continue
                if inner == "ID":
                    every_id.append(str(leaf))
                    if type_name == "Person":  # a user id (administrators): no item
                        continue
                    for e in into:
                        e.ids.append((name, str(leaf)))
                elif inner == "String" and name in ("name", "reason"):
                    for e in into:
                        e.texts.append(str(leaf))

    def of(person: dict[str, Any]) -> Evidence:
        return found.setdefault(person["name"], Evidence())

    for community in analysis["communities"]:
        for member in community["members"]:
            ids_and_texts(member, "Person", [of(member)])
    for connector in analysis["connectors"]:
        me = of(connector["person"])
        for name, inner, kind, _ in schema.fields["Connector"]:
            if name == "ties":
                continue
            if kind in ("OBJECT", "INTERFACE"):
                ids_and_texts(connector[name], inner, [me])
            elif inner == "String" and name == "reason":
                me.texts.append(connector[name])
        for tie in connector["ties"]:
            ids_and_texts(tie, "Tie", [me, of(tie["other"])])
    for team in analysis["teams"]:
        for member in team["members"]:
            ids_and_texts(member, "TeamMember", [of(member["person"])])
    return found, every_id


@dataclass
class Threads:
    """Who took part in each idea's thread, and which thread each comment is in."""

    authors: dict[str, str] = field(default_factory=dict)  # idea id -> author user id
    people: dict[str, set[str]] = field(default_factory=dict)  # idea id -> author, commenters
    comment_idea: dict[str, str] = field(default_factory=dict)

    def add(self, idea_id: str, author: str | None, comments: list[tuple[str, str]]) -> None:
        people = self.people.setdefault(idea_id, set())
        if author is not None:
            self.authors[idea_id] = author
            people.add(author)
        for comment_id, commenter in comments:
            self.comment_idea[comment_id] = idea_id
            people.add(commenter)

    def candidates(self, field_name: str, value: str) -> set[str] | None:
        """The people an id of this field points at (None: it points at nothing)."""
        if field_name == "ideaIds":  # a team member's own ideas: their author
            return {self.authors[value]} if value in self.authors else None
        if field_name == "commentId":
            idea = self.comment_idea.get(value)
            return set(self.people[idea]) if idea is not None else None
        if value in self.people:  # ideaId, or an id of any other field: try it as an idea
            return set(self.people[value])
        idea = self.comment_idea.get(value)
        return set(self.people[idea]) if idea is not None else None


def _flatten(comments: list[dict[str, Any]]) -> list[tuple[str, str]]:
    out = []
    for c in comments or []:
        out.append((c["id"], c["author"]["id"]))
        out.extend(_flatten(c.get("replies") or []))
    return out


async def _by_idea_lookup(client: GraphQLClient, ids: set[str]) -> Threads:
    """``idea(id)`` for every id shown, with its author and comment tree."""
    threads = Threads()
    for value in sorted(ids):
        idea = (await client.ok(IDEA, {"id": value}))["idea"]
        if idea is not None:
            threads.add(idea["id"], idea["author"]["id"], _flatten(idea["comments"]))
    return threads


async def _by_crawl(client: GraphQLClient, slug: str) -> Threads:
    """Every idea of the jam with its author and comments, page by page."""
    threads = Threads()
    after = None
    while True:
        page = (await client.ok(CRAWL, {"s": slug, "after": after}))["jam"]["ideas"]
        for idea in page["nodes"]:
            threads.add(idea["id"], idea["author"]["id"], _flatten(idea["comments"]))
        if not page["pageInfo"]["hasNextPage"]:
            return threads
        after = page["pageInfo"]["endCursor"]


async def _by_replay(client: GraphQLClient, api: Api) -> Threads:
    """Everything posted, as the live stream replays it from the start."""
    async with api.world.rt.db.read() as session:
        from sqlmodel import func, select

        from jam.models import Comment, Idea

        posted = (await session.execute(select(func.count()).select_from(Idea))).scalar_one()
        posted += (await session.execute(select(func.count()).select_from(Comment))).scalar_one()
    threads = Threads()
    live = await LiveClient.connect(client.base_url, client.token)
    try:
        op = await live.subscribe(REPLAY, {"jam": api.jam_id})
        while posted:
            event = (await live.next(op))["jamActivity"]
            posted -= event["__typename"] in ("IdeaPosted", "CommentAdded")
            if event["__typename"] == "IdeaPosted":
                threads.add(event["idea"]["id"], event["idea"]["author"]["id"], [])
            elif event["__typename"] == "CommentAdded":
                comment = event["comment"]
                threads.add(event["idea"]["id"], None, [(comment["id"], comment["author"]["id"])])
    finally:
        await live.close()
    return threads


async def _by_text(
    client: GraphQLClient, slug: str, jam_id: str, texts: set[str]
) -> dict[str, set[str]]:
    """Each text pasted into search and similarIdeas (close matches only): the people in the
    threads of the ideas it finds."""
    found: dict[str, set[str]] = {}
    for text in sorted(texts):
        hits = (await client.ok(SEARCH, {"s": slug, "q": text[:200]}))["jam"]["ideas"]["nodes"]
        similar = (await client.ok(SIMILAR, {"jam": jam_id, "q": text}))["similarIdeas"]
        ideas = {h["id"] for h in hits} | {s["idea"]["id"] for s in similar if s["score"] >= 0.5}
        threads = await _by_idea_lookup(client, ideas)
        found[text] = set().union(*threads.people.values()) if threads.people else set()
    return found


def _links(
    evidence: dict[str, Evidence], threads: Threads, by_text: dict[str, set[str]]
) -> dict[str, str]:
    """Pseudonym -> the one person every piece of its evidence points at (the evidence that
    points at anybody, intersected)."""
    links = {}
    for pseudonym, e in evidence.items():
        sets = [threads.candidates(f, v) for f, v in e.ids]
        sets += [by_text.get(t) for t in e.texts]
        known = [s for s in sets if s]
        if known:
            common = set.intersection(*known)
            if len(common) == 1:
                links[pseudonym] = common.pop()
    return links


@dataclass
class Attack:
    analysis: dict[str, Any]
    every_id: list[str]
    links: dict[str, dict[str, str]]  # path -> pseudonym -> user id


async def _analysis(api: Api, client: GraphQLClient) -> tuple[Schema, dict[str, Any]]:
    """The newest analysis with every field the schema gives it."""
    schema = await Schema.of(client)
    query = (
        "query($s: String!) { jam(slug: $s) { connectorAnalysis "
        + schema.selection("ConnectorAnalysis")
        + " } }"
    )
    analysis = (await client.ok(query, {"s": api.world.jam.slug}))["jam"]["connectorAnalysis"]
    assert analysis is not None
    return schema, analysis


async def _attack(api: Api, client: GraphQLClient) -> Attack:
    schema, analysis = await _analysis(api, client)
    evidence, every_id = _evidence(schema, analysis)
    shown_ids = {v for e in evidence.values() for _, v in e.ids}
    texts = {t for e in evidence.values() for t in e.texts}
    by_text = await _by_text(client, api.world.jam.slug, api.jam_id, texts)
    ids_only = {k: Evidence(ids=e.ids) for k, e in evidence.items()}
    texts_only = {k: Evidence(texts=e.texts) for k, e in evidence.items()}
    links = {
        "idea(id)": _links(ids_only, await _by_idea_lookup(client, shown_ids), {}),
        "jam.ideas": _links(ids_only, await _by_crawl(client, api.world.jam.slug), {}),
        "jamActivity": _links(ids_only, await _by_replay(client, api), {}),
        "search, similarIdeas": _links(texts_only, Threads(), by_text),
    }
    return Attack(analysis, every_id, links)


VIEWERS = ["moderator", "analyst"]


@pytest.mark.parametrize("who", VIEWERS)
async def test_no_query_links_a_pseudonym_to_a_person(api: Api, net: Network, who: str) -> None:
    attack = await _attack(api, await _viewer(api, who))
    assert attack.links == {path: {} for path in attack.links}


@pytest.mark.parametrize("who", VIEWERS)
async def test_the_analysis_shows_no_id_but_its_own(api: Api, net: Network, who: str) -> None:
    schema, analysis = await _analysis(api, await _viewer(api, who))
    assert _evidence(schema, analysis)[1] == []


@pytest.mark.parametrize("who", VIEWERS)
async def test_the_analysis_names_nobody(api: Api, net: Network, who: str) -> None:
    text = json.dumps((await _analysis(api, await _viewer(api, who)))[1])
    for member in net.members.values():
        assert member.name not in text and member.email not in text
    assert "Quuxly" not in text and "@example.org" not in text


@pytest.mark.parametrize("who", VIEWERS)
async def test_the_analysis_quotes_no_idea_or_comment(api: Api, net: Network, who: str) -> None:
    text = json.dumps((await _analysis(api, await _viewer(api, who)))[1])
    assert net.texts and [t for t in net.texts if t in text] == []
    assert "note-" not in text


@pytest.mark.parametrize("who", VIEWERS)
async def test_rare_units_countries_and_guest_status_are_coarsened(
    api: Api, net: Network, who: str
) -> None:
    analysis = (await _analysis(api, await _viewer(api, who)))[1]
    people = [m for c in analysis["communities"] for m in c["members"]]
    assert len(people) >= len(net.members)
    # One consultant, two guests from Partners in the US: fewer than five each.
    assert not {"Consulting", "Partners"} & {p["orgUnit"] for p in people}
    assert not {"IN", "US"} & {p["country"] for p in people}
    assert {p["isGuest"] for p in people} == {None}
    text = json.dumps(analysis)
    assert "Consulting" not in text and "Partners" not in text


async def test_the_analysis_is_reached_only_through_jam_connector_analysis(api: Api) -> None:
    # Any other field yielding these types (an export, an event) must join the probe above.
    schema = await Schema.of(api.moderator)
    assert schema.paths_to(ANALYSIS_TYPES) == {("Jam", "connectorAnalysis")}


LIVE = """subscription($jam: ID!) { jamActivity(jamId: $jam) {
  __typename ... on JobFinished %s ... on ConnectorsUpdated %s
} }"""


@pytest.mark.parametrize("who", VIEWERS)
async def test_the_live_analysis_events_name_nobody(api: Api, net: Network, who: str) -> None:
    client = await _viewer(api, who)
    schema = await Schema.of(client)
    document = LIVE % (schema.selection("JobFinished"), schema.selection("ConnectorsUpdated"))
    live = await LiveClient.connect(client.base_url, client.token)
    try:
        op = await live.subscribe(document, {"jam": api.jam_id})
        await asyncio.sleep(0.5)  # subscribed before the analysis is asked for
        run = await client.ok(ANALYSE, {"input": {"jamId": api.jam_id}})
        assert run["analyseConnectors"]["errors"] == []
        assert await Worker(api.world.rt).run_queued_jobs() == 1
        events = [(await live.next(op))["jamActivity"] for _ in range(2)]
    finally:
        await live.close()
    assert {e["__typename"] for e in events} == {"JobFinished", "ConnectorsUpdated"}
    text = json.dumps(events)
    assert all(m.name not in text and m.email not in text for m in net.members.values())


async def test_administrators_see_names_ids_and_attributes(api: Api, net: Network) -> None:
    analysis = (await _analysis(api, api.admin))[1]
    people = {m["id"]: m for c in analysis["communities"] for m in c["members"]}
    bridge = people[str(net.bridge)]
    assert (bridge["name"], bridge["orgUnit"], bridge["country"], bridge["isGuest"]) == (
        net.members[net.bridge].name,
        "Consulting",
        "IN",
        False,
    )
    assert {p["isGuest"] for p in people.values()} == {True, False}


async def test_the_same_probe_on_an_administrators_view_finds_people(
    api: Api, net: Network
) -> None:
    # Administrators may: their view keeps the evidence ids, and each id path on its own leads
    # to the person behind a name, the bridge first of all -- so the probe can find a leak.
    attack = await _attack(api, api.admin)
    people = {m["name"]: m["id"] for c in attack.analysis["communities"] for m in c["members"]}
    for path in ("idea(id)", "jam.ideas", "jamActivity"):
        links = attack.links[path]
        assert links.get(net.members[net.bridge].name) == str(net.bridge), path
        assert len(links) >= 3 and all(people[n] == user for n, user in links.items()), path
