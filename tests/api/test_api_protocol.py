"""The HTTP contract: malformed requests, limits, masking of faults, GraphiQL, the SDL file."""

import logging
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from jam.api.schema import schema
from tests.api.conftest import Api
from tests.server import GraphQLClient

SDL = Path(__file__).resolve().parents[2] / "graphql" / "schema.graphql"


def test_the_sdl_file_matches_the_code() -> None:
    assert SDL.read_text() == schema.as_str() + "\n", (
        "graphql/schema.graphql is out of date: run "
        "`.venv/bin/python -m jam.api.sdl > graphql/schema.graphql`"
    )


async def test_invalid_json_is_a_400(server_url: str) -> None:
    async with httpx.AsyncClient(base_url=server_url) as http:
        response = await http.post(
            "/graphql", content=b"{not json", headers={"content-type": "application/json"}
        )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_a_syntax_error_is_reported_without_data(gql: GraphQLClient) -> None:
    body = await gql("{ viewer { id ")
    assert body["data"] is None and "Syntax Error" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_unknown_fields_are_validation_errors(gql: GraphQLClient) -> None:
    body = await gql("{ viewer { password } }")
    assert "Cannot query field 'password'" in body["errors"][0]["message"]


async def test_too_deep_queries_are_refused(api: Api) -> None:
    deep = "{ jams { " + "forums { jam { " * 8 + "id" + " } }" * 8 + " } }"
    body = await api.participant(deep)
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


async def test_too_many_aliases_are_refused(api: Api) -> None:
    query = "{ " + " ".join(f"a{i}: viewer {{ id }}" for i in range(40)) + " }"
    body = await api.participant(query)
    assert "aliases" in body["errors"][0]["message"]


async def test_too_many_tokens_are_refused(api: Api) -> None:
    query = "{ viewer { " + " ".join(["id"] * 6000) + " } }"
    body = await api.participant(query)
    assert "token" in body["errors"][0]["message"].lower()


async def test_unexpected_faults_are_masked_and_leak_no_sql(api: Api) -> None:
    await api.world.idea()
    table = SQLModel.metadata.tables["idea_tag"]
    async with api.world.rt.db.writer.begin() as conn:
        await conn.execute(text("DROP TABLE idea_tag"))
    try:
        body = await api.participant(
            "query($s: String!) { jam(slug: $s) { ideas { edges { node { title tags } } } } }",
            {"s": api.world.jam.slug},
        )
    finally:  # the PostgreSQL test database is shared by the whole run
        async with api.world.rt.db.writer.begin() as conn:
            await conn.run_sync(table.create)
    messages = [e["message"] for e in body["errors"]]
    assert messages == ["Unexpected error."]
    assert body["errors"][0]["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "idea_tag" not in str(body) and "SELECT" not in str(body).upper()


async def test_an_unexpected_fault_is_logged_once_with_its_traceback(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    for _ in range(3):
        await api.world.idea()
    table = SQLModel.metadata.tables["idea_tag"]
    async with api.world.rt.db.writer.begin() as conn:
        await conn.execute(text("DROP TABLE idea_tag"))
    caplog.set_level(logging.INFO)
    try:
        body = await api.participant(
            "query($s: String!) { jam(slug: $s) { ideas { edges { node { tags } } } } }",
            {"s": api.world.jam.slug},
        )
    finally:
        async with api.world.rt.db.writer.begin() as conn:
            await conn.run_sync(table.create)
    assert {e["extensions"]["code"] for e in body["errors"]} == {"INTERNAL_SERVER_ERROR"}
    faults = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(faults) == 1 and faults[0].exc_info is not None, [r.msg for r in faults]
    assert "unexpected error at jam.ideas.edges" in faults[0].getMessage()


async def test_graphiql_is_served_to_browsers(server_url: str) -> None:
    async with httpx.AsyncClient(base_url=server_url) as http:
        response = await http.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()


async def test_readyz_says_ready_when_the_database_answers_with_the_current_schema(
    server_url: str,
) -> None:
    async with httpx.AsyncClient(base_url=server_url) as http:
        response = await http.get("/readyz")
    assert response.status_code == 200 and response.json() == {"status": "ready"}


async def test_healthz_reports_each_check_and_is_503_without_a_live_worker(
    server_url: str,
) -> None:
    async with httpx.AsyncClient(base_url=server_url) as http:
        response = await http.get("/healthz")
    body = response.json()
    assert response.status_code == 503 and body["status"] == "unavailable"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["migrations"]["ok"] is True
    assert body["checks"]["worker"]["ok"] is False  # this test server runs no worker


async def test_identical_documents_are_validated_once() -> None:
    """The validation cache must hit for a repeated document (the limit rules are built once:
    rules made per request change the cache key and every request re-validates)."""
    from jam.api.budget import validate_cached
    from jam.api.schema import schema

    document = "{ viewer { id displayName } }"
    anonymous = SimpleNamespace(user=None)  # all the viewer field reads of its context
    await schema.execute(document, context_value=anonymous)
    before = validate_cached.cache_info()
    for _ in range(3):
        assert (await schema.execute(document, context_value=anonymous)).errors is None
    after = validate_cached.cache_info()
    assert (after.hits - before.hits, after.misses - before.misses) == (3, 0)
