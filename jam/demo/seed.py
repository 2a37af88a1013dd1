"""`jam demo`: a fresh SQLite database with a live, busy jam, served with GraphiQL.

Everything is written through the actions layer (never raw inserts), so the demo data obeys the
same rules as real use and leaves the same audit trail. Seeding happens in two steps:

1. :func:`plan_demo` decides everything — people, ideas, comments and votes with their times —
   from ``random.Random(seed)`` alone, so one seed always tells the same story;
2. :func:`seed_demo` replays that plan in time order through the actions, each write backdated
   with ``now=`` to the moment the plan gave it.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func
from sqlmodel import col, select

from jam import actions
from jam.access import Actor
from jam.actions.announcements import post_announcement
from jam.actions.connectors import analyse_connectors
from jam.actions.opinions import analyse_opinions
from jam.actions.shifts import add_journal_entry, create_shift
from jam.config import Settings
from jam.demo.content import (
    CITIES,
    CLOSINGS,
    DUPLICATE_OPENERS,
    EMOJI,
    EMPLOYEES,
    FORUMS,
    GENERIC_COMMENTS,
    GUESTS,
    JAM_DESCRIPTION,
    JAM_TITLE,
    OFF_TOPIC_BODY,
    OFF_TOPIC_COMMENT,
    OFF_TOPIC_REASON,
    OFF_TOPIC_TITLE,
    ORG_UNITS,
    REPLIES,
    SPANISH_COMMENTS,
    SPANISH_COUNTRIES,
    SPANISH_LEADS,
    WELCOME_ANNOUNCEMENT,
    Theme,
)
from jam.migrate import upgrade
from jam.models import (
    AccountKind,
    Comment,
    FlagReason,
    Forum,
    GlobalRole,
    Idea,
    ItemKind,
    JournalKind,
    Vote,
)
from jam.runtime import Runtime
from jam.timeutil import as_utc, utcnow

PASSWORD = "jam-demo-2026"
EMPLOYEE_DOMAIN = "example.com"
DEFAULT_SEED = 2006
DEFAULT_IDEAS = 400

# How long the jam has been running and how long it still runs (a 72-hour jam, like 2006's).
RUNNING_FOR = timedelta(days=2)
LASTS = timedelta(days=3)
# Activity per idea, on average: enough for lively rankings while seeding stays quick (every
# write is a real transaction: ~3–10 ms each on SQLite).
COMMENTS_PER_IDEA = 2.3
VOTES_PER_IDEA = 4.5
REPLY_SHARE = 0.35
DUPLICATE_SHARE = 0.07
SPANISH_SHARE = 0.5  # of ideas by people from Spanish-speaking countries
EMOJI_SHARE = 0.05
CHANGED_VOTE_SHARE = 0.03
RETRACTED_VOTE_SHARE = 0.02
# Opinions: members fall in two camps; on a DIVIDED_THEME_SHARE of the themes the second camp
# disagrees with what the first approves, so the opinion groups have something to find.
DIVIDED_THEME_SHARE = 0.4
PASS_SHARE = 0.06  # of votes: "seen, no opinion"
HASHING_AT_ONCE = 2  # accounts being created at once: argon2 hashes in threads, one per core
WRITE_BATCH = 16  # independent writes in flight at once on PostgreSQL

ProgressFn = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while seeding."""


# ----------------------------------------------------------------------------------------------
# The plan: pure data, decided by the seed.


@dataclass(frozen=True)
class Person:
    email: str
    display_name: str
    role: GlobalRole
    kind: AccountKind
    org_unit: str
    country: str
    label: str = ""  # "admin", "moderator", ... for the people shown as demo logins

    @property
    def first_name(self) -> str:
        return self.display_name.split()[0]

    @property
    def is_guest(self) -> bool:
        return self.kind is AccountKind.GUEST

    @property
    def spanish(self) -> bool:
        return self.country in SPANISH_COUNTRIES


@dataclass(frozen=True)
class PlannedIdea:
    at: datetime
    author: int  # index into DemoPlan.people
    forum: int  # index into FORUMS
    title: str
    body: str
    tags: tuple[str, ...]
    off_topic: bool = False


@dataclass(frozen=True)
class PlannedComment:
    at: datetime
    author: int
    idea: int  # index into DemoPlan.ideas
    body: str
    parent: int | None = None  # index into DemoPlan.comments


@dataclass(frozen=True)
class PlannedVote:
    at: datetime
    voter: int
    idea: int
    value: actions.VoteValue | None  # None retracts an earlier vote


PlannedEvent = PlannedIdea | PlannedComment | PlannedVote


