"""Abuse benchmark: normal traffic's latency while 4 abusive clients attack (``make bench-abuse``).

One real server (``jam serve --no-worker``, production argon2, one process) on a fresh SQLite
database seeded through ``jam.actions`` (bench/api.py's seed: a live jam with 200 ideas, plus a
few comments and replies on each of the first 100 ideas). Then, in rounds:

- **normal traffic** (its own process): 2 connections in a closed loop, each alternating the
  50-idea page query and a vote (flipping UP/DOWN), signed in as participants;
- **alone**: that traffic by itself (measured first and last; the baseline is their median);
- **under attack**: the same traffic while 4 abusive clients (a second process, one connection
  each, sending as fast as answers come back) send one shape:

  ==================  =====================================================================
  repeated-fields     ``{ jams { id forums { id } } … ×500 }`` (10 kB), anonymous: quadratic
                      in graphql-core's overlapping-fields validation
  comment-aliases     30 aliases of ``ideas(first: 100) { nodes { comments { replies { replies
                      … } } } }``, as a participant
  fragment-bomb       12 fragments each spreading the previous one twice (4,096 copies)
  big-body            a 2 MB JSON body
  deep-variables      a variable nested 100,000 lists deep
  logins              8 parallel wrong-password logins per client (32 argon2 hashes at once)
  made-up-jams        ``similarIdeas`` for random jam ids that do not exist, as a participant
  costly-admitted     what the budget still admits: 10 pages of 100 ideas with their bodies
                      and authors in one query (cost ~12,000), as a participant
  ==================  =====================================================================

Prints, per shape, normal traffic's p50/p99 for the page and the vote, the p99 ratio against
alone (the issue's goal: ≤ 2×), what the abusers got back (status and error codes) and the
server's peak memory. ``--ref REV`` runs the same rounds against another commit's code too (a
``git worktree``, which also seeds its own database with its own migrations), e.g.
``--ref 77c2486`` for the code before the limits, with a ``--timeout`` so a stalled server
cannot stall the benchmark.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing as mp
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType, SimpleNamespace
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from api import Server, free_port, seed  # noqa: E402
from load import PAGE_QUERY, VOTE_QUERY, RawConnection, percentile  # noqa: E402

GOAL_RATIO = 2.0
ABUSERS = 4
SHAPES = (
    "repeated-fields",
    "comment-aliases",
    "fragment-bomb",
    "big-body",
    "deep-variables",
    "logins",
    "made-up-jams",
    "costly-admitted",
)


# --- what the abusers send --------------------------------------------------------------------


def _body(query: str, variables: dict[str, Any] | None = None) -> bytes:
    return json.dumps({"query": query, "variables": variables or {}}).encode()


def _pages(slug: str, alias: str, count: int, nodes: str) -> bytes:
    """``count`` aliases of a page of 100 ideas of the jam, each selecting ``nodes``."""
    fields = " ".join(
        f"{alias}{i}: ideas(first: 100) {{ nodes {{ {nodes} }} }}" for i in range(count)
    )
    return _body(f'{{ jam(slug: "{slug}") {{ {fields} }} }}')


def abusive_bodies(shape: str, slug: str) -> list[bytes]:
    """Request bodies for one shape (a client cycles through them)."""
    if shape == "repeated-fields":
        return [_body("{ " + "jams { id forums { id } } " * 500 + "}")]
    if shape == "comment-aliases":
        nodes = "id comments { id body replies { id body replies { id body } } }"
        return [_pages(slug, "a", 30, nodes)]
    if shape == "costly-admitted":
        nodes = (
            "id title body score upvotes downvotes commentCount tags createdAt"
            " author { id displayName }"
        )
        return [_pages(slug, "p", 10, nodes)]
    if shape == "fragment-bomb":
        fragments = ["fragment F0 on Jam { id title }"]
        fragments += [f"fragment F{i} on Jam {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 13)]
        return [_body("{ jams { ...F12 } } " + " ".join(fragments))]
    if shape == "big-body":
        return [_body("query($t: String!) { viewer { id } }", {"t": "x" * 2_000_000})]
    if shape == "deep-variables":
        depth = 100_000
        raw = '{"query": "query($v: [String]) { viewer { id } }", "variables": {"v": '
        return [(raw + "[" * depth + "]" * depth + "}}").encode()]
    if shape == "logins":
        query = (
            "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p})"
            " { errors { code } } }"
        )
        return [
            _body(query, {"e": f"user{i}@attack.example", "p": f"wrong-{i}"}) for i in range(64)
        ]
    if shape == "made-up-jams":
        query = "query($j: ID!) { similarIdeas(jamId: $j, text: \"telehealth kiosks\") { score } }"
        return [_body(query, {"j": str(random.randrange(10**6, 10**9))}) for _ in range(500)]
    raise ValueError(shape)


def _codes(status: int, content: bytes) -> str:
    try:
        errors = json.loads(content).get("errors") or []
    except (ValueError, AttributeError):
        return f"{status} (not JSON)"
    codes = sorted({str((e.get("extensions") or {}).get("code", "no code")) for e in errors})
    return f"{status} {','.join(codes) or 'ok'}"


def abuser_process(port: int, shape: str, slug: str, token: str, seconds: float, out: Any) -> None:
    """ABUSERS connections sending ``shape`` for ``seconds`` (logins: 8 in flight each)."""
    bodies = abusive_bodies(shape, slug)
    parallel = 8 if shape == "logins" else 1
    head_base = (
        f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        "Accept: application/json\r\n"
    )
    signed_in = shape in ("comment-aliases", "costly-admitted", "made-up-jams")
    auth = f"Authorization: Bearer {token}\r\n" if signed_in else ""
    head = (head_base + auth + "Content-Length: ").encode()
    seen: dict[str, int] = {}

    async def one(index: int, deadline: float) -> None:
        connection = RawConnection("127.0.0.1", port)
        while time.monotonic() < deadline:
            body = bodies[index % len(bodies)]
            index += ABUSERS * parallel
            try:
                status, content = await asyncio.wait_for(
                    connection.request(head, body), deadline - time.monotonic() + 5
                )
                key = _codes(status, content)
            except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
                key = f"connection {type(error).__name__}"
                await connection.close()
                await asyncio.sleep(0.05)
            seen[key] = seen.get(key, 0) + 1
        await connection.close()

    async def main() -> None:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(one(i, deadline) for i in range(ABUSERS * parallel)))

    asyncio.run(main())
    out.put(seen)


# --- normal traffic ---------------------------------------------------------------------------


def normal_process(
    port: int, slug: str, tokens: list[str], idea_ids: list[int], warmup: float,
    seconds: float, out: Any,
) -> None:
    """Two connections alternating the page query and a vote; latencies after the warm-up."""
    page = _body(PAGE_QUERY, {"slug": slug})
    latencies: dict[str, list[float]] = {"page": [], "vote": []}
    failures: dict[str, int] = {}

    async def client(index: int, start: float, end: float) -> None:
        connection = RawConnection("127.0.0.1", port)
        token = tokens[index]
        head = (
            f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json"
            f"\r\nAccept: application/json\r\nAuthorization: Bearer {token}\r\nContent-Length: "
        ).encode()
        value = "UP"
        turn = 0
        while time.monotonic() < end:
            op = "page" if turn % 2 == 0 else "vote"
            turn += 1
            if op == "page":
                body = page
            else:
                value = "DOWN" if value == "UP" else "UP"
                body = _body(VOTE_QUERY, {"idea": str(idea_ids[index]), "value": value})
            began = time.monotonic()
            try:
                status, content = await connection.request(head, body)
                ok = status == 200 and not json.loads(content).get("errors")
            except (OSError, asyncio.IncompleteReadError, ValueError):
                ok = False
                await connection.close()
            took = time.monotonic() - began
            if not ok:
                failures[op] = failures.get(op, 0) + 1
            elif began >= start:
                latencies[op].append(took * 1000)
        await connection.close()

    async def main() -> None:
        start = time.monotonic() + warmup
        await asyncio.gather(*(client(i, start, start + seconds) for i in range(len(tokens))))

    asyncio.run(main())
    out.put({"latencies": latencies, "failures": failures})


# --- a round ----------------------------------------------------------------------------------


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {"n": 0, "p50": float("nan"), "p99": float("nan")}
    return {"n": len(ordered), "p50": percentile(ordered, 0.50), "p99": percentile(ordered, 0.99)}


def peak_memory_mb(pid: int) -> float | None:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def run_round(
    server: Server, shape: str | None, seeded: dict[str, Any], args: argparse.Namespace
) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    out: Any = ctx.Queue()
    abuse_out: Any = ctx.Queue()
    tokens = seeded["tokens"]["graphql"][:2]
    normal = ctx.Process(
        target=normal_process,
        args=(server.port, seeded["page_slug"], tokens, seeded["vote_idea_ids"][:2],
              args.warmup, args.duration, out),
    )
    abuser = None
    if shape is not None:
        abuser = ctx.Process(
            target=abuser_process,
            args=(server.port, shape, seeded["page_slug"], seeded["tokens"]["plain"][0],
                  args.warmup + args.duration, abuse_out),
        )
        abuser.start()
    normal.start()
    deadline = args.warmup + args.duration + args.timeout
    try:
        result = out.get(timeout=deadline)
    except Exception:
        result = {"latencies": {"page": [], "vote": []}, "failures": {"stalled": 1}}
    seen = {}
    if abuser is not None:
        try:
            seen = abuse_out.get(timeout=args.timeout + 10)
        except Exception:
            seen = {"no answer before the timeout": 1}
    for process in (normal, abuser):
        if process is not None:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
    assert server.process is not None
    return {
        "shape": shape or "alone",
        "page": _stats(result["latencies"]["page"]),
        "vote": _stats(result["latencies"]["vote"]),
        "failures": result["failures"],
        "abusers_got": seen,
        "peak_mb": peak_memory_mb(server.process.pid),
    }


# --- the whole run ----------------------------------------------------------------------------


async def seed_database(url: str, args: argparse.Namespace) -> dict[str, Any]:
    """bench/api.py's seed plus a few comments with replies on the first 100 ideas."""
    from jam import actions
    from jam.config import Settings
    from jam.queries.viewer import authenticate
    from jam.runtime import Runtime

    options = SimpleNamespace(users=4, ideas=200, vote_ideas=100)
    seeded = await seed(url, options)  # type: ignore[arg-type]
    rt = Runtime.from_settings(Settings(database_url=url))
    try:
        found = await authenticate(rt, seeded["tokens"]["action"][0])
        assert found is not None
        actor = found[0]
        for idea_id in seeded["vote_idea_ids"]:
            for c in range(args.comments):
                top = await actions.add_comment(rt, actor, idea_id, body=f"Comment {c}")
                reply = await actions.add_comment(
                    rt, actor, idea_id, body=f"Reply to {c}", parent_id=top.id
                )
                await actions.add_comment(
                    rt, actor, idea_id, body=f"Reply to reply {c}", parent_id=reply.id
                )
    finally:
        await rt.close()
    return seeded


