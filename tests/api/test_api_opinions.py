"""Opinion groups over HTTP: the groups, their ideas, the viewer's own group, who backs which
themes (by group and by population), participation by population; asked for by analysts and
moderators; nobody's group but one's own can be read."""

from jam import actions
from jam.access import Actor
from jam.jobs.themes import RefreshPolicy, ThemeRefresher
from jam.jobs.worker import Worker
from jam.models import User
from tests.api.conftest import Api
from tests.test_themes_in_jam import seed_ideas

UP, DOWN = actions.VoteValue.UP, actions.VoteValue.DOWN

OPINIONS = """query($s: String!) { jam(slug: $s) { opinionGroups {
  status voterCount placedCount viewerGroup viewerPoint { x y group }
  groups { id size representativeIdeas { kind agreeShare seenCount idea { id title } } }
  consensusIdeas { agreeShare groupInformedConsensus idea { id } }
  divisiveIdeas { spread idea { id } }
  map { x y size group }
  themeBacking { groups commonGround { themeLabel } splitting { themeLabel }
                 themes { themeId themeLabel votes cells { group support backs opposes } } }
  populationBacking(population: KIND) { groups themes { themeLabel cells { group votes } } }
  participation(population: KIND) { themeLabel value people ideas votes }
} } }"""

ANALYSE = """mutation($input: AnalyseOpinionsInput!) {
  analyseOpinions(input: $input) { job { id status kind } errors { code field } }
}"""


async def divided_jam(api: Api) -> dict[str, list[Actor]]:
    """Ideas on three topics with fitted themes, and two camps of eight: both camps back the
    bike ideas; camp "for" backs the solar ideas, camp "against" rejects them."""
    world = api.world
    topic_of = await seed_ideas(world, per_topic=6)
    assert world.jam.id is not None
    await ThemeRefresher(world.rt, RefreshPolicy(min_ideas=5)).refresh_jam(
        world.jam.id, reason="test"
    )
    camps = {"for": [await world.user(join=True) for _ in range(8)],
             "against": [await world.user(join=True) for _ in range(8)]}  # fmt: skip
    for name, people in camps.items():
        for person in people:
            for idea, topic in topic_of.items():
                if topic == "food":
                    continue
                value = UP if topic == "bikes" or name == "for" else DOWN
                await actions.vote(world.rt, person, idea, value)
    return camps


async def client_of(api: Api, actor: Actor):  # type: ignore[no-untyped-def]
    async with api.world.rt.db.read() as session:
        user = await session.get(User, actor.user_id)
    assert user is not None
    return await api.client_for(user.email)


async def analysed(api: Api) -> None:
    run = await api.moderator.ok(ANALYSE, {"input": {"jamId": api.jam_id}})
    assert run["analyseOpinions"]["errors"] == []
    assert run["analyseOpinions"]["job"]["kind"] == "OPINIONS"
    assert await Worker(api.world.rt).run_queued_jobs() == 1


async def test_opinion_groups_are_null_before_the_first_analysis(api: Api) -> None:
    data = await api.participant.ok(OPINIONS, {"s": api.world.jam.slug})
    assert data["jam"]["opinionGroups"] is None


async def test_two_camps_show_as_two_groups_with_their_ideas(api: Api) -> None:
    await divided_jam(api)
    await analysed(api)
    found = (await api.participant.ok(OPINIONS, {"s": api.world.jam.slug}))["jam"][
        "opinionGroups"
    ]
    assert found["status"] == "OK" and (found["voterCount"], found["placedCount"]) == (16, 16)
    assert [g["size"] for g in found["groups"]] == [8, 8]
    assert all(g["representativeIdeas"] for g in found["groups"])
    assert all(r["idea"]["title"] for g in found["groups"] for r in g["representativeIdeas"])
    assert sum(point["size"] for point in found["map"]) == 16
    for group in found["groups"]:  # the map's clusters add up to each group
        assert sum(p["size"] for p in found["map"] if p["group"] == group["id"]) == group["size"]
    assert found["viewerGroup"] is None  # the participant did not vote