@dataclass
class DemoPlan:
    starts_at: datetime
    ends_at: datetime
    people: list[Person]
    ideas: list[PlannedIdea] = field(default_factory=list)
    comments: list[PlannedComment] = field(default_factory=list)
    votes: list[PlannedVote] = field(default_factory=list)

    @property
    def admin(self) -> int:
        return next(i for i, p in enumerate(self.people) if p.label == "admin")

    @property
    def moderator(self) -> int:
        return next(i for i, p in enumerate(self.people) if p.label == "moderator")

    def timeline(self) -> list[tuple[int, PlannedEvent]]:
        """Every planned write with its index in its own list, in time order. A comment always
        follows its idea and parent, a vote its idea, because the plan gives them later times;
        ties keep plan order."""
        events: list[tuple[int, PlannedEvent]] = [
            *enumerate(self.ideas),
            *enumerate(self.comments),
            *enumerate(self.votes),
        ]
        return sorted(events, key=lambda item: item[1].at)


def _email_of(name: str, domain: str) -> str:
    """``"Mateo Fernández"`` → ``mateo.fernandez@domain`` (first and last name, plain ASCII)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = ["".join(ch for ch in word.lower() if ch.isalnum()) for word in ascii_name.split()]
    return f"{words[0]}.{words[-1]}@{domain}"


def _people(rng: random.Random) -> list[Person]:
    """The cast: an admin, a moderator, the employees and the invited outside guests."""
    people = [
        Person("admin@example.com", "Morgan Ellis", GlobalRole.ADMIN, AccountKind.EMPLOYEE,
               "Operations", "US", "admin"),
        Person("grace.okafor@example.com", "Grace Okafor", GlobalRole.MEMBER,
               AccountKind.EMPLOYEE, "Research", "GB", "moderator"),
    ]  # fmt: skip
    for i, (name, country) in enumerate(EMPLOYEES):
        people.append(
            Person(
                _email_of(name, EMPLOYEE_DOMAIN),
                name,
                GlobalRole.MEMBER,
                AccountKind.EMPLOYEE,
                rng.choice(ORG_UNITS),
                country,
                "employee" if i == 0 else "",
            )
        )
    for i, (name, country, domain) in enumerate(GUESTS):
        people.append(
            Person(
                _email_of(name, domain),
                name,
                GlobalRole.MEMBER,
                AccountKind.GUEST,
                domain.split(".")[0].title() + " (guest)",
                country,
                "guest" if i == 0 else "",
            )
        )
    return people


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + (end - start) * rng.random()


def _later(rng: random.Random, after: datetime, mean_hours: float, latest: datetime) -> datetime:
    """A time after ``after``, usually soon (exponential delay), never past ``latest``."""
    delay = timedelta(hours=rng.expovariate(1 / mean_hours)) + timedelta(seconds=30)
    moment = after + delay
    return moment if moment < latest else _between(rng, after, latest)


def _pick_tags(rng: random.Random, theme: Theme, forum_tags: Sequence[str]) -> tuple[str, ...]:
    """0–4 tags, mostly the theme's own, sometimes one borrowed from a neighbouring theme."""
    count = rng.choices(range(5), weights=(15, 30, 30, 17, 8))[0]
    tags = rng.sample(theme.tags, min(count, len(theme.tags)))
    others = [tag for tag in forum_tags if tag not in theme.tags]
    if others and (count > len(theme.tags) or (count and rng.random() < 0.15)):
        tags.append(rng.choice(others))
    return tuple(tags)


