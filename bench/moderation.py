"""Moderation under a surge: 1,000 flags and 5,000 posts in a minute at a live jam, while a
moderator's console reads the queue and listens to the jam.

Run: ``.venv/bin/python bench/moderation.py`` (``make bench-moderation``); ``--help`` lists the
knobs. Benchmarks print figures; they are not tests.

One ``jam serve --no-worker --workers 1`` on a temporary SQLite file (``--postgresql`` uses
the database at ``--pg-url`` instead, dropped and recreated: its name must contain "bench"),
seeded through the actions layer with ``--members`` members and ``--ideas`` ideas. Then:

1. idle: the console's queue query (``moderationQueue(first: 20)`` with each item's idea, as
   the console asks) ``--samples`` times one after another, on the empty queue;
2. surge: ``--posts`` postIdea and ``--flags`` flagItem calls spread evenly over
   ``--seconds`` in an open loop (each at its scheduled time on its own request, however long
   the earlier ones take), by random members; the flags fall on ``--flagged`` ideas, so many
   reach the jam's threshold (3) and hide their idea. Meanwhile the console reads the queue
   every ``--poll`` seconds and listens to ``jamActivity`` over a WebSocket; the lag of each
   ``ItemFlagged`` event is measured from the moment its flagItem response was read;
3. idle again, on the full queue (the baseline the surge figures are divided by).

Figures: writes offered and answered per second, their p50/p99 latency and errors; queue
query p50/p99 idle (empty), during the surge and idle on the full queue, with the ratio
surge/idle-full; ItemFlagged lag p50/p99 and any event not heard; the server's CPU seconds
and peak resident memory. The goal (issue "Moderators steer a live jam"): queue p99 ≤ 100 ms
during the surge.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.api import PASSWORD, Server, drop_postgres, free_port, reset_postgres, server_env
from bench.load import cpu_seconds, percentile
from tests.live_client import LiveClient

QUEUE = """query($slug: String!) { jam(slug: $slug) { moderationQueue(first: 20) {
  totalCount items { id kind flagCount firstFlaggedAt reasons { reason count } notes
  idea { id title hidden author { displayName } } comment { id body } } } } }"""
POST = """mutation($forum: ID!, $title: String!) { postIdea(input: {forumId: $forum,
  title: $title, body: "Posted during the surge, with a little body text."}) {
  idea { id } errors { code } } }"""
FLAG = """mutation($id: ID!, $reason: FlagReason!) { flagItem(input: {item: {kind: IDEA,
  id: $id}, reason: $reason}) { flag { id } errors { code } } }"""
ACTIVITY = """subscription($jam: ID!) { jamActivity(jamId: $jam) { __typename
  ... on ItemFlagged { itemId flagCount } } }"""


@dataclass
class Seeded:
    url: str
    slug: str
    jam_id: int
    forum_ids: list[int]
    idea_ids: list[int]
    moderator_token: str
    member_tokens: list[str]


async def seed(url: str, members: int, ideas: int) -> Seeded:
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

        async def person(name: str, role: GlobalRole = GlobalRole.MEMBER) -> tuple[Actor, str]:
            email = f"{name}@bench.example"
            user = await actions.create_user(
                rt, email=email, password=PASSWORD, display_name=name.title(), role=role
            )
            assert user.id is not None
            signed_in = await actions.login(rt, email=email, password=PASSWORD)
            return Actor(user.id, role, AccountKind.EMPLOYEE), signed_in.token

        admin, _ = await person("admin", GlobalRole.ADMIN)
        moderator, moderator_token = await person("moderator")
        now = utcnow()
        jam = await actions.create_jam(
            rt, admin, title="Surge jam", slug="surge",
            starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=3),
            forums=[actions.ForumDraft("Work"), actions.ForumDraft("Green")],
            moderator_ids=[moderator.user_id],
        )  # fmt: skip
        assert jam.id is not None
        forum_ids = [f.id for f in await forums_of(rt, jam.id) if f.id is not None]
        actors, tokens = [], []
        for i in range(members):
            actor, token = await person(f"member{i}")
            await actions.join_jam(rt, actor, jam.id)
            actors.append(actor)
            tokens.append(token)
        idea_ids = []
        for i in range(ideas):
            idea = await actions.post_idea(
                rt, actors[i % len(actors)], forum_ids[i % len(forum_ids)],
                title=f"Seeded idea {i}", body="A seeded idea with a short body.",
            )  # fmt: skip
            assert idea.id is not None
            idea_ids.append(idea.id)
    finally:
        await rt.close()
    return Seeded(url, "surge", jam.id, forum_ids, idea_ids, moderator_token, tokens)


@dataclass
class Figures:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    def line(self) -> str:
        ordered = sorted(self.latencies)
        if not ordered:
            return f"0 answered, {self.errors} errors"
        return (
            f"{len(ordered)} answered, {self.errors} errors, "
            f"p50 {1000 * percentile(ordered, 0.5):.1f} ms, "
            f"p99 {1000 * percentile(ordered, 0.99):.1f} ms, "
            f"max {1000 * ordered[-1]:.1f} ms"
        )

    def p99(self) -> float:
        return percentile(sorted(self.latencies), 0.99) if self.latencies else float("nan")


async def call(client: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any]
               ) -> tuple[dict[str, Any] | None, float, float]:  # fmt: skip
    """The response's data (None on any error), when it was sent and when it was read."""
    sent = time.monotonic()
    try:
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
        )  # fmt: skip
        body = response.json()
    except (httpx.HTTPError, ValueError):
        return None, sent, time.monotonic()
    done = time.monotonic()
    if response.status_code != 200 or body.get("errors"):
        return None, sent, done
    return body["data"], sent, done


