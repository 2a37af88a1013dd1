"""What no request may do to a real server: cost too much, send too much, run inline script,
or hold the event loop (jam.api.budget, jam.api.limits, jam.api.lane)."""

from __future__ import annotations

import base64
import hashlib
import re
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from jam import actions
from jam.app import create_app
from jam.config import Settings
from jam.models import User
from jam.runtime import Runtime
from tests.api.conftest import LOGIN
from tests.conftest import World, build_world
from tests.server import GraphQLClient, running_server

DELAY = 0.3
LIMIT = 64 * 1024
REPEATED = "{ " + "jams { id forums { id } } " * 500 + "}"
TEN_PAGES = (
    "query($slug: String!) { jam(slug: $slug) { "
    + " ".join(f"p{i}: ideas(first: 100) {{ nodes {{ id title }} }}" for i in range(10))
    + " } }"
)
ONE_PAGE = "query($slug: String!) { jam(slug: $slug) { ideas(first: 100) { nodes { id title } } } }"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        refusal_delay_seconds=DELAY,
        max_body_bytes=LIMIT,
        session_check_seconds=0.3,
    )


@pytest.fixture
def served(settings: Settings) -> Iterator[tuple[str, Starlette]]:
    app = create_app(settings)
    with running_server(settings.database_url, app) as url:
        yield url, app


@pytest.fixture
async def http(served: tuple[str, Starlette]) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=served[0], timeout=30) as client:
        yield client