class _Writer:
    """Builds idea and comment texts from the phrase banks."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def fill(self, template: str, person: Person, **extra: str) -> str:
        rng = self.rng
        return template.format(
            unit="our team" if person.is_guest else person.org_unit,
            city=rng.choice(CITIES),
            pct=rng.choice((10, 15, 20, 25, 30, 40)),
            n=rng.randint(3, 9),
            **extra,
        )

    def proposal(self, theme: Theme, title_index: int, author: Person) -> str:
        """Usually the proposal that goes with the title; now and then another of the theme."""
        rng = self.rng
        if rng.random() < 0.8:
            return self.fill(theme.proposals[title_index % len(theme.proposals)], author)
        return self.fill(rng.choice(theme.proposals), author)

    def idea(self, theme: Theme, title_index: int, author: Person) -> tuple[str, str]:
        """An English idea: a title and 1–4 sentences (problem, proposal, benefit, closing)."""
        rng = self.rng
        title = self.fill(theme.titles[title_index], author)
        proposal = self.proposal(theme, title_index, author)
        problem = self.fill(rng.choice(theme.problems), author)
        benefit = self.fill(rng.choice(theme.benefits), author)
        length = rng.choices((1, 2, 3, 4), weights=(20, 35, 30, 15))[0]
        if length == 1:
            sentences = [proposal]
        elif length == 2:
            sentences = [problem, proposal] if rng.random() < 0.5 else [proposal, benefit]
        elif length == 3:
            sentences = [problem, proposal, benefit]
        else:
            sentences = [problem, proposal, benefit, rng.choice(CLOSINGS)]
        return title, " ".join(sentences)

    def spanish_idea(self, theme: Theme, author: Person) -> tuple[str, str]:
        rng = self.rng
        title = rng.choice(SPANISH_LEADS) + self.fill(rng.choice(theme.titles_es), author)
        count = rng.randint(1, len(theme.sentences_es))
        sentences = rng.sample(theme.sentences_es, count)
        return title, " ".join(self.fill(s, author) for s in sentences)

    def duplicate(
        self, theme: Theme, title_index: int, original: PlannedIdea, author: Person
    ) -> tuple[str, str]:
        """Someone posting an idea that is already there, in their own words."""
        rng = self.rng
        shape = rng.choice(("{t}", "{t}!", "Proposal: {t}", "{t} (again)", "+1 for this: {t}"))
        title = shape.format(t=original.title)
        body = rng.choice(DUPLICATE_OPENERS) + self.proposal(theme, title_index, author)
        if rng.random() < 0.5:
            body += " " + self.fill(rng.choice(theme.benefits), author)
        return title, body

    def comment(self, theme: Theme, spanish: bool, author: Person) -> str:
        rng = self.rng
        if spanish:
            return self.fill(rng.choice(SPANISH_COMMENTS), author)
        bank = theme.comments if theme.comments and rng.random() < 0.45 else GENERIC_COMMENTS
        return self.fill(rng.choice(bank), author)

    def reply(self, to: Person, author: Person) -> str:
        return self.fill(self.rng.choice(REPLIES), author, name=to.first_name)


class _Planner:
    """The steps of :func:`plan_demo`, sharing one random generator so the order of the draws,
    and with it the whole story, is fixed by the seed."""

    def __init__(self, rng: random.Random, plan: DemoPlan, now: datetime) -> None:
        self.rng = rng
        self.writer = _Writer(rng)
        self.plan = plan
        people = plan.people
        self.members = [i for i, p in enumerate(people) if p.label != "admin"]
        # Activity happens between the opening and a moment ago; ideas leave room for replies.
        self.opened = plan.starts_at + timedelta(minutes=2)
        self.latest = now - timedelta(minutes=1)
        self.last_idea = self.latest - (self.latest - self.opened) * 0.05
        self.themes: list[Theme] = []  # per idea
        self.title_indexes: list[int] = []  # per idea
        self.spanish_ideas: set[int] = set()

    def others(self, *excluded: int) -> list[int]:
        return [m for m in self.members if m not in excluded]

    def ideas(self, count: int) -> None:
        """Ideas from every forum and theme: a launch rush in the first hours, then a steady
        flow; a few prolific authors, some Spanish, some emoji, some near-duplicates, and one
        off-topic post for the moderator."""
        rng, plan, people = self.rng, self.plan, self.plan.people
        zeal = [min(rng.paretovariate(1.3), 6.0) * (0.5 if people[i].is_guest else 1.0)
                for i in self.members]  # fmt: skip
        theme_weights = [[rng.uniform(0.4, 2.0) for _ in forum.themes] for forum in FORUMS]
        forum_tags = [
            sorted({tag for theme in forum.themes for tag in theme.tags}) for forum in FORUMS
        ]
        times = sorted(
            _between(rng, self.opened, self.opened + timedelta(hours=4))
            if rng.random() < 0.2
            else _between(rng, self.opened, self.last_idea)
            for _ in range(count)
        )
        off_topic_at = len(times) // 2 if count >= 5 else -1
        for n, at in enumerate(times):
            author = rng.choices(self.members, weights=zeal)[0]
            person = people[author]
            forum_index = rng.choices(range(len(FORUMS)), weights=(30, 25, 25, 20))[0]
            forum = FORUMS[forum_index]
            spanish = person.spanish and rng.random() < SPANISH_SHARE
            candidates = [
                (theme, weight)
                for theme, weight in zip(forum.themes, theme_weights[forum_index], strict=True)
                if theme.titles_es or not spanish
            ]
            theme = rng.choices([c[0] for c in candidates], weights=[c[1] for c in candidates])[0]
            earlier = [
                i for i, idea in enumerate(plan.ideas)
                if self.themes[i] is theme and not idea.off_topic and i not in self.spanish_ideas
            ]  # fmt: skip
            tags: tuple[str, ...] = ()
            title_index = rng.randrange(len(theme.titles))
            if n == off_topic_at:
                title, body = OFF_TOPIC_TITLE, OFF_TOPIC_BODY
            else:
                if spanish:
                    title, body = self.writer.spanish_idea(theme, person)
                    self.spanish_ideas.add(n)
                elif earlier and rng.random() < DUPLICATE_SHARE:
                    original = rng.choice(earlier)
                    title_index = self.title_indexes[original]
                    title, body = self.writer.duplicate(
                        theme, title_index, plan.ideas[original], person
                    )
                else:
                    title, body = self.writer.idea(theme, title_index, person)
                if rng.random() < EMOJI_SHARE:
                    if rng.random() < 0.5:
                        title = f"{title} {rng.choice(EMOJI)}"
                    else:
                        body = f"{body} {rng.choice(EMOJI)}"
                tags = _pick_tags(rng, theme, forum_tags[forum_index])
            self.themes.append(theme)
            self.title_indexes.append(title_index)
            plan.ideas.append(
                PlannedIdea(at, author, forum_index, title, body, tags, n == off_topic_at)
            )

    def appeal(self) -> list[float]:
        """How much attention each idea draws, as shares of all attention: skewed (a few ideas
        draw a crowd), and older ideas had more time to be seen."""
        rng = self.rng
        span = (self.last_idea - self.opened).total_seconds() or 1.0
        weights = [
            0.0 if idea.off_topic
            else rng.lognormvariate(0.0, 1.0)
            * (0.3 + (self.last_idea - idea.at).total_seconds() / span)
            for idea in self.plan.ideas
        ]  # fmt: skip
        total = sum(weights) or 1.0
        return [weight / total for weight in weights]

    def how_many(self, per_idea: float, share: float, limit: int) -> int:
        """A whole number whose average is the idea's share of the total, at most ``limit``."""
        expected = per_idea * len(self.plan.ideas) * share
        return min(limit, int(expected) + (self.rng.random() < expected % 1))

    def comments(self, appeal: list[float]) -> None:
        """Discussions under the popular ideas, with replies to earlier comments (often by the
        idea's author), each a little after what it answers."""
        rng, plan, people = self.rng, self.plan, self.plan.people
        for index, idea in enumerate(plan.ideas):
            if idea.off_topic:
                at = _later(rng, idea.at, 0.5, self.latest)
                commenter = rng.choice(self.others(idea.author))
                plan.comments.append(PlannedComment(at, commenter, index, OFF_TOPIC_COMMENT))
                continue
            thread: list[int] = []
            for _ in range(self.how_many(COMMENTS_PER_IDEA, appeal[index], 30)):
                if thread and rng.random() < REPLY_SHARE:
                    parent_index = rng.choice(thread)
                    parent = plan.comments[parent_index]
                    if parent.author != idea.author and rng.random() < 0.4:
                        author = idea.author
                    else:
                        author = rng.choice(self.others(parent.author))
                    comment = PlannedComment(
                        _later(rng, parent.at, 1.5, self.latest),
                        author,
                        index,
                        self.writer.reply(people[parent.author], people[author]),
                        parent_index,
                    )
                else:
                    author = rng.choice(self.others(idea.author))
                    spanish = index in self.spanish_ideas or (
                        people[author].spanish and rng.random() < 0.1
                    )
                    body = self.writer.comment(self.themes[index], spanish, people[author])
                    at = _later(rng, idea.at, 4.0, self.latest)
                    comment = PlannedComment(at, author, index, body)
                thread.append(len(plan.comments))
                plan.comments.append(comment)

    def votes(self, appeal: list[float], seed: int) -> None:
        """A few ideas collect many votes, most a handful; good ideas mostly get up-votes, and
        now and then someone changes or takes back their vote."""
        rng, plan = self.rng, self.plan
        # Camps, divided themes and passes come from a generator of their own, so the other
        # draws (and the story they tell) stay as they were.
        opinions = random.Random(f"opinions {seed}")
        camp = {m: opinions.random() < 0.5 for m in self.members}
        divided: dict[str, bool] = {}
        for index, idea in enumerate(plan.ideas):
            voters = self.others(idea.author)
            approval = rng.betavariate(6, 2)
            theme = self.themes[index].titles[0]
            if theme not in divided:
                divided[theme] = opinions.random() < DIVIDED_THEME_SHARE
            count = self.how_many(VOTES_PER_IDEA, appeal[index], len(voters))
            for voter in rng.sample(voters, count):
                against = divided[theme] and camp[voter]
                up = rng.random() < (1 - approval if against else approval)
                value = actions.VoteValue.UP if up else actions.VoteValue.DOWN
                if opinions.random() < PASS_SHARE:
                    value = actions.VoteValue.PASS
                at = _later(rng, idea.at, 6.0, self.latest)
                plan.votes.append(PlannedVote(at, voter, index, value))
                roll = rng.random()
                if roll < CHANGED_VOTE_SHARE + RETRACTED_VOTE_SHARE:
                    changed = actions.VoteValue.DOWN if up else actions.VoteValue.UP
                    later = changed if roll < CHANGED_VOTE_SHARE else None
                    at = _later(rng, at, 3.0, self.latest)
                    plan.votes.append(PlannedVote(at, voter, index, later))


