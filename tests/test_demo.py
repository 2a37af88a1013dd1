"""The demo: a seeded jam behaves like a real one, and `jam demo` builds its database.

Seeding is the slow part (every write is a real action), so it happens once per backend and
module; the tests only read what it made, each through a runtime of its own.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func
from sqlmodel import col, select

from jam import actions
from jam.access import Actor
from jam.config import Settings
from jam.db import Database
from jam.demo import DemoSummary, example_query, plan_demo, run_demo, seed_demo
from jam.models import (
    AccountKind,
    Announcement,
    AuditEvent,
    Comment,
    Forum,
    GlobalRole,
    Idea,
    Invitation,
    Jam,
    JamRole,
    Membership,
    User,
    Vote,
)
from jam.queries.moderation import QueueFilter, moderation_queue
from jam.queries.shifts import hand_off, on_duty
from jam.runtime import Runtime
from jam.timeutil import utcnow
from tests.conftest import BACKENDS, _truncate
from tests.server import running_server

SEED = 7
IDEAS = 40


@dataclass(frozen=True)
class Seeded:
    url: str
    now: datetime
    summary: DemoSummary


@dataclass(frozen=True)
class Demo:
    rt: Runtime
    now: datetime
    summary: DemoSummary


async def _seed(url: str, now: datetime) -> DemoSummary:
    rt = Runtime(settings=Settings(database_url=url), db=Database(url))
    try:
        return await seed_demo(rt, seed=SEED, ideas=IDEAS, now=now)
    finally:
        await rt.close()


@pytest.fixture(scope="module", params=BACKENDS)
def seeded(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    sqlite_template: Path,
) -> Seeded:
    """A migrated database of each backend with the demo seeded into it, once per module."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("demo") / "jam.db"
        shutil.copy(sqlite_template, path)
        url = f"sqlite+aiosqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_url")
    now = utcnow()
    results: list[DemoSummary] = []

    async def prepare() -> None:
        if request.param != "sqlite":
            await _truncate(url)
        results.append(await _seed(url, now))

    # A loop of its own, on a thread of its own: fixtures may be set up inside a running loop.
    worker = threading.Thread(target=lambda: asyncio.run(prepare()))
    worker.start()
    worker.join()
    assert results, "seeding the demo failed (see the thread's traceback above)"
    return Seeded(url, now, results[0])


@pytest.fixture
async def demo(seeded: Seeded) -> AsyncIterator[Demo]:
    rt = Runtime(settings=Settings(database_url=seeded.url), db=Database(seeded.url))
    yield Demo(rt, seeded.now, seeded.summary)
    await rt.close()


@pytest.fixture
def demo_server(seeded: Seeded) -> Iterator[str]:
    with running_server(seeded.url) as url:
        yield url


async def test_demo_jam_is_live_with_four_forums_that_have_guiding_questions(
    demo: Demo,
) -> None:
    async with demo.rt.db.read() as session:
        jam = await session.get(Jam, demo.summary.jam_id)
        in_jam = select(Forum).where(Forum.jam_id == demo.summary.jam_id)
        forums = list((await session.execute(in_jam)).scalars())
    assert jam is not None
    now = utcnow()
    assert jam.starts_at < now - timedelta(days=1, hours=12)
    assert now + timedelta(hours=12) < jam.ends_at < now + timedelta(days=1, hours=1)
    assert len(forums) == 4
    assert all(forum.question.strip().endswith("?") for forum in forums)


async def test_demo_has_a_moderator_and_guests_who_joined_with_an_invitation(
    demo: Demo,
) -> None:
    jam_id = demo.summary.jam_id
    async with demo.rt.db.read() as session:
        rows = (
            await session.execute(
                select(Membership, User)
                .join(User, col(Membership.user_id) == col(User.id))
                .where(Membership.jam_id == jam_id)
            )
        ).all()
        invitations = (
            await session.execute(select(Invitation).where(Invitation.jam_id == jam_id))
        ).scalars()
        uses = {invitation.id: invitation.uses for invitation in invitations}
    moderators = [
        user.email for membership, user in rows if membership.role == JamRole.MODERATOR.value
    ]
    guests = [membership for membership, user in rows if user.kind == AccountKind.GUEST.value]
    assert moderators == ["grace.okafor@example.com"]
    assert len(guests) == demo.summary.guests >= 5
    assert all(membership.invitation_id in uses for membership in guests)
    assert sum(uses.values()) == len(guests)


