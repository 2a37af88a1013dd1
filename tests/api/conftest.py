"""HTTP fixtures: a real server over the test database, and signed-in clients."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from jam import actions
from jam.models import AccountKind, User
from jam.runtime import Runtime
from tests.conftest import World, build_world
from tests.server import GraphQLClient

LOGIN = """mutation($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) { token errors { code } }
}"""


@dataclass
class Api:
    """A live jam (see World) served over HTTP, with a client per role."""

    world: World
    anonymous: GraphQLClient
    admin: GraphQLClient
    moderator: GraphQLClient
    participant: GraphQLClient

    async def client_for(
        self, email: str, password: str = "correct horse battery"
    ) -> GraphQLClient:
        data = await self.anonymous.ok(LOGIN, {"email": email, "password": password})
        token = data["login"]["token"]
        assert token, data
        return self.anonymous.as_user(token)

    async def new_participant(self, *, guest: bool = False, join: bool = True) -> GraphQLClient:
        """A signed-in client for a new account (a member of the jam unless ``join`` is off)."""
        from jam.models import AccountKind, User

        actor = await self.world.user(
            kind=AccountKind.GUEST if guest else AccountKind.EMPLOYEE, join=join
        )
        async with self.world.rt.db.read() as session:
            user = await session.get(User, actor.user_id)
        assert user is not None
        return await self.client_for(user.email)

    @property
    def forum_id(self) -> str:
        return str(self.world.forum.id)

    @property
    def jam_id(self) -> str:
        return str(self.world.jam.id)


async def _email(rt: Runtime, user_id: int) -> str:
    from jam.models import User

    async with rt.db.read() as session:
        user = await session.get(User, user_id)
    assert user is not None
    return user.email


@pytest.fixture
async def api(rt: Runtime, gql: GraphQLClient) -> Api:
    world = await build_world(rt)
    clients = []
    for actor in (world.admin, world.moderator, world.participant):
        email = await _email(rt, actor.user_id)
        data = await gql.ok(LOGIN, {"email": email, "password": "correct horse battery"})
        clients.append(gql.as_user(data["login"]["token"]))
    assert actions  # the world was built through the actions layer
    return Api(world, gql, *clients)


async def client_of(api: Api, actor_id: int) -> GraphQLClient:
    async with api.world.rt.db.read() as session:
        user = await session.get(User, actor_id)
    assert user is not None
    return await api.client_for(user.email)


@pytest.fixture
async def roles(api: Api) -> dict[str, GraphQLClient]:
    """A client per role the rules tell apart."""
    world = api.world
    assert world.jam.id is not None
    muted = await world.user(join=True)
    await actions.mute_member(
        world.rt, world.moderator, world.jam.id, muted.user_id, minutes=60, reason="Flooding"
    )
    elsewhere = await world.new_jam(starts_in=-timedelta(hours=1), lasts=timedelta(days=1))
    assert elsewhere.id is not None
    other_moderator = await world.user()
    await actions.join_jam(world.rt, other_moderator, elsewhere.id)
    await actions.assign_moderator(world.rt, world.admin, elsewhere.id, other_moderator.user_id)
    guest = await world.user(kind=AccountKind.GUEST)
    return {
        "anonymous": api.anonymous,
        "guest": await client_of(api, guest.user_id),
        "participant": await api.new_participant(),
        "muted": await client_of(api, muted.user_id),
        "other moderator": await client_of(api, other_moderator.user_id),
        "moderator": api.moderator,
        "admin": api.admin,
    }


def outcome(body: dict[str, Any], field: str) -> str:
    """"ok", a payload error's code, or a top-level error's code."""
    if body.get("errors"):
        return str(body["errors"][0]["extensions"]["code"])
    errors = body["data"][field]["errors"]
    return str(errors[0]["code"]) if errors else "ok"
