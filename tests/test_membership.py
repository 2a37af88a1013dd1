"""Membership: employees join freely, guests only with a code for that jam, roles."""

from datetime import timedelta

import pytest

from jam import actions
from jam.errors import ActionError, ErrorCode
from jam.models import AccountKind, JamRole
from jam.queries.jams import jam_by_slug, visible_jams
from jam.timeutil import utcnow
from tests.conftest import World


async def test_an_employee_joins_any_jam_as_participant(world: World) -> None:
    employee = await world.user()
    assert world.jam.id is not None
    membership = await actions.join_jam(world.rt, employee, world.jam.id)
    assert membership.role == JamRole.PARTICIPANT.value


async def test_joining_twice_returns_the_same_membership(world: World) -> None:
    assert world.jam.id is not None
    first = await actions.join_jam(world.rt, world.participant, world.jam.id)
    second = await actions.join_jam(world.rt, world.participant, world.jam.id)
    assert first.id == second.id


async def test_a_guest_cannot_join_without_a_code(world: World) -> None:
    guest = await world.user(kind=AccountKind.GUEST)
    assert world.jam.id is not None
    with pytest.raises(ActionError) as caught:
        await actions.join_jam(world.rt, guest, world.jam.id)
    assert (caught.value.code, caught.value.field) == (
        ErrorCode.INVALID_INVITATION,
        "invitationCode",
    )


async def test_a_guest_cannot_use_a_code_of_another_jam(world: World) -> None:
    other = await world.new_jam(starts_in=timedelta(hours=-1), lasts=timedelta(days=1))
    assert other.id is not None and world.jam.id is not None
    code = (await actions.create_invitation(world.rt, world.admin, other.id)).code
    guest = await world.user(kind=AccountKind.GUEST)
    with pytest.raises(ActionError) as caught:
        await actions.join_jam(world.rt, guest, world.jam.id, invitation_code=code)
    assert caught.value.code is ErrorCode.INVALID_INVITATION


async def test_an_invitation_is_used_up_after_max_uses(world: World) -> None:
    assert world.jam.id is not None
    invitation = await actions.create_invitation(world.rt, world.admin, world.jam.id, max_uses=1)
    first, second = (
        await world.user(kind=AccountKind.GUEST),
        await world.user(kind=AccountKind.GUEST),
    )
    await actions.join_jam(world.rt, first, world.jam.id, invitation_code=invitation.code)
    with pytest.raises(ActionError) as caught:
        await actions.join_jam(world.rt, second, world.jam.id, invitation_code=invitation.code)
    assert caught.value.code is ErrorCode.INVALID_INVITATION


async def test_an_expired_invitation_is_refused(world: World) -> None:
    assert world.jam.id is not None
    invitation = await actions.create_invitation(
        world.rt, world.admin, world.jam.id, expires_at=utcnow() + timedelta(milliseconds=50)
    )
    import asyncio

    await asyncio.sleep(0.1)
    guest = await world.user(kind=AccountKind.GUEST)
    with pytest.raises(ActionError) as caught:
        await actions.join_jam(world.rt, guest, world.jam.id, invitation_code=invitation.code)
    assert caught.value.code is ErrorCode.INVALID_INVITATION


async def test_guests_see_only_the_jam_they_were_invited_to(world: World) -> None:
    other = await world.new_jam(starts_in=timedelta(hours=-1), lasts=timedelta(days=1))
    guest = await world.user(kind=AccountKind.GUEST, join=True)
    slugs = [jam.slug for jam in await visible_jams(world.rt, guest)]
    assert slugs == [world.jam.slug]
    assert await jam_by_slug(world.rt, guest, other.slug) is None


async def test_employees_see_every_jam(world: World) -> None:
    other = await world.new_jam(starts_in=timedelta(hours=-1), lasts=timedelta(days=1))
    employee = await world.user()
    slugs = {jam.slug for jam in await visible_jams(world.rt, employee)}
    assert slugs == {world.jam.slug, other.slug}


