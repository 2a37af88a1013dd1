"""Full-text search at InnovationJam size: the ranked, stemmed index (migration 0009) against the
`ILIKE` scan it replaced, in the same run, at 1,000, 10,000 and 46,000 ideas.

Ideas are made from real sentences in English, Spanish and French (../shared/data/sib200: the
same 701 sentences in each language): a title from one sentence's first words, a body of two
sentences of one language. The searches are words drawn from those sentences (frequent and rare,
one or two words, a prefix as typed), in all three languages. Each is answered by
`jam.queries.ideas.list_ideas` (the resolver behind `Jam.ideas(search:)`: count and the first
page of 20) sorted newest first and by relevance; the baseline is the same query with the old
`ILIKE '%…%'` over title and body. Prints p50/p99 per size and the ratios; the goal is
p99 ≤ 50 ms at 46,000 ideas.

    .venv/bin/python bench/search.py [--sizes 1000,10000,46000] [--queries 200]
        [--postgresql postgresql://postgres@127.0.0.1:5432/test]

With --postgresql the same is measured there too (the database is emptied and filled: use the
test database, never one that matters).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Table as SATable
from sqlalchemy import func, insert, or_, select, text

from jam import validation
from jam.access import Actor
from jam.config import Settings
from jam.migrate import ensure_schema
from jam.models import AccountKind, Forum, GlobalRole, Idea, Jam, User
from jam.queries.ideas import IdeaFilter, IdeaSort, list_ideas
from jam.runtime import Runtime
from jam.search import words
from jam.timeutil import utcnow

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sib200"
LANGUAGES = ("eng", "spa", "fra")
BATCH = 2_000
PAGE = 20


def sentences() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for language in LANGUAGES:
        with (DATA / f"{language}.train.tsv").open(encoding="utf-8") as handle:
            out[language] = [row["text"] for row in csv.DictReader(handle, delimiter="\t")]
    return out


def make_ideas(n: int, corpus: dict[str, list[str]], rng: random.Random) -> list[tuple[str, str]]:
    ideas = []
    for _ in range(n):
        language = rng.choice(LANGUAGES)
        first, second = rng.sample(corpus[language], 2)
        title = " ".join(first.split()[: rng.randint(4, 9)]).rstrip(",.;:")
        ideas.append((title[:200], f"{first} {second}"))
    return ideas


def make_searches(corpus: dict[str, list[str]], count: int, rng: random.Random) -> list[str]:
    """Words people would type: one content word (4+ letters; every other one frequent, the
    others rare), two words of one sentence, or a word cut short as while typing."""
    vocabulary = Counter(w for texts in corpus.values() for t in texts for w in words(t))
    common = [w for w, n in vocabulary.most_common(400) if len(w) >= 4]
    rare = [w for w, n in vocabulary.items() if n <= 3 and len(w) >= 5]
    every = [t for texts in corpus.values() for t in texts]
    searches = []
    for i in range(count):
        if i % 3 == 0:
            content = [w for w in words(rng.choice(every)) if len(w) >= 4] or ["agua", "water"]
            searches.append(" ".join(rng.sample(content, min(2, len(content)))))
        else:
            word = rng.choice(common if i % 2 else rare)
            searches.append(word[: max(3, len(word) - 2)] if i % 3 == 1 else word)
    return searches


async def build(rt: Runtime, ideas: list[tuple[str, str]]) -> tuple[Actor, int, float]:
    """A jam with ``ideas`` written in bulk, and the seconds the search index took."""
    now = utcnow()

    async def work(session: Any) -> tuple[int, int]:
        await session.execute(text("DELETE FROM idea_fts"))
        user = User(
            email="bench@example.org",
            email_normalized="bench@example.org",
            display_name="Bench",
            password_hash="x",
            role=GlobalRole.ADMIN.value,
        )
        session.add(user)
        await session.flush()
        jam = Jam(
            slug=f"search-{len(ideas)}",
            title="Search",
            starts_at=now - timedelta(days=3),
            ends_at=now + timedelta(days=3),
        )
        session.add(jam)
        await session.flush()
        forum = Forum(jam_id=jam.id, title="Ideas")
        session.add(forum)
        await session.flush()
        assert user.id is not None and jam.id is not None
        return user.id, jam.id

    user_id, jam_id = await rt.db.write(work)
    table: SATable = Idea.__table__  # type: ignore[attr-defined]
    async with rt.db.read() as session:
        forum_id = (await session.execute(select(Forum.id))).scalar_one()
    index_seconds = 0.0
    for start in range(0, len(ideas), BATCH):
        chunk = ideas[start : start + BATCH]

        async def insert_chunk(session: Any, chunk: list[tuple[str, str]] = chunk) -> float:
            ids = (
                await session.execute(
                    insert(table).returning(table.c.id, sort_by_parameter_order=True),
                    [
                        {
                            "jam_id": jam_id, "forum_id": forum_id, "author_id": user_id,
                            "title": t, "body": b, "created_at": now, "updated_at": now,
                        }
                        for t, b in chunk
                    ],
                )
            ).scalars().all()
            clock = time.perf_counter()
            from jam.actions.search import index_ideas

            await index_ideas(session, [(i, t, b) for i, (t, b) in zip(ids, chunk, strict=True)])
            return time.perf_counter() - clock

        index_seconds += await rt.db.write(insert_chunk)
    return Actor(user_id, GlobalRole.ADMIN, AccountKind.EMPLOYEE), jam_id, index_seconds


async def ilike_page(rt: Runtime, jam_id: int, search: str) -> int:
    """The search as it was: a count and a page of ``ILIKE '%…%'`` over title and body."""
    pattern = f"%{validation.escape_like(search)}%"
    condition = or_(
        Idea.title.ilike(pattern, escape="\\"),  # type: ignore[attr-defined]
        Idea.body.ilike(pattern, escape="\\"),  # type: ignore[attr-defined]
    )
    where = (Idea.jam_id == jam_id, Idea.merged_into_id.is_(None), condition)  # type: ignore[union-attr]
    async with rt.db.read() as session:
        total = (await session.execute(select(func.count()).select_from(Idea).where(*where)))
        count = int(total.scalar_one())
        await session.execute(
            select(Idea).where(*where).order_by(Idea.created_at.desc()).limit(PAGE + 1)  # type: ignore[attr-defined]
        )
    return count


async def timed(call: Any) -> tuple[float, int]:
    clock = time.perf_counter()
    found = await call()
    return (time.perf_counter() - clock) * 1000, found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def measure(
    url: str, size: int, corpus: dict[str, list[str]], searches: list[str]
) -> dict[str, Any]:
    await ensure_schema(url)
    rt = Runtime.from_settings(Settings(database_url=url))
    try:
        rng = random.Random(size)
        actor, jam_id, index_seconds = await build(rt, make_ideas(size, corpus, rng))

        async def analyse(session: Any) -> None:
            # The planner's statistics, as autovacuum (PostgreSQL) or a periodic ANALYZE
            # would leave them; right after a bulk load PostgreSQL has none and scans.
            await session.execute(text("ANALYZE"))

        await rt.db.write(analyse)
        figures: dict[str, list[float]] = {"fts_new": [], "fts_relevance": [], "ilike": []}
        matches: list[int] = []
        for search in searches:
            for sort, name in ((IdeaSort.NEW, "fts_new"), (IdeaSort.RELEVANCE, "fts_relevance")):
                spec = IdeaFilter(jam_id=jam_id, search=search, sort=sort, first=PAGE)

                async def fts(spec: IdeaFilter = spec) -> int:
                    return (await list_ideas(rt, actor, spec)).total_count

                ms, found = await timed(fts)
                figures[name].append(ms)
            matches.append(found)
            ms, _ = await timed(lambda search=search: ilike_page(rt, jam_id, search))
            figures["ilike"].append(ms)
        return {
            "size": size,
            "index_s": index_seconds,
            "matches_median": statistics.median(matches),
            **{f"{k}_p50": percentile(v, 0.5) for k, v in figures.items()},
            **{f"{k}_p99": percentile(v, 0.99) for k, v in figures.items()},
        }
    finally:
        await rt.close()


async def reset_postgresql(url: str) -> None:
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,46000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--postgresql", metavar="URL", help="also measure on this database")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"needs {DATA} (the shared sib200 sentences)", file=sys.stderr)
        return 2
    corpus = sentences()
    searches = make_searches(corpus, args.queries, random.Random(7))
    sizes = [int(s) for s in args.sizes.split(",")]
    targets = []
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            targets.append(("sqlite", size, f"sqlite+aiosqlite:///{scratch}/search-{size}.db"))
        if args.postgresql:
            url = args.postgresql.replace("postgresql://", "postgresql+asyncpg://", 1)
            targets += [("postgresql", size, url) for size in sizes]
        print(f"{len(searches)} searches per size, e.g. {searches[:4]}")
        header = (f"{'backend':<11}{'ideas':>7}{'index s':>9}{'matches':>9}"
                  f"{'FTS p50':>9}{'p99':>7}{'rel p50':>9}{'p99':>7}"
                  f"{'ILIKE p50':>11}{'p99':>7}{'p50 ×':>7}")  # fmt: skip
        print(header)
        print("-" * len(header))
        for backend, size, url in targets:
            if backend == "postgresql":
                asyncio.run(reset_postgresql(url))
            row = asyncio.run(measure(url, size, corpus, searches))
            ratio = row["ilike_p50"] / row["fts_new_p50"] if row["fts_new_p50"] else float("nan")
            print(f"{backend:<11}{size:>7}{row['index_s']:>9.2f}{row['matches_median']:>9.0f}"
                  f"{row['fts_new_p50']:>9.1f}{row['fts_new_p99']:>7.1f}"
                  f"{row['fts_relevance_p50']:>9.1f}{row['fts_relevance_p99']:>7.1f}"
                  f"{row['ilike_p50']:>11.1f}{row['ilike_p99']:>7.1f}{ratio:>7.1f}")  # fmt: skip
    print("milliseconds per search (count + first page of 20); × = ILIKE p50 / FTS p50; "
          "goal: FTS p99 ≤ 50 ms at 46,000 ideas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
