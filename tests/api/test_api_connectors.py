"""Connector analyses over HTTP: analysts and moderators only; pseudonyms unless admin (every
path from a pseudonym to a name: tests/api/test_api_pseudonymity.py)."""

from jam.jobs.worker import Worker
from tests.api.conftest import Api
from tests.test_connectors_in_jam import two_camps_and_a_bridge

ANALYSIS = """query($s: String!) { jam(slug: $s) { connectorAnalysis {
  pseudonymous peopleCount
  communities { id size members { name } }
  connectors { rank score reason person { id name orgUnit country isGuest }
               measures { betweenness participation constraint }
               bridges { kind group share own }
               ties { other { name } weight interactions { kind ideaId commentId } } }
  teams { themeLabel members { role reason person { name } } }
} } }"""

ANALYSE = """mutation($input: AnalyseConnectorsInput!) {
  analyseConnectors(input: $input) { job { id status } errors { code field } }
}"""


async def test_moderators_run_it_and_see_pseudonyms(api: Api) -> None:
    await two_camps_and_a_bridge(api.world)
    run = await api.moderator.ok(ANALYSE, {"input": {"jamId": api.jam_id}})
    assert run["analyseConnectors"]["errors"] == []
    assert run["analyseConnectors"]["job"]["status"] == "QUEUED"
    assert await Worker(api.world.rt).run_queued_jobs() == 1
    data = await api.moderator.ok(ANALYSIS, {"s": api.world.jam.slug})
    analysis = data["jam"]["connectorAnalysis"]
    top = analysis["connectors"][0]
    assert analysis["pseudonymous"] is True
    assert top["person"]["id"] is None and top["person"]["name"].startswith("Participant ")
    # Bridget is the only consultant: her unit is coarsened, and the evidence has no ids.
    assert top["person"]["orgUnit"] == "other"
    assert top["ties"][0]["interactions"][0]["kind"] == "comment"
    assert {(i["ideaId"], i["commentId"]) for t in top["ties"] for i in t["interactions"]} == {
        (None, None)
    }
    assert "Bridget" not in str(data)


async def test_administrators_see_names(api: Api) -> None:
    await two_camps_and_a_bridge(api.world)
    await api.admin.ok(ANALYSE, {"input": {"jamId": api.jam_id}})
    await Worker(api.world.rt).run_queued_jobs()
    data = await api.admin.ok(ANALYSIS, {"s": api.world.jam.slug})
    analysis = data["jam"]["connectorAnalysis"]
    assert analysis["pseudonymous"] is False
    top = analysis["connectors"][0]
    assert (top["person"]["name"], top["person"]["orgUnit"]) == ("Bridget", "Consulting")
    assert all(i["ideaId"] for t in top["ties"] for i in t["interactions"])


async def test_participants_get_forbidden(api: Api) -> None:
    await api.admin.ok(ANALYSE, {"input": {"jamId": api.jam_id}})
    body = await api.participant(ANALYSIS, {"s": api.world.jam.slug})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    run = await api.participant.ok(ANALYSE, {"input": {"jamId": api.jam_id}})
    assert run["analyseConnectors"]["errors"] == [{"code": "FORBIDDEN", "field": None}]


async def test_guests_get_forbidden(api: Api) -> None:
    guest = await api.new_participant(guest=True)
    body = await guest(ANALYSIS, {"s": api.world.jam.slug})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_bad_jam_id_is_invalid_input(api: Api) -> None:
    run = await api.admin.ok(ANALYSE, {"input": {"jamId": "x"}})
    assert run["analyseConnectors"]["errors"] == [{"code": "INVALID_INPUT", "field": "jamId"}]
