"""Live-update benchmark: subscription fan-out over WebSockets, and the outbox's write cost.

Run: ``.venv/bin/python bench/live.py`` (``make bench-live``); ``--help`` lists the knobs.
Benchmarks print figures; they are not tests.

Three parts (``--parts``, all by default):

``sqlite``
    one ``jam serve --no-worker --workers 1`` on a temporary SQLite file. ``--subscribers``
    WebSockets (graphql-transport-ws, each signed in with a session token in
    ``connection_init``; they share ``--accounts`` accounts) subscribe to ``jamActivity`` of one
    live jam. One probe idea is posted and waited for (graphql-transport-ws does not
    acknowledge a subscription: once a socket has heard the probe, its subscription is
    registered), the server idles for ``--idle-seconds`` (its CPU while only holding the
    sockets), then ``--ideas`` ideas are posted through the HTTP API, ``--spacing`` seconds
    apart in an open loop (each at its scheduled time on its own connection, however long the
    earlier ones take, so a slow server does not lower the offered rate).
``postgresql``
    the same with ``--pg-subscribers`` split between two ``jam serve`` processes (``--workers
    1`` each) on one PostgreSQL database (``--pg-url``, dropped and recreated; its name must
    contain "bench"); ideas are posted through the first server.
``writes``
    the vote mutation against the plain route at concurrency 32 on both backends, measured by
    ``bench/api.py``'s own functions (``--ops vote,plain_vote``), to see what recording an
    event in every write costs.

Fan-out figures: latency from the moment the poster has read the postIdea response (the
commit is done) to the moment a subscriber's socket yields the event, over every delivery
(subscribers x ideas): p50 / p99 / max; missed deliveries (not heard within
``--deliver-timeout`` after the last post) and duplicated ones (both must be 0);
events out of stream order; the time until the last subscriber heard each idea; server CPU
seconds per delivered event (from /proc/<pid>/stat over the posting window, with and without
the idle share). Both clocks are CLOCK_MONOTONIC (``time.monotonic``), one clock for every
process on a Linux host.

The subscribers live in ``--client-procs`` separate client processes (``websockets`` on
uvloop), so one event loop is not the bottleneck; their CPU is printed next to the server's.
Connections are opened at most ``--connect-concurrency`` at a time, so the server's accept
queue is never flooded; after ``--connect-timeout`` the rest are given up and the figures are
measured with the subscriptions that opened (the output says how many). The client is a
leaner copy of ``tests/live_client.py``'s protocol handling: it stamps each message as the
socket yields it, before any queue. Every socket answers the server's pings (the
``websockets`` default) and sends none of its own, like a browser; permessage-deflate is
negotiated as browsers do (``--no-compression`` turns it off).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import re
import resource
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from types import FrameType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.api import (
    Options,
    Server,
    drop_postgres,
    free_port,
    reset_postgres,
    run_backend,
    seed,
    server_env,
    summarize,
)
from bench.load import POST_QUERY, cpu_pressure_seconds, cpu_seconds, percentile

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/bench_live"
PARTS = ("sqlite", "postgresql", "writes")
PROTOCOL = "graphql-transport-ws"
ACTIVITY = (
    "subscription($jam: ID!) { jamActivity(jamId: $jam) {"
    " __typename ... on IdeaPosted { position idea { id } } } }"
)
JAM_ID = "query($slug: String!) { jam(slug: $slug) { id } }"
# Before the outbox (2026-11-22 .. 11-30, this machine): vote / plain route req/s.
BEFORE_OUTBOX = {"sqlite": (158.0, 244.0), "postgresql": (222.0, 387.0)}


# -- the client processes ---------------------------------------------------------------------


@dataclass
class Subscriber:
    """One socket and what it heard: (idea id, receipt time, position) per IdeaPosted."""

    socket: Any
    receipts: list[tuple[str, float, str]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    other: int = 0
    errors: list[str] = field(default_factory=list)
    close_code: int | None = None
    open: bool = True


def client_process(conn: Connection, spec: dict[str, Any]) -> None:
    """Entry point of one client process: hold ``spec["count"]`` subscriptions, obey ``conn``."""
    raise_fd_limit()
    try:
        import uvloop
    except ImportError:
        asyncio.run(_client(conn, spec))
    else:
        uvloop.run(_client(conn, spec))


async def _client(conn: Connection, spec: dict[str, Any]) -> None:
    import websockets

    loop = asyncio.get_running_loop()
    subscribers: list[Subscriber] = []
    heard: dict[str, int] = defaultdict(int)  # idea id -> subscribers that heard it
    failures: list[str] = []
    extensions: set[str] = set()
    gate = asyncio.Semaphore(spec["concurrency"])
    pong = json.dumps({"type": "pong"})
    subscribe = json.dumps(
        {"id": "1", "type": "subscribe",
         "payload": {"query": ACTIVITY, "variables": {"jam": spec["jam_id"]}}}
    )

    async def read(sub: Subscriber) -> None:
        try:
            async for raw in sub.socket:
                at = time.monotonic()
                message = json.loads(raw)
                kind = message.get("type")
                if kind == "next":
                    payload = message["payload"]
                    event = (payload.get("data") or {}).get("jamActivity") or {}
                    if payload.get("errors"):
                        sub.errors.append(json.dumps(payload["errors"])[:300])
                    if event.get("__typename") == "IdeaPosted":
                        idea = str(event["idea"]["id"])
                        sub.receipts.append((idea, at, str(event["position"])))
                        if idea not in sub.seen:
                            sub.seen.add(idea)
                            heard[idea] += 1
                    else:
                        sub.other += 1
                elif kind == "ping":
                    await sub.socket.send(pong)
                elif kind in ("error", "complete"):
                    sub.errors.append(str(message)[:300])
        except websockets.ConnectionClosed:
            pass
        finally:
            sub.open = False
            sub.close_code = sub.socket.close_code

    async def open_one(index: int) -> None:
        url = spec["urls"][index % len(spec["urls"])]
        token = spec["tokens"][index % len(spec["tokens"])]
        async with gate:
            for attempt in range(3):
                socket = None
                try:
                    socket = await websockets.connect(
                        url, subprotocols=[PROTOCOL],  # type: ignore[list-item]
                        compression=spec["compression"], proxy=None, ping_interval=None,
                        open_timeout=60, max_queue=None,
                    )
                    await socket.send(json.dumps(
                        {"type": "connection_init", "payload": {"authToken": token}}))
                    ack = json.loads(await asyncio.wait_for(socket.recv(), 60))
                    if ack.get("type") != "connection_ack":
                        raise RuntimeError(f"expected connection_ack, got {ack}")
                    await socket.send(subscribe)
                except Exception as error:
                    failures.append(f"attempt {attempt + 1}: {type(error).__name__}: {error}")
                    if socket is not None:
                        with contextlib.suppress(Exception):
                            await socket.close()
                    await asyncio.sleep(0.5)
                    continue
                header = socket.response.headers.get("Sec-WebSocket-Extensions") if (
                    socket.response is not None) else None
                extensions.add(header or "none")
                sub = Subscriber(socket)
                subscribers.append(sub)
                readers.add(asyncio.create_task(read(sub)))
                return

    async def report_progress() -> None:
        while True:
            await asyncio.sleep(5.0)
            conn.send(("progress", len(subscribers)))

    readers: set[asyncio.Task[None]] = set()
    started = time.monotonic()
    opening = [asyncio.create_task(open_one(spec["first"] + i)) for i in range(spec["count"])]
    reporter = asyncio.create_task(report_progress())
    _, pending = await asyncio.wait(opening, timeout=spec["connect_seconds"])
    for task in pending:  # out of time: measure with the subscriptions that are open
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    reporter.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await reporter
    conn.send(("connected", {
        "ok": len(subscribers), "wanted": spec["count"], "seconds": time.monotonic() - started,
        "gave_up": len(pending),
        "failed_attempts": len(failures), "failure_samples": failures[:5],
        "extensions": sorted(extensions),
    }))

    while True:
        command, argument = await loop.run_in_executor(None, conn.recv)
        if command == "wait":
            ids, timeout, grace = argument
            began = time.monotonic()
            deadline = began + timeout
            while time.monotonic() < deadline:
                alive = sum(1 for s in subscribers if s.open)
                if all(heard[i] >= alive for i in ids):
                    break
                await asyncio.sleep(0.02)
            reached = time.monotonic() - began
            await asyncio.sleep(grace)  # late duplicates would show up here
            conn.send(("waited", {
                "seconds": reached, "complete": all(heard[i] >= len(subscribers) for i in ids),
                "heard": {i: heard[i] for i in ids},
            }))
        elif command == "collect":
            conn.send(("collected", _collect(subscribers, argument)))
        else:
            break
    for task in readers:
        task.cancel()


def _collect(subscribers: list[Subscriber], responses: dict[str, float]) -> dict[str, Any]:
    """Latencies and counts for the ideas in ``responses`` (idea id -> response time)."""
    from jam.events import Position

    latencies: list[float] = []
    last: dict[str, float] = {}
    missed = duplicated = disorder = 0
    for sub in subscribers:
        firsts: dict[str, float] = {}
        previous: Position | None = None
        for idea, at, position in sub.receipts:
            if idea not in responses:
                continue
            if idea in firsts:
                duplicated += 1
                continue
            current = Position.parse(position)
            if previous is not None and current <= previous:
                disorder += 1
            previous = current
            firsts[idea] = at
            latencies.append(at - responses[idea])
            last[idea] = max(last.get(idea, at), at)
        missed += len(responses) - len(firsts)
    closes: dict[str, int] = defaultdict(int)
    for sub in subscribers:
        if not sub.open:
            closes[str(sub.close_code)] += 1
    errors = [e for s in subscribers for e in s.errors]
    return {
        "latencies": latencies, "last": last, "missed": missed, "duplicated": duplicated,
        "disorder": disorder, "other": sum(s.other for s in subscribers), "closed": dict(closes),
        "errors": len(errors), "error_samples": errors[:5],
    }


class ClientPool:
    """``procs`` client processes holding ``total`` subscriptions between them."""

    def __init__(
        self, procs: int, total: int, urls: list[str], tokens: list[str], jam_id: str,
        concurrency: int, compression: bool, connect_seconds: float,
    ) -> None:
        context = multiprocessing.get_context("spawn")
        self.processes: list[Any] = []
        self.pipes: list[Connection] = []
        ws_urls = [u.replace("http://", "ws://") + "/graphql" for u in urls]
        share, extra = divmod(total, procs)
        first = 0
        for number in range(procs):
            count = share + (1 if number < extra else 0)
            ours, theirs = context.Pipe()
            spec = {
                "urls": ws_urls, "tokens": tokens, "jam_id": jam_id, "first": first,
                "count": count, "concurrency": max(1, concurrency // procs),
                "compression": "deflate" if compression else None,
                "connect_seconds": connect_seconds,
            }
            process = context.Process(target=client_process, args=(theirs, spec), daemon=True)
            process.start()
            self.processes.append(process)
            self.pipes.append(ours)
            first += count

    def receive(self, expected: str, timeout: float,
                progress: Callable[[int], None] | None = None) -> list[dict[str, Any]]:
        """Every process's answer; ``progress`` hears the summed "progress" counts meanwhile."""
        deadline = time.monotonic() + timeout
        answers: dict[int, dict[str, Any]] = {}
        counts = [0] * len(self.pipes)
        while len(answers) < len(self.pipes):
            for number, (pipe, process) in enumerate(zip(self.pipes, self.processes,
                                                         strict=True)):
                if number in answers:
                    continue
                if not pipe.poll(0.05):
                    if not process.is_alive():
                        raise RuntimeError(f"client process {process.pid} died")
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"client process {process.pid}: no {expected!r} "
                                           f"answer within {timeout:.0f} s")
                    continue
                kind, answer = pipe.recv()
                if kind == "progress":
                    counts[number] = answer
                    if progress is not None and number == len(self.pipes) - 1:
                        progress(sum(counts))
                    continue
                assert kind == expected, kind
                answers[number] = answer
        return [answers[n] for n in range(len(self.pipes))]

    def ask(self, command: str, argument: Any, expected: str, timeout: float
            ) -> list[dict[str, Any]]:
        for pipe in self.pipes:
            pipe.send((command, argument))
        return self.receive(expected, timeout)

    def cpu(self) -> float:
        return sum(cpu_seconds(p.pid) or 0.0 for p in self.processes)

    def cpu_each(self) -> list[float]:
        return [cpu_seconds(p.pid) or 0.0 for p in self.processes]

    def close(self) -> None:
        for pipe in self.pipes:
            with contextlib.suppress(OSError):
                pipe.send(("close", None))
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join(timeout=5)


