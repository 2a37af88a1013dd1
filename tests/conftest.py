"""Fixtures: real databases (a SQLite file per test; PostgreSQL when JAM_TEST_DATABASE_URL is set),
and real objects built through the actions layer."""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

os.environ.setdefault("JAM_ARGON2_PROFILE", "CHEAPEST")  # hundreds of test accounts
# Refusals are answered at once in tests (servers started as processes read this); the tests
# of the delay itself set it on their own server.
os.environ.setdefault("JAM_REFUSAL_DELAY_SECONDS", "0")

from jam import actions
from jam.access import Actor
from jam.config import Settings, normalize_database_url
from jam.db import Database
from jam.migrate import upgrade
from jam.models import AccountKind, Forum, GlobalRole, Jam, User
from jam.runtime import Runtime
from jam.timeutil import utcnow
from tests.server import GraphQLClient, running_server

PG_URL = os.environ.get("JAM_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    assert PG_URL
    url = normalize_database_url(PG_URL)
    import asyncio

    from sqlalchemy.ext.asyncio import create_async_engine

    async def reset() -> None:
        engine = create_async_engine(url)
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await engine.dispose()

    def prepare() -> None:
        asyncio.run(reset())
        upgrade(url)

    # Requested from inside async fixtures: do the blocking set-up on a thread of its own.
    worker = threading.Thread(target=prepare)
    worker.start()
    worker.join()
    yield url


async def _truncate(url: str) -> None:
    from sqlalchemy.ext.asyncio import create_async_engine

    import jam.models  # noqa: F401

    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await engine.dispose()


@pytest.fixture(params=BACKENDS)
async def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> AsyncIterator[str]:
    """A migrated, empty database of each backend under test."""
    if request.param == "sqlite":
        path = tmp_path / "jam.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite+aiosqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_url")
        await _truncate(url)
        yield url


@pytest.fixture
async def rt(database_url: str) -> AsyncIterator[Runtime]:
    runtime = Runtime(settings=Settings(database_url=database_url), db=Database(database_url))
    yield runtime
    await runtime.close()


def actor_of(user: User) -> Actor:
    assert user.id is not None
    return Actor(user.id, GlobalRole(user.role), AccountKind(user.kind))


@dataclass
class World:
    """A live jam with two forums, an admin, a moderator and a participant."""

    rt: Runtime
    admin: Actor
    moderator: Actor
    participant: Actor
    jam: Jam
    forum: Forum
    other_forum: Forum

    async def user(
        self,
        *,
        kind: AccountKind = AccountKind.EMPLOYEE,
        role: GlobalRole = GlobalRole.MEMBER,
        join: bool = False,
    ) -> Actor:
        user = await actions.create_user(
            self.rt,
            email=f"{uuid.uuid4().hex[:12]}@example.org",
            password="correct horse battery",
            display_name="Someone",
            role=role,
            kind=kind,
        )
        actor = actor_of(user)
        if join:
            assert self.jam.id is not None
            if kind is AccountKind.GUEST:
                invitation = await actions.create_invitation(self.rt, self.admin, self.jam.id)
                await actions.join_jam(self.rt, actor, self.jam.id, invitation_code=invitation.code)
            else:
                await actions.join_jam(self.rt, actor, self.jam.id)
        return actor

    async def new_jam(self, *, starts_in: timedelta, lasts: timedelta, title: str = "Jam") -> Jam:
        start = utcnow() + starts_in
        return await actions.create_jam(
            self.rt,
            self.admin,
            title=title,
            starts_at=start,
            ends_at=start + lasts,
            forums=[actions.ForumDraft("Ideas", "What should we do?")],
        )

    async def idea(self, author: Actor | None = None, **fields: object) -> int:
        assert self.forum.id is not None
        values: dict[str, object] = {"title": "An idea", "body": "Its body", "tags": []}
        values.update(fields)
        idea = await actions.post_idea(
            self.rt,
            author or self.participant,
            self.forum.id,
            **values,  # type: ignore[arg-type]
        )
        assert idea.id is not None
        return idea.id


async def build_world(rt: Runtime, *, started: datetime | None = None) -> World:
    async def make(role: GlobalRole, name: str) -> Actor:
        user = await actions.create_user(
            rt,
            email=f"{name}-{uuid.uuid4().hex[:8]}@example.org",
            password="correct horse battery",
            display_name=name.title(),
            role=role,
        )
        return actor_of(user)

    admin = await make(GlobalRole.ADMIN, "admin")
    moderator = await make(GlobalRole.MEMBER, "moderator")
    participant = await make(GlobalRole.MEMBER, "participant")
    start = started or utcnow() - timedelta(hours=1)
    jam = await actions.create_jam(
        rt,
        admin,
        title="Innovation Jam",
        description="Three days to rethink how we work.",
        starts_at=start,
        ends_at=start + timedelta(days=3),
        forums=[
            actions.ForumDraft("Future of work", "How will we work in 2030?"),
            actions.ForumDraft("Green ideas", "What would cut our footprint in half?"),
        ],
        moderator_ids=[moderator.user_id],
    )
    assert jam.id is not None
    await actions.join_jam(rt, participant, jam.id)
    async with rt.db.read() as session:
        from sqlmodel import select

        forums = list(
            (
                await session.execute(
                    select(Forum).where(Forum.jam_id == jam.id).order_by(Forum.position)
                )
            ).scalars()  # type: ignore[arg-type]
        )
    return World(rt, admin, moderator, participant, jam, forums[0], forums[1])


@pytest.fixture
async def world(rt: Runtime) -> World:
    return await build_world(rt)


@pytest.fixture
def server_url(database_url: str) -> Iterator[str]:
    with running_server(database_url) as url:
        yield url


@pytest.fixture
async def gql(server_url: str) -> AsyncIterator[GraphQLClient]:
    client = GraphQLClient(server_url)
    yield client
    await client.close()