async def test_a_guest_cannot_post_into_a_jam_outside_their_invitation(world: World) -> None:
    other = await world.new_jam(starts_in=timedelta(hours=-1), lasts=timedelta(days=1))
    guest = await world.user(kind=AccountKind.GUEST, join=True)
    from tests.test_jam_clock import _first_forum

    forum_id = await _first_forum(world, other.id)
    with pytest.raises(ActionError) as caught:
        await actions.post_idea(world.rt, guest, forum_id, title="t", body="b")
    assert caught.value.code is ErrorCode.NOT_FOUND


async def test_non_members_cannot_post(world: World) -> None:
    outsider = await world.user()
    assert world.forum.id is not None
    with pytest.raises(ActionError) as caught:
        await actions.post_idea(world.rt, outsider, world.forum.id, title="t", body="b")
    assert caught.value.code is ErrorCode.NOT_A_MEMBER


async def test_only_admins_create_jams(world: World) -> None:
    start = utcnow()
    with pytest.raises(ActionError) as caught:
        await actions.create_jam(
            world.rt,
            world.moderator,
            title="Mine",
            starts_at=start,
            ends_at=start + timedelta(days=1),
        )
    assert caught.value.code is ErrorCode.FORBIDDEN


async def test_only_admins_assign_moderators(world: World) -> None:
    assert world.jam.id is not None
    with pytest.raises(ActionError) as caught:
        await actions.assign_moderator(
            world.rt, world.moderator, world.jam.id, world.participant.user_id
        )
    assert caught.value.code is ErrorCode.FORBIDDEN


async def test_assigning_a_moderator_upgrades_a_participant(world: World) -> None:
    assert world.jam.id is not None
    membership = await actions.assign_moderator(
        world.rt, world.admin, world.jam.id, world.participant.user_id
    )
    assert membership.role == JamRole.MODERATOR.value


async def test_moderators_add_forums_and_participants_cannot(world: World) -> None:
    assert world.jam.id is not None
    forum = await actions.add_forum(
        world.rt, world.moderator, world.jam.id, title="Customers", question="What do they need?"
    )
    assert forum.position == 2
    with pytest.raises(ActionError) as caught:
        await actions.add_forum(world.rt, world.participant, world.jam.id, title="Mine")
    assert caught.value.code is ErrorCode.FORBIDDEN


async def test_an_explicit_slug_that_is_taken_is_refused(world: World) -> None:
    start = utcnow()
    with pytest.raises(ActionError) as caught:
        await actions.create_jam(
            world.rt,
            world.admin,
            title="Again",
            slug=world.jam.slug,
            starts_at=start,
            ends_at=start + timedelta(days=1),
        )
    assert (caught.value.code, caught.value.field) == (ErrorCode.SLUG_TAKEN, "slug")


async def test_a_derived_slug_is_made_unique(world: World) -> None:
    again = await world.new_jam(
        starts_in=timedelta(hours=1), lasts=timedelta(days=1), title=world.jam.title
    )
    assert again.slug == f"{world.jam.slug}-2"


async def test_a_guest_joins_by_the_code_alone(world: World) -> None:
    """Invited to a jam they cannot see yet, a guest has only the code."""
    guest = await world.user(kind=AccountKind.GUEST)
    assert world.jam.id is not None
    invitation = await actions.create_invitation(world.rt, world.moderator, world.jam.id)
    membership = await actions.join_jam(world.rt, guest, None, invitation_code=invitation.code)
    assert membership.jam_id == world.jam.id
    assert [jam.id for jam in await visible_jams(world.rt, guest)] == [world.jam.id]


async def test_joining_without_a_jam_or_a_code_is_refused(world: World) -> None:
    guest = await world.user(kind=AccountKind.GUEST)
    with pytest.raises(ActionError) as caught:
        await actions.join_jam(world.rt, guest, None, invitation_code="  ")
    assert (caught.value.code, caught.value.field) == (
        ErrorCode.INVALID_INVITATION,
        "invitationCode",
    )


async def test_a_wrong_code_alone_is_refused_and_joins_nothing(world: World) -> None:
    guest = await world.user(kind=AccountKind.GUEST)
    with pytest.raises(ActionError) as caught:
        await actions.join_jam(world.rt, guest, None, invitation_code="NOPE-NOPE")
    assert caught.value.code is ErrorCode.INVALID_INVITATION
    assert await visible_jams(world.rt, guest) == []
