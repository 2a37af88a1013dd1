"""A SQLite file the server cannot write: writes answer 503 (read_only), reads keep working."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from jam import actions
from jam.config import Settings
from jam.db import Database
from jam.runtime import Runtime
from tests.conftest import build_world
from tests.faults.conftest import PASSWORD, email_of, post_idea, serving, unavailable

pytestmark = pytest.mark.slow

READ = "query($s: String!) { jam(slug: $s) { title ideas(first: 5) { totalCount } } }"


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """The file made read-only for this process: chmod for a normal user; root ignores
    permissions, so the immutable attribute (chattr +i) for root."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a file read-only for root")
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not supported here: {made.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


async def test_a_read_only_sqlite_file_refuses_writes_with_503_and_serves_reads(
    tmp_path: Path, sqlite_template: Path
) -> None:
    path = tmp_path / "jam.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite+aiosqlite:///{path}"
    rt = Runtime(settings=Settings(database_url=url), db=Database(url))
    try:
        world = await build_world(rt)
        await world.idea(title="Written before")
        token = (await actions.login(
            rt, email=await email_of(world, world.participant.user_id), password=PASSWORD
        )).token
    finally:
        await rt.close()  # the last connection closes: the WAL is checkpointed into the file

    with read_only(path), serving(url, tmp_path) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            auth = {"Authorization": f"Bearer {token}"}
            write = await post_idea(http, token, world.forum.id, "refused")
            assert unavailable(write), write.text
            assert write.json()["errors"][0]["extensions"]["reason"] == "read_only"
            assert "read-only" in write.json()["errors"][0]["message"]
            read = await http.post(
                "/graphql", json={"query": READ, "variables": {"s": world.jam.slug}}, headers=auth
            )
            assert read.status_code == 200, read.text
            assert read.json() == {
                "data": {"jam": {"title": "Innovation Jam", "ideas": {"totalCount": 1}}}
            }
            ready = await http.get("/readyz")
            assert ready.status_code == 200
        assert "Traceback" not in server.log()
