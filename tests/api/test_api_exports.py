"""Exports over HTTP: prepareExport's payload and errors, downloading with a cookie or a bearer
token, and links refused when expired, tampered with, or used by someone else."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import httpx
import openpyxl
import pytest

from jam.actions.accounts import signing_key
from jam.api.strategy_exports import EXPORT_PURPOSE, bound_state
from jam.exports.formats import ExportFormat
from jam.jobs.themes import RefreshPolicy, ThemeRefresher
from jam.models import GlobalRole
from jam.security import sign_token
from tests.api.conftest import Api, client_of, outcome
from tests.server import GraphQLClient
from tests.test_themes_in_jam import seed_ideas

PREPARE = """mutation($jam: ID!, $format: ExportFormat!) {
  prepareExport(input: {jamId: $jam, format: $format}) {
    export { format url expiresAt privacy } errors { code field message } } }"""


@pytest.fixture
async def themed(api: Api) -> Api:
    await seed_ideas(api.world, per_topic=6)
    assert api.world.jam.id is not None
    assert await ThemeRefresher(api.world.rt, RefreshPolicy(min_ideas=5)).refresh_jam(
        api.world.jam.id
    )
    return api


async def prepare(client: GraphQLClient, jam_id: str, format: str = "JSON") -> dict[str, Any]:
    body = await client(PREPARE, {"jam": jam_id, "format": format})
    return body


async def download(client: GraphQLClient, url: str, **headers: str) -> httpx.Response:
    if client.token and not headers:
        headers = {"Authorization": f"Bearer {client.token}"}
    response = await client.http.get(url, headers=headers)
    client.http.cookies.clear()
    return response


async def test_a_moderator_prepares_an_export_and_downloads_it(themed: Api) -> None:
    body = await prepare(themed.moderator, themed.jam_id)
    payload = body["data"]["prepareExport"]
    assert payload["errors"] == []
    prepared = payload["export"]
    assert prepared["format"] == "JSON" and prepared["privacy"] == "PSEUDONYMOUS"
    assert prepared["url"].startswith("/exports/") and prepared["expiresAt"]
    response = await download(themed.moderator, prepared["url"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    slug = themed.world.jam.slug
    assert response.headers["content-disposition"] == f'attachment; filename="{slug}-themes.json"'
    assert response.headers["cache-control"] == "no-store"
    document = response.json()
    assert document["provenance"]["privacy"] == "pseudonymous" and document["themes"]
    assert "Participant" not in json.dumps(
        [i["author"] for t in document["themes"] for i in t["ideas"]]
    )


@pytest.mark.parametrize(
    ("format", "content_type", "extension"),
    [
        ("CSV", "application/zip", "zip"),
        ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
        ("HTML", "text/html", "html"),
    ],
)
async def test_an_administrator_downloads_every_format_with_names(
    themed: Api, format: str, content_type: str, extension: str
) -> None:
    prepared = (await prepare(themed.admin, themed.jam_id, format))["data"]["prepareExport"]
    assert prepared["export"]["privacy"] == "NAMED"
    response = await download(themed.admin, prepared["export"]["url"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(content_type)
    assert response.headers["content-disposition"].endswith(f'-themes.{extension}"')
    if format == "CSV":
        with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
            assert "ideas.csv" in zf.namelist()
            assert "Participant" in zf.read("ideas.csv").decode()  # the author's real name
    elif format == "XLSX":
        assert "Summary" in openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames
    else:
        assert response.text.startswith("<!doctype html>")


async def test_the_session_cookie_downloads_too(themed: Api) -> None:
    prepared = (await prepare(themed.moderator, themed.jam_id))["data"]["prepareExport"]
    assert themed.moderator.token
    response = await download(
        themed.moderator, prepared["export"]["url"], cookie=f"jam_session={themed.moderator.token}"
    )
    assert response.status_code == 200, response.text


async def test_an_analyst_may_export(themed: Api) -> None:
    analyst = await themed.world.user(role=GlobalRole.ANALYST)
    client = await client_of(themed, analyst.user_id)
    body = await prepare(client, themed.jam_id, "HTML")
    assert outcome(body, "prepareExport") == "ok"
    response = await download(client, body["data"]["prepareExport"]["export"]["url"])
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("participant", "FORBIDDEN"),
        ("muted", "FORBIDDEN"),
        ("guest", "NOT_FOUND"),
        ("other moderator", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
    ],
)
async def test_others_may_not_prepare_one(
    themed: Api, roles: dict[str, GraphQLClient], role: str, code: str
) -> None:
    body = await prepare(roles[role], themed.jam_id)
    assert outcome(body, "prepareExport") == code
    if code == "NOT_FOUND":
        assert body["data"]["prepareExport"]["errors"][0]["field"] == "jamId"


async def test_an_unknown_jam_and_a_jam_without_themes_are_not_found(api: Api) -> None:
    body = await prepare(api.admin, "99999999999999999999")
    assert outcome(body, "prepareExport") in ("NOT_FOUND", "INVALID_INPUT")
    body = await prepare(api.admin, "123456")
    errors = body["data"]["prepareExport"]["errors"]
    assert (errors[0]["code"], errors[0]["field"]) == ("NOT_FOUND", "jamId")
    body = await prepare(api.admin, api.jam_id)  # no ideas, no themes
    errors = body["data"]["prepareExport"]["errors"]
    assert errors[0]["code"] == "NOT_FOUND" and "no themes yet" in errors[0]["message"]


async def _token(themed: Api, user_id: int, format: ExportFormat, ttl: float) -> str:
    key = await signing_key(themed.world.rt)
    jam_id = int(themed.jam_id)
    signed = sign_token(key, EXPORT_PURPOSE, user_id, bound_state(jam_id, format), ttl)
    return f"/exports/{jam_id}.{format.value}.{signed}"


async def test_an_expired_link_is_gone(themed: Api) -> None:
    url = await _token(themed, themed.world.moderator.user_id, ExportFormat.JSON, -5)
    response = await download(themed.moderator, url)
    assert response.status_code == 410 and "expired" in response.text


@pytest.mark.parametrize("part", ["signature", "jam", "format", "garbage"])
async def test_a_tampered_link_is_refused(themed: Api, part: str) -> None:
    prepared = (await prepare(themed.moderator, themed.jam_id))["data"]["prepareExport"]
    url: str = prepared["export"]["url"]
    jam_id, format, payload, signature = url.removeprefix("/exports/").split(".")
    if part == "signature":
        signature = ("A" if signature[0] != "A" else "B") + signature[1:]
    elif part == "jam":
        jam_id = str(int(jam_id) + 1)
    elif part == "format":
        format = "xlsx"
    else:
        payload, signature = "not", "a-token"
    response = await download(themed.moderator, f"/exports/{jam_id}.{format}.{payload}.{signature}")
    assert response.status_code == 403, response.text


async def test_a_link_only_works_for_the_person_it_was_made_for(
    themed: Api, roles: dict[str, GraphQLClient]
) -> None:
    prepared = (await prepare(themed.moderator, themed.jam_id))["data"]["prepareExport"]
    url = prepared["export"]["url"]
    response = await download(themed.admin, url)
    assert response.status_code == 403 and "someone else" in response.text
    response = await download(roles["participant"], url)
    assert response.status_code == 403
    response = await themed.anonymous.http.get(url)
    assert response.status_code == 401


async def test_a_link_stops_working_when_its_person_loses_the_right(themed: Api) -> None:
    from jam import actions
    from jam.actions.people import remove_moderator

    world = themed.world
    other = await world.user(join=True)
    assert world.jam.id is not None
    await actions.assign_moderator(world.rt, world.admin, world.jam.id, other.user_id)
    client = await client_of(themed, other.user_id)
    prepared = (await prepare(client, themed.jam_id))["data"]["prepareExport"]
    assert prepared["errors"] == []
    await remove_moderator(world.rt, world.admin, world.jam.id, other.user_id)
    response = await download(client, prepared["export"]["url"])
    assert response.status_code == 403
