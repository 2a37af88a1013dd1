"""Live updates across server processes: PostgreSQL NOTIFY wakes every process's feed."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from jam.models import User
from tests.api.test_api_live import ACTIVITY, POST
from tests.conftest import World
from tests.live_client import LiveClient
from tests.server import GraphQLClient, free_port

LOGIN = """mutation($e: String!, $p: String!) {
  login(input: {email: $e, password: $p}) { token }
}"""


@contextmanager
def served(database_url: str, workers: int = 2) -> Iterator[str]:
    """`jam serve --workers N --no-worker` as a real process; its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "jam.cli", "serve", "--port", str(port), "--workers",
         str(workers), "--no-worker", "--log-level", "warning"],
        env=dict(os.environ, JAM_DATABASE_URL=database_url),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None, "the server exited"
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


async def test_an_idea_posted_through_one_server_reaches_a_subscriber_of_another(
    world: World,
) -> None:
    if world.rt.db.sqlite:
        pytest.skip("across processes on SQLite the feed polls; this checks NOTIFY")
    async with world.rt.db.read() as session:
        user = await session.get(User, world.participant.user_id)
    assert user is not None
    with served(world.rt.db.url) as first, served(world.rt.db.url) as second:
        poster = GraphQLClient(first)
        token = (await poster.ok(LOGIN, {"e": user.email, "p": "correct horse battery"}))[
            "login"
        ]["token"]
        poster = poster.as_user(token)
        # Several sockets, so both worker processes of the second server have listeners.
        listeners = [await LiveClient.connect(second, token) for _ in range(4)]
        ops = [await live.subscribe(ACTIVITY, {"jam": str(world.jam.id)}) for live in listeners]
        await asyncio.sleep(1.0)
        started = time.monotonic()
        posted = await poster.ok(
            POST, {"i": {"forumId": str(world.forum.id), "title": "Across", "body": "processes"}}
        )
        idea_id = posted["postIdea"]["idea"]["id"]
        for live, op in zip(listeners, ops, strict=True):
            event = (await live.next(op, timeout=10))["jamActivity"]
            assert event["__typename"] == "IdeaPosted" and event["idea"]["id"] == idea_id
        assert time.monotonic() - started < 5
        for live in listeners:
            await live.close()
        await poster.close()
