"""API benchmark: real servers, real HTTP, GraphQL next to a plain Starlette route (``make bench``).

For each backend (SQLite always; PostgreSQL when reachable) this script

1. creates a fresh database (a temporary SQLite file; a scratch PostgreSQL database whose name
   must contain "bench", dropped and recreated), and seeds it through ``jam.actions``: an admin,
   a live jam with two forums and 200 ideas (the vote and page targets), a second live jam that
   receives the posted ideas (so the page query's jam does not grow during the run), and three
   groups of participants with session tokens — one per vote target, so every target starts
   from the same empty vote table;
2. starts two server subprocesses on that database with the same uvicorn settings: ``jam serve``
   (the real app) and ``bench/api_baseline.py`` (the plain route; see its docstring for exactly
   what it does);
3. drives them with ``bench/load.py`` — one load-generator process per measurement, the same
   client for every target — at a fixed concurrency over keep-alive connections, for a warm-up
   then a measured window: the vote mutation, the plain vote route, postIdea and a 50-idea page
   query (plus, as a diagnostic, the plain route calling ``jam.actions.vote``);
4. checks that every idea's counters equal its votes, stops the servers, removes the database.

On a small machine the load generator shares the CPUs with the server; the targets being compared
are measured by the same generator in the same run, one after the other, so the ratio stays fair.
With ``--runs N`` the targets are measured in N interleaved rounds and the table shows medians.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/jam_bench"
BACKENDS = ("sqlite", "postgresql")
PASSWORD = "bench-password-1"
GROUPS = ("graphql", "plain", "action")

# Goal from the issue: the vote mutation at >= 60 % of the plain route, p99 <= 100 ms, SQLite.
GOAL_RATIO = 0.60
GOAL_P99_MS = 100.0
# Above this CPU pressure the host was busy with other work during a measurement.
BUSY_HOST = 0.20

LABELS = {
    "vote": "vote (GraphQL)",
    "plain_vote": "vote (plain route)",
    "plain_action": "vote (plain route + jam.actions)",
    "post": "postIdea (GraphQL)",
    "page": "page of 50 ideas (GraphQL)",
}


@dataclass
class Options:
    """The command line, after defaults and --quick."""

    backends: list[str]
    duration: float
    warmup: float
    concurrency: int
    runs: int
    users: int
    ideas: int
    vote_ideas: int
    workers: int
    client: str
    ops: list[str]
    background_jobs: bool
    pg_url: str
    json_path: str | None


@dataclass
class Server:
    """A server subprocess in its own process group, so stopping it also stops its workers."""

    name: str
    argv: list[str]
    env: dict[str, str]
    port: int
    log_path: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                self.argv, env=self.env, cwd=REPO_DIR, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = 60.0) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start-up:\n{self.log_tail()}")
            for path in ("/readyz", "/healthz"):  # servers before /readyz had /healthz
                try:
                    with urllib.request.urlopen(f"{self.url}{path}", timeout=2) as response:
                        if response.status == 200:
                            return
                except OSError:
                    pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def pids(self) -> list[int]:
        """The server's processes (uvicorn's supervisor and workers share its process group)."""
        if self.process is None:
            return []
        found = [self.process.pid]
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid = int(stat.parent.name)
            if int(fields[2]) == self.process.pid and pid != self.process.pid:
                found.append(pid)
        return found

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


@dataclass
class BackendResult:
    """Every measurement of one backend, by operation, plus the consistency check."""

    backend: str
    runs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    consistent: bool | None = None
    votes: int = 0
    skipped: str | None = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


async def reset_postgres(url: str) -> str | None:
    """Drop and recreate the scratch database; a reason to skip PostgreSQL, or None."""
    import asyncpg

    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        return f"refusing to drop database {name!r}: its name must contain 'bench'"
    try:
        admin = await asyncpg.connect(_with_database(url, "postgres"), timeout=5)
    except (TimeoutError, OSError, asyncpg.PostgresError) as error:
        return f"PostgreSQL not reachable at {_with_database(url, 'postgres')}: {error}"
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return None


async def drop_postgres(url: str) -> None:
    import asyncpg

    name = urlsplit(url).path.lstrip("/")
    admin = await asyncpg.connect(_with_database(url, "postgres"), timeout=5)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def seed(url: str, options: Options) -> dict[str, Any]:
    """Fill a fresh database through jam's own actions; return what the load generator needs."""
    from jam import actions
    from jam.access import Actor
    from jam.config import Settings
    from jam.migrate import ensure_schema
    from jam.models import AccountKind, GlobalRole
    from jam.queries.jams import forums_of
    from jam.runtime import Runtime
    from jam.timeutil import utcnow

    await ensure_schema(url)
    rt = Runtime.from_settings(Settings(database_url=url))
    try:
        admin = await actions.create_user(
            rt, email="admin@bench.example", password=PASSWORD, display_name="Bench admin",
            role=GlobalRole.ADMIN,
        )
        assert admin.id is not None
        admin_actor = Actor(admin.id, GlobalRole.ADMIN, AccountKind.EMPLOYEE)
        now = utcnow()
        window = {"starts_at": now - timedelta(hours=1), "ends_at": now + timedelta(days=7)}
        main_jam = await actions.create_jam(
            rt, admin_actor, title="Bench jam", slug="bench",
            forums=[actions.ForumDraft("First forum"), actions.ForumDraft("Second forum")],
            **window,
        )
        post_jam = await actions.create_jam(
            rt, admin_actor, title="Bench posts", slug="bench-posts",
            forums=[actions.ForumDraft("Posted ideas")], **window,
        )
        assert main_jam.id is not None and post_jam.id is not None
        main_forums = [f.id for f in await forums_of(rt, main_jam.id)]
        post_forum = (await forums_of(rt, post_jam.id))[0].id

        tokens: dict[str, list[str]] = {}
        actors: list[Actor] = []
        for group in GROUPS:
            tokens[group] = []
            for i in range(options.users):
                email = f"{group}{i}@bench.example"
                user = await actions.create_user(
                    rt, email=email, password=PASSWORD, display_name=f"{group.title()} {i}"
                )
                assert user.id is not None
                actor = Actor(user.id, GlobalRole.MEMBER, AccountKind.EMPLOYEE)
                actors.append(actor)
                await actions.join_jam(rt, actor, main_jam.id)
                await actions.join_jam(rt, actor, post_jam.id)
                signed_in = await actions.login(rt, email=email, password=PASSWORD)
                tokens[group].append(signed_in.token)

        idea_ids: list[int] = []
        for i in range(options.ideas):
            forum_id = main_forums[i % len(main_forums)]
            assert forum_id is not None
            idea = await actions.post_idea(
                rt, actors[i % len(actors)], forum_id, title=f"Seeded idea {i}",
                body=f"Seeded idea number {i}: a paragraph of text to make the page realistic. "
                * 3,
                tags=["seed", f"topic{i % 7}"],
            )
            assert idea.id is not None
            idea_ids.append(idea.id)
    finally:
        await rt.close()
    return {
        "tokens": tokens,
        "vote_idea_ids": idea_ids[: options.vote_ideas],
        "post_forum_id": post_forum,
        "page_slug": "bench",
    }


