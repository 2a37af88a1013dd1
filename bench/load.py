"""Load generator for bench/api.py: N keep-alive connections, fixed duration, per-request latency.

Run as its own process (bench/api.py starts one per measurement) so the client's CPU time is never
charged to the server's process, and so both targets — GraphQL and the plain route — are driven by
exactly the same code in the same way.

The default client is a minimal HTTP/1.1 client on asyncio streams (uvloop when installed): the
requests are tiny and pre-shaped, and the responses are read by Content-Length (or chunks), so one
request costs the client a few tens of microseconds. httpx costs roughly ten times more per request
and on a 2-core machine would take CPU from the server and flatten the GraphQL/plain ratio; it is
kept as ``--client httpx`` to cross-check. Every response is decoded and checked: a non-200 status,
a GraphQL ``errors`` list or a non-empty payload ``errors`` list counts as an error.

Vote requests flip the voter's vote on a random idea between UP and DOWN, so every request writes.
Each connection owns its own voters (no two connections vote as the same person), which keeps the
"last value sent" bookkeeping exact; ``--state`` carries it across runs on the same database.

Prints one JSON object on stdout: requests, errors, req/s, latency percentiles, CPU use.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

VOTE_QUERY = (
    "mutation Vote($idea: ID!, $value: VoteValue!) {"
    " vote(input: {ideaId: $idea, value: $value}) {"
    " idea { id upvotes downvotes } errors { code field message } } }"
)
POST_QUERY = (
    "mutation Post($forum: ID!, $title: String!, $body: String!, $tags: [String!]!) {"
    " postIdea(input: {forumId: $forum, title: $title, body: $body, tags: $tags}) {"
    " idea { id title createdAt } errors { code field message } } }"
)
PAGE_QUERY = (
    "query Page($slug: String!) { jam(slug: $slug) { id title ideas(first: 50) {"
    " totalCount pageInfo { hasNextPage endCursor }"
    " edges { cursor node { id title body createdAt upvotes downvotes score commentCount"
    " tags viewerVote author { id displayName } } } } } }"
)
PAGE_SIZE = 50
IDEA_BODY = (
    "Measure the write path end to end: parse, validate, authenticate, check the rules, write "
    "the rows and the audit trail in one transaction, then answer. "
)
OPERATIONS = ("vote", "post", "page", "plain_vote", "plain_action")
PLAIN_PATHS = {"plain_vote": "/vote", "plain_action": "/vote-action"}


class BadResponse(Exception):
    """The server answered, but not with a successful result (counted as an error)."""


@dataclass
class Voter:
    """One voter's session and the value last sent per idea (so the next request flips it)."""

    index: int
    token: str
    last: dict[int, int] = field(default_factory=dict)