async def queue_samples(client: httpx.AsyncClient, seeded: Seeded, samples: int) -> Figures:
    figures = Figures()
    for _ in range(samples):
        data, sent, done = await call(client, seeded.moderator_token, QUEUE, {"slug": seeded.slug})
        if data is None:
            figures.errors += 1
        else:
            figures.latencies.append(done - sent)
    return figures


async def surge(client: httpx.AsyncClient, seeded: Seeded, args: argparse.Namespace
                ) -> dict[str, Any]:  # fmt: skip
    rng = random.Random(7)
    targets = seeded.idea_ids[: args.flagged]
    pairs = [(idea, member) for idea in targets for member in range(len(seeded.member_tokens))]
    rng.shuffle(pairs)
    # Nobody flags their own idea: seeded idea i is by member i % members.
    index_of = {idea: i for i, idea in enumerate(seeded.idea_ids)}
    members = len(seeded.member_tokens)
    per_idea: dict[int, int] = {}
    flags = []
    for idea, member in pairs:  # at most the threshold per idea: more would find it hidden
        if index_of[idea] % members != member and per_idea.get(idea, 0) < 3:
            per_idea[idea] = per_idea.get(idea, 0) + 1
            flags.append((idea, member))
        if len(flags) == args.flags:
            break
    writes: list[tuple[str, Any]] = [("post", n) for n in range(args.posts)]
    writes += [("flag", pair) for pair in flags]
    rng.shuffle(writes)
    spacing = args.seconds / max(len(writes), 1)
    posted, flagged, queue = Figures(), Figures(), Figures()
    answered_at: dict[tuple[str, int], float] = {}
    counts: dict[str, int] = {}
    lags: list[float] = []
    heard: set[tuple[str, int]] = set()

    live = await LiveClient.connect(str(client.base_url), seeded.moderator_token)
    op = await live.subscribe(ACTIVITY, {"jam": str(seeded.jam_id)})
    await asyncio.sleep(0.3)

    async def listen() -> None:
        while True:
            event = (await live.next(op, timeout=3600))["jamActivity"]
            if event["__typename"] != "ItemFlagged":
                continue
            key = (event["itemId"], int(event["flagCount"]))
            heard.add(key)
            # An event that beat its flag's response home counts a lag of zero.
            lags.append(max(0.0, time.monotonic() - answered_at.get(key, time.monotonic())))

    async def post(number: int) -> None:
        token = seeded.member_tokens[rng.randrange(members)]
        variables = {"forum": str(seeded.forum_ids[number % 2]), "title": f"Surge idea {number}"}
        data, sent, done = await call(client, token, POST, variables)
        if data is None or data["postIdea"]["errors"]:
            posted.errors += 1
        else:
            posted.latencies.append(done - sent)

    async def flag(idea_id: int, member: int) -> None:
        reason = rng.choice(["SPAM", "OFFENSIVE", "OFF_TOPIC", "DUPLICATE"])
        token = seeded.member_tokens[member]
        data, sent, done = await call(client, token, FLAG, {"id": str(idea_id), "reason": reason})
        if data is None or data["flagItem"]["errors"]:
            flagged.errors += 1
            return
        flagged.latencies.append(done - sent)
        # Per idea, the n-th flag answered is taken as the one whose event says flagCount n.
        counts[str(idea_id)] = counts.get(str(idea_id), 0) + 1
        answered_at.setdefault((str(idea_id), counts[str(idea_id)]), done)

    async def console(stop: asyncio.Event) -> None:
        while not stop.is_set():
            data, sent, done = await call(
                client, seeded.moderator_token, QUEUE, {"slug": seeded.slug}
            )
            if data is None:
                queue.errors += 1
            else:
                queue.latencies.append(done - sent)
            await asyncio.sleep(args.poll)

    listener = asyncio.create_task(listen())
    stop = asyncio.Event()
    reader = asyncio.create_task(console(stop))
    began = time.monotonic()
    tasks = []
    for n, (kind, what) in enumerate(writes):
        delay = began + n * spacing - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(post(what) if kind == "post" else flag(*what)))
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - began
    await asyncio.sleep(2.0)  # the last events arrive
    stop.set()
    await reader
    listener.cancel()
    await live.close()
    expected = set(answered_at)
    return {
        "writes": len(writes),
        "elapsed": elapsed,
        "posted": posted,
        "flagged": flagged,
        "queue": queue,
        "lags": sorted(lags),
        "missed": len(expected - heard),
    }