# -- the parent: servers, poster, figures ------------------------------------------------------


def raise_fd_limit() -> int:
    """Raise this process's open-file limit to its hard limit (children inherit it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def start_servers(url: str, count: int, workdir: Path, args: argparse.Namespace
                  ) -> list[Server]:
    env = server_env(url)
    if args.session_check_seconds is not None:
        env["JAM_SESSION_CHECK_SECONDS"] = str(args.session_check_seconds)
    servers = []
    for number in range(count):
        port = free_port()
        servers.append(Server(
            f"jam serve #{number + 1}",
            [sys.executable, "-m", "jam.cli", "serve", "--no-worker", "--workers", "1",
             "--host", "127.0.0.1", "--port", str(port), "--database-url", url,
             "--log-level", "warning"],
            env, port, workdir / f"server-{number + 1}.log",
        ))
    for server in servers:
        server.start()
    for server in servers:
        server.wait_ready()
    return servers


def server_cpu(servers: list[Server]) -> float:
    return sum(cpu_seconds(pid) or 0.0 for server in servers for pid in server.pids())


def post_idea(url: str, token: str, forum_id: int, title: str) -> tuple[str, float, float]:
    """Post one idea through the HTTP API: (idea id, sent at, response read at)."""
    from bench.load import IDEA_BODY
    from bench.refit_latency import graphql

    sent = time.monotonic()
    data = graphql(url, POST_QUERY, {"forum": str(forum_id), "title": title,
                                     "body": IDEA_BODY, "tags": ["live"]}, token)
    done = time.monotonic()
    payload = data["postIdea"]
    if payload["errors"] or not payload["idea"]:
        raise RuntimeError(f"postIdea failed: {payload['errors']}")
    return str(payload["idea"]["id"]), sent, done


def log_summary(servers: list[Server]) -> list[tuple[int, str]]:
    """The servers' log (warning level and up) as (count, distinct message), most frequent
    first; traceback bodies are left out, the exception of an unretrieved task is kept."""
    counts: Counter[str] = Counter()
    for server in servers:
        with contextlib.suppress(OSError):
            for line in server.log_path.read_text(errors="replace").splitlines():
                text = line.strip()
                if not text or line[:1].isspace() or text.startswith(("Traceback", "^", "~")):
                    continue
                found = re.search(r"exception=(.{0,200})", text)
                counts[f"{server.name}: " + (f"task died with {found.group(1)}" if found
                                             else text[:240])] += 1
    return [(n, message) for message, n in counts.most_common()]


def fanout(label: str, url: str, server_count: int, subscribers: int, args: argparse.Namespace,
           workdir: Path) -> dict[str, Any]:
    """One fan-out measurement; prints as it goes and returns the figures."""
    started = time.monotonic()
    options = Options(
        backends=[], duration=0, warmup=0, concurrency=1, runs=1,
        users=max(1, -(-args.accounts // 3)), ideas=0, vote_ideas=0, workers=1, client="raw",
        ops=[], background_jobs=False, pg_url=args.pg_url, json_path=None,
    )
    scenario = asyncio.run(seed(url, options))
    tokens = [t for group in scenario["tokens"].values() for t in group][: args.accounts]
    poster = scenario["tokens"]["graphql"][0]
    forum = int(scenario["post_forum_id"])
    servers = start_servers(url, server_count, workdir, args)
    pool: ClientPool | None = None
    figures: dict[str, Any] = {"label": label, "subscribers": subscribers}
    try:
        from bench.refit_latency import graphql

        jam_id = str(graphql(servers[0].url, JAM_ID, {"slug": "bench-posts"}, poster)["jam"]["id"])
        print(f"[{label}] seeded {len(tokens)} accounts, servers up in "
              f"{time.monotonic() - started:.1f} s; opening {subscribers:,} subscriptions ...",
              flush=True)
        cpu0, connect0 = server_cpu(servers), time.monotonic()
        pool = ClientPool(args.client_procs, subscribers, [s.url for s in servers], tokens,
                          jam_id, args.connect_concurrency, not args.no_compression,
                          args.connect_timeout)
        meter: dict[str, Any] = {"at": connect0, "cpu": [server_cpu([s]) for s in servers]}

        def progress(count: int) -> None:
            now, cpu = time.monotonic(), [server_cpu([s]) for s in servers]
            busy = [(b - a) / (now - meter["at"]) for a, b in zip(meter["cpu"], cpu, strict=True)]
            meter.update(at=now, cpu=cpu)
            print(f"    {now - connect0:5.0f} s: {count:,} open; server CPU "
                  f"{' / '.join(f'{b:.0%}' for b in busy)}", flush=True)

        connected = pool.receive("connected", args.connect_timeout + 60, progress)
        connect_s = time.monotonic() - connect0
        connect_cpu = server_cpu(servers) - cpu0
        ok = sum(c["ok"] for c in connected)
        figures.update(connected=ok, connect_seconds=connect_s)
        extensions = sorted({e for c in connected for e in c["extensions"]})
        print(f"[{label}] connected {ok:,}/{subscribers:,} in {connect_s:.1f} s "
              f"({ok / connect_s:.0f}/s incl. process start-up); server CPU {connect_cpu:.1f} s "
              f"({connect_cpu / max(ok, 1) * 1000:.2f} ms per subscription); "
              f"extensions: {', '.join(extensions)}", flush=True)
        gave_up = sum(c["gave_up"] for c in connected)
        if gave_up:
            print(f"    stopped opening after --connect-timeout {args.connect_timeout:g} s: "
                  f"{gave_up:,} subscriptions not opened; measuring with the {ok:,} open ones")
        for c in connected:
            if c["failed_attempts"]:
                print(f"    {c['failed_attempts']} failed attempts, e.g. {c['failure_samples']}")

        # One probe idea: once every socket has heard it, every subscription is registered
        # with its server's feed (graphql-transport-ws does not acknowledge a subscribe).
        idea, _, _ = post_idea(servers[0].url, poster, forum, "Probe")
        probe_timeout = min(30.0, args.deliver_timeout)
        waited = pool.ask("wait", ([idea], probe_timeout, 0.0), "waited", probe_timeout + 30)
        heard = sum(w["heard"][idea] for w in waited)
        figures["probe_heard"] = heard
        print(f"[{label}] probe idea heard by {heard:,}/{ok:,} subscribers within "
              f"{max(w['seconds'] for w in waited):.2f} s", flush=True)

        idle0 = time.monotonic()
        cpu_idle0, client_idle0 = [server_cpu([s]) for s in servers], pool.cpu()
        time.sleep(args.idle_seconds)
        idle_s = time.monotonic() - idle0
        idle_each = [(server_cpu([s]) - c) / idle_s for s, c in zip(servers, cpu_idle0,
                                                                    strict=True)]
        idle_rate = sum(idle_each)
        client_idle = (pool.cpu() - client_idle0) / idle_s
        figures["idle_server_cpu"] = idle_each
        print(f"[{label}] idle with {ok:,} open subscriptions: server CPU "
              f"{' + '.join(f'{c:.0%}' for c in idle_each)} of a core, clients "
              f"{client_idle:.0%}", flush=True)

        rounds = []
        for round_index in range(args.rounds):
            rounds.append(_post_round(label, round_index, servers, pool, poster, forum, ok,
                                      idle_rate, args))
        figures["rounds"] = rounds
    finally:
        if pool is not None:
            pool.close()
        for server in servers:
            server.stop()
        lines = log_summary(servers)
        figures["log"] = lines
        if args.keep_logs:
            keep = Path(args.keep_logs)
            keep.mkdir(parents=True, exist_ok=True)
            for server in servers:
                with contextlib.suppress(OSError):
                    shutil.copy(server.log_path, keep / f"{label}-{server.log_path.name}")
        if lines:
            print(f"[{label}] server logs (warning level and up; tracebacks left out), "
                  f"{len(lines)} distinct message(s):")
            for count, message in lines[:12]:
                print(f"    {count:6,} x {message}")
        else:
            print(f"[{label}] server logs (warning level): empty")
    return figures


def _post_round(label: str, round_index: int, servers: list[Server], pool: ClientPool,
                poster: str, forum: int, subscribers: int, idle_rate: float,
                args: argparse.Namespace) -> dict[str, Any]:
    responses: dict[str, float] = {}
    round_trips: list[float] = []
    failed_posts: list[str] = []
    cpu0, client0 = server_cpu(servers), pool.cpu_each()
    pressure0 = cpu_pressure_seconds()
    began = time.monotonic()
    # Open loop: each idea goes out at its scheduled time on its own connection, however long
    # the earlier ones take, so a slow server does not lower the offered rate.
    with ThreadPoolExecutor(max_workers=args.ideas) as executor:
        posts = []
        for number in range(args.ideas):
            time.sleep(max(0.0, began + number * args.spacing - time.monotonic()))
            posts.append(executor.submit(post_idea, servers[0].url, poster, forum,
                                         f"Live idea {round_index}-{number}"))
        for post in posts:
            try:
                idea, sent, done = post.result()
            except (OSError, RuntimeError) as error:  # a timeout is an OSError
                failed_posts.append(f"{type(error).__name__}: {error}"[:300])
                continue
            responses[idea] = done
            round_trips.append(done - sent)
    if not responses:
        raise RuntimeError(f"every postIdea failed, e.g. {failed_posts[0]}")
    waited = pool.ask("wait", (list(responses), args.deliver_timeout, args.grace), "waited",
                      args.deliver_timeout + args.grace + 30)
    # The window ends when the last subscriber heard the last idea (not after the grace).
    window = time.monotonic() - began - args.grace
    spent = server_cpu(servers) - cpu0
    client_spent = [a - b for a, b in zip(pool.cpu_each(), client0, strict=True)]
    pressure1, pressure_s = cpu_pressure_seconds(), time.monotonic() - began
    collected = pool.ask("collect", responses, "collected", 120)
    latencies = sorted(x for c in collected for x in c["latencies"])
    last: dict[str, float] = {}
    for c in collected:
        for idea, at in c["last"].items():
            last[idea] = max(last.get(idea, at), at)
    per_idea = [(last[i] - responses[i]) * 1000 if i in last else float("nan") for i in responses]
    delivered = len(latencies)
    counts = {k: sum(c[k] for c in collected) for k in
              ("missed", "duplicated", "disorder", "other", "errors")}
    closed: dict[str, int] = defaultdict(int)
    for c in collected:
        for code, n in c["closed"].items():
            closed[code] += n
    result = {
        "delivered": delivered, "expected": subscribers * len(responses),
        "p50_ms": percentile(latencies, 0.50) * 1000, "p99_ms": percentile(latencies, 0.99) * 1000,
        "max_ms": latencies[-1] * 1000 if latencies else float("nan"),
        "min_ms": latencies[0] * 1000 if latencies else float("nan"),
        "per_idea_last_ms": per_idea, "post_p50_ms": percentile(sorted(round_trips), 0.5) * 1000,
        "post_max_ms": max(round_trips, default=float("nan")) * 1000,
        "window_s": window, "server_cpu_s": spent,
        "cpu_us_per_event": spent / delivered * 1e6 if delivered else float("nan"),
        "net_cpu_us_per_event": (spent - idle_rate * window) / delivered * 1e6
        if delivered else float("nan"),
        "client_cpu": [c / window for c in client_spent],
        "host_psi": (pressure1 - pressure0) / pressure_s
        if pressure0 is not None and pressure1 is not None else None,
        "complete": all(w["complete"] for w in waited), "failed_posts": len(failed_posts),
        **counts, "closed": dict(closed),
        "error_samples": [e for c in collected for e in c["error_samples"]][:5],
    }
    print(
        f"[{label}] round {round_index + 1}: {args.ideas} ideas {args.spacing:g} s apart -> "
        f"{delivered:,}/{result['expected']:,} deliveries; latency p50 {result['p50_ms']:.0f} ms"
        f", p99 {result['p99_ms']:.0f} ms, max {result['max_ms']:.0f} ms (min "
        f"{result['min_ms']:.0f}); missed {counts['missed']}, duplicated {counts['duplicated']},"
        f" out of order {counts['disorder']}, other events {counts['other']}, errors "
        f"{counts['errors']}, closed sockets {dict(closed) or 0}", flush=True)
    print(f"    last subscriber reached (ms after each response): "
          f"{' '.join(f'{x:.0f}' for x in per_idea)}")
    print(
        f"    server CPU {spent:.1f} s over {window:.1f} s = {result['cpu_us_per_event']:.0f} µs "
        f"per delivered event ({_net(result['net_cpu_us_per_event'])} without the idle share);"
        f" clients {' / '.join(f'{c:.0%}' for c in result['client_cpu'])} of a core; postIdea "
        f"p50 {result['post_p50_ms']:.0f} ms, max {result['post_max_ms']:.0f} ms; host psi "
        f"{'-' if result['host_psi'] is None else format(result['host_psi'], '.0%')}",
        flush=True)
    for sample in result["error_samples"]:
        print(f"    error: {sample}")
    if failed_posts:
        print(f"    {len(failed_posts)} postIdea request(s) failed (their deliveries are not "
              f"counted), e.g. {failed_posts[0]}")
    return result


def summary_line(figures: dict[str, Any], servers: int) -> str:
    rounds = figures.get("rounds") or []
    if not rounds:
        return f"{figures['label']}: no measurement"

    def med(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    def total(key: str) -> int:
        return sum(r[key] for r in rounds)

    return (
        f"{figures['label']:<11}{figures['connected']:>7,}/{figures['subscribers']:<7,}"
        f"{servers:>3} {med('p50_ms'):>8.0f}{med('p99_ms'):>8.0f}{med('max_ms'):>8.0f}"
        f"{total('missed'):>7}{total('duplicated'):>5}{total('disorder'):>6}"
        f"{med('cpu_us_per_event'):>10.0f}{_net(med('net_cpu_us_per_event')):>9}"
        f"   {' / '.join(f'{c:.0%}' for c in rounds[0]['client_cpu']):<11}"
        f"{_share(statistics.median(r['host_psi'] or 0.0 for r in rounds)):>6}"
    )


def _net(micros: float) -> str:
    """CPU per event without the idle share: meaningless (shown "-") when the server was
    saturated, since its idle work (session checks) is then itself held back."""
    return f"{micros:.0f} µs" if micros > 0 else "-"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def run_sqlite(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    url = f"sqlite+aiosqlite:///{workdir / 'live.db'}"
    return fanout("sqlite", url, 1, args.subscribers, args, workdir)


def run_postgresql(args: argparse.Namespace, workdir: Path) -> dict[str, Any] | None:
    from jam.config import normalize_database_url

    reason = asyncio.run(reset_postgres(args.pg_url))
    if reason:
        print(f"[postgresql] skipped: {reason}")
        return None
    try:
        return fanout("postgresql", normalize_database_url(args.pg_url), 2,
                      args.pg_subscribers, args, workdir)
    finally:
        with contextlib.suppress(Exception):
            asyncio.run(drop_postgres(args.pg_url))


def _per_cpu(stats: dict[str, Any]) -> str:
    return f"{stats['rps'] / stats['server_cpu']:.0f}" if stats["server_cpu"] else "-"


def run_writes(args: argparse.Namespace, workdir: Path) -> list[tuple[str, dict[str, Any]]]:
    """vote and plain_vote through bench/api.py's run_backend, per backend."""
    options = Options(
        backends=list(args.write_backends), duration=args.write_duration,
        warmup=args.write_warmup, concurrency=32, runs=args.write_runs, users=64, ideas=200,
        vote_ideas=50, workers=1, client="raw", ops=["vote", "plain_vote"],
        background_jobs=False, pg_url=args.pg_url, json_path=None,
    )
    results = []
    for backend in options.backends:
        folder = workdir / backend
        folder.mkdir()
        result = run_backend(backend, options, folder)
        if result.skipped:
            print(f"[writes] {backend} skipped: {result.skipped}")
            continue
        vote, plain = summarize(result.runs["vote"]), summarize(result.runs["plain_vote"])
        ratio = statistics.median(
            v["rps"] / p["rps"] for v, p in
            zip(result.runs["vote"], result.runs["plain_vote"], strict=True) if p["rps"]
        )
        results.append((backend, {
            "vote": vote, "plain": plain, "ratio": ratio, "consistent": result.consistent,
        }))
    return results