async def test_each_voter_reads_their_own_group(api: Api) -> None:
    camps = await divided_jam(api)
    await analysed(api)
    groups = {}
    for name, people in camps.items():
        client = await client_of(api, people[0])
        found = (await client.ok(OPINIONS, {"s": api.world.jam.slug}))["jam"]["opinionGroups"]
        groups[name] = found["viewerGroup"]
        assert found["viewerPoint"]["group"] == found["viewerGroup"]
    assert groups["for"] is not None and groups["against"] is not None
    assert groups["for"] != groups["against"]


async def test_the_theme_both_camps_back_is_common_ground_and_the_other_splits(
    api: Api,
) -> None:
    await divided_jam(api)
    await analysed(api)
    found = (await api.moderator.ok(OPINIONS, {"s": api.world.jam.slug}))["jam"][
        "opinionGroups"
    ]
    backing = found["themeBacking"]
    assert backing["groups"] == ["0", "1"]
    common = [t["themeLabel"] for t in backing["commonGround"]]
    split = [t["themeLabel"] for t in backing["splitting"]]
    assert common and split and not set(common) & set(split)
    for row in backing["themes"]:
        if row["themeLabel"] in split:
            assert {(c["backs"], c["opposes"]) for c in row["cells"]} == {
                (True, False),
                (False, True),
            }


async def test_population_backing_and_participation_split_by_account_kind(api: Api) -> None:
    await divided_jam(api)
    await analysed(api)
    found = (await api.moderator.ok(OPINIONS, {"s": api.world.jam.slug}))["jam"][
        "opinionGroups"
    ]
    # Every voter is an employee: one column; the participant who posted the ideas is one too.
    assert found["populationBacking"]["groups"] == ["employee"]
    rows = found["participation"]
    assert {r["value"] for r in rows} == {"employee"}
    assert 0 < sum(r["ideas"] for r in rows) <= 18  # the themed ones of the 18 ideas
    busiest = max(rows, key=lambda r: r["votes"])
    assert busiest["people"] == 17  # 16 voters and the author of the ideas


async def test_participants_may_not_ask_for_an_analysis(api: Api) -> None:
    run = await api.participant.ok(ANALYSE, {"input": {"jamId": api.jam_id}})
    assert run["analyseOpinions"]["errors"] == [{"code": "FORBIDDEN", "field": None}]


async def test_an_unknown_jam_is_not_found_as_data(api: Api) -> None:
    run = await api.moderator.ok(ANALYSE, {"input": {"jamId": "987654"}})
    assert run["analyseOpinions"]["errors"][0]["code"] == "NOT_FOUND"


async def test_the_groups_name_nobody(api: Api) -> None:
    camps = await divided_jam(api)
    await analysed(api)
    body = str(await api.admin.ok(OPINIONS, {"s": api.world.jam.slug}))
    async with api.world.rt.db.read() as session:
        for person in camps["for"] + camps["against"]:
            user = await session.get(User, person.user_id)
            assert user is not None
            assert user.email not in body
    assert "Someone" not in body  # the voters' display name


INTROSPECTION = """{ __schema { types { name fields { name type { ...T } } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }"""


async def test_no_field_of_the_opinion_groups_leads_to_a_person(api: Api) -> None:
    """Ideas (whose authors are public in the jam) aside, nothing reachable from the opinion
    groups is a person: a group's members, or anyone's place on the map, cannot be read."""
    types = {
        t["name"]: t["fields"] or []
        for t in (await api.moderator.ok(INTROSPECTION))["__schema"]["types"]
    }

    def inner(type_: dict) -> str:  # type: ignore[type-arg]
        while type_.get("ofType"):
            type_ = type_["ofType"]
        return str(type_["name"])

    seen, todo = set(), ["OpinionGroups"]
    while todo:
        name = todo.pop()
        if name in seen or name == "Idea":
            continue
        seen.add(name)
        todo += [inner(f["type"]) for f in types.get(name, [])]
    assert "OpinionGroups" in seen and "BackingMatrix" in seen
    assert not seen & {"User", "Person", "Member", "Membership"}
