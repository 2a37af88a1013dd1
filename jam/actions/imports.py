"""Importing finished conversations from elsewhere as closed jams (``jam import``).

:func:`import_polis` writes a Pol.is export (read by :mod:`jam.polis`) as one closed jam, in one
transaction: the jam with one forum, an account and a membership per participant, an idea per
statement, the votes with each idea's counters and scores, an audit row, a ``jam.created``
event and the analyses the worker runs for any jam. Rows go in as multi-row INSERTs (no ORM
object per row). Importing the same export again writes nothing.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam import validation
from jam.actions.jobs import JobKind, queue_job
from jam.actions.records import audit
from jam.actions.search import index_ideas
from jam.db import batches
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind, record_event
from jam.models import (
    AccountKind,
    AuditEvent,
    Forum,
    GlobalRole,
    Idea,
    Jam,
    JamRole,
    Membership,
    User,
    Vote,
)
from jam.polis import AGREE, DISAGREE, PASS, PolisConversation
from jam.ranking import hot_score, wilson_lower_bound
from jam.runtime import Runtime
from jam.security import hash_password
from jam.timeutil import utcnow

ProgressFn = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while writing."""

IMPORT_ACTION = "jam.import"
SOURCE_KIND = "polis"
FORUM_TITLE = "Statements"
HIDDEN_REASON = "Rejected by the Pol.is moderators"
IDEA_TITLE_MAX = 80
SLUG_MAX = 80
ATTRIBUTION = (
    "Data was gathered using the Polis software (compdemocracy.org/polis) and is sub-licensed "
    "under CC BY 4.0 with Attribution to The Computational Democracy Project. The data and more "
    "information about how the data was collected can be found at the following link(s): "
)
ANALYSES = (JobKind.THEMES, JobKind.CONNECTORS, JobKind.OPINIONS)
EMAIL_DOMAIN = "polis.invalid"  # RFC 2606: no mail is ever delivered there


@dataclass(frozen=True)
class ImportReport:
    slug: str
    jam_id: int
    already_imported: bool  # an earlier import of the same export: nothing was written
    ideas: int
    hidden_ideas: int
    people: int
    new_accounts: int  # accounts made now (the others existed from an earlier import)
    votes: int
    agree: int
    disagree: int
    passes: int
    votes_file: str
    empty_statements: int
    superseded_votes: int
    unknown_statement_votes: int


def default_slug(conversation: PolisConversation) -> str:
    """``polis-<folder name slugified>``, at most 80 characters."""
    return f"polis-{validation.slugify(conversation.name)}"[:SLUG_MAX].strip("-")