def plan_demo(*, seed: int = DEFAULT_SEED, ideas: int = DEFAULT_IDEAS, now: datetime) -> DemoPlan:
    """Decide the whole demo from the seed: same seed and ``now``, same plan."""
    if ideas < 0:
        raise ValueError("ideas must be zero or more")
    rng = random.Random(seed)
    now = as_utc(now).replace(microsecond=0)
    starts_at = now.replace(minute=0, second=0) - RUNNING_FOR
    plan = DemoPlan(starts_at=starts_at, ends_at=starts_at + LASTS, people=_people(rng))
    planner = _Planner(rng, plan, now)
    planner.ideas(ideas)
    appeal = planner.appeal()
    planner.comments(appeal)
    planner.votes(appeal, seed)
    return plan


# ----------------------------------------------------------------------------------------------
# Seeding: replay the plan through the actions layer.


@dataclass(frozen=True)
class DemoLogin:
    label: str
    email: str
    display_name: str
    password: str = PASSWORD


@dataclass(frozen=True)
class DemoSummary:
    """What was seeded: shown by ``jam demo`` and checked by the tests."""

    jam_id: int
    jam_slug: str
    jam_title: str
    users: int
    employees: int
    guests: int
    ideas: int
    hidden_ideas: int
    comments: int
    replies: int
    votes: int
    logins: tuple[DemoLogin, ...]
    seconds: float


