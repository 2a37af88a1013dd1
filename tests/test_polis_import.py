"""Importing a Pol.is export as a closed jam: reading the files (``jam.polis``) and writing them
(``jam.actions.imports``), on a tiny export written here and on a real one when present."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import SQLModel, col, select

import jam.models  # noqa: F401  (every table in SQLModel.metadata)
from jam import actions
from jam.actions import imports
from jam.actions.imports import (
    ATTRIBUTION,
    HIDDEN_REASON,
    default_slug,
    idea_title,
    import_polis,
    participant_email,
)
from jam.actions.jobs import JobKind
from jam.clock import JamPhase, phase
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind
from jam.models import (
    AccountKind,
    AuditEvent,
    Forum,
    Idea,
    Jam,
    JamRole,
    Job,
    Membership,
    OutboxEvent,
    User,
    Vote,
)
from jam.polis import PolisConversation, PolisFormatError, read_conversation
from jam.ranking import hot_score, wilson_lower_bound
from jam.runtime import Runtime
from jam.timeutil import utcnow
from tests.conftest import SHARED_DATA, World

POLIS = SHARED_DATA / "polis"
SEATTLE = POLIS / "15-per-hour-seattle"
T0 = datetime(2020, 3, 1, 12, 0, tzinfo=UTC)


def ms(moment: datetime) -> str:
    return str(int(moment.timestamp() * 1000))


def at(minutes: float | str) -> str:
    """The timestamp ``minutes`` after T0 (a string is written as it is)."""
    return minutes if isinstance(minutes, str) else ms(T0 + timedelta(minutes=minutes))


COMMENT_HEADER = [
    "timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated",
    "comment-body",
]  # fmt: skip
LONG = (
    "The town should plant a row of trees along the river path,\n"
    "so that walkers have shade in summer and the birds come back to the water"
)
# (minutes after T0, comment id, author id, moderated, body)
COMMENTS = [
    (0, 0, 1, 1, "Plant more trees along the river"),
    (60, 1, 2, -1, "Buy my product at example.com"),
    (120, 2, 1, 0, "   "),
    (180, 3, 3, 1, LONG),
]
VOTE_HEADER = ["timestamp", "datetime", "comment-id", "voter-id", "vote"]
# (minutes after T0, comment id, voter id, vote)
VOTES = [
    (10, 0, 1, 1),
    (20, 0, 2, -1),
    (30, 0, 2, 0),  # participant 2 changes their mind: a pass
    (40, 0, 4, 1),
    (70, 1, 4, -1),
    (200, 3, 5, 0),
    (210, 99, 5, 1),  # no statement 99
    (220, 2, 6, 1),  # the empty statement, skipped
]
SUMMARY = [
    ("topic", "Tiny town"),
    ("url", "https://pol.is/tiny"),
    ("voters", "6"),
    ("conversation-description", "What should the town do next?"),
]


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)


def write_export(
    folder: Path,
    *,
    comments: list[tuple[Any, ...]] | None = None,
    votes: list[tuple[Any, ...]] | None = None,
    matrix: list[list[str]] | None = None,
    summary: list[tuple[str, str]] | None = None,
) -> Path:
    """A Pol.is export in ``folder``: comments.csv, votes.csv (unless ``votes`` is []),
    participants-votes.csv when ``matrix`` is given, summary.csv (unless ``summary`` is [])."""
    folder.mkdir(parents=True, exist_ok=True)
    _write_csv(
        folder / "comments.csv",
        [COMMENT_HEADER]
        + [
            [at(m), "some date", str(cid), str(author), "0", "0", str(moderated), body]
            for m, cid, author, moderated, body in (COMMENTS if comments is None else comments)
        ],
    )
    chosen = VOTES if votes is None else votes
    if chosen:
        _write_csv(
            folder / "votes.csv",
            [VOTE_HEADER]
            + [[at(m), "some date", str(c), str(v), str(value)] for m, c, v, value in chosen],
        )
    if matrix is not None:
        _write_csv(folder / "participants-votes.csv", matrix)
    chosen_summary = SUMMARY if summary is None else summary
    if chosen_summary:
        _write_csv(folder / "summary.csv", [list(pair) for pair in chosen_summary])
    return folder


MATRIX_HEADER = ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]


def matrix_rows(cells: dict[int, dict[int, str]], comment_ids: list[int]) -> list[list[str]]:
    """participants-votes.csv: a row per participant, a column per comment id."""
    rows = [MATRIX_HEADER + [str(c) for c in comment_ids]]
    for participant, votes in cells.items():
        rows.append(
            [str(participant), "0", "0", str(len(votes)), "0", "0"]
            + [votes.get(c, "") for c in comment_ids]
        )
    return rows


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return write_export(tmp_path / "tiny-town")


async def row_counts(rt: Runtime) -> dict[str, int]:
    """Rows in every table."""
    counts = {}
    async with rt.db.read() as session:
        for table in SQLModel.metadata.sorted_tables:
            counts[table.name] = (
                await session.execute(select(func.count()).select_from(table))
            ).scalar_one()
    return counts


async def imported_jam(rt: Runtime, slug: str) -> Jam:
    async with rt.db.read() as session:
        return (await session.execute(select(Jam).where(Jam.slug == slug))).scalars().one()


async def ideas_of(rt: Runtime, jam_id: int) -> list[Idea]:
    async with rt.db.read() as session:
        query = select(Idea).where(Idea.jam_id == jam_id).order_by(col(Idea.created_at))
        return list((await session.execute(query)).scalars())


# --- reading ---------------------------------------------------------------------------------


def test_reading_gives_the_statements_with_text_their_authors_and_times(tiny: Path) -> None:
    conversation = read_conversation(tiny)
    assert [(s.id, s.author_id, s.moderated) for s in conversation.statements] == [
        (0, 1, 1),
        (1, 2, -1),
        (3, 3, 1),
    ]
    assert conversation.statements[0].created_at == T0
    assert conversation.statements[2].body == LONG


def test_reading_the_summary_gives_topic_url_and_description(tiny: Path) -> None:
    conversation = read_conversation(tiny)
    assert conversation.name == "tiny-town"
    assert conversation.topic == "Tiny town"
    assert conversation.url == "https://pol.is/tiny"
    assert conversation.description == "What should the town do next?"


def test_without_a_summary_the_folder_name_is_the_topic(tmp_path: Path) -> None:
    conversation = read_conversation(write_export(tmp_path / "no-summary", summary=[]))
    assert conversation.topic == "no-summary" and conversation.url == ""
    assert conversation.files == ("comments.csv", "votes.csv")


def test_a_changed_vote_counts_once_as_its_latest(tiny: Path) -> None:
    conversation = read_conversation(tiny)
    mine = [v for v in conversation.votes if v.voter_id == 2]
    assert [(v.statement_id, v.value, v.at) for v in mine] == [(0, 0, T0 + timedelta(minutes=30))]
    assert conversation.superseded_votes == 1


def test_empty_statements_are_skipped_and_counted(tiny: Path) -> None:
    conversation = read_conversation(tiny)
    assert 2 not in {s.id for s in conversation.statements}
    assert conversation.empty_statements == 1


def test_votes_on_unknown_or_skipped_statements_are_skipped_and_counted(tiny: Path) -> None:
    conversation = read_conversation(tiny)
    assert {v.statement_id for v in conversation.votes} == {0, 1, 3}
    assert conversation.unknown_statement_votes == 2
    assert conversation.vote_rows == len(VOTES)
    assert len(conversation.votes) == len(VOTES) - 1 - 2


def test_participants_are_everyone_who_wrote_or_voted_with_their_first_moment(
    tiny: Path,
) -> None:
    conversation = read_conversation(tiny)
    first = {p.id: p.first_seen for p in conversation.participants}
    # 6 voted only on a skipped statement: nothing of theirs is imported.
    assert sorted(first) == [1, 2, 3, 4, 5]
    assert first[1] == T0 and first[4] == T0 + timedelta(minutes=40)


def test_the_conversation_runs_from_its_first_to_its_last_moment(tiny: Path) -> None:
    conversation = read_conversation(tiny)
    assert conversation.starts_at == T0
    assert conversation.ends_at == T0 + timedelta(minutes=200)  # the last imported vote


def test_without_votes_csv_the_matrix_gives_votes_at_their_statements_time(
    tmp_path: Path,
) -> None:
    matrix = matrix_rows({1: {0: "1", 3: "-1"}, 7: {0: "0", 1: "1", 99: "1"}}, [0, 1, 3, 99])
    folder = write_export(tmp_path / "matrix", votes=[], matrix=matrix)
    conversation = read_conversation(folder)
    assert conversation.votes_file == "participants-votes.csv"
    assert sorted((v.voter_id, v.statement_id, v.value) for v in conversation.votes) == [
        (1, 0, 1),
        (1, 3, -1),
        (7, 0, 0),
        (7, 1, 1),
    ]
    times = {v.statement_id: v.at for v in conversation.votes}
    assert times[3] == T0 + timedelta(minutes=180)
    assert conversation.unknown_statement_votes == 1


def test_the_same_files_give_the_same_digest_and_changed_files_another(
    tmp_path: Path,
) -> None:
    one = read_conversation(write_export(tmp_path / "a"))
    same = read_conversation(write_export(tmp_path / "b"))
    other = read_conversation(write_export(tmp_path / "c", votes=VOTES[:3]))
    assert one.digest == same.digest != other.digest


def _bad_matrix(tmp_path: Path, rows: list[list[str]]) -> Path:
    return write_export(tmp_path / "bad", votes=[], matrix=rows)


def _comments(*changed: tuple[int, Any]) -> list[tuple[Any, ...]]:
    """The tiny comments with one field of the second statement (line 3) replaced."""
    rows = [list(row) for row in COMMENTS]
    for index, value in changed:
        rows[1][index] = value
    return [tuple(row) for row in rows]


def _votes_with(row: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """The tiny votes with the third row (line 4) replaced."""
    return [*VOTES[:2], row, *VOTES[3:]]


MALFORMED: dict[str, tuple[Any, str, int | None, str]] = {
    # case: (how to make the export, file, line, what the message says)
    "missing folder": (lambda p: p / "nowhere", "nowhere", None, "no such folder"),
    "missing comments.csv": (
        lambda p: (write_export(p / "bad"), (p / "bad" / "comments.csv").unlink())[0],
        "comments.csv",
        None,
        "missing",
    ),
    "no votes at all": (
        lambda p: write_export(p / "bad", votes=[]),
        "bad",
        None,
        "neither votes.csv nor participants-votes.csv",
    ),
    "missing column": (
        lambda p: (
            write_export(p / "bad"),
            _write_csv(p / "bad" / "votes.csv", [["timestamp", "comment-id", "vote"]]),
        )[0],
        "votes.csv",
        1,
        "missing column voter-id",
    ),
    "non-integer comment id": (
        lambda p: write_export(p / "bad", comments=_comments((1, "one"))),
        "comments.csv",
        3,
        "comment-id 'one' is not an integer id",
    ),
    "non-integer author id": (
        lambda p: write_export(p / "bad", comments=_comments((2, "-2"))),
        "comments.csv",
        3,
        "author-id '-2' is not an integer id",
    ),
    "non-integer voter id": (
        lambda p: write_export(p / "bad", votes=_votes_with((30, 0, "x7", 1))),
        "votes.csv",
        4,
        "voter-id 'x7' is not an integer id",
    ),
    "vote not in -1, 0, 1": (
        lambda p: write_export(p / "bad", votes=_votes_with((30, 0, 2, 2))),
        "votes.csv",
        4,
        "vote '2' is not one of -1, 0, 1",
    ),
    "moderated not in -1, 0, 1": (
        lambda p: write_export(p / "bad", comments=_comments((3, "yes"))),
        "comments.csv",
        3,
        "moderated 'yes' is not one of -1, 0, 1",
    ),
    "bad timestamp": (
        lambda p: write_export(p / "bad", votes=_votes_with(("2020-03-01", 0, 2, 1))),
        "votes.csv",
        4,
        "is not a time",
    ),
    "timestamp in the future": (
        lambda p: write_export(p / "bad", comments=_comments((0, 10**9))),
        "comments.csv",
        3,
        "is in the future",
    ),
    "duplicate comment id": (
        lambda p: write_export(p / "bad", comments=_comments((1, 0))),
        "comments.csv",
        3,
        "comment-id 0 appears twice (first on line 2)",
    ),
    "a row with too few fields": (
        lambda p: (
            write_export(p / "bad"),
            (p / "bad" / "votes.csv").open("a").write("1583064000000,x,0,9\n"),
        )[0],
        "votes.csv",
        len(VOTES) + 2,
        "has 4 fields where the header has 5",
    ),
    "a line after a multi-line statement": (
        # LONG spans two lines (5 and 6), so the statement after it starts on line 7.
        lambda p: write_export(
            p / "bad", comments=[*COMMENTS, (240, "four", 4, 1, "Another statement")]
        ),
        "comments.csv",
        7,
        "comment-id 'four' is not an integer id",
    ),
    "matrix participant not an integer": (
        lambda p: _bad_matrix(p, [*matrix_rows({1: {0: "1"}}, [0]), ["p2", *"00000", "1"]]),
        "participants-votes.csv",
        3,
        "participant 'p2' is not an integer id",
    ),
    "matrix cell not a vote": (
        lambda p: _bad_matrix(p, matrix_rows({1: {0: "1"}, 2: {3: "agree"}}, [0, 3])),
        "participants-votes.csv",
        3,
        "the vote on comment 3 'agree' is not one of -1, 0, 1",
    ),
    "matrix column not a comment id": (
        lambda p: _bad_matrix(p, [[*MATRIX_HEADER, "0", "extra"], ["1", *"00000", "1", "1"]]),
        "participants-votes.csv",
        1,
        "column 'extra' is not a comment id",
    ),
    "not UTF-8": (
        lambda p: (
            write_export(p / "bad"),
            (p / "bad" / "comments.csv").open("ab").write(b"1583064000000,x,9,1,0,0,1,caf\xe9\n"),
        )[0],
        "comments.csv",
        len(COMMENTS) + 3,  # LONG takes two lines
        "is not UTF-8 text",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_export_is_refused_naming_the_file_and_line(tmp_path: Path, case: str) -> None:
    make, file, line, message = MALFORMED[case]
    folder = make(tmp_path)
    with pytest.raises(PolisFormatError) as raised:
        read_conversation(folder)
    error = raised.value
    assert error.path.name == file
    assert error.line == line
    assert message in error.message
    where = f"{error.path}:{line}: " if line is not None else f"{error.path}: "
    assert str(error).startswith(where) and "\n" not in str(error)


# --- titles ----------------------------------------------------------------------------------


def test_a_short_statement_is_its_own_title() -> None:
    assert idea_title("Plant more trees") == "Plant more trees"


def test_a_long_statement_is_cut_at_a_word_with_an_ellipsis() -> None:
    title = idea_title(LONG)
    assert len(title) <= 80 and title.endswith("…")
    assert "\n" not in title
    words = title.removesuffix("…").split(" ")
    assert " ".join(words) == " ".join(LONG.split()[: len(words)])


def test_a_long_statement_without_spaces_is_cut_within_the_text() -> None:
    text = "我覺得" * 40
    title = idea_title(text)
    assert len(title) == 80 and title == text[:79] + "…"


# --- writing ---------------------------------------------------------------------------------


async def test_import_creates_a_closed_jam_with_one_forum(rt: Runtime, tiny: Path) -> None:
    conversation = read_conversation(tiny)
    report = await import_polis(rt, conversation)
    assert report.slug == "polis-tiny-town" == default_slug(conversation)
    jam = await imported_jam(rt, report.slug)
    assert jam.id == report.jam_id
    assert jam.title == "Tiny town"
    assert jam.starts_at == conversation.starts_at and jam.ends_at == conversation.ends_at
    assert phase(jam, utcnow()) is JamPhase.CLOSED
    async with rt.db.read() as session:
        forums = list(
            (await session.execute(select(Forum).where(Forum.jam_id == jam.id))).scalars()
        )
    assert [(f.title, f.question) for f in forums] == [("Statements", "Tiny town")]


async def test_the_description_carries_the_attribution_and_the_conversations_url(
    rt: Runtime, tiny: Path
) -> None:
    report = await import_polis(rt, read_conversation(tiny))
    jam = await imported_jam(rt, report.slug)
    assert jam.description == (
        "What should the town do next?\n\n" + ATTRIBUTION + "https://pol.is/tiny"
    )
    assert "CC BY 4.0" in jam.description


async def test_a_slug_can_be_chosen(rt: Runtime, tiny: Path) -> None:
    report = await import_polis(rt, read_conversation(tiny), slug="town-talk")
    assert (await imported_jam(rt, "town-talk")).id == report.jam_id


async def test_an_invalid_slug_is_refused(rt: Runtime, tiny: Path) -> None:
    with pytest.raises(ActionError) as raised:
        await import_polis(rt, read_conversation(tiny), slug="Town Talk")
    assert raised.value.code is ErrorCode.INVALID_INPUT


async def test_participants_become_pseudonymous_guests_and_members(rt: Runtime, tiny: Path) -> None:
    report = await import_polis(rt, read_conversation(tiny))
    async with rt.db.read() as session:
        rows = (
            await session.execute(
                select(User, Membership)
                .join(Membership, col(Membership.user_id) == col(User.id))
                .where(Membership.jam_id == report.jam_id)
                .order_by(col(User.email))
            )
        ).all()
    assert [(u.email, u.display_name, u.kind) for u, _ in rows] == [
        (participant_email(pid, report.slug), f"Participant {pid}", AccountKind.GUEST.value)
        for pid in (1, 2, 3, 4, 5)
    ]
    assert rows[0][0].email == "p1@polis-tiny-town.polis.invalid"
    assert {m.role for _, m in rows} == {JamRole.PARTICIPANT.value}
    joined = {u.display_name: m.joined_at for u, m in rows}
    assert joined["Participant 4"] == T0 + timedelta(minutes=40)
    assert report.people == report.new_accounts == 5


async def test_nobody_can_sign_in_as_a_participant(rt: Runtime, tiny: Path) -> None:
    report = await import_polis(rt, read_conversation(tiny))
    email = participant_email(1, report.slug)
    async with rt.db.read() as session:
        user = (await session.execute(select(User).where(User.email == email))).scalars().one()
    assert user.password_hash.startswith("$argon2")  # a real hash, of a secret nobody kept
    for password in ("", "password", "jam-dummy-password", user.password_hash):
        with pytest.raises(ActionError) as raised:
            await actions.login(rt, email=email, password=password)
        assert raised.value.code is ErrorCode.INVALID_CREDENTIALS


async def test_two_conversations_keep_their_participants_apart(rt: Runtime, tmp_path: Path) -> None:
    await import_polis(rt, read_conversation(write_export(tmp_path / "one")))
    await import_polis(rt, read_conversation(write_export(tmp_path / "two")))
    async with rt.db.read() as session:
        names = (await session.execute(select(User.email))).scalars().all()
    assert len(names) == 10 and len(set(names)) == 10


async def test_statements_become_ideas_by_their_authors_at_their_times(
    rt: Runtime, tiny: Path
) -> None:
    report = await import_polis(rt, read_conversation(tiny))
    ideas = await ideas_of(rt, report.jam_id)
    async with rt.db.read() as session:
        authors = {
            i: n for i, n in (await session.execute(select(User.id, User.display_name))).all()
        }
    assert [(i.title, i.body, authors[i.author_id], i.created_at) for i in ideas] == [
        ("Plant more trees along the river", "Plant more trees along the river",
         "Participant 1", T0),
        ("Buy my product at example.com", "Buy my product at example.com", "Participant 2",
         T0 + timedelta(minutes=60)),
        (idea_title(LONG), LONG, "Participant 3", T0 + timedelta(minutes=180)),
    ]  # fmt: skip
    assert report.ideas == 3 and report.empty_statements == 1


async def test_rejected_statements_are_hidden_with_the_moderators_reason(
    rt: Runtime, tiny: Path
) -> None:
    report = await import_polis(rt, read_conversation(tiny))
    ideas = await ideas_of(rt, report.jam_id)
    hidden = [(i.body, i.hidden_reason, i.hidden_by) for i in ideas if i.hidden]
    assert hidden == [("Buy my product at example.com", HIDDEN_REASON, None)]
    assert all(i.hidden_reason is None for i in ideas if not i.hidden)
    assert report.hidden_ideas == 1


async def test_votes_are_stored_with_their_values_and_times(rt: Runtime, tiny: Path) -> None:
    report = await import_polis(rt, read_conversation(tiny))
    async with rt.db.read() as session:
        rows = (
            await session.execute(
                select(User.display_name, Idea.body, Vote.value, Vote.created_at, Vote.updated_at)
                .join(Vote, col(Vote.user_id) == col(User.id))
                .join(Idea, col(Idea.id) == col(Vote.idea_id))
                .where(Idea.jam_id == report.jam_id)
            )
        ).all()
    got = {(name, body[:5]): (value, created) for name, body, value, created, _ in rows}
    assert got == {
        ("Participant 1", "Plant"): (1, T0 + timedelta(minutes=10)),
        ("Participant 2", "Plant"): (0, T0 + timedelta(minutes=30)),  # the pass, its latest
        ("Participant 4", "Plant"): (1, T0 + timedelta(minutes=40)),
        ("Participant 4", "Buy m"): (-1, T0 + timedelta(minutes=70)),
        ("Participant 5", "The t"): (0, T0 + timedelta(minutes=200)),
    }
    assert all(created == updated for _, _, _, created, updated in rows)
    assert (report.votes, report.agree, report.disagree, report.passes) == (5, 2, 1, 2)


async def test_every_idea_counts_its_votes_and_is_scored_from_them(rt: Runtime, tiny: Path) -> None:
    report = await import_polis(rt, read_conversation(tiny))
    ideas = await ideas_of(rt, report.jam_id)
    async with rt.db.read() as session:
        votes = (await session.execute(select(Vote.idea_id, Vote.value))).all()
    for idea in ideas:
        values = Counter(value for idea_id, value in votes if idea_id == idea.id)
        assert (idea.upvotes, idea.downvotes, idea.passes) == (values[1], values[-1], values[0])
        assert idea.top_score == wilson_lower_bound(idea.upvotes, idea.downvotes)
        assert idea.hot_score == hot_score(idea.upvotes, idea.downvotes, idea.created_at)
        assert idea.comment_count == 0
    assert [(i.upvotes, i.downvotes, i.passes) for i in ideas] == [(2, 0, 1), (0, 1, 0), (0, 0, 1)]


async def test_without_votes_csv_the_matrix_votes_are_imported(rt: Runtime, tmp_path: Path) -> None:
    matrix = matrix_rows({1: {0: "1", 3: "-1"}, 7: {0: "0", 1: "1"}}, [0, 1, 3])
    folder = write_export(tmp_path / "matrix", votes=[], matrix=matrix)
    report = await import_polis(rt, read_conversation(folder))
    ideas = await ideas_of(rt, report.jam_id)
    assert [(i.upvotes, i.downvotes, i.passes) for i in ideas] == [(1, 0, 1), (1, 0, 0), (0, 1, 0)]
    async with rt.db.read() as session:
        times = (await session.execute(select(Vote.created_at))).scalars().all()
    assert set(times) <= {i.created_at for i in ideas}
    assert report.votes_file == "participants-votes.csv" and report.people == 4


async def test_import_writes_one_audit_row_naming_its_source_and_counts(
    rt: Runtime, tiny: Path
) -> None:
    conversation = read_conversation(tiny)
    report = await import_polis(rt, conversation)
    async with rt.db.read() as session:
        rows = (
            (await session.execute(select(AuditEvent).where(AuditEvent.jam_id == report.jam_id)))
            .scalars()
            .all()
        )
    assert [(r.action, r.actor_id, r.subject_id) for r in rows] == [
        ("jam.import", None, report.jam_id)
    ]
    details = json.loads(rows[0].details)
    assert details["source"] == {
        "kind": "polis",
        "conversation": "tiny-town",
        "url": "https://pol.is/tiny",
        "files": ["comments.csv", "votes.csv", "summary.csv"],
        "sha256": conversation.digest,
    }
    assert details["counts"]["ideas"] == 3 and details["counts"]["votes"] == 5
    assert details["counts"]["emptyStatements"] == 1


async def test_import_records_the_jam_created_event_and_queues_the_analyses(
    rt: Runtime, tiny: Path
) -> None:
    report = await import_polis(rt, read_conversation(tiny))
    async with rt.db.read() as session:
        events = (
            (
                await session.execute(
                    select(OutboxEvent.kind).where(OutboxEvent.jam_id == report.jam_id)
                )
            )
            .scalars()
            .all()
        )
        jobs = (
            (await session.execute(select(Job).where(Job.jam_id == report.jam_id))).scalars().all()
        )
    assert Counter(events) == {EventKind.JAM_CREATED.value: 1, EventKind.JOB_QUEUED.value: 3}
    assert sorted((j.kind, j.reason, j.status) for j in jobs) == sorted(
        (kind.value, "imported", "queued")
        for kind in (JobKind.THEMES, JobKind.CONNECTORS, JobKind.OPINIONS)
    )


async def test_importing_the_same_export_again_writes_nothing(rt: Runtime, tiny: Path) -> None:
    first = await import_polis(rt, read_conversation(tiny))
    before = await row_counts(rt)
    again = await import_polis(rt, read_conversation(tiny))
    assert again.already_imported and not first.already_imported
    assert again.slug == first.slug and again.jam_id == first.jam_id
    assert await row_counts(rt) == before


async def test_a_slug_taken_by_another_jam_is_refused_and_nothing_is_written(
    world: World, tiny: Path
) -> None:
    before = await row_counts(world.rt)
    with pytest.raises(ActionError) as raised:
        await import_polis(world.rt, read_conversation(tiny), slug=world.jam.slug)
    assert raised.value.code is ErrorCode.SLUG_TAKEN
    assert "not an import of this export" in raised.value.message
    assert await row_counts(world.rt) == before


async def test_a_slug_taken_by_an_import_of_another_export_is_refused(
    rt: Runtime, tmp_path: Path
) -> None:
    await import_polis(rt, read_conversation(write_export(tmp_path / "town")))
    before = await row_counts(rt)
    changed = write_export(tmp_path / "elsewhere" / "town", votes=VOTES[:4])
    with pytest.raises(ActionError) as raised:
        await import_polis(rt, read_conversation(changed))
    assert raised.value.code is ErrorCode.SLUG_TAKEN
    assert "another export" in raised.value.message
    assert await row_counts(rt) == before


async def test_a_failed_import_writes_nothing(
    rt: Runtime, tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = await row_counts(rt)

    async def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the disk is full")

    # The last step of the transaction fails: everything before it is rolled back.
    monkeypatch.setattr(imports, "queue_job", broken)
    with pytest.raises(RuntimeError, match="the disk is full"):
        await import_polis(rt, read_conversation(tiny))
    assert await row_counts(rt) == before


async def test_accounts_left_by_an_earlier_import_under_the_slug_are_reused(
    rt: Runtime, tiny: Path
) -> None:
    first = await import_polis(rt, read_conversation(tiny))
    async with rt.db.read() as session:
        users_before = (await session.execute(select(func.count()).select_from(User))).scalar_one()

    async def drop(session: Any) -> None:
        await session.delete(await session.get(Jam, first.jam_id))

    await rt.db.write(drop)
    again = await import_polis(rt, read_conversation(tiny))
    assert not again.already_imported and again.new_accounts == 0 and again.people == 5
    async with rt.db.read() as session:
        users = (await session.execute(select(func.count()).select_from(User))).scalar_one()
    assert users == users_before


async def test_progress_is_reported_while_reading_and_writing(rt: Runtime, tiny: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    conversation = read_conversation(tiny, progress=lambda *step: seen.append(step))
    await import_polis(rt, conversation, progress=lambda *step: seen.append(step))
    stages = list(dict.fromkeys(stage for stage, _, _ in seen))
    assert stages == ["reading comments.csv", "reading votes.csv", "writing"]
    final = {stage: (done, total) for stage, done, total in seen}
    assert all(done == total for done, total in final.values())
    assert final["writing"][1] == 5 + 5 + 3 + 5  # accounts, memberships, ideas, votes


# --- a real conversation ---------------------------------------------------------------------


def _recount(folder: Path) -> dict[str, Any]:
    """What the files say, counted here independently of jam.polis."""
    with (folder / "comments.csv").open(newline="", encoding="utf-8") as file:
        comments = [row for row in csv.DictReader(file) if row["comment-body"].strip()]
    with (folder / "votes.csv").open(newline="", encoding="utf-8") as file:
        latest: dict[tuple[str, str], tuple[int, str]] = {}
        for row in csv.DictReader(file):
            key = (row["voter-id"], row["comment-id"])
            if key not in latest or int(row["timestamp"]) >= latest[key][0]:
                latest[key] = (int(row["timestamp"]), row["vote"])
    return {
        "ideas": len(comments),
        "hidden": sum(row["moderated"] == "-1" for row in comments),
        "people": len({v for v, _ in latest} | {row["author-id"] for row in comments}),
        "votes": Counter(value for _, value in latest.values()),
    }


@pytest.mark.skipif(not SEATTLE.is_dir(), reason="the Pol.is open data is not in shared/data")
async def test_a_real_conversation_imports_with_the_counts_of_its_files(rt: Runtime) -> None:
    expected = _recount(SEATTLE)
    conversation: PolisConversation = read_conversation(SEATTLE)
    report = await import_polis(rt, conversation)
    jam = await imported_jam(rt, "polis-15-per-hour-seattle")
    assert jam.title == "$15/hour" and "https://pol.is/2demo" in jam.description
    assert phase(jam, utcnow()) is JamPhase.CLOSED
    ideas = await ideas_of(rt, report.jam_id)
    assert len(ideas) == expected["ideas"] == 54
    assert sum(i.hidden for i in ideas) == expected["hidden"] == 23
    async with rt.db.read() as session:
        members = (
            await session.execute(select(func.count()).where(Membership.jam_id == report.jam_id))
        ).scalar_one()
        values = Counter(
            (
                await session.execute(
                    select(Vote.value)
                    .join(Idea, col(Idea.id) == col(Vote.idea_id))
                    .where(Idea.jam_id == report.jam_id)
                )
            ).scalars()
        )
    assert members == report.people == expected["people"]
    votes = expected["votes"]
    assert values == {1: votes["1"], -1: votes["-1"], 0: votes["0"]}
    assert sum(i.passes for i in ideas) == votes["0"] > 0
    assert sum(i.upvotes for i in ideas) == votes["1"]
    assert sum(i.downvotes for i in ideas) == votes["-1"]
    before = await row_counts(rt)
    assert (await import_polis(rt, read_conversation(SEATTLE))).already_imported
    assert await row_counts(rt) == before