# -- main -------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Live updates: subscription fan-out over WebSockets (SQLite, one server; "
        "PostgreSQL, two servers) and the vote's write cost with the outbox. Prints figures.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--parts", default=",".join(PARTS), help="comma-separated: "
                        + ", ".join(PARTS))
    parser.add_argument("--subscribers", type=int, default=2000,
                        help="WebSocket subscribers on SQLite (one server)")
    parser.add_argument("--pg-subscribers", type=int, default=10000,
                        help="subscribers on PostgreSQL, split between two servers")
    parser.add_argument("--ideas", type=int, default=20, help="ideas posted per round")
    parser.add_argument("--spacing", type=float, default=0.5, help="seconds between ideas")
    parser.add_argument("--rounds", type=int, default=1,
                        help="posting rounds per fan-out part (medians shown)")
    parser.add_argument("--accounts", type=int, default=24,
                        help="accounts the subscribers sign in as (shared)")
    parser.add_argument("--client-procs", type=int, default=2,
                        help="client processes holding the subscribers")
    parser.add_argument("--connect-concurrency", type=int, default=64,
                        help="WebSocket handshakes in flight at once (over all client processes)")
    parser.add_argument("--no-compression", action="store_true",
                        help="do not offer permessage-deflate")
    parser.add_argument("--session-check-seconds", type=float,
                        help="diagnostic: the servers' JAM_SESSION_CHECK_SECONDS (how often each "
                        "socket re-checks its session; server default 15)")
    parser.add_argument("--idle-seconds", type=float, default=5.0,
                        help="seconds of server CPU metering with the sockets open, no events")
    parser.add_argument("--connect-timeout", type=float, default=120.0,
                        help="stop opening subscriptions after this long (then measure with "
                        "the open ones)")
    parser.add_argument("--deliver-timeout", type=float, default=60.0,
                        help="after the last idea, wait at most this long for every delivery")
    parser.add_argument("--grace", type=float, default=1.0,
                        help="seconds to keep listening after the last delivery (duplicates)")
    parser.add_argument("--write-runs", type=int, default=3, help="interleaved vote rounds")
    parser.add_argument("--write-duration", type=float, default=10.0,
                        help="measured seconds per vote target")
    parser.add_argument("--write-warmup", type=float, default=2.0)
    parser.add_argument("--write-backends", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=os.environ.get("JAM_BENCH_LIVE_PG_URL",
                                                           DEFAULT_PG_URL),
                        help="scratch PostgreSQL database (dropped and recreated; its name "
                        "must contain 'bench'; env JAM_BENCH_LIVE_PG_URL)")
    parser.add_argument("--time-limit", type=float, default=900.0,
                        help="stop everything after this many seconds")
    parser.add_argument("--quick", action="store_true",
                        help="smoke check: 200 / 400 subscribers, 5 ideas, one 3 s vote round")
    parser.add_argument("--json", dest="json_path", help="also write the figures here")
    parser.add_argument("--keep-logs", metavar="DIR", help="copy the servers' logs here")
    args = parser.parse_args(argv)
    args.parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    if set(args.parts) - set(PARTS):
        parser.error(f"--parts: choose from {', '.join(PARTS)}")
    args.write_backends = [b.strip() for b in args.write_backends.split(",") if b.strip()]
    if args.quick:
        args.subscribers, args.pg_subscribers, args.ideas = 200, 400, 5
        args.write_runs, args.write_duration, args.write_warmup = 1, 3.0, 1.0
        args.idle_seconds = 2.0
    if args.client_procs < 1 or args.ideas < 1 or args.accounts < 1:
        parser.error("--client-procs, --ideas and --accounts must be at least 1")
    return args