def _batch_size(rt: Runtime) -> int:
    """How many independent writes to send at once. SQLite takes one writer at a time anyway,
    and writing one by one there keeps even the ids reproducible; PostgreSQL overlaps the round
    trips of concurrent transactions."""
    return 1 if rt.db.sqlite else WRITE_BATCH


def _person_of(event: PlannedEvent) -> int:
    return event.voter if isinstance(event, PlannedVote) else event.author


class _Cast:
    """The demo's accounts and memberships, made as the story needs them.

    Accounts are created in background tasks, in the order people first act, a few at a time:
    argon2 hashing runs in threads, so it overlaps the writes of those who already act instead
    of making everything wait for fifty hashes. People join the jam just before their first
    post, comment or vote, as real participants do.
    """

    def __init__(
        self, rt: Runtime, people: list[Person], order: list[int], progress: ProgressFn | None
    ) -> None:
        self.rt = rt
        self.people = people
        self.progress = progress
        self.created = 0
        self.jam_id: int | None = None
        self.invitation_code: str | None = None
        self.joined: set[int] = set()
        self.hashing = asyncio.Semaphore(HASHING_AT_ONCE)
        self.accounts = {index: asyncio.create_task(self._create(index)) for index in order}

    async def _create(self, index: int) -> Actor:
        person = self.people[index]
        async with self.hashing:
            user = await actions.create_user(
                self.rt,
                email=person.email,
                password=PASSWORD,
                display_name=person.display_name,
                role=person.role,
                kind=person.kind,
                org_unit=person.org_unit,
                country=person.country,
            )
        self.created += 1
        if self.progress:
            self.progress("accounts", self.created, len(self.people))
        assert user.id is not None
        return Actor(user.id, person.role, person.kind)

    async def actor(self, index: int) -> Actor:
        return await self.accounts[index]

    async def member(self, index: int) -> Actor:
        """The person's actor, after they joined the jam: employees directly, guests with the
        invitation code."""
        actor = await self.actor(index)
        if index not in self.joined:
            assert self.jam_id is not None
            self.joined.add(index)
            code = self.invitation_code if self.people[index].is_guest else None
            await actions.join_jam(self.rt, actor, self.jam_id, invitation_code=code)
        return actor

    def cancel(self) -> None:
        for task in self.accounts.values():
            task.cancel()


def _first_appearances(plan: DemoPlan, timeline: list[tuple[int, PlannedEvent]]) -> list[int]:
    """Everyone, in the order their account is first needed: the admin and the moderator set
    the jam up, then people in the order they first act, then those who only read."""
    order = [plan.admin, plan.moderator]
    for _, event in timeline:
        person = _person_of(event)
        if person not in order:
            order.append(person)
    return order + [i for i in range(len(plan.people)) if i not in order]