def server_for(url: str, ref_dir: Path | None, workdir: Path) -> Server:
    env = dict(os.environ)
    env["JAM_DATABASE_URL"] = url
    env.pop("JAM_ARGON2_PROFILE", None)  # production hashing, as an attacker would meet it
    cwd = ref_dir or REPO_DIR
    env["PYTHONPATH"] = str(cwd)
    port = free_port()
    server = Server(
        f"jam serve ({ref_dir.name if ref_dir else 'this checkout'})",
        [sys.executable, "-m", "jam.cli", "serve", "--no-worker", "--port", str(port),
         "--host", "127.0.0.1", "--log-level", "warning"],
        env, port, workdir / f"server-{port}.log",
    )
    server.process = subprocess.Popen(
        server.argv, env=env, cwd=cwd, stdout=(workdir / f"server-{port}.log").open("wb"),
        stderr=subprocess.STDOUT, start_new_session=True,
    )
    return server


def _ratio(value: float, base: float) -> str:
    if base != base or value != value or base <= 0:
        return "n/a"
    return f"{value / base:.2f}×"


def report(label: str, rounds: list[dict[str, Any]]) -> bool:
    alone = [r for r in rounds if r["shape"] == "alone"]
    base = {
        op: statistics.median(r[op]["p99"] for r in alone) for op in ("page", "vote")
    }
    base50 = {
        op: statistics.median(r[op]["p50"] for r in alone) for op in ("page", "vote")
    }
    print(f"\n## {label}")
    print(f"alone (median of {len(alone)}): page p50 {base50['page']:.1f} ms p99 "
          f"{base['page']:.1f} ms; vote p50 {base50['vote']:.1f} ms p99 {base['vote']:.1f} ms\n")
    print("| shape | page p50 / p99 ms | page p99 ratio | vote p50 / p99 ms | vote p99 ratio "
          "| normal failures | abusers got | server peak MB |")
    print("|---|---|---|---|---|---|---|---|")
    ok = True
    for r in rounds:
        if r["shape"] == "alone":
            continue
        ratios = [r[op]["p99"] / base[op] if base[op] > 0 else float("inf")
                  for op in ("page", "vote")]
        if r["page"]["n"] == 0 or max(ratios) > GOAL_RATIO or r["failures"]:
            ok = False
        got = ", ".join(f"{k} ×{v}" for k, v in sorted(r["abusers_got"].items()))
        failures = ", ".join(f"{k} ×{v}" for k, v in r["failures"].items()) or "0"
        print(f"| {r['shape']} | {r['page']['p50']:.1f} / {r['page']['p99']:.1f} "
              f"| {_ratio(r['page']['p99'], base['page'])} "
              f"| {r['vote']['p50']:.1f} / {r['vote']['p99']:.1f} "
              f"| {_ratio(r['vote']['p99'], base['vote'])} | {failures} | {got} "
              f"| {r['peak_mb'] or 0:.0f} |")
    print(f"\ngoal: every p99 ratio ≤ {GOAL_RATIO:.0f}× → {'met' if ok else 'NOT met'}")
    return ok