async def check_counters(url: str) -> tuple[bool, int]:
    """Whether every idea's up/down counters equal its votes (so every vote really wrote)."""
    from sqlalchemy import text

    from jam.db import Database

    db = Database(url)
    try:
        async with db.read() as session:
            votes = (await session.execute(text("SELECT count(*) FROM vote"))).scalar_one()
            wrong = (
                await session.execute(
                    text(
                        "SELECT count(*) FROM idea i WHERE i.upvotes <> "
                        "(SELECT count(*) FROM vote v WHERE v.idea_id = i.id AND v.value = 1) "
                        "OR i.downvotes <> "
                        "(SELECT count(*) FROM vote v WHERE v.idea_id = i.id AND v.value = -1)"
                    )
                )
            ).scalar_one()
    finally:
        await db.dispose()
    return wrong == 0, int(votes)


def server_env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["JAM_DATABASE_URL"] = url
    env.pop("JAM_ARGON2_PROFILE", None)  # the servers run with production settings
    return env


def make_servers(url: str, options: Options, workdir: Path) -> tuple[Server, Server]:
    """The real app and the plain route, with identical uvicorn settings."""
    common = ["--host", "127.0.0.1", "--workers", str(options.workers), "--log-level", "warning"]
    jam_port, plain_port = free_port(), free_port()
    env = server_env(url)
    # Theme refits and placing each posted idea (the worker, beside the server) react to
    # postIdea at unpredictable times; off by default so they do not blur the request figures.
    jam_env = env
    worker = [] if options.background_jobs else ["--no-worker"]
    jam_server = Server(
        "jam serve",
        [sys.executable, "-m", "jam.cli", "serve", "--port", str(jam_port),
         "--database-url", url, *worker, *common],
        jam_env, jam_port, workdir / "jam-server.log",
    )
    plain_server = Server(
        "plain route",
        [sys.executable, "-m", "uvicorn", "--factory", "--app-dir", str(BENCH_DIR),
         "api_baseline:create_app", "--port", str(plain_port), "--no-access-log", *common],
        env, plain_port, workdir / "plain-server.log",
    )
    return jam_server, plain_server