async def seed_demo(
    rt: Runtime,
    *,
    seed: int = DEFAULT_SEED,
    ideas: int = DEFAULT_IDEAS,
    now: datetime | None = None,
    progress: ProgressFn | None = None,
) -> DemoSummary:
    """Seed a live demo jam into an empty, migrated database, through the actions layer only.

    ``now`` is the present moment of the story (default: the real current time); the jam started
    two days before it and ends a day after it, and every idea, comment and vote is backdated to
    a moment between the jam's start and ``now``.
    """
    clock = time.perf_counter()
    plan = plan_demo(seed=seed, ideas=ideas, now=now or utcnow())
    timeline = plan.timeline()
    cast = _Cast(rt, plan.people, _first_appearances(plan, timeline), progress)
    try:
        admin = await cast.actor(plan.admin)
        moderator = await cast.actor(plan.moderator)
        jam = await actions.create_jam(
            rt,
            admin,
            title=JAM_TITLE,
            description=JAM_DESCRIPTION,
            starts_at=plan.starts_at,
            ends_at=plan.ends_at,
            forums=[actions.ForumDraft(forum.title, forum.question) for forum in FORUMS],
            moderator_ids=[moderator.user_id],
        )
        assert jam.id is not None
        async with rt.db.read() as session:
            forum_ids = list(
                (
                    await session.execute(
                        select(Forum.id).where(Forum.jam_id == jam.id).order_by(col(Forum.position))
                    )
                ).scalars()
            )
        # Outside guests come in through the moderator's invitation code, as they would.
        invitation = await actions.create_invitation(
            rt, moderator, jam.id, max_uses=len(GUESTS) + 5, expires_at=plan.ends_at
        )
        cast.jam_id, cast.invitation_code = jam.id, invitation.code
        cast.joined.add(plan.moderator)  # a member already, as the jam's moderator

        idea_ids = await _replay(rt, timeline, cast, forum_ids, progress)
        for index in range(len(plan.people)):  # those who only read join too
            if index != plan.admin:
                await cast.member(index)

        # The moderator hides the off-topic post, so the demo shows moderation at work, and a
        # few members have flagged ideas the moderator has yet to review.
        hidden = 0
        for index, planned in enumerate(plan.ideas):
            if planned.off_topic:
                await actions.set_idea_hidden(
                    rt, moderator, idea_ids[index], hidden=True, reason=OFF_TOPIC_REASON
                )
                hidden += 1
        await _flag_some(rt, plan, cast, idea_ids, seed)
        await _facilitate(rt, moderator, jam.id, plan, idea_ids)
        # Themes and the network, as the strategy team would see them mid-jam.
        if progress is not None:
            progress("themes", 0, 1)
        # Computed here, in the seeding tool, rather than queued for the worker: the demo
        # opens with its themes in place.
        from jam.jobs.themes import ThemeRefresher

        await ThemeRefresher(rt).refresh_jam(
            jam.id, reason="demo", requested_by=moderator.user_id
        )
        await analyse_connectors(rt, jam.id, reason="demo", requested_by=moderator.user_id)
        await analyse_opinions(rt, jam.id, reason="demo", requested_by=moderator.user_id)
        if progress is not None:
            progress("themes", 1, 1)
    finally:
        cast.cancel()
    return await _summary(rt, plan, jam.id, jam.slug, hidden, time.perf_counter() - clock)


async def _flag_some(
    rt: Runtime, plan: DemoPlan, cast: _Cast, idea_ids: dict[int, int], seed: int
) -> None:
    """Two flags each on a few ideas (below the hiding threshold): the moderator's queue."""
    rng = random.Random(seed)
    shown = [i for i, planned in enumerate(plan.ideas) if not planned.off_topic]
    staff = {plan.admin, plan.moderator}
    for index, reason in zip(rng.sample(shown, 3), DEMO_FLAG_REASONS, strict=True):
        author = plan.ideas[index].author
        others = [p for p in range(len(plan.people)) if p != author and p not in staff]
        for flagger in rng.sample(others, 2):
            await actions.flag_item(
                rt,
                await cast.member(flagger),
                actions.ItemRef(ItemKind.IDEA, idea_ids[index]),
                reason=reason,
                note="Looks like a copy of another idea" if reason is FlagReason.OTHER else None,
            )


DEMO_FLAG_REASONS = (FlagReason.DUPLICATE, FlagReason.OFF_TOPIC, FlagReason.OTHER)
# The earlier shift's journal: (kind, text, whether it links the busiest idea).
HAND_OFF = (
    ("note", "Quiet night: two spam posts hidden, both authors told why.", False),
    ("watch", "Long thread here, getting heated about budgets: check the replies.", True),
    ("flag", "Three flags for duplicates are still open in the queue: please settle them.", False),
)


async def _facilitate(
    rt: Runtime, moderator: Actor, jam_id: int, plan: DemoPlan, idea_ids: dict[int, int]
) -> None:
    """A welcome announcement, and the moderator's shifts: the one that ended with a hand-off
    and the one on duty now (the console opens with both)."""
    await post_announcement(rt, moderator, jam_id, body=WELCOME_ANNOUNCEMENT)
    now = utcnow().replace(second=0, microsecond=0)
    earlier = await create_shift(
        rt, moderator, jam_id, user_id=moderator.user_id,
        starts_at=now - timedelta(hours=5), ends_at=now - timedelta(hours=1),
    )  # fmt: skip
    await create_shift(
        rt, moderator, jam_id, user_id=moderator.user_id,
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=3),
    )  # fmt: skip
    assert earlier.id is not None
    busiest = idea_ids[max(range(len(plan.ideas)), key=lambda i: len(plan.ideas[i].body))]
    for kind, body, linked in HAND_OFF:
        await add_journal_entry(
            rt, moderator, earlier.id, kind=JournalKind(kind), body=body,
            idea_id=busiest if linked or kind == "flag" else None,
        )  # fmt: skip


