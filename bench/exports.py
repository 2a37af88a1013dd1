"""Exports at IBM scale: gathering a 46,000-idea jam's themes and writing each format.

Run: ``.venv/bin/python bench/exports.py [--ideas 46000] [--themes 40] [--runs 3]``

Builds a temporary SQLite jam (or ``--database-url``) in bulk: 3,000 authors (half of them with
an org unit and a country), 46,000 ideas over four forums and three days with idea-like texts
from ../shared/data (bench/datasets.py; made-up words when it is absent), tags on a third of
them, 1 % hidden; then, written directly as the worker would store them, a theme snapshot with
``--themes`` themes of realistic, long-tailed sizes (every idea in one), an opinion snapshot
(four opinion groups; the theme × group and theme × population matrices) and a connector
snapshot (20 connectors, a team for each of the ten largest themes).

Then, ``--runs`` times each: ``gather_export`` as an administrator (names) and as a moderator
(pseudonyms: one HMAC per idea), and each renderer on the pseudonymous export. Prints the
median seconds (and every run), the bytes written, and the peak memory of one more run under
tracemalloc (Python allocations; the run is slower under it, so it is not timed), and the
process's peak resident set at the end. Goal: ≤ 30 s per format, gathering included.

Benchmarks print figures; they are not tests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from bench.datasets import idea_corpus
from jam import actions
from jam.access import Actor
from jam.actions.accounts import signing_key
from jam.analysis.snapshots import ConnectorResult, FittedThemes, encode_shown
from jam.analysis.themes import ShownTheme
from jam.config import Settings
from jam.exports.formats import RENDERINGS, ExportFormat
from jam.exports.model import Export
from jam.migrate import ensure_schema
from jam.models import (
    AccountKind,
    ConnectorSnapshot,
    GlobalRole,
    Idea,
    IdeaTag,
    IdeaTheme,
    Membership,
    OpinionSnapshot,
    ThemeSnapshot,
    User,
)
from jam.queries.exports import gather_export
from jam.queries.jams import forums_of
from jam.runtime import Runtime
from jam.timeutil import utcnow

AUTHORS = 3_000
BATCH = 5_000
UNITS = ["Research", "Sales", "Consulting", "Software", "Systems", "Finance", "HR", "Legal"]
COUNTRIES = ["US", "DE", "IN", "BR", "JP", "FR", "GB", "CN", "CA", "IT"]
WORDS = [
    "cloud",
    "office",
    "green",
    "team",
    "travel",
    "data",
    "client",
    "energy",
    "learning",
    "health",
    "customer",
    "idea",
    "process",
    "tool",
    "mobile",
    "water",
    "city",
    "school",
]


def texts(n: int) -> list[str]:
    try:
        return idea_corpus(n)
    except FileNotFoundError:
        rng = random.Random(0)
        return [" ".join(rng.choices(WORDS, k=14)) for _ in range(n)]


def theme_sizes(ideas: int, themes: int) -> list[int]:
    """Long-tailed sizes (Zipf-like, s = 0.8) summing to ``ideas``."""
    weights = [1 / (k + 1) ** 0.8 for k in range(themes)]
    total = sum(weights)
    sizes = [max(20, int(ideas * w / total)) for w in weights]
    sizes[0] += ideas - sum(sizes)
    return sizes


def backing(themes: list[int], groups: list[str], rng: random.Random) -> dict[str, Any]:
    rows = []
    for theme in themes:
        cells = []
        for group in groups:
            votes = rng.randint(50, 4_000)
            agrees = rng.randint(0, votes)
            disagrees = rng.randint(0, votes - agrees)
            support = round((agrees + 1) / (votes + 2), 4)
            cells.append(
                {
                    "group": group,
                    "votes": votes,
                    "agrees": agrees,
                    "disagrees": disagrees,
                    "passes": votes - agrees - disagrees,
                    "support": support,
                    "rest_support": 0.5,
                    "z_rest": 1.0,
                    "differs": support > 0.6,
                    "backs": support > 0.55,
                    "opposes": support < 0.3,
                }
            )
        rows.append(
            {
                "theme": theme,
                "votes": sum(c["votes"] for c in cells),
                "cells": cells,
                "spread": 0.3,
                "common_ground": False,
                "splits": True,
            }
        )
    return {"groups": groups, "themes": rows, "common_ground": [], "splitting": []}


def person(user_id: int) -> dict[str, Any]:
    return {
        "id": user_id,
        "name": "",
        "org_unit": UNITS[user_id % len(UNITS)],
        "country": COUNTRIES[user_id % len(COUNTRIES)],
        "is_guest": False,
    }


async def build(url: str, n_ideas: int, n_themes: int) -> tuple[Runtime, int, Actor, Actor]:
    await ensure_schema(url)
    rt = Runtime.from_settings(Settings(database_url=url))
    started = time.perf_counter()
    admin_user = await actions.create_user(
        rt,
        email="admin@bench.example",
        password="correct horse battery",
        display_name="Admin",
        role=GlobalRole.ADMIN,
    )
    moderator_user = await actions.create_user(
        rt,
        email="moderator@bench.example",
        password="correct horse battery",
        display_name="Moderator",
    )
    assert admin_user.id is not None and moderator_user.id is not None
    admin = Actor(admin_user.id, GlobalRole.ADMIN, AccountKind.EMPLOYEE)
    moderator = Actor(moderator_user.id, GlobalRole.MEMBER, AccountKind.EMPLOYEE)
    now = utcnow()
    start = now - timedelta(days=3)
    jam = await actions.create_jam(
        rt,
        admin,
        title="Innovation Jam 2006",
        slug="innovation-jam",
        starts_at=start,
        ends_at=now,
        forums=[actions.ForumDraft(f"Forum {i}") for i in range(1, 5)],
        moderator_ids=[moderator.user_id],
    )
    assert jam.id is not None
    jam_id = jam.id
    forum_ids = [f.id for f in await forums_of(rt, jam_id) if f.id is not None]
    rng = random.Random(2006)

    async def bulk(table: Any, rows: list[dict[str, Any]]) -> None:
        for i in range(0, len(rows), BATCH):
            chunk = rows[i : i + BATCH]

            async def work(session: AsyncSession, chunk: list[dict[str, Any]] = chunk) -> None:
                await session.execute(insert(table), chunk)

            await rt.db.write(work)

    await bulk(
        User,
        [
            {
                "email": f"author{i}@bench.example",
                "email_normalized": f"author{i}@bench.example",
                "display_name": f"Author Number {i}",
                "password_hash": "-",
                "role": "member",
                "kind": "guest" if i % 10 == 0 else "employee",
                "created_at": start,
                "org_unit": UNITS[i % len(UNITS)] if i % 2 else None,
                "country": COUNTRIES[i % len(COUNTRIES)] if i % 2 else None,
            }
            for i in range(AUTHORS)
        ],
    )
    async with rt.db.read() as session:
        from sqlmodel import col, select

        author_ids = list(
            (await session.execute(select(User.id).where(col(User.email).like("author%"))))
            .scalars()
            .all()
        )
    await bulk(
        Membership,
        [
            {"jam_id": jam_id, "user_id": a, "role": "participant", "joined_at": start}
            for a in author_ids
        ],
    )
    corpus = texts(n_ideas + 2)
    span = (now - start).total_seconds()
    idea_rows = []
    for i in range(n_ideas):
        words = corpus[i].split()
        idea_rows.append(
            {
                "jam_id": jam_id,
                "forum_id": forum_ids[i % len(forum_ids)],
                "author_id": author_ids[rng.randrange(len(author_ids))],
                "title": " ".join(words[:9])[:200] or f"Idea {i}",
                "body": " ".join(corpus[i : i + 3])[:2_000],
                "hidden": i % 100 == 99,
                "upvotes": rng.randint(0, 40),
                "downvotes": rng.randint(0, 10),
                "passes": rng.randint(0, 5),
                "comment_count": rng.randint(0, 12),
                "top_score": rng.random(),
                "hot_score": 0.0,
                "created_at": start + timedelta(seconds=rng.random() * span),
                "updated_at": now,
            }
        )
    await bulk(Idea, idea_rows)
    async with rt.db.read() as session:
        idea_ids = list(
            (await session.execute(select(Idea.id).where(Idea.jam_id == jam_id))).scalars().all()
        )
    await bulk(IdeaTag, [{"idea_id": i, "tag": rng.choice(WORDS)} for i in idea_ids[::3]])

    sizes = theme_sizes(len(idea_ids), n_themes)
    shuffled = list(idea_ids)
    rng.shuffle(shuffled)
    themes: list[ShownTheme] = []
    theme_of: list[dict[str, Any]] = []
    at = 0
    for number, size in enumerate(sizes, start=1):
        members = shuffled[at : at + size]
        at += size
        words = rng.sample(WORDS, 8)
        themes.append(
            ShownTheme(
                id=number,
                label=" / ".join(words[:3]),
                keywords=[(w, round(1 / (k + 1), 3)) for k, w in enumerate(words)],
                size=size,
                representative=members[:5],
                position=(rng.random(), rng.random()),
                change="continued",
            )
        )
        theme_of += [
            {"idea_id": i, "theme_id": number, "x": rng.random(), "y": rng.random()}
            for i in members
        ]
    model = {
        "format_version": 1,
        "seed": 2006,
        "n_themes_chosen": n_themes,
        "alpha": 0.1,
        "beta": 0.05,
        "next_id": n_themes + 1,
    }

    async def snapshot(session: AsyncSession) -> int:
        row = ThemeSnapshot(
            jam_id=jam_id,
            version=1,
            reason="closed",
            idea_count=len(idea_ids),
            fitted_at=now,
            model=FittedThemes(model, [], {}).encode(),
            themes=encode_shown(themes),
        )
        session.add(row)
        await session.flush()
        assert row.id is not None
        return row.id

    snapshot_id = await rt.db.write(snapshot)
    await bulk(IdeaTheme, [{**row, "snapshot_id": snapshot_id} for row in theme_of])

    theme_ids = [t.id for t in themes]
    groups = ["0", "1", "2", "3"]
    opinion = {
        "status": "ok",
        "parameters": {"min_votes": 7, "max_groups": 5, "seed": 0},
        "voters": 40_000,
        "groups": [{"id": int(g), "size": 10_000, "representative": []} for g in groups],
        "backing": backing(theme_ids, groups, rng),
        "populations": {
            "kind": backing(theme_ids, ["employee", "guest"], rng),
            "org_unit": backing(theme_ids, [*UNITS, "other"], rng),
            "country": backing(theme_ids, [*COUNTRIES, "other"], rng),
        },
    }
    connectors = [
        {
            "rank": r,
            "person": person(author_ids[r]),
            "score": 1 / r,
            "community": r % 5,
            "reason": "Links communities",
            "measures": {"contacts": 40.0, "betweenness": 0.01},
            "bridges": [
                {"kind": "theme", "group": t, "share": 0.2, "own": False}
                for t in rng.sample(theme_ids, 4)
            ],
            "ties": [],
        }
        for r in range(1, 21)
    ]
    teams = [
        {
            "theme_id": t,
            "theme_label": themes[t - 1].label,
            "requested_size": 6,
            "members": [
                {
                    "person": person(author_ids[100 * t + m]),
                    "role": "contributor",
                    "score": 0.5,
                    "reason": "Top contributor",
                    "idea_ids": [],
                    "related_theme": None,
                }
                for m in range(6)
            ],
            "related_themes": [{"theme_id": (t % n_themes) + 1, "overlap": 0.3}],
            "diversity": {},
            "notes": [],
        }
        for t in theme_ids[:10]
    ]
    result = ConnectorResult(
        people=AUTHORS,
        ideas=len(idea_ids),
        comments=0,
        votes=0,
        communities={"communities": []},
        connectors={"connectors": connectors, "disclosure": {"k": 5}},
        teams=teams,
    )

    async def analyses(session: AsyncSession) -> None:
        session.add(OpinionSnapshot(jam_id=jam_id, reason="closed", result=json.dumps(opinion)))
        session.add(
            ConnectorSnapshot(
                jam_id=jam_id, reason="closed", salt="bench-salt", result=result.encode()
            )
        )

    await rt.db.write(analyses)
    await signing_key(rt)
    print(
        f"built: {len(idea_ids):,} ideas ({len(idea_ids) // 100} hidden), {len(themes)} "
        f"themes ({sizes[0]:,} ... {sizes[-1]:,} ideas), {AUTHORS:,} authors in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return rt, jam_id, admin, moderator


def peak_of(call: Callable[[], object]) -> float:
    """MB of Python allocations at the peak of ``call()`` (tracemalloc)."""
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def line(name: str, seconds: list[float], size: str, peak: float) -> str:
    runs = " / ".join(f"{s:.2f}" for s in seconds)
    return f"| {name} | **{statistics.median(seconds):.2f} s** ({runs}) | {size} | {peak:,.0f} MB |"


async def run(args: argparse.Namespace) -> None:
    folder = tempfile.TemporaryDirectory(prefix="jam-bench-exports-")
    url = args.database_url or f"sqlite+aiosqlite:///{folder.name}/bench.db"
    rt, jam_id, admin, moderator = await build(url, args.ideas, args.themes)
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print("| step | median (runs) | output | tracemalloc peak |")
    print("|---|---|---|---|")
    try:
        exports: dict[str, Export] = {}
        for who, actor in (("admin, named", admin), ("moderator, pseudonymous", moderator)):
            seconds = []
            for _ in range(args.runs):
                began = time.perf_counter()
                exports[who] = await gather_export(rt, actor, jam_id)
                seconds.append(time.perf_counter() - began)

            def again(actor: Actor = actor) -> Awaitable[Export]:
                return gather_export(rt, actor, jam_id)

            tracemalloc.start()
            await again()
            peak = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
            ideas = sum(t.size for t in exports[who].themes)
            print(line(f"gather_export ({who})", seconds, f"{ideas:,} ideas", peak), flush=True)
        export = exports["moderator, pseudonymous"]
        for format in ExportFormat:
            render = RENDERINGS[format].render
            seconds = []
            data = b""
            for _ in range(args.runs):
                began = time.perf_counter()
                data = render(export)
                seconds.append(time.perf_counter() - began)
            peak = peak_of(lambda render=render: render(export))  # type: ignore[misc]
            print(
                line(f"to_{format.value}", seconds, f"{len(data) / 1e6:.1f} MB", peak), flush=True
            )
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\npeak resident set of the process: {rss:,.0f} MB")
    finally:
        await rt.close()
        folder.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=46_000)
    parser.add_argument("--themes", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