def _exit_on_signal(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds through the finally blocks that stop the servers


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("JAM_ARGON2_PROFILE", "CHEAPEST")  # seeding only; servers unset it
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGALRM, _exit_on_signal)
    signal.alarm(int(args.time_limit))
    limit = raise_fd_limit()
    print(f"live benchmark {time.strftime('%Y-%m-%d %H:%M')}: {os.cpu_count()} CPUs, open-file "
          f"limit {limit:,}; client: {args.client_procs} process(es) of websockets "
          f"on uvloop, {args.connect_concurrency} handshakes in flight, compression "
          f"{'off' if args.no_compression else 'offered'}", flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="jam-bench-live-"))
    fanouts: list[tuple[dict[str, Any], int]] = []
    writes: list[tuple[str, dict[str, Any]]] = []
    began = time.monotonic()
    failures: list[str] = []
    try:
        for part in args.parts:
            folder = workdir / part
            folder.mkdir()
            try:
                if part == "sqlite":
                    fanouts.append((run_sqlite(args, folder), 1))
                elif part == "postgresql":
                    figures = run_postgresql(args, folder)
                    if figures is not None:
                        fanouts.append((figures, 2))
                else:
                    writes = run_writes(args, folder)
            except (RuntimeError, OSError, TimeoutError, KeyError) as error:
                failures.append(f"{part}: {type(error).__name__}: {error}")
                print(f"[{part}] FAILED: {type(error).__name__}: {error}", flush=True)
    finally:
        signal.alarm(0)
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"\nsummary ({time.monotonic() - began:.0f} s)")
    clean = True
    if fanouts:
        print(f"fan-out: {args.ideas} ideas {args.spacing:g} s apart, {args.rounds} round(s) "
              f"(medians), latency from the postIdea response to receipt")
        print(f"{'backend':<11}{'subscribers':>15}{'srv':>4}{'p50 ms':>9}{'p99 ms':>8}"
              f"{'max ms':>8}{'missed':>7}{'dup':>5}{'order':>6}{'µs/event':>10}{'net µs':>9}"
              f"   client cpu  host psi")
        for figures, servers in fanouts:
            print(summary_line(figures, servers))
            for r in figures.get("rounds", []):
                clean = clean and r["missed"] == 0 and r["duplicated"] == 0 and r["disorder"] == 0
            clean = clean and figures["connected"] == figures["subscribers"]
    if writes:
        print(f"writes: vote at concurrency 32, median of {args.write_runs} round(s) of "
              f"{args.write_duration:g} s (bench/api.py)")
        print(f"{'backend':<11}{'vote req/s':>11}{'p99 ms':>8}{'req/cpu-s':>10}"
              f"{'plain req/s':>12}{'p99 ms':>8}{'req/cpu-s':>10}{'ratio':>7}{'host psi':>9}"
              f"   before the outbox: vote / plain req/s (ratio)")
        for backend, w in writes:
            before_vote, before_plain = BEFORE_OUTBOX[backend]
            vote, plain = w["vote"], w["plain"]
            print(f"{backend:<11}{vote['rps']:>11.1f}{vote['p99_ms']:>8.0f}{_per_cpu(vote):>10}"
                  f"{plain['rps']:>12.1f}{plain['p99_ms']:>8.0f}{_per_cpu(plain):>10}"
                  f"{w['ratio']:>7.0%}"
                  f"{_share(max(vote['cpu_pressure'] or 0, plain['cpu_pressure'] or 0)):>9}   "
                  f"{before_vote:.0f} / {before_plain:.0f} ({before_vote / before_plain:.0%}); "
                  f"errors {vote['errors'] + plain['errors']}, counters "
                  f"{'consistent' if w['consistent'] else 'INCONSISTENT'}")
            clean = clean and w["consistent"] is not False
        print("ratio = median of the per-round vote / plain req/s; req/cpu-s = req/s per server "
              "CPU-second (the cost of a request, steadier than req/s on a busy host)")
    for failure in failures:
        print(f"part failed: {failure}")
        clean = False
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(
            {"fanout": [f for f, _ in fanouts], "writes": dict(writes)}, indent=2, default=str))
    if not clean:
        print("NOTE: some subscriptions failed to open, or deliveries were missed, duplicated or "
              "out of order, or counters did not match (see above)")
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