def _batches(
    timeline: list[tuple[int, PlannedEvent]], size: int
) -> list[list[tuple[int, PlannedEvent]]]:
    """Cut the timeline into runs of at most ``size`` writes that do not depend on each other:
    a comment waits for its idea and parent, a vote for its idea and the same person's earlier
    vote on it."""
    batches: list[list[tuple[int, PlannedEvent]]] = []
    current: list[tuple[int, PlannedEvent]] = []
    pending: set[tuple[str, int, int]] = set()
    for index, event in timeline:
        if isinstance(event, PlannedIdea):
            needs: set[tuple[str, int, int]] = set()
            makes = ("idea", index, 0)
        elif isinstance(event, PlannedComment):
            needs = {("idea", event.idea, 0)}
            if event.parent is not None:
                needs.add(("comment", event.parent, 0))
            makes = ("comment", index, 0)
        else:
            needs = {("idea", event.idea, 0), ("vote", event.idea, event.voter)}
            makes = ("vote", event.idea, event.voter)
        if len(current) >= size or needs & pending:
            batches.append(current)
            current, pending = [], set()
        current.append((index, event))
        pending.add(makes)
    if current:
        batches.append(current)
    return batches


async def _replay(
    rt: Runtime,
    timeline: list[tuple[int, PlannedEvent]],
    cast: _Cast,
    forum_ids: list[int],
    progress: ProgressFn | None,
) -> dict[int, int]:
    """Write the plan's ideas, comments and votes in time order, each backdated to its moment.
    Returns the database ids of the ideas by their plan index."""
    idea_ids: dict[int, int] = {}
    comment_ids: dict[int, int] = {}

    async def write(index: int, event: PlannedEvent, actor: Actor) -> None:
        if isinstance(event, PlannedIdea):
            idea = await actions.post_idea(
                rt,
                actor,
                forum_ids[event.forum],
                title=event.title,
                body=event.body,
                tags=list(event.tags),
                now=event.at,
            )
            assert idea.id is not None
            idea_ids[index] = idea.id
        elif isinstance(event, PlannedComment):
            comment = await actions.add_comment(
                rt,
                actor,
                idea_ids[event.idea],
                body=event.body,
                parent_id=comment_ids[event.parent] if event.parent is not None else None,
                now=event.at,
            )
            assert comment.id is not None
            comment_ids[index] = comment.id
        elif event.value is None:
            await actions.retract_vote(rt, actor, idea_ids[event.idea], now=event.at)
        else:
            await actions.vote(rt, actor, idea_ids[event.idea], event.value, now=event.at)

    done = 0
    for batch in _batches(timeline, _batch_size(rt)):
        actors = [await cast.member(_person_of(event)) for _, event in batch]
        writes = zip(batch, actors, strict=True)
        await asyncio.gather(*(write(index, event, actor) for (index, event), actor in writes))
        done += len(batch)
        if progress:
            progress("activity", done, len(timeline))
    return idea_ids


async def _summary(
    rt: Runtime, plan: DemoPlan, jam_id: int, slug: str, hidden: int, seconds: float
) -> DemoSummary:
    in_jam = col(Idea.jam_id) == jam_id
    comments = select(Comment).join(Idea, col(Comment.idea_id) == col(Idea.id)).where(in_jam)
    votes = select(Vote).join(Idea, col(Vote.idea_id) == col(Idea.id)).where(in_jam)
    async with rt.db.read() as session:

        async def count(query: Select[Any]) -> int:
            counted = select(func.count()).select_from(query.subquery())
            return (await session.execute(counted)).scalar_one()

        idea_count = await count(select(Idea).where(in_jam))
        comment_count = await count(comments)
        reply_count = await count(comments.where(col(Comment.parent_id).is_not(None)))
        vote_count = await count(votes)
    people = plan.people
    return DemoSummary(
        jam_id=jam_id,
        jam_slug=slug,
        jam_title=JAM_TITLE,
        users=len(people),
        employees=sum(p.kind is AccountKind.EMPLOYEE for p in people),
        guests=sum(p.kind is AccountKind.GUEST for p in people),
        ideas=idea_count,
        hidden_ideas=hidden,
        comments=comment_count,
        replies=reply_count,
        votes=vote_count,
        logins=tuple(
            DemoLogin(p.label, p.email, p.display_name)
            for label in ("admin", "moderator", "employee", "guest")
            for p in people
            if p.label == label
        ),
        seconds=seconds,
    )


# ----------------------------------------------------------------------------------------------
# The command.


def example_query(slug: str, email: str, password: str = PASSWORD) -> str:
    """What to paste into GraphiQL: a login (the browser keeps the session cookie), then a look
    at the jam. GraphiQL asks which of the two operations to run."""
    return (
        f'mutation {{ login(input: {{email: "{email}", password: "{password}"}}) {{\n'
        "  user { displayName kind } errors { message } } }\n"
        "\n"
        "query {\n"
        f'  jam(slug: "{slug}") {{\n'
        "    title phase endsAt\n"
        "    forums { title question ideaCount }\n"
        "    ideas(sort: TOP, first: 5) {\n"
        "      totalCount\n"
        "      nodes { title score commentCount tags author { displayName }\n"
        "        comments { body author { displayName } replies { body } } }\n"
        "    }\n"
        "  }\n"
        "}"
    )