def server_cpu(server: Server) -> float:
    return sum(cpu_seconds(pid) or 0.0 for pid in server.pids())


def peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


async def run(args: argparse.Namespace, workdir: Path) -> bool:
    if args.postgresql:
        url = await reset_postgres(args.pg_url)
        if url is None:
            print(f"PostgreSQL at {args.pg_url} is not reachable: skipped")
            return True
    else:
        url = f"sqlite+aiosqlite:///{workdir}/surge.db"
    print(f"seeding {args.members} members and {args.ideas} ideas ...", flush=True)
    seeded = await seed(url, args.members, args.ideas)
    port = free_port()
    server = Server(
        "jam serve",
        [sys.executable, "-m", "jam.cli", "serve", "--port", str(port), "--database-url", url,
         "--no-worker", "--workers", str(args.workers), "--host", "127.0.0.1",
         "--log-level", "warning"],
        server_env(url), port, workdir / "server.log",
    )  # fmt: skip
    server.start()
    try:
        server.wait_ready()
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
        async with httpx.AsyncClient(base_url=server.url, timeout=60, limits=limits) as client:
            await queue_samples(client, seeded, 20)  # warm up
            idle_empty = await queue_samples(client, seeded, args.samples)
            cpu_before = server_cpu(server)
            result = await surge(client, seeded, args)
            cpu_surge = server_cpu(server) - cpu_before
            idle_full = await queue_samples(client, seeded, args.samples)
        lags = result["lags"]
        offered = result["writes"] / args.seconds
        answered = len(result["posted"].latencies) + len(result["flagged"].latencies)
        print(f"\nbackend: {'PostgreSQL' if args.postgresql else 'SQLite'}, "
              f"{args.workers} server process(es)")  # fmt: skip
        print(f"surge: {result['writes']} writes offered over {args.seconds:.0f} s "
              f"({offered:.0f}/s), answered {answered} in {result['elapsed']:.1f} s "
              f"({answered / result['elapsed']:.0f}/s)")  # fmt: skip
        print(f"  postIdea: {result['posted'].line()}")
        print(f"  flagItem: {result['flagged'].line()}")
        print(f"queue query, idle, empty queue: {idle_empty.line()}")
        print(f"queue query, during the surge:  {result['queue'].line()}")
        print(f"queue query, idle, full queue:  {idle_full.line()}")
        ratio = result["queue"].p99() / idle_full.p99() if idle_full.latencies else float("nan")
        print(f"  surge p99 / idle p99 (full queue): {ratio:.2f}")
        if lags:
            print(f"ItemFlagged heard by the console: {len(lags)} events, "
                  f"lag p50 {1000 * percentile(lags, 0.5):.0f} ms, "
                  f"p99 {1000 * percentile(lags, 0.99):.0f} ms; "
                  f"not heard: {result['missed']}")  # fmt: skip
        rss = max((peak_rss_mb(pid) or 0.0 for pid in server.pids()), default=0.0)
        print(f"server: {cpu_surge:.1f} CPU s during the surge "
              f"({cpu_surge / result['elapsed']:.0%} of a core), peak RSS {rss:.0f} MB")
        goal = result["queue"].p99() <= 0.100
        print(f"goal: queue p99 during the surge <= 100 ms: {'met' if goal else 'NOT met'}")
        return goal and result["missed"] == 0
    finally:
        server.stop()
        if args.postgresql:
            await drop_postgres(url)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=200, help="members who post and flag")
    parser.add_argument("--ideas", type=int, default=2000, help="ideas seeded before the surge")
    parser.add_argument("--posts", type=int, default=5000, help="ideas posted in the surge")
    parser.add_argument("--flags", type=int, default=1000, help="flags raised in the surge")
    parser.add_argument(
        "--flagged", type=int, default=400, help="ideas the flags fall on (≤ 3 flags each)"
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the surge")
    parser.add_argument("--poll", type=float, default=0.25, help="console's queue refresh (s)")
    parser.add_argument("--samples", type=int, default=200, help="idle queue reads")
    parser.add_argument("--workers", type=int, default=1, help="server processes (uvicorn)")
    parser.add_argument("--postgresql", action="store_true", help="PostgreSQL, not SQLite")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/jam_bench")
    parser.add_argument("--quick", action="store_true", help="a 10 s surge of 1/6 the size")
    args = parser.parse_args(argv)
    if args.quick:
        args.posts, args.flags, args.seconds, args.samples = 830, 170, 10.0, 50
        args.ideas, args.flagged = 500, 70
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jam-bench-moderation-") as workdir:
        ok = asyncio.run(run(args, Path(workdir)))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
