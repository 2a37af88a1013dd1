"""joinJam with the invitation code alone, over HTTP: the answer names the jam joined."""

from __future__ import annotations

from datetime import timedelta

from jam import actions
from tests.api.conftest import Api

JOIN = """
mutation($i: JoinJamInput!) {
  joinJam(input: $i) { membership { role jam { id slug viewerRole } } errors { code field } }
}"""


async def test_a_guest_joins_a_scheduled_jam_by_its_code(api: Api) -> None:
    jam = await api.world.new_jam(starts_in=timedelta(days=3), lasts=timedelta(days=1))
    assert jam.id is not None
    code = (await actions.create_invitation(api.world.rt, api.world.admin, jam.id)).code
    guest = await api.new_participant(guest=True, join=False)
    answer = await guest.ok(JOIN, {"i": {"invitationCode": code}})
    assert answer["joinJam"] == {
        "membership": {
            "role": "PARTICIPANT",
            "jam": {"id": str(jam.id), "slug": jam.slug, "viewerRole": "PARTICIPANT"},
        },
        "errors": [],
    }


async def test_a_wrong_code_alone_is_an_error_on_the_code(api: Api) -> None:
    guest = await api.new_participant(guest=True, join=False)
    answer = await guest.ok(JOIN, {"i": {"invitationCode": "NOPE-NOPE"}})
    assert answer["joinJam"] == {
        "membership": None,
        "errors": [{"code": "INVALID_INVITATION", "field": "invitationCode"}],
    }