def remove_database_files(path: Path) -> None:
    """Delete a SQLite database and its write-ahead-log companions, if present."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


class _StderrProgress:
    """One self-overwriting line on stderr (``seeding: accounts 50/50 · activity 812/3100``),
    redrawn at most ten times a second; when stderr is not a terminal, one line per finished
    stage instead, so logs stay readable."""

    def __init__(self) -> None:
        self.stages: dict[str, tuple[int, int]] = {}
        self.last = 0.0
        self.interactive = sys.stderr.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.stages[stage] = (done, total)
        if not self.interactive:
            if done >= total:
                sys.stderr.write(f"seeded {stage} {done}/{total}\n")
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        shown = " · ".join(f"{name} {d}/{t}" for name, (d, t) in self.stages.items())
        sys.stderr.write(f"\r\033[Kseeding: {shown}")
        sys.stderr.flush()

    def finish(self) -> None:
        if self.interactive and self.stages:
            sys.stderr.write("\n")
            sys.stderr.flush()


async def _is_empty(url: str) -> bool:
    from sqlalchemy.ext.asyncio import create_async_engine

    from jam.migrate import database_state

    engine = create_async_engine(url)
    try:
        empty, _ = await database_state(engine)
    finally:
        await engine.dispose()
    return empty


async def _seed_file(url: str, seed: int, ideas: int, progress: ProgressFn) -> DemoSummary:
    rt = Runtime.from_settings(Settings(database_url=url))
    try:
        return await seed_demo(rt, seed=seed, ideas=ideas, progress=progress)
    finally:
        await rt.close()


def _print_summary(summary: DemoSummary, url: str | None) -> None:
    print(
        f"\n{summary.jam_title} (slug {summary.jam_slug}) is live: {summary.users} people "
        f"({summary.employees} employees, {summary.guests} guests), {summary.ideas} ideas "
        f"({summary.hidden_ideas} hidden by the moderator), {summary.comments} comments "
        f"({summary.replies} replies), {summary.votes} votes; seeded in {summary.seconds:.1f} s."
    )
    print(f"\nDemo logins (password for all: {PASSWORD}):")
    for login in summary.logins:
        print(f"  {login.label:<10} {login.email:<28} {login.display_name}")
    if url is not None:
        employee = next(login for login in summary.logins if login.label == "employee")
        site = url.removesuffix("/graphql")
        print(f"\nOpen {site}/ in a browser and sign in with one of the logins above.")
        query = example_query(summary.jam_slug, employee.email)
        print(f"\nThe API: GraphiQL at {url}. Try this there (log in first, then run the query):\n")
        print(f"{query}\n")


def run_demo(
    path: str | Path = "jam-demo.db",
    host: str = "127.0.0.1",
    port: int = 8000,
    seed: int = DEFAULT_SEED,
    serve: bool = True,
    ideas: int = DEFAULT_IDEAS,
    database_url: str | None = None,
) -> int:
    """Recreate the SQLite file at ``path`` (or fill the empty database at ``database_url``,
    e.g. PostgreSQL), seed the demo jam and (unless ``serve`` is False) serve it. Returns the
    process exit code."""
    if ideas < 0:
        print("error: --ideas must be zero or more", file=sys.stderr)
        return 2
    if database_url is not None:
        from jam.config import normalize_database_url

        url = normalize_database_url(database_url)
        if not asyncio.run(_is_empty(url)):
            print(
                "error: --database-url must name an empty database (the demo never writes "
                "into one that holds tables)",
                file=sys.stderr,
            )
            return 2
        where = url.split("@")[-1]
    else:
        database = Path(path).expanduser().resolve()
        database.parent.mkdir(parents=True, exist_ok=True)
        remove_database_files(database)
        url = f"sqlite+aiosqlite:///{database}"
        where = str(database)
    print(f"creating {where}", file=sys.stderr)
    upgrade(url)
    progress = _StderrProgress()
    try:
        summary = asyncio.run(_seed_file(url, seed, ideas, progress))
    finally:
        progress.finish()
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown_host:
        shown_host = f"[{shown_host}]"
    graphql_url = f"http://{shown_host}:{port}/graphql"
    _print_summary(summary, graphql_url if serve else None)
    if not serve:
        print(f"database ready: {where} (serve it with: JAM_DATABASE_URL={url} jam serve)")
        return 0
    # Imported here: the server stack is heavy and seeding (and the tests) never need it.
    import uvicorn

    from jam.app import create_app

    sys.stdout.flush()
    from jam.jobs.worker import worker_beside

    os.environ["JAM_DATABASE_URL"] = url
    employee = next(login for login in summary.logins if login.label == "employee")
    os.environ.setdefault(
        "JAM_SIGN_IN_HINT",
        f"Demo · {employee.email} · {PASSWORD}",
    )
    with worker_beside(enabled=True):
        uvicorn.run(create_app(Settings.from_env(database_url=url)), host=host, port=port)
    return 0


__all__ = [
    "PASSWORD",
    "DemoLogin",
    "DemoPlan",
    "DemoSummary",
    "plan_demo",
    "run_demo",
    "seed_demo",
]