def seed_with(code_dir: Path, url: str, out: Path, comments: int) -> dict[str, Any]:
    """Seed ``url`` with the jam code in ``code_dir`` (its migrations, its actions), in a
    process of its own."""
    env = dict(os.environ, PYTHONPATH=str(code_dir), JAM_ARGON2_PROFILE="CHEAPEST")
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--seed-only", url, str(out),
         "--comments", str(comments)],
        env=env, cwd=code_dir, check=True,
    )
    seeded: dict[str, Any] = json.loads(out.read_text())
    return seeded


def run_all(args: argparse.Namespace, workdir: Path) -> bool:
    targets: list[tuple[str, Path | None]] = [("this checkout", None)]
    if args.ref:
        ref_dir = workdir / f"ref-{args.ref}"
        subprocess.run(["git", "worktree", "add", "--detach", str(ref_dir), args.ref],
                       cwd=REPO_DIR, check=True, capture_output=True)
        targets.append((f"commit {args.ref}", ref_dir))
    ok = True
    try:
        for index, (label, ref_dir) in enumerate(targets):
            url = f"sqlite+aiosqlite:///{workdir / f'abuse-{index}.db'}"
            print(f"{label}: seeding …", flush=True)
            seeded = seed_with(ref_dir or REPO_DIR, url, workdir / f"seeded-{index}.json",
                               args.comments)
            server = server_for(url, ref_dir, workdir)
            try:
                server.wait_ready()
                rounds = [run_round(server, None, seeded, args)]
                print(f"{label}: alone p99 page {rounds[0]['page']['p99']:.1f} ms", flush=True)
                for shape in args.shapes:
                    if server.process is None or server.process.poll() is not None:
                        server = server_for(url, ref_dir, workdir)
                        server.wait_ready()
                    rounds.append(run_round(server, shape, seeded, args))
                    print(f"{label}: {shape} done (page p99 {rounds[-1]['page']['p99']:.1f} ms)",
                          flush=True)
                    # A fresh server per shape: one shape's leftovers (memory, a stalled loop,
                    # a throttle's counts) do not count against the next.
                    server.stop()
                    server = server_for(url, ref_dir, workdir)
                    server.wait_ready()
                rounds.append(run_round(server, None, seeded, args))
            finally:
                server.stop()
            met = report(label, rounds)
            ok = ok and (met or ref_dir is not None)  # only this checkout must meet the goal
    finally:
        if args.ref:
            subprocess.run(["git", "worktree", "remove", "--force",
                            str(workdir / f"ref-{args.ref}")], cwd=REPO_DIR, check=False)
    return ok


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--duration", type=float, default=8.0, help="measured seconds per round")
    parser.add_argument("--warmup", type=float, default=1.5, help="unmeasured seconds first")
    parser.add_argument("--shapes", default=",".join(SHAPES),
                        help="comma-separated, from: " + ",".join(SHAPES))
    parser.add_argument("--comments", type=int, default=3,
                        help="threads (comment, reply, reply to it) on each of 100 ideas")
    parser.add_argument("--ref", help="also run against this commit's server code (a worktree)")
    parser.add_argument("--seed-only", nargs=2, metavar=("URL", "JSON"),
                        help=argparse.SUPPRESS)  # used by the run itself (seed_with)
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds past a round's end before it is reported as stalled")
    args = parser.parse_args(argv)
    args.shapes = [s.strip() for s in args.shapes.split(",") if s.strip()]
    if unknown := set(args.shapes) - set(SHAPES):
        parser.error(f"unknown shape(s): {', '.join(sorted(unknown))}")
    return args


def _exit_on_sigterm(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.seed_only:
        url, out = args.seed_only
        Path(out).write_text(json.dumps(asyncio.run(seed_database(url, args))))
        return 0
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    workdir = Path(tempfile.mkdtemp(prefix="jam-abuse-"))
    try:
        return 0 if run_all(args, workdir) else 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
