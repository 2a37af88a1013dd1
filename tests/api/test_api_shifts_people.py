"""Shifts, hand-off journals and the people tools over real HTTP: who may do what (a matrix of
every new mutation and query by role), and what the answers hold."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from jam import actions
from jam.actions import shifts as shift_actions
from jam.actions.shifts import JournalKind
from jam.models import AccountKind, Shift
from jam.timeutil import utcnow
from tests.api.conftest import Api, outcome
from tests.server import GraphQLClient

SHIFT_FIELDS = """id startsAt endsAt allForums onDuty forums { id } user { id displayName }
  createdBy { id }"""
CREATE_SHIFT = f"""mutation($jam: ID!, $user: ID!, $from: DateTime!, $to: DateTime!,
    $forums: [ID!]! = []) {{
  createShift(input: {{jamId: $jam, userId: $user, startsAt: $from, endsAt: $to,
    forumIds: $forums}}) {{ shift {{ {SHIFT_FIELDS} }} errors {{ code field }} }} }}"""
UPDATE_SHIFT = """mutation($id: ID!, $to: DateTime) {
  updateShift(input: {shiftId: $id, endsAt: $to}) { shift { id endsAt } errors { code field } } }"""
DELETE_SHIFT = """mutation($id: ID!) {
  deleteShift(input: {shiftId: $id}) { deletedShiftId errors { code field } } }"""
ADD_ENTRY = """mutation($shift: ID!, $kind: JournalEntryKind!, $body: String!, $idea: ID,
    $comment: ID) {
  addJournalEntry(input: {shiftId: $shift, kind: $kind, body: $body, ideaId: $idea,
    commentId: $comment}) {
    entry { id kind body open author { id } idea { id title } comment { id body }
      shift { id } }
    errors { code field } } }"""
CLOSE_ENTRY = """mutation($id: ID!) {
  closeJournalEntry(input: {entryId: $id}) {
    entry { id open closedAt closedBy { id } } errors { code field } } }"""
UPDATE_PROFILE = """mutation($name: String, $unit: String, $country: String) {
  updateProfile(input: {displayName: $name, orgUnit: $unit, country: $country}) {
    user { id displayName } profile { displayName orgUnit country } errors { code field } } }"""
REMOVE_MODERATOR = """mutation($jam: ID!, $user: ID!) {
  removeModerator(input: {jamId: $jam, userId: $user}) {
    membership { role } errors { code field } } }"""
REVOKE = """mutation($code: String!) {
  revokeInvitation(input: {code: $code}) {
    invitation { code revokedAt active } errors { code field } } }"""
SET_ROLE = """mutation($user: ID!, $role: GlobalRole!) {
  setUserRole(input: {userId: $user, role: $role}) { user { id role } errors { code field } } }"""

SHIFTS = """query($jam: ID!) { shifts(jamId: $jam) { id user { id } } }"""
ON_DUTY = """query($jam: ID!) { onDuty(jamId: $jam) { id } }"""
OPEN_ITEMS = """query($jam: ID!) { openJournalItems(jamId: $jam) { id kind shift { id } } }"""
INVITATIONS = """query($jam: ID!) { invitations(jamId: $jam) {
  code uses maxUses expiresAt revokedAt createdAt active } }"""
SHIFT = """query($id: ID!) { shift(id: $id) { id journal { id kind body open } handOff {
  fromShift { id } openCount entries { id kind open idea { id } } } } }"""
PROFILE = """{ profile { displayName orgUnit country } }"""


def moment(hours: float) -> datetime:
    return (utcnow() + timedelta(hours=hours)).replace(microsecond=0)


def iso(hours: float) -> str:
    return moment(hours).isoformat()


MODERATORS_ONLY = {
    "anonymous": "UNAUTHENTICATED",
    "guest": "NOT_FOUND",
    "participant": "FORBIDDEN",
    "muted": "FORBIDDEN",
    "other moderator": "FORBIDDEN",
    "moderator": "ok",
    "admin": "ok",
}
ADMINS_ONLY = {**MODERATORS_ONLY, "guest": "FORBIDDEN", "moderator": "FORBIDDEN"}
ANYONE_SIGNED_IN = {role: "ok" for role in MODERATORS_ONLY} | {"anonymous": "UNAUTHENTICATED"}


async def plan(api: Api, start: float, hours: float = 4, user_id: int | None = None) -> Shift:
    world = api.world
    assert world.jam.id is not None
    return await shift_actions.create_shift(
        world.rt,
        world.moderator,
        world.jam.id,
        user_id=user_id or world.moderator.user_id,
        starts_at=moment(start),
        ends_at=moment(start + hours),
    )


# --- the role matrix ----------------------------------------------------------------------


@pytest.mark.parametrize("role", list(MODERATORS_ONLY))
async def test_create_shift_by_role(api: Api, roles: dict[str, GraphQLClient], role: str) -> None:
    variables = {
        "jam": api.jam_id,
        "user": str(api.world.moderator.user_id),
        "from": iso(1),
        "to": iso(3),
    }
    body = await roles[role](CREATE_SHIFT, variables)
    assert outcome(body, "createShift") == MODERATORS_ONLY[role]
    seen = await api.moderator.ok(SHIFTS, {"jam": api.jam_id})
    assert len(seen["shifts"]) == (1 if MODERATORS_ONLY[role] == "ok" else 0)


@pytest.mark.parametrize("role", list(MODERATORS_ONLY))
async def test_update_shift_by_role(api: Api, roles: dict[str, GraphQLClient], role: str) -> None:
    shift = await plan(api, 1)
    body = await roles[role](UPDATE_SHIFT, {"id": str(shift.id), "to": iso(2)})
    assert outcome(body, "updateShift") == MODERATORS_ONLY[role]


@pytest.mark.parametrize("role", list(MODERATORS_ONLY))
async def test_delete_shift_by_role(api: Api, roles: dict[str, GraphQLClient], role: str) -> None:
    shift = await plan(api, 1)
    body = await roles[role](DELETE_SHIFT, {"id": str(shift.id)})
    assert outcome(body, "deleteShift") == MODERATORS_ONLY[role]


@pytest.mark.parametrize("role", list(MODERATORS_ONLY))
async def test_add_journal_entry_by_role(
    api: Api, roles: dict[str, GraphQLClient], role: str
) -> None:
    shift = await plan(api, -1)
    body = await roles[role](
        ADD_ENTRY, {"shift": str(shift.id), "kind": "NOTE", "body": "Quiet so far"}
    )
    assert outcome(body, "addJournalEntry") == MODERATORS_ONLY[role]


@pytest.mark.parametrize("role", list(MODERATORS_ONLY))
async def test_close_journal_entry_by_role(
    api: Api, roles: dict[str, GraphQLClient], role: str
) -> None:
    shift = await plan(api, -1)
    assert shift.id is not None
    entry = await shift_actions.add_journal_entry(
        api.world.rt, api.world.moderator, shift.id, kind=JournalKind.WATCH, body="Watch",
        idea_id=await api.world.idea(),
    )
    body = await roles[role](CLOSE_ENTRY, {"id": str(entry.id)})
    assert outcome(body, "closeJournalEntry") == MODERATORS_ONLY[role]


@pytest.mark.parametrize("role", list(ANYONE_SIGNED_IN))
async def test_update_profile_by_role(
    api: Api, roles: dict[str, GraphQLClient], role: str
) -> None:
    body = await roles[role](UPDATE_PROFILE, {"unit": "Research", "country": "se"})
    assert outcome(body, "updateProfile") == ANYONE_SIGNED_IN[role]


@pytest.mark.parametrize("role", list(ADMINS_ONLY))
async def test_remove_moderator_by_role(
    api: Api, roles: dict[str, GraphQLClient], role: str
) -> None:
    world = api.world
    assert world.jam.id is not None
    target = await world.user(join=True)
    await actions.assign_moderator(world.rt, world.admin, world.jam.id, target.user_id)
    body = await roles[role](REMOVE_MODERATOR, {"jam": api.jam_id, "user": str(target.user_id)})
    assert outcome(body, "removeModerator") == ADMINS_ONLY[role]


@pytest.mark.parametrize("role", list(MODERATORS_ONLY))
async def test_revoke_invitation_by_role(
    api: Api, roles: dict[str, GraphQLClient], role: str
) -> None:
    assert api.world.jam.id is not None
    invitation = await actions.create_invitation(api.world.rt, api.world.admin, api.world.jam.id)
    body = await roles[role](REVOKE, {"code": invitation.code})
    assert outcome(body, "revokeInvitation") == MODERATORS_ONLY[role]


@pytest.mark.parametrize("role", list(ADMINS_ONLY))
async def test_set_user_role_by_role(
    api: Api, roles: dict[str, GraphQLClient], role: str
) -> None:
    target = await api.world.user()
    body = await roles[role](SET_ROLE, {"user": str(target.user_id), "role": "ANALYST"})
    assert outcome(body, "setUserRole") == ADMINS_ONLY[role]


@pytest.mark.parametrize(
    "query", [SHIFTS, ON_DUTY, OPEN_ITEMS, INVITATIONS],
    ids=["shifts", "onDuty", "openJournalItems", "invitations"],
)
@pytest.mark.parametrize("role", list(MODERATORS_ONLY))
async def test_moderators_reads_by_role(
    api: Api, roles: dict[str, GraphQLClient], role: str, query: str
) -> None:
    body = await roles[role](query, {"jam": api.jam_id})
    if MODERATORS_ONLY[role] == "ok":
        assert "errors" not in body, body
    else:
        assert body["errors"][0]["extensions"]["code"] == MODERATORS_ONLY[role]


@pytest.mark.parametrize("role", list(MODERATORS_ONLY))
async def test_read_a_shift_by_role(api: Api, roles: dict[str, GraphQLClient], role: str) -> None:
    shift = await plan(api, -1)
    body = await roles[role](SHIFT, {"id": str(shift.id)})
    if MODERATORS_ONLY[role] == "ok":
        assert body["data"]["shift"]["id"] == str(shift.id)
    else:
        assert body["errors"][0]["extensions"]["code"] == MODERATORS_ONLY[role]


# --- what the answers hold ----------------------------------------------------------------


async def test_a_new_shift_with_its_person_and_forums(api: Api) -> None:
    variables = {
        "jam": api.jam_id,
        "user": str(api.world.moderator.user_id),
        "from": iso(-1),
        "to": iso(2),
        "forums": [api.forum_id],
    }
    data = await api.admin.ok(CREATE_SHIFT, variables)
    shift = data["createShift"]["shift"]
    assert data["createShift"]["errors"] == []
    assert shift["user"] == {"id": str(api.world.moderator.user_id), "displayName": "Moderator"}
    assert shift["createdBy"] == {"id": str(api.world.admin.user_id)}
    assert (shift["allForums"], shift["forums"], shift["onDuty"]) == (
        False, [{"id": api.forum_id}], True
    )


async def test_an_overlapping_shift_is_a_conflict(api: Api) -> None:
    await plan(api, 1, 4)
    variables = {
        "jam": api.jam_id,
        "user": str(api.world.moderator.user_id),
        "from": iso(2),
        "to": iso(3),
    }
    data = await api.moderator.ok(CREATE_SHIFT, variables)
    assert data["createShift"] == {
        "shift": None, "errors": [{"code": "CONFLICT", "field": "startsAt"}]
    }


async def test_a_shift_too_long_names_its_end(api: Api) -> None:
    variables = {
        "jam": api.jam_id,
        "user": str(api.world.moderator.user_id),
        "from": iso(1),
        "to": iso(30),
    }
    data = await api.moderator.ok(CREATE_SHIFT, variables)
    assert data["createShift"]["errors"] == [{"code": "INVALID_INPUT", "field": "endsAt"}]


async def test_a_started_shift_cannot_be_deleted(api: Api) -> None:
    shift = await plan(api, -1)
    data = await api.moderator.ok(DELETE_SHIFT, {"id": str(shift.id)})
    assert data["deleteShift"] == {
        "deletedShiftId": None, "errors": [{"code": "CONFLICT", "field": "shiftId"}]
    }


async def test_a_journal_item_about_a_comment(api: Api) -> None:
    idea_id = await api.world.idea(title="Four-day week")
    comment = await actions.add_comment(
        api.world.rt, api.world.participant, idea_id, body="<b>Heated</b>"
    )
    shift = await plan(api, -1)
    data = await api.moderator.ok(
        ADD_ENTRY,
        {
            "shift": str(shift.id),
            "kind": "WATCH",
            "body": "Keep an eye",
            "comment": str(comment.id),
        },
    )
    assert data["addJournalEntry"] == {
        "entry": {
            "id": data["addJournalEntry"]["entry"]["id"],
            "kind": "WATCH",
            "body": "Keep an eye",
            "open": True,
            "author": {"id": str(api.world.moderator.user_id)},
            "idea": {"id": str(idea_id), "title": "Four-day week"},
            "comment": {"id": str(comment.id), "body": "<b>Heated</b>"},
            "shift": {"id": str(shift.id)},
        },
        "errors": [],
    }


async def test_an_item_without_a_link_is_refused(api: Api) -> None:
    shift = await plan(api, -1)
    data = await api.moderator.ok(
        ADD_ENTRY, {"shift": str(shift.id), "kind": "FEATURE", "body": "Feature something"}
    )
    assert data["addJournalEntry"] == {
        "entry": None, "errors": [{"code": "INVALID_INPUT", "field": "ideaId"}]
    }


async def test_closing_a_note_is_refused(api: Api) -> None:
    shift = await plan(api, -1)
    assert shift.id is not None
    entry = await shift_actions.add_journal_entry(
        api.world.rt, api.world.moderator, shift.id, kind=JournalKind.NOTE, body="All calm"
    )
    data = await api.moderator.ok(CLOSE_ENTRY, {"id": str(entry.id)})
    assert data["closeJournalEntry"] == {
        "entry": None, "errors": [{"code": "INVALID_INPUT", "field": "entryId"}]
    }


async def test_closing_an_item_says_who_closed_it(api: Api) -> None:
    shift = await plan(api, -1)
    assert shift.id is not None
    entry = await shift_actions.add_journal_entry(
        api.world.rt, api.world.moderator, shift.id, kind=JournalKind.FLAG, body="Settle",
        idea_id=await api.world.idea(),
    )
    data = await api.admin.ok(CLOSE_ENTRY, {"id": str(entry.id)})
    closed = data["closeJournalEntry"]["entry"]
    assert (closed["open"], closed["closedBy"]) == (False, {"id": str(api.world.admin.user_id)})
    assert closed["closedAt"] is not None


async def test_the_hand_off_of_a_shift(api: Api) -> None:
    world = api.world
    assert world.jam.id is not None
    previous = await plan(api, -6, 4)
    assert previous.id is not None
    idea_id = await world.idea()
    plain = await shift_actions.add_journal_entry(
        world.rt, world.moderator, previous.id, kind=JournalKind.NOTE, body="Quiet"
    )
    pending = await shift_actions.add_journal_entry(
        world.rt, world.moderator, previous.id, kind=JournalKind.FEATURE, body="Feature it",
        idea_id=idea_id,
    )
    colleague = await world.user(join=True)
    await actions.assign_moderator(world.rt, world.admin, world.jam.id, colleague.user_id)
    current = await plan(api, -1, 4, user_id=colleague.user_id)
    data = await api.moderator.ok(SHIFT, {"id": str(current.id)})
    assert data["shift"] == {
        "id": str(current.id),
        "journal": [],
        "handOff": {
            "fromShift": {"id": str(previous.id)},
            "openCount": 1,
            "entries": [
                {
                    "id": str(pending.id),
                    "kind": "FEATURE",
                    "open": True,
                    "idea": {"id": str(idea_id)},
                },
                {"id": str(plain.id), "kind": "NOTE", "open": False, "idea": None},
            ],
        },
    }


async def test_open_items_name_their_shift(api: Api) -> None:
    shift = await plan(api, -1)
    assert shift.id is not None
    entry = await shift_actions.add_journal_entry(
        api.world.rt, api.world.moderator, shift.id, kind=JournalKind.FLAG, body="Settle",
        idea_id=await api.world.idea(),
    )
    data = await api.moderator.ok(OPEN_ITEMS, {"jam": api.jam_id})
    assert data["openJournalItems"] == [
        {"id": str(entry.id), "kind": "FLAG", "shift": {"id": str(shift.id)}}
    ]


async def test_a_missing_shift_is_null(api: Api) -> None:
    data = await api.moderator.ok(SHIFT, {"id": "999999"})
    assert data == {"shift": None}


async def test_a_bad_jam_id_is_invalid_input(api: Api) -> None:
    body = await api.moderator(SHIFTS, {"jam": "not-a-number"})
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert body["errors"][0]["extensions"]["field"] == "jamId"


async def test_the_viewers_profile(api: Api) -> None:
    data = await api.participant.ok(UPDATE_PROFILE, {"unit": " Research ", "country": "se"})
    assert data["updateProfile"]["profile"] == {
        "displayName": "Participant", "orgUnit": "Research", "country": "SE"
    }
    assert (await api.participant.ok(PROFILE))["profile"] == {
        "displayName": "Participant", "orgUnit": "Research", "country": "SE"
    }


async def test_an_anonymous_profile_is_null(api: Api) -> None:
    assert await api.anonymous.ok(PROFILE) == {"profile": None}


async def test_a_wrong_country_names_the_field(api: Api) -> None:
    data = await api.participant.ok(UPDATE_PROFILE, {"country": "Narnia"})
    assert data["updateProfile"] == {
        "user": None, "profile": None, "errors": [{"code": "INVALID_INPUT", "field": "country"}]
    }


async def test_removing_a_participant_as_moderator_is_a_conflict(api: Api) -> None:
    body = await api.admin.ok(
        REMOVE_MODERATOR, {"jam": api.jam_id, "user": str(api.world.participant.user_id)}
    )
    assert body["removeModerator"]["errors"] == [{"code": "CONFLICT", "field": "userId"}]


async def test_a_removed_moderator_reads_no_rota(api: Api) -> None:
    await api.admin.ok(
        REMOVE_MODERATOR, {"jam": api.jam_id, "user": str(api.world.moderator.user_id)}
    )
    body = await api.moderator(SHIFTS, {"jam": api.jam_id})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_revoked_code_is_listed_and_lets_nobody_join(api: Api) -> None:
    assert api.world.jam.id is not None
    invitation = await actions.create_invitation(
        api.world.rt, api.world.moderator, api.world.jam.id, max_uses=5
    )
    revoked = await api.moderator.ok(REVOKE, {"code": invitation.code})
    assert revoked["revokeInvitation"]["invitation"]["active"] is False
    [listed] = (await api.moderator.ok(INVITATIONS, {"jam": api.jam_id}))["invitations"]
    assert (listed["code"], listed["uses"], listed["maxUses"], listed["active"]) == (
        invitation.code, 0, 5, False
    )
    assert listed["revokedAt"] is not None
    guest = await api.new_participant(guest=True, join=False)
    joined = await guest.ok(
        """mutation($code: String!) { joinJam(input: {invitationCode: $code}) {
             membership { role } errors { code } } }""",
        {"code": invitation.code},
    )
    assert joined["joinJam"] == {"membership": None, "errors": [{"code": "INVALID_INVITATION"}]}


async def test_an_administrator_cannot_be_made_here(api: Api) -> None:
    target = await api.world.user()
    data = await api.admin.ok(SET_ROLE, {"user": str(target.user_id), "role": "ADMIN"})
    assert data["setUserRole"] == {
        "user": None, "errors": [{"code": "FORBIDDEN", "field": "role"}]
    }


async def test_an_analyst_is_made(api: Api) -> None:
    target = await api.world.user(kind=AccountKind.EMPLOYEE)
    data = await api.admin.ok(SET_ROLE, {"user": str(target.user_id), "role": "ANALYST"})
    assert data["setUserRole"] == {
        "user": {"id": str(target.user_id), "role": "ANALYST"}, "errors": []
    }