@dataclass
class Tally:
    """What the connections measured inside the window."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    samples: list[str] = field(default_factory=list)

    def error(self, message: str) -> None:
        self.errors += 1
        if len(self.samples) < 5:
            self.samples.append(message[:300])


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list (no interpolation, no numpy needed)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, round(fraction * len(sorted_values) + 0.5))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def cpu_pressure_seconds() -> float | None:
    """Seconds during which some runnable task waited for a CPU (Linux PSI); None if absent.

    Over a window, its increase divided by the window's length says how busy the host was:
    near 0 on an idle machine, near 1 when other work competes with the benchmark for CPU."""
    try:
        for line in Path("/proc/pressure/cpu").read_text().splitlines():
            if line.startswith("some"):
                return int(line.rsplit("total=", 1)[1]) / 1e6
    except (OSError, ValueError, IndexError):
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process from /proc (Linux); None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Workload:
    """Builds request bodies for one operation and checks the answers."""

    def __init__(self, op: str, scenario: dict[str, Any], state: dict[str, int]) -> None:
        self.op = op
        self.scenario = scenario
        self.path = PLAIN_PATHS.get(op, "/graphql")
        self.state = state
        self.vote_ideas: list[int] = scenario["vote_idea_ids"]
        self.counter = 0

    def voters_for(self, worker: int, concurrency: int) -> list[Voter]:
        """This connection's voters: tokens worker, worker + concurrency, ... of the op's group."""
        tokens: list[str] = self.scenario["tokens"][self.group]
        if len(tokens) < concurrency:
            raise SystemExit(f"need at least {concurrency} users in group {self.group!r}")
        voters = []
        for index in range(worker, len(tokens), concurrency):
            voter = Voter(index, tokens[index])
            prefix = f"{index}:"
            for key, value in self.state.items():
                if key.startswith(prefix):
                    voter.last[int(key[len(prefix):])] = value
            voters.append(voter)
        return voters

    @property
    def group(self) -> str:
        return {"plain_vote": "plain", "plain_action": "action"}.get(self.op, "graphql")

    def body(self, voter: Voter, rng: random.Random, worker: int) -> bytes:
        if self.op == "page":
            payload: dict[str, Any] = {
                "query": PAGE_QUERY,
                "variables": {"slug": self.scenario["page_slug"]},
            }
        elif self.op == "post":
            self.counter += 1
            payload = {
                "query": POST_QUERY,
                "variables": {
                    "forum": str(self.scenario["post_forum_id"]),
                    "title": f"Bench idea {worker}-{self.counter}",
                    "body": IDEA_BODY * 2,
                    "tags": ["bench", f"w{worker % 8}"],
                },
            }
        else:
            idea = rng.choice(self.vote_ideas)
            value = -voter.last.get(idea, -1)  # first vote UP, then alternate
            voter.last[idea] = value
            if self.op == "vote":
                payload = {
                    "query": VOTE_QUERY,
                    "variables": {"idea": str(idea), "value": "UP" if value == 1 else "DOWN"},
                }
            else:
                payload = {"ideaId": idea, "value": value}
        return json.dumps(payload, separators=(",", ":")).encode()

    def check(self, status: int, body: bytes) -> None:
        """Raise BadResponse unless the request fully succeeded."""
        if status != 200:
            raise BadResponse(f"HTTP {status}: {body[:200]!r}")
        answer = json.loads(body)
        if self.op in PLAIN_PATHS:
            if answer.get("errors") or "idea" not in answer:
                raise BadResponse(f"plain route: {answer}")
            return
        if answer.get("errors"):
            raise BadResponse(f"GraphQL errors: {answer['errors']}")
        data = answer.get("data") or {}
        if self.op == "page":
            edges = ((data.get("jam") or {}).get("ideas") or {}).get("edges")
            if edges is None or len(edges) != PAGE_SIZE:
                raise BadResponse(f"page of {None if edges is None else len(edges)} ideas")
            return
        payload = data.get("vote" if self.op == "vote" else "postIdea") or {}
        if payload.get("errors") or not payload.get("idea"):
            raise BadResponse(f"payload errors: {payload.get('errors')}")

    def export_state(self, voters: list[Voter]) -> None:
        for voter in voters:
            for idea, value in voter.last.items():
                self.state[f"{voter.index}:{idea}"] = value


Exchange = Callable[[bytes, str], Awaitable[tuple[int, bytes]]]


class RawConnection:
    """One keep-alive HTTP/1.1 connection: write a request, read exactly one response."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, head: bytes, body: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(head + str(len(body)).encode() + b"\r\n\r\n" + body)
        raw_head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(raw_head[9:12])
        length: int | None = None
        chunked = close = False
        for line in raw_head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
            elif name == b"connection":
                close = b"close" in value.lower()
        if chunked:
            content = await self._read_chunks()
        elif length is not None:
            content = await self.reader.readexactly(length)
        else:
            content = await self.reader.read()
            close = True
        if close:
            await self.close()
        return status, content

    async def _read_chunks(self) -> bytes:
        assert self.reader is not None
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Drive the target for warm-up + duration and summarise the measurement window."""
    scenario = json.loads(Path(args.scenario).read_text())
    state_path = Path(args.state) if args.state else None
    state: dict[str, int] = (
        json.loads(state_path.read_text()) if state_path and state_path.exists() else {}
    )
    workload = Workload(args.op, scenario, state)
    target = urlsplit(args.url)
    host, port = target.hostname or "127.0.0.1", target.port or 80
    tally = Tally()
    start = time.perf_counter()
    window_start = start + args.warmup
    stop = window_start + args.duration
    all_voters: list[Voter] = []

    async def worker(number: int) -> None:
        rng = random.Random(args.seed * 1000 + number)
        voters = workload.voters_for(number, args.concurrency)
        all_voters.extend(voters)
        exchange = await open_exchange(args.client, host, port, workload.path)
        turn = 0
        try:
            while True:
                began = time.perf_counter()
                if began >= stop:
                    return
                voter = voters[turn % len(voters)]
                turn += 1
                body = workload.body(voter, rng, number)
                try:
                    status, content = await exchange(body, voter.token)
                    workload.check(status, content)
                except (BadResponse, OSError, asyncio.IncompleteReadError, ValueError) as error:
                    if window_start <= time.perf_counter() <= stop:
                        tally.error(f"{type(error).__name__}: {error}")
                    if isinstance(error, OSError):
                        await asyncio.sleep(0.05)  # connection trouble: do not spin
                    continue
                # A request counts when it completes inside the window (started before it or
                # not): throughput is completions per second even when latency nears the window.
                ended = time.perf_counter()
                if window_start <= ended <= stop:
                    tally.latencies.append(ended - began)
        finally:
            await exchange(b"", "")  # empty body: close the connection

    cpu: dict[str, float | None] = {}

    async def sample_cpu() -> None:
        pids = [int(p) for p in args.cpu_pids.split(",") if p] if args.cpu_pids else []
        await asyncio.sleep(max(0.0, window_start - time.perf_counter()))
        before = [cpu_seconds(pid) for pid in pids]
        own_before = time.process_time()
        pressure_before = cpu_pressure_seconds()
        await asyncio.sleep(max(0.0, stop - time.perf_counter()))
        after = [cpu_seconds(pid) for pid in pids]
        pressure_after = cpu_pressure_seconds()
        cpu["client"] = (time.process_time() - own_before) / args.duration
        if pressure_before is not None and pressure_after is not None:
            cpu["pressure"] = (pressure_after - pressure_before) / args.duration
        if pids and None not in before and None not in after:
            spent = sum(a - b for a, b in zip(after, before, strict=True))  # type: ignore[operator]
            cpu["server"] = spent / args.duration
        else:
            cpu["server"] = None

    await asyncio.gather(sample_cpu(), *(worker(n) for n in range(args.concurrency)))
    if state_path is not None:
        workload.export_state(all_voters)
        state_path.write_text(json.dumps(workload.state))
    latencies = sorted(tally.latencies)
    return {
        "op": args.op,
        "client": args.client,
        "concurrency": args.concurrency,
        "duration": args.duration,
        "requests": len(latencies),
        "errors": tally.errors,
        "error_samples": tally.samples,
        "rps": len(latencies) / args.duration,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p90_ms": percentile(latencies, 0.90) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "max_ms": (latencies[-1] * 1000) if latencies else float("nan"),
        "server_cpu": cpu.get("server"),
        "client_cpu": cpu.get("client"),
        "cpu_pressure": cpu.get("pressure"),
    }


async def open_exchange(client: str, host: str, port: int, path: str) -> Exchange:
    """A function sending one request body over one kept-alive connection (empty body: close)."""
    if client == "httpx":
        return _httpx_exchange(host, port, path)
    return _raw_exchange(host, port, path)


def _raw_exchange(host: str, port: int, path: str) -> Exchange:
    connection = RawConnection(host, port)
    base = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
        "Accept: application/json\r\n"
    ).encode()

    async def exchange(body: bytes, token: str) -> tuple[int, bytes]:
        if not body:
            await connection.close()
            return 0, b""
        head = base + f"Authorization: Bearer {token}\r\nContent-Length: ".encode()
        return await connection.request(head, body)

    return exchange


def _httpx_exchange(host: str, port: int, path: str) -> Exchange:
    import httpx

    client = httpx.AsyncClient(base_url=f"http://{host}:{port}", timeout=60)

    async def exchange(body: bytes, token: str) -> tuple[int, bytes]:
        if not body:
            await client.aclose()
            return 0, b""
        try:
            response = await client.post(
                path,
                content=body,
                headers={
                    "Content-Type": "application/json",
                    "Accept": "application/json",
                    "Authorization": f"Bearer {token}",
                },
            )
        except httpx.HTTPError as error:  # counted like the raw client's socket errors
            raise OSError(f"{type(error).__name__}: {error}") from error
        return response.status_code, response.content

    return exchange


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="server base URL, e.g. http://127.0.0.1:8000")
    parser.add_argument("--op", required=True, choices=OPERATIONS)
    parser.add_argument("--scenario", required=True, help="JSON written by bench/api.py")
    parser.add_argument("--state", help="JSON file carrying the votes' last values across runs")
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds first")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--client", default="raw", choices=("raw", "httpx"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cpu-pids", default="", help="comma-separated pids to meter (server)")
    args = parser.parse_args(argv)
    try:
        import uvloop
    except ImportError:
        result = asyncio.run(run(args))
    else:
        result = uvloop.run(run(args))
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
