"""The web UI at / (jam.api.web_ui) and the cross-site guard (jam.api.csrf), over real HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from jam import actions
from jam.app import create_app
from jam.config import Settings
from jam.runtime import Runtime
from tests.server import running_server

INDEX = (
    '<!doctype html><html><head><title>jam</title></head><body><div id="root"></div></body></html>'
)
LOGIN = "mutation($i: LoginInput!) { login(input: $i) { token errors { code } } }"


@pytest.fixture
def ui_dir(tmp_path: Path) -> Path:
    built = tmp_path / "dist"
    (built / "assets").mkdir(parents=True)
    (built / "index.html").write_text(INDEX)
    (built / "assets" / "index-abc123.js").write_text("console.log('jam')")
    return built


@pytest.fixture
def site(database_url: str, ui_dir: Path) -> Iterator[str]:
    settings = Settings(database_url=database_url, refusal_delay_seconds=0, ui_dir=str(ui_dir))
    with running_server(database_url, create_app(settings)) as url:
        yield url


def test_the_root_serves_the_app_never_stored(site: str) -> None:
    answer = httpx.get(f"{site}/")
    assert answer.status_code == 200
    assert '<div id="root">' in answer.text
    assert answer.headers["cache-control"] == "no-store"
    assert "etag" not in answer.headers


def test_a_route_of_the_app_gets_the_app(site: str) -> None:
    answer = httpx.get(f"{site}/jams/innovation/ideas/42?sort=top")
    assert answer.status_code == 200
    assert '<div id="root">' in answer.text


def test_hashed_assets_are_cached_for_a_year(site: str) -> None:
    answer = httpx.get(f"{site}/assets/index-abc123.js")
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_a_missing_asset_is_a_404_not_the_app(site: str) -> None:
    assert httpx.get(f"{site}/assets/index-gone.js").status_code == 404
    assert httpx.get(f"{site}/favicon.ico").status_code == 404


def test_paths_outside_the_build_are_not_served(site: str) -> None:
    answer = httpx.get(f"{site}/..%2f..%2fetc%2fpasswd")
    assert "root:" not in answer.text


def test_the_page_carries_a_style_nonce_its_policy_allows(site: str) -> None:
    answer = httpx.get(f"{site}/")
    nonce = re.search(r'<meta property="csp-nonce" content="([^"]+)">', answer.text)
    assert nonce is not None
    policy = answer.headers["content-security-policy"]
    assert f"'nonce-{nonce.group(1)}'" in policy
    assert "'unsafe-inline'" not in policy
    assert httpx.get(f"{site}/").text != answer.text  # a fresh nonce each time


def test_the_api_and_graphiql_stay_where_they_were(site: str) -> None:
    assert httpx.get(f"{site}/graphql", headers={"accept": "text/html"}).status_code == 200
    assert httpx.get(f"{site}/healthz").status_code in (200, 503)


def test_an_unbuilt_ui_says_how_to_build_it(database_url: str, tmp_path: Path) -> None:
    settings = Settings(
        database_url=database_url, refusal_delay_seconds=0, ui_dir=str(tmp_path / "none")
    )
    with running_server(database_url, create_app(settings)) as url:
        answer = httpx.get(f"{url}/jams/x")
    assert answer.status_code == 503
    assert "make demo" in answer.text and 'href="/graphql"' in answer.text


async def _session_cookie(rt: Runtime, site: str) -> str:
    await actions.create_user(rt, email="ann@example.org", password="longenough", display_name="A")
    async with httpx.AsyncClient(base_url=site) as http:
        answer = await http.post(
            "/graphql",
            json={
                "query": LOGIN,
                "variables": {"i": {"email": "ann@example.org", "password": "longenough"}},
            },
        )
        return str(answer.cookies["jam_session"])


VIEWER = {"query": "{ viewer { displayName } }"}


async def test_a_same_site_write_with_the_cookie_goes_through(rt: Runtime, site: str) -> None:
    cookie = await _session_cookie(rt, site)
    host = site.removeprefix("http://")
    async with httpx.AsyncClient(base_url=site, cookies={"jam_session": cookie}) as http:
        answer = await http.post("/graphql", json=VIEWER, headers={"origin": f"http://{host}"})
    assert answer.status_code == 200
    assert answer.json()["data"]["viewer"] == {"displayName": "A"}


async def test_a_write_from_another_origin_with_the_cookie_is_refused(
    rt: Runtime, site: str
) -> None:
    cookie = await _session_cookie(rt, site)
    async with httpx.AsyncClient(base_url=site, cookies={"jam_session": cookie}) as http:
        answer = await http.post(
            "/graphql", json=VIEWER, headers={"origin": "https://evil.example"}
        )
    assert answer.status_code == 403
    assert answer.json()["errors"][0]["extensions"]["code"] == "CROSS_SITE_REQUEST"


async def test_a_cross_site_fetch_without_origin_is_refused(rt: Runtime, site: str) -> None:
    cookie = await _session_cookie(rt, site)
    async with httpx.AsyncClient(base_url=site, cookies={"jam_session": cookie}) as http:
        answer = await http.post("/graphql", json=VIEWER, headers={"sec-fetch-site": "cross-site"})
    assert answer.status_code == 403


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
async def test_a_form_shaped_body_with_the_cookie_is_refused(
    rt: Runtime, site: str, content_type: str
) -> None:
    cookie = await _session_cookie(rt, site)
    async with httpx.AsyncClient(base_url=site, cookies={"jam_session": cookie}) as http:
        answer = await http.post(
            "/graphql",
            content=b'{"query": "mutation { logout { ok } }"}',
            headers={"content-type": content_type},
        )
    assert answer.status_code == 403
    assert answer.json()["errors"][0]["extensions"]["code"] == "CROSS_SITE_REQUEST"


async def test_a_bearer_token_client_is_not_a_browser_and_passes(rt: Runtime, site: str) -> None:
    cookie = await _session_cookie(rt, site)
    async with httpx.AsyncClient(base_url=site) as http:
        answer = await http.post(
            "/graphql",
            json=VIEWER,
            headers={"authorization": f"Bearer {cookie}", "origin": "https://tool.example"},
        )
    assert answer.status_code == 200
    assert answer.json()["data"]["viewer"] == {"displayName": "A"}
