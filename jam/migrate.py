"""Schema migrations (Alembic), callable from the CLI, the server start-up and the tests."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (blocking; runs its own event loop)."""
    command.upgrade(alembic_config(url), revision)


async def upgrade_async(url: str, revision: str = "head") -> None:
    await asyncio.to_thread(upgrade, url, revision)


# Tables the models do not declare: the full-text index (migration 0009) and, on SQLite, the
# shadow tables FTS5 keeps beside it. Autogenerate and the models-match test leave them out.
UNMODELLED_PREFIX = "idea_fts"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    return not (type_ in ("table", "index") and (name or "").startswith(UNMODELLED_PREFIX))


def new_revision(message: str) -> str:
    """Autogenerate a migration from the models' difference to the head schema (built in a
    scratch SQLite database); returns the new file's path. Review it before committing."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite+aiosqlite:///{scratch}/head.db"
        upgrade(url)
        script = command.revision(alembic_config(url), message=message, autogenerate=True)
    path = getattr(script, "path", None)
    return str(path)


def _state(connection: Connection) -> tuple[bool, str | None]:
    tables = inspect(connection).get_table_names()
    revision = MigrationContext.configure(connection).get_current_revision()
    return (not tables, revision)


async def database_state(engine: AsyncEngine) -> tuple[bool, str | None]:
    """(is the database empty, its current revision)."""
    async with engine.connect() as connection:
        return await connection.run_sync(_state)


async def ensure_schema(url: str) -> str:
    """Upgrade an empty database; refuse to serve an outdated one (say how to upgrade it)."""
    engine = create_async_engine(url)
    try:
        empty, revision = await database_state(engine)
    finally:
        await engine.dispose()
    if empty:
        await upgrade_async(url)
        return "created"
    if revision != head_revision():
        raise RuntimeError(
            f"database schema is at revision {revision!r}, the code needs {head_revision()!r}: "
            "run `jam db upgrade` first"
        )
    return "current"
