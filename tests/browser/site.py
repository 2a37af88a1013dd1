"""The demo site the browser tests use: a real ``jam serve`` (with its worker) on a seeded demo
database, plus a closed and a scheduled jam, all built through the real CLI and API."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from jam.demo.seed import PASSWORD
from tests.server import free_port

REPO = Path(__file__).resolve().parents[2]
UI_DIR = REPO / "frontend" / "dist"
JAM = Path(sys.executable).with_name("jam")


@dataclass(frozen=True)
class Login:
    email: str
    display_name: str
    password: str = PASSWORD


@dataclass
class Site:
    base_url: str
    slug: str
    employee: Login
    guest: Login
    moderator: Login
    admin: Login
    invitation_code: str
    closed_slug: str
    closed_idea_id: str
    scheduled_slug: str
    mail_dir: Path
    process: subprocess.Popen[bytes]
    command: list[str]
    env: dict[str, str]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def restart(self) -> None:
        """Stop the server and start it again on the same port and database."""
        self.stop()
        self.process = subprocess.Popen(self.command, env=self.env, stdout=subprocess.DEVNULL)
        _wait_ready(self.base_url, self.process)

    def graphql(
        self, query: str, variables: dict[str, Any] | None = None, login: Login | None = None
    ) -> dict[str, Any]:
        """One GraphQL request over HTTP, signed in as ``login`` (a fresh session each time)."""
        with httpx.Client(base_url=self.base_url, timeout=30) as http:
            headers = {}
            if login is not None:
                token = sign_in_token(http, login)
                headers["Authorization"] = f"Bearer {token}"
            answer = http.post(
                "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
            )
            answer.raise_for_status()
            body: dict[str, Any] = answer.json()
            assert "errors" not in body, body
            return body["data"]


def sign_in_token(http: httpx.Client, login: Login) -> str:
    answer = http.post(
        "/graphql",
        json={
            "query": "mutation($i: LoginInput!) { login(input: $i) { token errors { code } } }",
            "variables": {"i": {"email": login.email, "password": login.password}},
        },
    ).json()
    token = answer["data"]["login"]["token"]
    assert token, answer
    http.cookies.clear()
    return str(token)


def start_site(directory: Path, *, ideas: int = 80, database_url: str | None = None) -> Site:
    """Seed, serve and wait until the server answers; the caller stops ``site.process``.
    ``database_url``: an empty database to seed and serve instead of a SQLite file (e.g. a
    PostgreSQL database of the browser tests' own)."""
    if not (UI_DIR / "index.html").is_file():
        raise RuntimeError(f"the web UI is not built: {UI_DIR} (make builds it)")
    database = directory / "browser.db"
    where = ["--database-url", database_url] if database_url else ["--database", str(database)]
    served = database_url or f"sqlite+aiosqlite:///{database}"
    env = {
        **os.environ,
        "JAM_ARGON2_PROFILE": "CHEAPEST",
        "JAM_REFUSAL_DELAY_SECONDS": "0",
        "JAM_MAIL": f"folder:{directory / 'mail'}",
        "JAM_LOGIN_FAILURES_PER_ADDRESS": "1000",
    }
    seeded = subprocess.run(
        [str(JAM), "demo", "--no-serve", *where, "--ideas", str(ideas)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    logins = _logins(seeded.stdout)
    slug = seeded.stdout.split("(slug ", 1)[1].split(")", 1)[0]
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env["JAM_PUBLIC_URL"] = base_url
    command = [
        str(JAM), "serve", "--port", str(port), "--log-level", "warning",
        "--database-url", served,
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        _wait_ready(base_url, process)
        site = Site(
            base_url=base_url,
            slug=slug,
            employee=logins["employee"],
            guest=logins["guest"],
            moderator=logins["moderator"],
            admin=logins["admin"],
            invitation_code="",
            closed_slug="",
            closed_idea_id="",
            scheduled_slug="",
            mail_dir=directory / "mail",
            process=process,
            command=command,
            env=env,
        )
        _add_jams(site)
    except BaseException:
        process.terminate()
        process.wait(15)
        raise
    return site


def _logins(output: str) -> dict[str, Login]:
    found: dict[str, Login] = {}
    lines = output.split("Demo logins", 1)[1].splitlines()[1:]
    for line in lines:
        parts = line.split()
        if len(parts) >= 3 and parts[0] in ("admin", "moderator", "employee", "guest"):
            found[parts[0]] = Login(email=parts[1], display_name=" ".join(parts[2:]))
    return found


def _wait_ready(base_url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jam serve exited with {process.returncode}")
        try:
            if httpx.get(f"{base_url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("jam serve did not become ready in 60 s")


def _add_jams(site: Site) -> None:
    """The demo's invitation code, a closed jam with one idea, and a scheduled jam."""
    jam = site.graphql(
        "query($s: String!) { jam(slug: $s) { id } }", {"s": site.slug}, site.moderator
    )["jam"]
    site.invitation_code = site.graphql(
        "mutation($i: CreateInvitationInput!) { createInvitation(input: $i) "
        "{ invitation { code } errors { code } } }",
        {"i": {"jamId": jam["id"], "maxUses": 100}},
        site.moderator,
    )["createInvitation"]["invitation"]["code"]
    now = datetime.now(UTC)
    create = (
        "mutation($i: CreateJamInput!) { createJam(input: $i) "
        "{ jam { id slug forums { id } } errors { code message } } }"
    )

    def new_jam(title: str, starts: datetime, ends: datetime) -> dict[str, Any]:
        made = site.graphql(
            create,
            {
                "i": {
                    "title": title,
                    "startsAt": starts.isoformat(),
                    "endsAt": ends.isoformat(),
                    "description": f"{title}: a jam for the browser tests.",
                    "forums": [{"title": "Ideas", "question": "What should we try?"}],
                }
            },
            site.admin,
        )["createJam"]
        assert made["jam"], made
        return dict(made["jam"])

    closed = new_jam("Last year's jam", now - timedelta(hours=2), now + timedelta(hours=2))
    site.graphql(
        "mutation($i: JoinJamInput!) { joinJam(input: $i) { errors { code } } }",
        {"i": {"jamId": closed["id"]}},
        site.employee,
    )
    posted = site.graphql(
        "mutation($i: PostIdeaInput!) { postIdea(input: $i) { idea { id } errors { code } } }",
        {
            "i": {
                "forumId": closed["forums"][0]["id"],
                "title": "Keep the archive open to read",
                "body": "Ideas stay readable after the jam ends.",
            }
        },
        site.employee,
    )["postIdea"]
    site.graphql(
        "mutation($i: UpdateJamInput!) { updateJam(input: $i) { errors { code } } }",
        {"i": {"jamId": closed["id"], "close": True}},
        site.admin,
    )
    scheduled = new_jam("Next quarter's jam", now + timedelta(days=3), now + timedelta(days=6))
    site.graphql(
        "mutation($i: JoinJamInput!) { joinJam(input: $i) { errors { code } } }",
        {"i": {"jamId": scheduled["id"]}},
        site.employee,
    )
    site.closed_slug, site.closed_idea_id = closed["slug"], posted["idea"]["id"]
    site.scheduled_slug = scheduled["slug"]