def idea_title(statement: str, limit: int = IDEA_TITLE_MAX) -> str:
    """The statement on one line, shortened to ``limit`` characters at a word boundary with
    "…" when cut (or mid-word when no space comes early enough, as in Chinese text)."""
    flat = " ".join(statement.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2 and flat[limit - 1] != " ":
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def participant_email(participant_id: int, slug: str) -> str:
    """Pol.is ids are per conversation: the jam's slug keeps two conversations' apart."""
    return f"p{participant_id}@{slug}.{EMAIL_DOMAIN}"


def jam_description(conversation: PolisConversation) -> str:
    link = conversation.url or f"the Pol.is conversation {conversation.name}"
    attribution = ATTRIBUTION + link
    room = validation.DESCRIPTION_MAX - len(attribution) - 2
    text = conversation.description
    if len(text) > room:
        text = text[: room - 1].rstrip() + "…"
    return f"{text}\n\n{attribution}" if text else attribution


def _source(conversation: PolisConversation) -> dict[str, Any]:
    """What identifies the export, kept in the import's audit row."""
    return {
        "kind": SOURCE_KIND,
        "conversation": conversation.name,
        "url": conversation.url,
        "files": list(conversation.files),
        "sha256": conversation.digest,
    }


def _report(
    conversation: PolisConversation,
    slug: str,
    jam_id: int,
    *,
    already: bool,
    new_accounts: int,
) -> ImportReport:
    values = [vote.value for vote in conversation.votes]
    return ImportReport(
        slug=slug,
        jam_id=jam_id,
        already_imported=already,
        ideas=len(conversation.statements),
        hidden_ideas=sum(s.rejected for s in conversation.statements),
        people=len(conversation.participants),
        new_accounts=new_accounts,
        votes=len(values),
        agree=values.count(AGREE),
        disagree=values.count(DISAGREE),
        passes=values.count(PASS),
        votes_file=conversation.votes_file,
        empty_statements=conversation.empty_statements,
        superseded_votes=conversation.superseded_votes,
        unknown_statement_votes=conversation.unknown_statement_votes,
    )


async def _check_earlier_import(
    session: AsyncSession, conversation: PolisConversation, jam: Jam
) -> None:
    """``jam`` was made by importing this very export; if not, SLUG_TAKEN."""
    rows = (
        await session.execute(
            select(AuditEvent.details).where(
                AuditEvent.action == IMPORT_ACTION, AuditEvent.jam_id == jam.id
            )
        )
    ).scalars()
    sources = [json.loads(details).get("source", {}) for details in rows]
    if any(
        source.get("kind") == SOURCE_KIND and source.get("sha256") == conversation.digest
        for source in sources
    ):
        return
    if sources:
        raise ActionError(
            ErrorCode.SLUG_TAKEN,
            f"the slug {jam.slug} is taken by a jam imported from another export"
            f" ({sources[-1].get('conversation', '?')}): give another --slug",
            "slug",
        )
    raise ActionError(
        ErrorCode.SLUG_TAKEN,
        f"the slug {jam.slug} is taken by another jam (not an import of this export): "
        "give another --slug",
        "slug",
    )


def _known(value: int | None) -> int:
    """An id read back from the database (never NULL)."""
    assert value is not None
    return value


class _Progress:
    """Counts the rows written against the total, for the caller's progress callback."""

    def __init__(self, progress: ProgressFn | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0

    def add(self, rows: int) -> None:
        self.done += rows
        if self.progress is not None:
            self.progress("writing", self.done, self.total)


async def _insert_all(
    session: AsyncSession, model: Any, rows: Sequence[dict[str, Any]], progress: _Progress
) -> None:
    """Multi-row INSERTs of plain dicts, a batch at a time (each batch one executemany)."""
    table = model.__table__
    for batch in batches(rows):
        await session.execute(insert(table), list(batch))
        progress.add(len(batch))


async def import_polis(
    rt: Runtime,
    conversation: PolisConversation,
    *,
    slug: str | None = None,
    progress: ProgressFn | None = None,
) -> ImportReport:
    """Write the conversation as a closed jam (see the module's docstring); ``slug`` defaults
    to :func:`default_slug`. A jam with that slug made by importing the same export: nothing is
    written and the report says ``already_imported``. Any other jam with that slug:
    SLUG_TAKEN, and nothing is written."""
    chosen = validation.slug(slug if slug is not None else default_slug(conversation))
    title = conversation.topic[: validation.TITLE_MAX]
    starts_at, ends_at = conversation.starts_at, conversation.ends_at
    validation.period(starts_at, ends_at)
    # One hash of a random secret nobody keeps: a real argon2 hash that no password matches,
    # so signing in as a participant fails like any wrong password (and takes as long).
    unusable_hash = await hash_password(secrets.token_urlsafe(32))
    domain = f"@{chosen}.{EMAIL_DOMAIN}"

    async def work(session: AsyncSession) -> ImportReport:
        existing = (await session.execute(select(Jam).where(Jam.slug == chosen))).scalars().first()
        if existing is not None:
            assert existing.id is not None
            await _check_earlier_import(session, conversation, existing)
            return _report(conversation, chosen, existing.id, already=True, new_accounts=0)
        now = utcnow()
        jam_id = _known(
            (
                await session.execute(
                    insert(Jam)
                    .values(
                        slug=chosen,
                        title=title,
                        description=jam_description(conversation),
                        starts_at=starts_at,
                        ends_at=ends_at,
                        created_by=None,
                        created_at=now,
                        updated_at=now,
                    )
                    .returning(col(Jam.id))
                )
            ).scalar_one()
        )
        forum_id = (
            await session.execute(
                insert(Forum)
                .values(
                    jam_id=jam_id,
                    title=FORUM_TITLE,
                    question=conversation.topic[: validation.QUESTION_MAX],
                    position=0,
                    created_at=now,
                )
                .returning(col(Forum.id))
            )
        ).scalar_one()

        # Accounts: one per participant; those an earlier import under this slug left (its jam
        # since deleted) are reused rather than duplicated.
        async def accounts() -> dict[str, int]:
            found = await session.execute(
                select(col(User.email_normalized), col(User.id)).where(
                    col(User.email_normalized).endswith(domain, autoescape=True)
                )
            )
            return {email: _known(user_id) for email, user_id in found.all()}

        emails = {p.id: participant_email(p.id, chosen) for p in conversation.participants}
        known = await accounts()
        new_users = [
            {
                "email": email,
                "email_normalized": email,
                "display_name": f"Participant {pid}",
                "password_hash": unusable_hash,
                "role": GlobalRole.MEMBER.value,
                "kind": AccountKind.GUEST.value,
                "org_unit": None,
                "country": None,
                "created_at": now,
                "email_verified_at": None,
            }
            for pid, email in emails.items()
            if email not in known
        ]
        statements = conversation.statements
        votes = conversation.votes
        written = _Progress(progress, len(new_users) + len(emails) + len(statements) + len(votes))
        await _insert_all(session, User, new_users, written)
        if new_users:
            known = await accounts()
        user_of = {pid: known[email] for pid, email in emails.items()}
        await _insert_all(
            session,
            Membership,
            [
                {
                    "jam_id": jam_id,
                    "user_id": user_of[p.id],
                    "role": JamRole.PARTICIPANT.value,
                    "invitation_id": None,
                    "joined_at": p.first_seen,
                }
                for p in conversation.participants
            ],
            written,
        )

        # Ideas carry their final counters and scores, computed here from the votes exactly
        # as voting one at a time would have left them (ideas._rescore).
        tally: dict[int, list[int]] = {s.id: [0, 0, 0] for s in statements}
        column = {AGREE: 0, DISAGREE: 1, PASS: 2}
        for vote in votes:
            tally[vote.statement_id][column[vote.value]] += 1
        idea_rows = []
        for statement in statements:
            up, down, passes = tally[statement.id]
            rejected = statement.rejected
            idea_rows.append(
                {
                    "jam_id": jam_id,
                    "forum_id": forum_id,
                    "author_id": user_of[statement.author_id],
                    "title": idea_title(statement.body),
                    "body": statement.body,
                    "hidden": rejected,
                    "hidden_reason": HIDDEN_REASON if rejected else None,
                    "hidden_by": None,
                    "hidden_at": statement.created_at if rejected else None,
                    "pinned_at": None,
                    "merged_into_id": None,
                    "upvotes": up,
                    "downvotes": down,
                    "passes": passes,
                    "comment_count": 0,
                    "top_score": wilson_lower_bound(up, down),
                    # The stored hot score depends only on the votes and the creation time,
                    # so the final votes give the score as of the jam's end.
                    "hot_score": hot_score(up, down, statement.created_at),
                    "created_at": statement.created_at,
                    "updated_at": statement.created_at,
                }
            )
        idea_of: dict[int, int] = {}
        table = Idea.__table__  # type: ignore[attr-defined]
        for start, batch in zip(
            range(0, len(idea_rows), 1_000), batches(idea_rows, 1_000), strict=True
        ):
            ids = (
                await session.execute(
                    insert(table).returning(table.c.id, sort_by_parameter_order=True),
                    list(batch),
                )
            ).scalars()
            for statement, idea_id in zip(statements[start : start + len(batch)], ids, strict=True):
                idea_of[statement.id] = idea_id
            await index_ideas(
                session,
                [
                    (idea_of[statement.id], str(row["title"]), str(row["body"]))
                    for statement, row in zip(
                        statements[start : start + len(batch)], batch, strict=True
                    )
                ],
            )
            written.add(len(batch))
        await _insert_all(
            session,
            Vote,
            [
                {
                    "idea_id": idea_of[vote.statement_id],
                    "user_id": user_of[vote.voter_id],
                    "value": vote.value,
                    "created_at": vote.at,
                    "updated_at": vote.at,
                }
                for vote in votes
            ],
            written,
        )

        report = _report(conversation, chosen, jam_id, already=False, new_accounts=len(new_users))
        await audit(
            session,
            actor_id=None,
            action=IMPORT_ACTION,
            subject_type="jam",
            subject_id=jam_id,
            jam_id=jam_id,
            source=_source(conversation),
            counts={
                "ideas": report.ideas,
                "hiddenIdeas": report.hidden_ideas,
                "people": report.people,
                "newAccounts": report.new_accounts,
                "votes": report.votes,
                "agree": report.agree,
                "disagree": report.disagree,
                "passes": report.passes,
                "voteRows": conversation.vote_rows,
                "emptyStatements": report.empty_statements,
                "supersededVotes": report.superseded_votes,
                "unknownStatementVotes": report.unknown_statement_votes,
            },
        )
        await record_event(session, EventKind.JAM_CREATED, jam_id=jam_id, subject_id=jam_id)
        for kind in ANALYSES:
            await queue_job(session, kind, jam_id, reason="imported", requested_by=None)
        return report

    return await rt.db.write(work)