async def test_demo_ideas_are_spread_over_time_within_the_jam_window(demo: Demo) -> None:
    async with demo.rt.db.read() as session:
        jam = await session.get(Jam, demo.summary.jam_id)
        times = list((await session.execute(select(Idea.created_at))).scalars())
    assert jam is not None and len(times) == IDEAS
    assert all(jam.starts_at < at < demo.now for at in times)
    six_hour_slots = {int((at - jam.starts_at) / timedelta(hours=6)) for at in times}
    assert len(six_hour_slots) >= 6  # of the 8 slots the two days so far have


async def test_demo_comments_include_replies_on_the_same_idea_after_their_parent(
    demo: Demo,
) -> None:
    async with demo.rt.db.read() as session:
        comments = {c.id: c for c in (await session.execute(select(Comment))).scalars()}
        idea_times: dict[int | None, datetime] = {
            idea.id: idea.created_at for idea in (await session.execute(select(Idea))).scalars()
        }
    replies = [c for c in comments.values() if c.parent_id is not None]
    assert demo.summary.comments == len(comments) >= 2 * IDEAS
    assert demo.summary.replies == len(replies) > 0
    for reply in replies:
        assert reply.parent_id is not None
        parent = comments[reply.parent_id]
        assert parent.idea_id == reply.idea_id and parent.created_at < reply.created_at
    assert all(idea_times[c.idea_id] < c.created_at < demo.now for c in comments.values())


async def test_demo_vote_counts_on_ideas_equal_the_votes_stored(demo: Demo) -> None:
    async with demo.rt.db.read() as session:
        counted = select(Vote.idea_id, Vote.value, func.count()).group_by(
            col(Vote.idea_id), col(Vote.value)
        )
        stored: dict[tuple[int | None, int], int] = {
            (idea_id, value): count for idea_id, value, count in await session.execute(counted)
        }
        ideas = list((await session.execute(select(Idea))).scalars())
    assert demo.summary.votes == sum(stored.values()) > 3 * IDEAS
    for idea in ideas:
        assert idea.upvotes == stored.get((idea.id, 1), 0)
        assert idea.downvotes == stored.get((idea.id, -1), 0)
        assert idea.passes == stored.get((idea.id, 0), 0)
    assert sum(count for (_, value), count in stored.items() if value == 0) > 0


async def test_demo_votes_are_spread_over_time_after_their_idea(demo: Demo) -> None:
    async with demo.rt.db.read() as session:
        jam = await session.get(Jam, demo.summary.jam_id)
        rows = (
            await session.execute(
                select(Idea.created_at, Vote.created_at, Vote.updated_at).join(
                    Vote, col(Vote.idea_id) == col(Idea.id)
                )
            )
        ).all()
    assert jam is not None and len(rows) == demo.summary.votes
    assert all(posted < cast <= changed < demo.now for posted, cast, changed in rows)
    six_hour_slots = {int((cast - jam.starts_at) / timedelta(hours=6)) for _, cast, _ in rows}
    assert len(six_hour_slots) >= 6


