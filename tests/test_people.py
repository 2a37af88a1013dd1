"""People: profiles, removing moderators, revoking invitations, the analyst role
(jam.actions.people, jam.queries.people), on both backends."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import col, select

from jam import actions
from jam.access import Actor
from jam.actions import people
from jam.actions import shifts as shift_actions
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind
from jam.models import (
    AccountKind,
    AuditEvent,
    GlobalRole,
    Invitation,
    JamRole,
    Membership,
    OutboxEvent,
    Shift,
    User,
)
from jam.queries import people as queries
from jam.timeutil import utcnow
from tests.conftest import World


async def refused(call: object) -> ActionError:
    with pytest.raises(ActionError) as caught:
        await call  # type: ignore[misc]
    return caught.value


async def audits(world: World, action: str) -> list[AuditEvent]:
    async with world.rt.db.read() as session:
        rows = await session.execute(
            select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.id))
        )
        return list(rows.scalars())


async def user_row(world: World, actor: Actor) -> User:
    async with world.rt.db.read() as session:
        user = await session.get(User, actor.user_id)
    assert user is not None
    return user


async def role_in_jam(world: World, actor: Actor) -> str | None:
    async with world.rt.db.read() as session:
        membership = (
            await session.execute(
                select(Membership).where(
                    Membership.jam_id == world.jam.id, Membership.user_id == actor.user_id
                )
            )
        ).scalar_one_or_none()
    return membership.role if membership else None


async def moderator_elsewhere(world: World) -> Actor:
    other = await world.new_jam(starts_in=-timedelta(hours=1), lasts=timedelta(days=1))
    assert other.id is not None
    person = await world.user()
    await actions.assign_moderator(world.rt, world.admin, other.id, person.user_id)
    return person


async def invitation(world: World) -> Invitation:
    assert world.jam.id is not None
    return await actions.create_invitation(world.rt, world.moderator, world.jam.id)


# --- profiles -----------------------------------------------------------------------------


async def test_a_person_sets_their_unit_and_country(world: World) -> None:
    user = await people.update_profile(
        world.rt, world.participant, org_unit=" Research ", country="fr"
    )
    assert (user.org_unit, user.country) == ("Research", "FR")
    stored = await user_row(world, world.participant)
    assert (stored.org_unit, stored.country) == ("Research", "FR")


async def test_a_profile_change_is_audited(world: World) -> None:
    await people.update_profile(world.rt, world.participant, display_name="Ada", country="GB")
    [entry] = await audits(world, "profile.update")
    me = world.participant.user_id
    assert (entry.actor_id, entry.subject_id) == (me, me)
    assert json.loads(entry.details) == {"displayName": "Ada", "country": "GB"}


async def test_empty_values_clear_unit_and_country(world: World) -> None:
    await people.update_profile(world.rt, world.participant, org_unit="Sales", country="DE")
    user = await people.update_profile(world.rt, world.participant, org_unit="", country="")
    assert (user.org_unit, user.country) == (None, None)


async def test_left_out_values_stay(world: World) -> None:
    await people.update_profile(world.rt, world.participant, org_unit="Sales", country="DE")
    user = await people.update_profile(world.rt, world.participant, display_name="New name")
    assert (user.display_name, user.org_unit, user.country) == ("New name", "Sales", "DE")


@pytest.mark.parametrize("code", ["XX", "USA", "U", "1A", "UK", "EU"])
async def test_a_country_is_an_iso_code(world: World, code: str) -> None:
    error = await refused(people.update_profile(world.rt, world.participant, country=code))
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "country")


def test_the_country_list_is_iso_3166_1() -> None:
    assert len(people.COUNTRY_CODES) == 249
    assert {"AX", "BQ", "CW", "SS", "SX", "TL", "XK"} & people.COUNTRY_CODES == {
        "AX", "BQ", "CW", "SS", "SX", "TL"
    }
    assert all(len(code) == 2 and code.isupper() for code in people.COUNTRY_CODES)


async def test_a_unit_is_at_most_100_characters(world: World) -> None:
    error = await refused(people.update_profile(world.rt, world.participant, org_unit="u" * 101))
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "orgUnit")


async def test_a_name_cannot_be_emptied(world: World) -> None:
    error = await refused(people.update_profile(world.rt, world.participant, display_name=" "))
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "displayName")


async def test_an_unchanged_profile_records_nothing(world: World) -> None:
    await people.update_profile(world.rt, world.participant, country="IT")
    await people.update_profile(world.rt, world.participant, country="it", org_unit="")
    assert len(await audits(world, "profile.update")) == 1


async def test_a_guest_edits_their_own_profile(world: World) -> None:
    guest = await world.user(kind=AccountKind.GUEST, join=True)
    user = await people.update_profile(world.rt, guest, org_unit="Partner Ltd")
    assert user.id == guest.user_id and user.org_unit == "Partner Ltd"


# --- removing moderators ------------------------------------------------------------------


async def test_an_administrator_removes_a_moderator(world: World) -> None:
    assert world.jam.id is not None
    membership = await people.remove_moderator(
        world.rt, world.admin, world.jam.id, world.moderator.user_id
    )
    assert membership.role == JamRole.PARTICIPANT.value
    assert await role_in_jam(world, world.moderator) == "participant"


async def test_removing_a_moderator_is_audited_and_announced(world: World) -> None:
    assert world.jam.id is not None
    await people.remove_moderator(world.rt, world.admin, world.jam.id, world.moderator.user_id)
    [entry] = await audits(world, "moderator.remove")
    assert (entry.subject_id, entry.jam_id) == (world.moderator.user_id, world.jam.id)
    async with world.rt.db.read() as session:
        kinds = list((await session.execute(select(OutboxEvent.kind))).scalars())
    assert EventKind.MODERATOR_REMOVED.value in kinds


async def test_a_removed_moderator_no_longer_moderates(world: World) -> None:
    assert world.jam.id is not None
    await people.remove_moderator(world.rt, world.admin, world.jam.id, world.moderator.user_id)
    target = await world.user(join=True)
    error = await refused(
        actions.mute_member(
            world.rt, world.moderator, world.jam.id, target.user_id, minutes=5, reason="No"
        )
    )
    assert error.code is ErrorCode.FORBIDDEN


async def test_removing_someone_who_is_not_a_moderator(world: World) -> None:
    assert world.jam.id is not None
    error = await refused(
        people.remove_moderator(world.rt, world.admin, world.jam.id, world.participant.user_id)
    )
    assert (error.code, error.field) == (ErrorCode.CONFLICT, "userId")


async def test_removing_a_non_member(world: World) -> None:
    outsider = await world.user()
    assert world.jam.id is not None
    error = await refused(
        people.remove_moderator(world.rt, world.admin, world.jam.id, outsider.user_id)
    )
    assert error.code is ErrorCode.CONFLICT


async def test_moderators_do_not_remove_moderators(world: World) -> None:
    assert world.jam.id is not None
    error = await refused(
        people.remove_moderator(world.rt, world.moderator, world.jam.id, world.moderator.user_id)
    )
    assert error.code is ErrorCode.FORBIDDEN
    assert await role_in_jam(world, world.moderator) == "moderator"


async def test_a_removed_moderators_shifts_stop(world: World) -> None:
    assert world.jam.id is not None
    now = utcnow()
    running = await shift_actions.create_shift(
        world.rt, world.moderator, world.jam.id, user_id=world.moderator.user_id,
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2),
    )
    coming = await shift_actions.create_shift(
        world.rt, world.moderator, world.jam.id, user_id=world.moderator.user_id,
        starts_at=now + timedelta(hours=5), ends_at=now + timedelta(hours=8),
    )
    await people.remove_moderator(
        world.rt, world.admin, world.jam.id, world.moderator.user_id, now=now
    )
    async with world.rt.db.read() as session:
        ended = await session.get(Shift, running.id)
        cancelled = await session.get(Shift, coming.id)
    assert ended is not None and ended.ends_at == now
    assert cancelled is None


# --- invitations --------------------------------------------------------------------------


async def test_moderators_list_the_jams_invitations_newest_first(world: World) -> None:
    first = await invitation(world)
    second = await invitation(world)
    assert world.jam.id is not None
    found = await queries.invitations(world.rt, world.moderator, world.jam.id)
    assert [i.id for i in found] == [second.id, first.id]


async def test_participants_do_not_list_invitations(world: World) -> None:
    await invitation(world)
    assert world.jam.id is not None
    error = await refused(queries.invitations(world.rt, world.participant, world.jam.id))
    assert error.code is ErrorCode.FORBIDDEN


async def test_a_moderator_revokes_an_invitation(world: World) -> None:
    code = (await invitation(world)).code
    revoked = await people.revoke_invitation(world.rt, world.moderator, code.lower())
    assert revoked.revoked_at is not None
    [entry] = await audits(world, "invitation.revoke")
    assert (entry.subject_id, entry.jam_id) == (revoked.id, world.jam.id)


async def test_a_revoked_code_lets_nobody_join(world: World) -> None:
    code = (await invitation(world)).code
    await people.revoke_invitation(world.rt, world.moderator, code)
    guest = await world.user(kind=AccountKind.GUEST)
    assert world.jam.id is not None
    error = await refused(actions.join_jam(world.rt, guest, world.jam.id, invitation_code=code))
    assert error.code is ErrorCode.INVALID_INVITATION


async def test_a_revoked_code_lets_nobody_join_without_the_jam_id(world: World) -> None:
    code = (await invitation(world)).code
    await people.revoke_invitation(world.rt, world.moderator, code)
    guest = await world.user(kind=AccountKind.GUEST)
    error = await refused(actions.join_jam(world.rt, guest, None, invitation_code=code))
    assert error.code is ErrorCode.INVALID_INVITATION


async def test_who_joined_with_a_revoked_code_stays(world: World) -> None:
    code = (await invitation(world)).code
    guest = await world.user(kind=AccountKind.GUEST)
    assert world.jam.id is not None
    await actions.join_jam(world.rt, guest, world.jam.id, invitation_code=code)
    await people.revoke_invitation(world.rt, world.moderator, code)
    assert await role_in_jam(world, guest) == "participant"


async def test_revoking_twice_changes_nothing(world: World) -> None:
    code = (await invitation(world)).code
    first = await people.revoke_invitation(world.rt, world.moderator, code)
    again = await people.revoke_invitation(world.rt, world.admin, code)
    assert again.revoked_at == first.revoked_at
    assert len(await audits(world, "invitation.revoke")) == 1


async def test_participants_do_not_revoke_invitations(world: World) -> None:
    code = (await invitation(world)).code
    error = await refused(people.revoke_invitation(world.rt, world.participant, code))
    assert error.code is ErrorCode.FORBIDDEN


async def test_a_moderator_of_another_jam_does_not_revoke(world: World) -> None:
    code = (await invitation(world)).code
    elsewhere = await moderator_elsewhere(world)
    error = await refused(people.revoke_invitation(world.rt, elsewhere, code))
    assert error.code is ErrorCode.FORBIDDEN


async def test_revoking_an_unknown_code(world: World) -> None:
    error = await refused(people.revoke_invitation(world.rt, world.moderator, "NOSUCHCODE"))
    assert (error.code, error.field) == (ErrorCode.NOT_FOUND, "code")


# --- the analyst role ---------------------------------------------------------------------


async def test_an_administrator_makes_someone_an_analyst(world: World) -> None:
    user = await people.set_global_role(
        world.rt, world.admin, world.participant.user_id, GlobalRole.ANALYST
    )
    assert user.role == "analyst"
    assert (await user_row(world, world.participant)).role == "analyst"
    [entry] = await audits(world, "user.role")
    assert json.loads(entry.details) == {"before": "member", "after": "analyst"}


async def test_an_administrator_takes_the_analyst_role_back(world: World) -> None:
    await people.set_global_role(
        world.rt, world.admin, world.participant.user_id, GlobalRole.ANALYST
    )
    user = await people.set_global_role(
        world.rt, world.admin, world.participant.user_id, GlobalRole.MEMBER
    )
    assert user.role == "member"


async def test_nobody_is_made_an_administrator(world: World) -> None:
    error = await refused(
        people.set_global_role(world.rt, world.admin, world.participant.user_id, GlobalRole.ADMIN)
    )
    assert (error.code, error.field) == (ErrorCode.FORBIDDEN, "role")
    assert (await user_row(world, world.participant)).role == "member"


async def test_an_administrators_role_is_not_changed(world: World) -> None:
    other_admin = await world.user(role=GlobalRole.ADMIN)
    error = await refused(
        people.set_global_role(world.rt, world.admin, other_admin.user_id, GlobalRole.MEMBER)
    )
    assert (error.code, error.field) == (ErrorCode.FORBIDDEN, "userId")


async def test_only_administrators_grant_roles(world: World) -> None:
    error = await refused(
        people.set_global_role(
            world.rt, world.moderator, world.participant.user_id, GlobalRole.ANALYST
        )
    )
    assert error.code is ErrorCode.FORBIDDEN
    assert (await user_row(world, world.participant)).role == "member"


async def test_granting_a_role_to_nobody(world: World) -> None:
    error = await refused(
        people.set_global_role(world.rt, world.admin, 999_999, GlobalRole.ANALYST)
    )
    assert (error.code, error.field) == (ErrorCode.NOT_FOUND, "userId")


async def test_granting_a_role_someone_has_records_nothing(world: World) -> None:
    await people.set_global_role(
        world.rt, world.admin, world.participant.user_id, GlobalRole.MEMBER
    )
    assert await audits(world, "user.role") == []
