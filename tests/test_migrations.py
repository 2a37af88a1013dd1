"""Migrations build exactly the schema the models declare, and the server creates it on start."""

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel

import jam.models  # noqa: F401
from jam.migrate import database_state, ensure_schema, head_revision, include_name


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "include_name": include_name}
    )
    return list(compare_metadata(context, SQLModel.metadata))


async def test_migrations_match_the_models(database_url: str) -> None:
    engine = create_async_engine(database_url)
    async with engine.connect() as connection:
        differences = await connection.run_sync(_diff)
    await engine.dispose()
    assert differences == []


async def test_an_empty_database_is_created_at_the_head_revision(tmp_path: Any) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"
    assert await ensure_schema(url) == "created"
    engine = create_async_engine(url)
    empty, revision = await database_state(engine)
    await engine.dispose()
    assert (empty, revision) == (False, head_revision())
    assert await ensure_schema(url) == "current"
