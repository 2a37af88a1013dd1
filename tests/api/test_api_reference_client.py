"""Live updates through the reference graphql-transport-ws client: graphql-ws's ``createClient``
over the ``ws`` package under Node (tests/reference_client/subscribe.mjs), against a real server.

``make test`` installs the client (``npm ci --prefix tests/reference_client``)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import Api
from tests.server import GraphQLClient

CLIENT_DIR = Path(__file__).resolve().parents[1] / "reference_client"
SCRIPT = CLIENT_DIR / "subscribe.mjs"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(
    NODE is None, reason="node is not on PATH: the reference client (graphql-ws) runs under Node"
)

ACTIVITY = """subscription($jam: ID!, $after: String) {
  jamActivity(jamId: $jam, after: $after) {
    __typename
    ... on JamEventBase { position }
    ... on IdeaPosted { position idea { id title } }
  }
}"""

# The mutation test_api_live posts ideas with.
POST = """mutation($i: PostIdeaInput!) { postIdea(input: $i) { idea { id } errors { code } } }"""

# No acknowledgement of a subscription exists in graphql-transport-ws: after "ready" (the
# subscribe message is on the wire) give the server a moment to register it, as
# test_api_live does.
SETTLE = 0.5
WAIT = 15.0  # seconds for any one line from the client


class ReferenceClient:
    """A running subscribe.mjs: one JSON object per stdout line."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    async def line(self, timeout: float = WAIT) -> dict[str, Any]:
        assert self.process.stdout is not None
        raw = await asyncio.wait_for(self.process.stdout.readline(), timeout)
        if not raw:
            raise AssertionError(f"the reference client exited early: {await self._stderr()}")
        line: dict[str, Any] = json.loads(raw)
        return line

    async def ready(self) -> None:
        line = await self.line()
        assert line == {"type": "ready"}, line
        await asyncio.sleep(SETTLE)

    async def event(self) -> dict[str, Any]:
        """The next result's ``jamActivity`` (fails on an error line or GraphQL errors)."""
        line = await self.line()
        assert line["type"] == "next", line
        assert "errors" not in line["payload"], line["payload"]
        event: dict[str, Any] = line["payload"]["data"]["jamActivity"]
        return event

    async def exit_code(self, timeout: float = WAIT) -> int:
        return await asyncio.wait_for(self.process.wait(), timeout)

    async def _stderr(self) -> str:
        if self.process.stderr is None:
            return ""
        with contextlib.suppress(TimeoutError):
            return (await asyncio.wait_for(self.process.stderr.read(), 5)).decode(errors="replace")
        return "(stderr unreadable)"


async def _post(api: Api, title: str) -> str:
    data = await api.participant.ok(
        POST, {"i": {"forumId": api.forum_id, "title": title, "body": "Covered, with lockers"}}
    )
    assert data["postIdea"]["errors"] == []
    return str(data["postIdea"]["idea"]["id"])


@pytest.fixture
def installed() -> None:
    if not (CLIENT_DIR / "node_modules" / "graphql-ws").is_dir():
        pytest.fail(
            f"the reference client's npm packages are missing from {CLIENT_DIR / 'node_modules'}:"
            " run `make test` (it runs `npm ci --prefix tests/reference_client`)"
        )


@contextlib.asynccontextmanager
async def reference_client(
    client: GraphQLClient,
    variables: dict[str, Any],
    *,
    count: int = 1,
    token: str | None = None,
    timeout: float = 30.0,
) -> AsyncIterator[ReferenceClient]:
    """subscribe.mjs subscribed to ACTIVITY as ``client`` (or with ``token``), waiting for
    ``count`` results; the Node process is killed on the way out whatever happened."""
    assert NODE is not None
    url = client.base_url.replace("http://", "ws://") + "/graphql"
    env = {**os.environ, "JAM_TOKEN": token if token is not None else client.token or ""}
    process = await asyncio.create_subprocess_exec(
        NODE, str(SCRIPT),
        "--url", url,
        "--query", ACTIVITY,
        "--variables", json.dumps(variables),
        "--count", str(count),
        "--timeout", str(timeout),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    try:
        yield ReferenceClient(process)
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await asyncio.wait_for(process.wait(), 10)


async def test_the_reference_client_hears_a_posted_idea(api: Api, installed: None) -> None:
    async with reference_client(api.participant, {"jam": api.jam_id}) as node:
        await node.ready()
        idea_id = await _post(api, title="Heard by graphql-ws")
        event = await node.event()
        assert event["__typename"] == "IdeaPosted", event
        assert event["idea"] == {"id": idea_id, "title": "Heard by graphql-ws"}
        assert event["position"]
        assert await node.exit_code() == 0


async def test_the_reference_client_with_an_unknown_token_is_refused_with_4403(
    api: Api, installed: None
) -> None:
    async with reference_client(api.participant, {"jam": api.jam_id}, token="not-a-token") as node:
        line = await node.line()
        assert line["type"] == "error" and line["code"] == 4403, line
        assert await node.exit_code() == 1


async def test_the_reference_client_resumes_after_a_position_in_order(
    api: Api, installed: None
) -> None:
    async with reference_client(api.participant, {"jam": api.jam_id}) as first:
        await first.ready()
        await _post(api, title="First")
        seen = (await first.event())["position"]
        assert await first.exit_code() == 0
    missed = [await _post(api, title=f"Missed {n}") for n in range(3)]
    variables = {"jam": api.jam_id, "after": seen}
    async with reference_client(api.participant, variables, count=4) as again:
        assert await again.line() == {"type": "ready"}
        replayed = [await again.event() for _ in missed]
        assert [event["idea"]["id"] for event in replayed] == missed
        assert [event["idea"]["title"] for event in replayed] == [
            f"Missed {n}" for n in range(3)
        ]
        live = await _post(api, title="Live")
        assert (await again.event())["idea"]["id"] == live
        assert await again.exit_code() == 0