def measure(
    op: str, server: Server, options: Options, workdir: Path, run_index: int
) -> dict[str, Any]:
    """One load-generator process against one target; its JSON summary."""
    argv = [
        sys.executable, str(BENCH_DIR / "load.py"),
        "--url", server.url, "--op", op,
        "--scenario", str(workdir / "scenario.json"),
        "--state", str(workdir / f"state-{op}.json"),
        "--duration", str(options.duration), "--warmup", str(options.warmup),
        "--concurrency", str(options.concurrency), "--client", options.client,
        "--seed", str(run_index + 1),
        "--cpu-pids", ",".join(str(pid) for pid in server.pids()),
    ]
    timeout = options.duration + options.warmup + 120
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed for {op}:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run_backend(backend: str, options: Options, workdir: Path) -> BackendResult:
    result = BackendResult(backend)
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    else:
        from jam.config import normalize_database_url

        url = normalize_database_url(options.pg_url)
        reason = asyncio.run(reset_postgres(options.pg_url))
        if reason:
            result.skipped = reason
            return result
    try:
        started = time.monotonic()
        scenario = asyncio.run(seed(url, options))
        (workdir / "scenario.json").write_text(json.dumps(scenario))
        print(f"[{backend}] seeded in {time.monotonic() - started:.1f} s", flush=True)
        jam_server, plain_server = make_servers(url, options, workdir)
        try:
            for server in (jam_server, plain_server):
                server.start()
            for server in (jam_server, plain_server):
                server.wait_ready()
            targets = {"plain_vote": plain_server, "plain_action": plain_server}
            ops = [(op, targets.get(op, jam_server)) for op in options.ops]
            for run_index in range(options.runs):
                for op, server in ops:
                    summary = measure(op, server, options, workdir, run_index)
                    result.runs.setdefault(op, []).append(summary)
                    print(
                        f"[{backend}] run {run_index + 1}/{options.runs} {LABELS[op]:<34}"
                        f" {summary['rps']:8.1f} req/s  p50 {summary['p50_ms']:7.1f} ms"
                        f"  p99 {summary['p99_ms']:7.1f} ms  errors {summary['errors']}",
                        flush=True,
                    )
                    for sample in summary["error_samples"]:
                        print(f"    error: {sample}", flush=True)
        finally:
            for server in (jam_server, plain_server):
                server.stop()
        result.consistent, result.votes = asyncio.run(check_counters(url))
    finally:
        if backend == "postgresql":
            with contextlib.suppress(Exception):
                asyncio.run(drop_postgres(options.pg_url))
    return result


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over runs (errors and requests are totals)."""
    return {
        "rps": _median([r["rps"] for r in runs]),
        "rps_min": min(r["rps"] for r in runs),
        "rps_max": max(r["rps"] for r in runs),
        "p50_ms": _median([r["p50_ms"] for r in runs]),
        "p99_ms": _median([r["p99_ms"] for r in runs]),
        "errors": sum(r["errors"] for r in runs),
        "requests": sum(r["requests"] for r in runs),
        "server_cpu": _median([r["server_cpu"] for r in runs]),
        "client_cpu": _median([r["client_cpu"] for r in runs]),
        "cpu_pressure": _median([r.get("cpu_pressure") for r in runs]),
    }


def _percent(value: float | None) -> str:
    return "   -" if value is None else f"{value * 100:4.0f}"


def _efficiency(stats: dict[str, Any]) -> float | None:
    """Requests per second of server CPU: the cost per request, whatever else runs on the host."""
    cpu = stats["server_cpu"]
    return stats["rps"] / cpu if cpu else None


def report(results: list[BackendResult], options: Options) -> bool:
    """Print the table and the verdicts; True when no request failed and the counters matched."""
    clean = True
    busiest = 0.0
    print()
    print(
        f"API benchmark: concurrency {options.concurrency}, {options.duration:g} s measured after "
        f"{options.warmup:g} s warm-up, median of {options.runs} interleaved run(s), "
        f"{options.workers} uvicorn worker(s), background jobs "
        f"{'on' if options.background_jobs else 'off'}; load generator: bench/load.py "
        f"({options.client} client), one process per measurement, the same for every target"
    )
    header = (
        f"{'backend':<11}{'operation':<34}{'req/s':>8}{'(min-max)':>13}{'p50 ms':>9}"
        f"{'p99 ms':>9}{'errors':>7}{'srv cpu%':>9}{'req/cpu-s':>10}{'gen cpu%':>9}"
        f"{'host psi%':>10}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        if result.skipped:
            print(f"{result.backend:<11}skipped: {result.skipped}")
            continue
        stats = {op: summarize(runs) for op, runs in result.runs.items()}
        for op in LABELS:
            if op not in stats:
                continue
            s = stats[op]
            spread = f"({s['rps_min']:.0f}-{s['rps_max']:.0f})"
            efficiency = _efficiency(s)
            print(
                f"{result.backend:<11}{LABELS[op]:<34}{s['rps']:8.1f}{spread:>13}"
                f"{s['p50_ms']:9.1f}{s['p99_ms']:9.1f}{s['errors']:7d}"
                f"{_percent(s['server_cpu']):>9}"
                f"{'-' if efficiency is None else f'{efficiency:.0f}':>10}"
                f"{_percent(s['client_cpu']):>9}{_percent(s['cpu_pressure']):>10}"
            )
            busiest = max(busiest, s["cpu_pressure"] or 0.0)
            clean = clean and s["errors"] == 0
            if s["requests"] == 0:
                print(f"{'':<11}(no request completed inside the window: lengthen --duration)")
        consistency = (
            "consistent" if result.consistent else "INCONSISTENT" if result.consistent is False
            else "not checked"
        )
        print(f"{result.backend:<11}idea counters vs {result.votes} vote rows: {consistency}")
        clean = clean and result.consistent is not False
        if "vote" not in stats or "plain_vote" not in stats:
            continue
        vote, plain = stats["vote"], stats["plain_vote"]
        # Each round measures the two targets back to back, under the same conditions: the
        # median of the per-round ratios is steadier than the ratio of the medians.
        ratio = statistics.median(
            v["rps"] / p["rps"] if p["rps"] else float("nan")
            for v, p in zip(result.runs["vote"], result.runs["plain_vote"], strict=True)
        )
        of_medians = vote["rps"] / plain["rps"] if plain["rps"] else float("nan")
        vote_cost, plain_cost = _efficiency(vote), _efficiency(plain)
        cost_ratio = (
            f"; per server CPU-second {vote_cost / plain_cost:.0%}"
            if vote_cost and plain_cost else ""
        )
        print(
            f"{result.backend:<11}ratio vote / plain route: {ratio:.0%} of req/s (median of "
            f"per-round ratios; of medians {of_medians:.0%}){cost_ratio}"
        )
        if "plain_action" in stats and stats["plain_action"]["rps"]:
            action = stats["plain_action"]
            print(
                f"{result.backend:<11}ratio vote / plain route + jam.actions: "
                f"{vote['rps'] / action['rps']:.0%} of req/s"
            )
        if result.backend == "sqlite":
            met = ratio >= GOAL_RATIO and vote["p99_ms"] <= GOAL_P99_MS
            print(
                f"{'':<11}goal (vote >= {GOAL_RATIO:.0%} of plain req/s and vote p99 <= "
                f"{GOAL_P99_MS:g} ms, SQLite): {'MET' if met else 'NOT MET'} "
                f"(ratio {ratio:.0%}, p99 {vote['p99_ms']:.1f} ms)"
            )
    print(
        "columns: req/s and latencies measured by the client; srv cpu% = server processes' CPU "
        "(100 = one core); req/cpu-s = req/s per server CPU-second; gen cpu% = the load "
        "generator's CPU; host psi% = share of time some task waited for a CPU (Linux PSI)"
    )
    if busiest > BUSY_HOST:
        print(
            f"WARNING: other work competed for the CPUs (host psi% up to {busiest:.0%}): "
            "absolute figures are low and noisy; compare the ratios and req/cpu-s, or rerun on "
            "a quiet machine"
        )
    return clean


def parse_options(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(
        description="GraphQL API benchmark against a plain Starlette route (see the docstring)."
    )
    parser.add_argument("--backends", default=",".join(BACKENDS),
                        help="comma-separated: sqlite,postgresql (PostgreSQL skipped if down)")
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds per target")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds first")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3, help="interleaved rounds; medians shown")
    parser.add_argument("--quick", action="store_true",
                        help="smoke check: 3 s per target after 1 s warm-up, one round")
    parser.add_argument("--users", type=int, default=64, help="participants per target group")
    parser.add_argument("--ideas", type=int, default=200, help="seeded ideas in the page's jam")
    parser.add_argument("--vote-ideas", type=int, default=50,
                        help="how many of those ideas receive the votes")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers for both servers")
    parser.add_argument("--client", default="raw", choices=("raw", "httpx"),
                        help="load generator's HTTP client (raw asyncio by default)")
    parser.add_argument("--ops", default=",".join(LABELS),
                        help="operations to measure, in this order each round: "
                        + ",".join(LABELS) + " (vote and plain_vote are needed for the ratio)")
    parser.add_argument("--background-jobs", action="store_true",
                        help="keep jam's background jobs (theme refits) on in the served app")
    parser.add_argument("--pg-url", default=os.environ.get("JAM_BENCH_PG_URL", DEFAULT_PG_URL),
                        help="scratch PostgreSQL database (dropped and recreated; name must "
                        "contain 'bench')")
    parser.add_argument("--json", dest="json_path", help="also write every measurement here")
    args = parser.parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = set(backends) - set(BACKENDS)
    if unknown:
        parser.error(f"unknown backend(s): {', '.join(sorted(unknown))}")
    if args.quick:
        args.duration, args.warmup, args.runs = 3.0, 1.0, 1
    if args.users < args.concurrency:
        parser.error("--users must be at least --concurrency (each connection owns its voters)")
    ops = [op.strip() for op in args.ops.split(",") if op.strip()]
    if set(ops) - set(LABELS) or not ops:
        parser.error(f"--ops: choose from {', '.join(LABELS)}")
    if args.vote_ideas > args.ideas:
        parser.error("--vote-ideas cannot exceed --ideas")
    return Options(
        backends=backends, duration=args.duration, warmup=args.warmup,
        concurrency=args.concurrency, runs=args.runs, users=args.users, ideas=args.ideas,
        vote_ideas=args.vote_ideas, workers=args.workers, client=args.client,
        ops=ops, background_jobs=args.background_jobs, pg_url=args.pg_url,
        json_path=args.json_path,
    )


def _exit_on_sigterm(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds through the finally blocks that stop the servers


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    # Seeding creates ~200 accounts: use argon2's cheapest profile in this process only.
    os.environ.setdefault("JAM_ARGON2_PROFILE", "CHEAPEST")
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    workdir = Path(tempfile.mkdtemp(prefix="jam-bench-"))
    results: list[BackendResult] = []
    try:
        for backend in options.backends:
            backend_dir = workdir / backend
            backend_dir.mkdir()
            results.append(run_backend(backend, options, backend_dir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    clean = report(results, options)
    if options.json_path:
        Path(options.json_path).write_text(
            json.dumps([r.__dict__ for r in results], indent=2, default=str)
        )
    if not clean:
        print("FAILED: some requests failed or the counters do not match the votes")
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
