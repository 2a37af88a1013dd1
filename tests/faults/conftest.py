"""Faults against real servers: `jam serve` as a subprocess, a private PostgreSQL cluster that
the tests may stop and start (never the shared one), and a GraphQL load of readers and writers.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.conftest import LOGIN
from tests.conftest import World
from tests.server import free_port

JAM = [sys.executable, "-m", "jam.cli"]
PASSWORD = "correct horse battery"

POST = """mutation($i: PostIdeaInput!) {
  postIdea(input: $i) { idea { id title } errors { code } }
}"""
PAGE = """query($slug: String!) { jam(slug: $slug) { ideas(first: 5) { totalCount } } }"""


class Served:
    """`jam serve` on a free port as a real process (its output in a log file)."""

    def __init__(
        self, database_url: str, log_dir: Path, *, worker: bool = False, **env: str
    ) -> None:
        self.database_url = database_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.worker = worker
        self.env = dict(
            os.environ,
            JAM_DATABASE_URL=database_url,
            JAM_EMBEDDING_MODEL="off",
            JAM_WORKER_LEASE_SECONDS="2",
            JAM_WORKER_STANDBY_SECONDS="0.3",
            **env,
        )
        self.log_path = log_dir / f"serve-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Served:
        argv = [*JAM, "serve", "--port", str(self.port), "--log-level", "warning"]
        if not self.worker:
            argv.append("--no-worker")
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(argv, env=self.env, stdout=log, stderr=log)
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def wait_ready(self, path: str = "/readyz", timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            assert self.process is not None and self.process.poll() is None, (
                f"the server exited:\n{self.log()}"
            )
            try:
                if httpx.get(self.url + path, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"{path} never answered 200:\n{self.log()}"
            time.sleep(0.1)

    def children(self) -> list[int]:
        """The server's child processes (started by any of its threads)."""
        found: list[int] = []
        for listing in Path(f"/proc/{self.pid}/task").glob("*/children"):
            with suppress(OSError):
                found += [int(pid) for pid in listing.read_text().split()]
        return found

    def kill(self) -> None:
        assert self.process is not None
        os.kill(self.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextmanager
def serving(database_url: str, log_dir: Path, **options: Any) -> Iterator[Served]:
    server = Served(database_url, log_dir, **options).start()
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


async def email_of(world: World, user_id: int) -> str:
    from jam.models import User

    async with world.rt.db.read() as session:
        user = await session.get(User, user_id)
    assert user is not None
    return user.email


async def sign_in(http: httpx.AsyncClient, email: str) -> str:
    response = await http.post(
        "/graphql", json={"query": LOGIN, "variables": {"email": email, "password": PASSWORD}}
    )
    token = response.json()["data"]["login"]["token"]
    http.cookies.clear()
    assert token, response.text
    return str(token)


async def post_idea(
    http: httpx.AsyncClient, token: str, forum_id: int | None, key: str
) -> httpx.Response:
    """postIdea titled ``key`` with idempotency key ``key``."""
    variables = {"i": {"forumId": str(forum_id), "title": key, "body": "under load",
                       "idempotencyKey": key}}
    response = await http.post(
        "/graphql",
        json={"query": POST, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    http.cookies.clear()
    return response


def posted_id(response: httpx.Response) -> str | None:
    """The id of the idea a postIdea response acknowledges, else None."""
    if response.status_code != 200:
        return None
    data = (response.json().get("data") or {}).get("postIdea")
    if not data or data["errors"] or not data["idea"]:
        return None
    return str(data["idea"]["id"])


def unavailable(response: httpx.Response) -> bool:
    """A proper outage answer: 503, Retry-After in seconds, SERVICE_UNAVAILABLE."""
    if response.status_code != 503 or not response.headers.get("retry-after", "").isdigit():
        return False
    errors = response.json().get("errors") or []
    return bool(errors) and all(
        e.get("extensions", {}).get("code") == "SERVICE_UNAVAILABLE" for e in errors
    )


@dataclass
class Load:
    """Writers posting ideas with idempotency keys and readers paging, until stopped; every
    answer is recorded (when its request was sent, kind, status, the response or the
    transport error's name)."""

    url: str
    token: str
    forum_id: int | None
    slug: str
    writers: int = 4
    readers: int = 2
    acknowledged: dict[str, str] = field(default_factory=dict)  # key -> idea id
    attempted: list[str] = field(default_factory=list)
    answers: list[tuple[float, float, str, int, httpx.Response | str]] = field(default_factory=list)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def _write(self, http: httpx.AsyncClient, n: int) -> None:
        i = 0
        while not self._stop.is_set():
            key = f"w{n}-{i}"
            i += 1
            self.attempted.append(key)
            sent = time.monotonic()
            try:
                response = await post_idea(http, self.token, self.forum_id, key)
            except httpx.TransportError as error:
                self.answers.append((sent, time.monotonic(), "write", 0, type(error).__name__))
                await asyncio.sleep(0.05)
                continue
            self.answers.append((sent, time.monotonic(), "write", response.status_code, response))
            if (idea := posted_id(response)) is not None:
                self.acknowledged[key] = idea
            elif response.status_code != 200:
                await asyncio.sleep(0.05)

    async def _read(self, http: httpx.AsyncClient) -> None:
        while not self._stop.is_set():
            sent = time.monotonic()
            try:
                response = await http.post(
                    "/graphql",
                    json={"query": PAGE, "variables": {"slug": self.slug}},
                    headers={"Authorization": f"Bearer {self.token}"},
                )
                http.cookies.clear()
            except httpx.TransportError as error:
                self.answers.append((sent, time.monotonic(), "read", 0, type(error).__name__))
                await asyncio.sleep(0.05)
                continue
            self.answers.append((sent, time.monotonic(), "read", response.status_code, response))
            await asyncio.sleep(0.01)

    async def __aenter__(self) -> Load:
        limits = httpx.Limits(max_connections=self.writers + self.readers)
        self._http = httpx.AsyncClient(base_url=self.url, timeout=30, limits=limits)
        self._tasks = [asyncio.create_task(self._write(self._http, n)) for n in range(self.writers)]
        self._tasks += [asyncio.create_task(self._read(self._http)) for _ in range(self.readers)]
        return self

    async def stop(self) -> None:
        self._stop.set()
        await asyncio.gather(*self._tasks)

    async def __aexit__(self, *_: object) -> None:
        await self.stop()
        await self._http.aclose()

    def since(self, start: float, until: float = float("inf")) -> list[tuple[str, int, Any]]:
        """The answers to requests sent from ``start`` until ``until``."""
        return [
            (kind, status, r) for at, _, kind, status, r in self.answers if start <= at < until
        ]

    def within(self, start: float, until: float) -> list[tuple[str, int, Any]]:
        """The answers to requests sent at or after ``start`` and answered before ``until``."""
        return [
            (kind, status, r)
            for at, answered, kind, status, r in self.answers
            if start <= at and answered < until
        ]


async def wait_until(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not await predicate():
        assert time.monotonic() < deadline, f"{what} within {timeout:g} s"
        await asyncio.sleep(0.1)


# --- a private PostgreSQL cluster -----------------------------------------------------------


def _pg_bindir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return found[-1].parent if found else None


@dataclass
class PrivateCluster:
    """A throw-away PostgreSQL cluster on its own port: stopping it harms nobody."""

    bindir: Path
    datadir: Path
    port: int
    as_postgres: list[str]

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            [*self.as_postgres, str(self.bindir / "pg_ctl"), "-D", str(self.datadir), *args],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.datadir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._ctl("-l", str(self.datadir / "server.log"), "-o", options, "-w", "start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "stop")

    def ensure_running(self) -> None:
        """Start it again if a failed test left it stopped."""
        status = subprocess.run(
            [*self.as_postgres, str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "status"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30,
        )
        if status.returncode != 0:
            self.start()

    async def execute(self, statement: str) -> None:
        await self.fetchval(statement)

    async def fetchval(self, statement: str) -> Any:
        """Run ``statement`` in a new session; its first value."""
        import asyncpg

        connection = await asyncpg.connect(
            host="127.0.0.1", port=self.port, user="postgres", database="postgres"
        )
        try:
            return await connection.fetchval(statement)
        finally:
            await connection.close()


@pytest.fixture(scope="session")
def private_cluster() -> Iterator[PrivateCluster]:
    bindir = _pg_bindir()
    if bindir is None or not (bindir / "initdb").exists():
        pytest.skip("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin")
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres OS user
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: cannot start a private cluster")
        try:
            import pwd

            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres OS user for initdb")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    datadir = Path(tempfile.mkdtemp(prefix="jam-faults-pg-"))
    if as_postgres:
        os.chown(datadir, owner.pw_uid, owner.pw_gid)
    subprocess.run(
        [*as_postgres, str(bindir / "initdb"), "-D", str(datadir), "-U", "postgres",
         "-A", "trust", "--no-sync", "-E", "UTF8"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120,
    )
    cluster = PrivateCluster(bindir, datadir, free_port(), as_postgres)
    cluster.start()
    try:
        yield cluster
    finally:
        subprocess.run(
            [*as_postgres, str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "immediate",
             "-w", "stop"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60,
        )
        shutil.rmtree(datadir, ignore_errors=True)


@pytest.fixture
async def private_world(private_cluster: PrivateCluster) -> AsyncIterator[World]:
    """A fresh, migrated schema in the private cluster with the usual live jam."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    from jam.config import Settings
    from jam.db import Database
    from jam.migrate import upgrade_async
    from jam.runtime import Runtime
    from tests.conftest import build_world

    private_cluster.ensure_running()
    await private_cluster.execute("ALTER SYSTEM RESET ALL")
    await private_cluster.execute("SELECT pg_reload_conf()")
    engine = create_async_engine(private_cluster.url)
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()
    await upgrade_async(private_cluster.url)
    url = private_cluster.url
    rt = Runtime(settings=Settings(database_url=url), db=Database(url))
    try:
        yield await build_world(rt)
    finally:
        await rt.close()