def only_error(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert body.get("data") is None, body
    assert len(body["errors"]) == 1, body
    error: dict[str, Any] = body["errors"][0]
    return error


async def test_a_query_repeating_a_field_500_times_is_refused_with_a_clear_code(
    http: httpx.AsyncClient,
) -> None:
    error = only_error(await http.post("/graphql", json={"query": REPEATED}))
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "repeats the same fields" in error["message"]


async def test_a_query_over_the_cost_budget_says_what_it_would_cost(
    http: httpx.AsyncClient,
) -> None:
    fields = " ".join(
        f"a{i}: ideas(first: 100) {{ nodes {{ comments {{ replies {{ replies {{ id }} }} }} }} }}"
        for i in range(30)
    )
    response = await http.post("/graphql", json={"query": f'{{ jam(slug: "x") {{ {fields} }} }}'})
    error = only_error(response)
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["cost"] > error["extensions"]["limit"] == 25_000


async def test_a_refused_query_is_answered_only_after_the_refusal_delay(
    http: httpx.AsyncClient,
) -> None:
    began = time.monotonic()
    await http.post("/graphql", json={"query": REPEATED})
    assert time.monotonic() - began >= DELAY


async def test_a_failed_sign_in_is_answered_only_after_the_refusal_delay(
    http: httpx.AsyncClient,
) -> None:
    query = (
        'mutation { login(input: {email: "nobody@example.com", password: "guess-1234"}) '
        "{ token errors { code } } }"
    )
    began = time.monotonic()
    response = await http.post("/graphql", json={"query": query})
    assert time.monotonic() - began >= DELAY
    assert response.json()["data"]["login"]["errors"] == [{"code": "INVALID_CREDENTIALS"}]


async def test_a_malformed_request_is_answered_only_after_the_refusal_delay(
    http: httpx.AsyncClient,
) -> None:
    began = time.monotonic()
    response = await http.post(
        "/graphql", content=b"12", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert time.monotonic() - began >= DELAY


async def test_a_served_query_is_not_delayed(http: httpx.AsyncClient) -> None:
    began = time.monotonic()
    response = await http.post("/graphql", json={"query": "{ viewer { id } }"})
    assert response.json() == {"data": {"viewer": None}}
    assert time.monotonic() - began < DELAY


async def test_a_body_over_the_limit_is_refused_with_413_before_it_is_read(
    http: httpx.AsyncClient,
) -> None:
    query = "query($t: String!) { viewer { id } }"
    response = await http.post("/graphql", json={"query": query, "variables": {"t": "x" * LIMIT}})
    assert response.status_code == 413
    assert only_error(response)["extensions"] == {"code": "PAYLOAD_TOO_LARGE", "limit": LIMIT}


async def test_a_chunked_body_over_the_limit_is_refused_with_413(
    http: httpx.AsyncClient,
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ viewer { id } }", "variables": {"t": "'
        for _ in range(LIMIT // 1024 + 1):
            yield b"x" * 1024
        yield b'"}}'

    response = await http.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert only_error(response)["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_a_chunked_body_under_the_limit_is_served(http: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ viewer '
        yield b'{ id } }"}'

    response = await http.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"viewer": None}}


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/graphql"), ("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/no-such-page")],
)
async def test_every_response_carries_the_security_headers(
    http: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await http.request(
        method, path, json={"query": "{ viewer { id } }"} if method == "POST" else None
    )
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy


async def test_graphiql_runs_its_inline_script_by_hash_not_by_unsafe_inline(
    http: httpx.AsyncClient,
) -> None:
    response = await http.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()
    script_src = next(
        part
        for part in response.headers["content-security-policy"].split(";")
        if part.strip().startswith("script-src")
    )
    assert "'unsafe-inline'" not in script_src
    inline = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
    assert inline
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src


async def test_graphiql_loads_every_asset_from_us_and_each_matches_its_integrity_hash(
    http: httpx.AsyncClient,
) -> None:
    page = (await http.get("/graphql", headers={"accept": "text/html"})).text
    assets = re.findall(r'(?:src|href)="(/[^"]+)"\s+integrity="sha384-([^"]+)"', page)
    assert len(assets) == 7  # React, ReactDOM, js-cookie, GraphiQL's and the explorer's files
    assert not re.findall(r'(?:src|href)="https?://', page)
    for path, digest in assets:
        response = await http.get(path)
        assert response.status_code == 200, path
        assert base64.b64encode(hashlib.sha384(response.content).digest()).decode() == digest


async def test_graphiql_and_introspection_can_be_turned_off(settings: Settings) -> None:
    app = create_app(replace(settings, graphiql=False, introspection=False))
    with running_server(settings.database_url, app) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            page = await http.get("/graphql", headers={"accept": "text/html"})
            assert "graphiql" not in page.text.lower()
            response = await http.post(
                "/graphql", json={"query": "{ __schema { types { name } } }"}
            )
            errors = response.json()["errors"]
            assert "introspection has been disabled" in errors[0]["message"]
            assert all(error["extensions"]["code"] for error in errors)
            ordinary = await http.post("/graphql", json={"query": "{ viewer { id } }"})
            assert ordinary.json() == {"data": {"viewer": None}}


async def _participant(world: World, url: str) -> GraphQLClient:
    async with world.rt.db.read() as session:
        user = await session.get(User, world.participant.user_id)
    assert user is not None
    client = GraphQLClient(url)
    token = (await client.ok(LOGIN, {"email": user.email, "password": "correct horse battery"}))[
        "login"
    ]["token"]
    return client.as_user(token)


async def test_a_heavy_query_is_answered_on_the_heavy_lane_with_the_same_data(
    rt: Runtime, served: tuple[str, Starlette]
) -> None:
    url, app = served
    world = await build_world(rt)
    assert world.forum.id is not None
    for i in range(30):
        await actions.post_idea(rt, world.participant, world.forum.id, title=f"idea {i}", body="b")
    client = await _participant(world, url)
    lane = app.state.graphql.heavy_lane
    slug = {"slug": world.jam.slug}

    before = lane.completed
    light = await client.ok(ONE_PAGE, slug)
    assert lane.completed == before  # a page of 100 runs where it arrived
    heavy = await client.ok(TEN_PAGES, slug)
    assert lane.completed == before + 1
    nodes = light["jam"]["ideas"]["nodes"]
    assert len(nodes) == 30
    assert all(heavy["jam"][f"p{i}"]["nodes"] == nodes for i in range(10))
    await client.close()


async def test_a_subscription_that_does_not_parse_gets_an_error_with_its_code(
    served: tuple[str, Starlette],
) -> None:
    from tests.live_client import LiveClient

    client = await LiveClient.connect(served[0])
    op = await client.subscribe('subscription { jamActivity(jamId: "1") { __typename ')
    message = await client.message(op)
    await client.close()
    assert message["type"] == "error"
    assert message["payload"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert "Syntax Error" in message["payload"][0]["message"]


async def test_a_subscription_over_the_budget_is_refused_over_the_socket(
    served: tuple[str, Starlette],
) -> None:
    from tests.live_client import LiveClient

    client = await LiveClient.connect(served[0])
    repeated = "subscription { " + 'jamActivity(jamId: "1") { __typename } ' * 200 + "}"
    op = await client.subscribe(repeated)
    message = await client.message(op)
    await client.close()
    assert message["type"] == "error"
    assert message["payload"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