async def test_demo_popular_ideas_draw_many_more_votes_than_most(demo: Demo) -> None:
    async with demo.rt.db.read() as session:
        counts = sorted(
            (await session.execute(select(Idea.upvotes + Idea.downvotes))).scalars(), reverse=True
        )
    median = counts[len(counts) // 2]
    assert counts[0] >= 3 * max(median, 1)


async def test_demo_moderator_hides_one_off_topic_idea(demo: Demo) -> None:
    async with demo.rt.db.read() as session:
        hidden = list((await session.execute(select(Idea).where(col(Idea.hidden)))).scalars())
        hides = (
            await session.execute(select(AuditEvent).where(AuditEvent.action == "idea.hide"))
        ).scalars()
        hidden_by = [(event.subject_id, event.actor_id) for event in hides]
        moderator = (
            await session.execute(select(User).where(User.email == "grace.okafor@example.com"))
        ).scalar_one()
    assert demo.summary.hidden_ideas == len(hidden) == 1
    assert hidden_by == [(hidden[0].id, moderator.id)]


async def test_demo_hidden_idea_says_why(demo: Demo) -> None:
    async with demo.rt.db.read() as session:
        hidden = (await session.execute(select(Idea).where(col(Idea.hidden)))).scalar_one()
    assert hidden.hidden_reason and "marketplace" in hidden.hidden_reason


async def test_demo_moderator_opens_the_console_with_work_waiting(demo: Demo) -> None:
    async with demo.rt.db.read() as session:
        moderator = (
            await session.execute(select(User).where(User.email == "grace.okafor@example.com"))
        ).scalar_one()
        jam = (await session.execute(select(Jam))).scalars().first()
        announcements = (
            await session.execute(select(func.count()).select_from(Announcement))
        ).scalar_one()
    assert moderator.id is not None and jam is not None and jam.id is not None
    actor = Actor(moderator.id, GlobalRole(moderator.role), AccountKind(moderator.kind))
    queue = await moderation_queue(demo.rt, actor, QueueFilter(jam_id=jam.id))
    assert queue.total_count == 3 and all(e.flag_count == 2 for e in queue.entries)
    [now_on] = await on_duty(demo.rt, actor, jam.id)
    assert now_on.shift.user_id == moderator.id and now_on.shift.id is not None
    handed = await hand_off(demo.rt, actor, now_on.shift.id)
    assert handed is not None and len(handed.entries) == 3
    assert announcements == 1


async def test_demo_seeding_is_deterministic_for_a_seed(demo: Demo) -> None:
    plan = plan_demo(seed=SEED, ideas=IDEAS, now=demo.now)
    assert plan_demo(seed=SEED, ideas=IDEAS, now=demo.now) == plan
    other = plan_demo(seed=SEED + 1, ideas=IDEAS, now=demo.now)
    assert [idea.title for idea in other.ideas] != [idea.title for idea in plan.ideas]
    async with demo.rt.db.read() as session:
        in_order = select(Idea.title).order_by(col(Idea.created_at), col(Idea.id))
        titles = list((await session.execute(in_order)).scalars())
    assert titles == [idea.title for idea in plan.ideas]


async def test_demo_logins_log_in(demo: Demo) -> None:
    logins = demo.summary.logins
    assert [login.label for login in logins] == ["admin", "moderator", "employee", "guest"]
    signed_in = {
        login.label: await actions.login(demo.rt, email=login.email, password=login.password)
        for login in logins
    }
    assert GlobalRole(signed_in["admin"].user.role) is GlobalRole.ADMIN
    assert AccountKind(signed_in["guest"].user.kind) is AccountKind.GUEST
    assert AccountKind(signed_in["employee"].user.kind) is AccountKind.EMPLOYEE


async def test_demo_printed_example_works_in_graphql(demo: Demo, demo_server: str) -> None:
    employee = next(login for login in demo.summary.logins if login.label == "employee")
    login, query = example_query(demo.summary.jam_slug, employee.email).split("\n\n")
    # One client that keeps the session cookie, as GraphiQL in a browser does.
    async with httpx.AsyncClient(base_url=demo_server, timeout=30) as browser:
        signed_in = (await browser.post("/graphql", json={"query": login})).json()
        body = (await browser.post("/graphql", json={"query": query})).json()
    assert signed_in["data"]["login"]["errors"] == []
    assert "errors" not in body, body
    jam = body["data"]["jam"]
    assert jam["phase"] == "LIVE" and len(jam["forums"]) == 4
    assert jam["ideas"]["totalCount"] == IDEAS - 1  # the hidden one is not shown


def test_run_demo_builds_a_file_database_from_scratch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.db"
    path.write_text("not a database")
    Path(f"{path}-wal").write_text("stale")
    assert run_demo(path=path, seed=3, serve=False, ideas=10) == 0
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").read_bytes() != b"stale"
    with sqlite3.connect(path) as connection:
        (ideas,) = connection.execute("SELECT count(*) FROM idea").fetchone()
        (version,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert ideas == 10 and version
    assert "admin@example.com" in capsys.readouterr().out


async def test_demo_jam_has_themes_and_a_network_analysis(demo: Demo) -> None:
    from jam.queries.connectors import connector_analysis_for
    from jam.queries.themes import theme_snapshot_for
    from tests.conftest import actor_of

    async with demo.rt.db.read() as session:
        admin = (
            await session.execute(select(User).where(User.role == GlobalRole.ADMIN.value))
        ).scalar_one()
    actor = actor_of(admin)
    themes = await theme_snapshot_for(demo.rt, actor, demo.summary.jam_id)
    analysis = await connector_analysis_for(demo.rt, actor, demo.summary.jam_id)
    assert themes is not None and themes.snapshot.idea_count >= IDEAS - 1
    assert analysis is not None and analysis.result["connectors"]["connectors"]


async def test_demo_jam_has_opinion_groups_that_split_on_some_themes(demo: Demo) -> None:
    from jam.queries.opinions import opinion_groups_for
    from tests.conftest import actor_of

    async with demo.rt.db.read() as session:
        admin = (
            await session.execute(select(User).where(User.role == GlobalRole.ADMIN.value))
        ).scalar_one()
    view = await opinion_groups_for(demo.rt, actor_of(admin), demo.summary.jam_id)
    assert view is not None and view.result.status == "ok"
    assert len(view.result.groups) >= 2
    # The camps disagree on some themes: the groups' support for them differs widely (whether
    # the difference is significant depends on how many of the few demo votes fall in a cell).
    assert max(t["spread"] for t in view.result.backing["themes"]) >= 0.3
