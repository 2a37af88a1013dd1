"""Reading a Pol.is export folder (compdemocracy/openData) into plain data; no database.

A folder holds one conversation:

- ``comments.csv`` (required): one row per statement, columns ``timestamp`` (ms since the
  epoch), ``comment-id``, ``author-id``, ``moderated`` (1 accepted, 0 not moderated, -1
  rejected) and ``comment-body`` (others, such as ``datetime`` or ``agrees``, are ignored);
- ``votes.csv``: one row per vote event, columns ``timestamp``, ``comment-id``, ``voter-id``,
  ``vote`` (1 agree, -1 disagree, 0 pass). A changed vote is a later row: the latest counts;
- ``participants-votes.csv``: the participant × statement matrix (column ``participant``, then
  one column per comment id; a cell holds 1, -1, 0 or nothing), read only when votes.csv is
  missing. It has no times: a vote counts as cast when its statement was written;
- ``summary.csv`` (optional): key/value rows, of which ``topic``, ``url`` and
  ``conversation-description`` are used.

Anything malformed raises :class:`PolisFormatError` naming the file and line. Statements with an
empty body are skipped and counted, as are votes on statements that are not imported.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

COMMENTS = "comments.csv"
VOTES = "votes.csv"
MATRIX = "participants-votes.csv"
SUMMARY = "summary.csv"

COMMENT_COLUMNS = ("timestamp", "comment-id", "author-id", "moderated", "comment-body")
VOTE_COLUMNS = ("timestamp", "comment-id", "voter-id", "vote")
# The matrix's columns that are not comment ids.
MATRIX_COLUMNS = ("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")

AGREE, DISAGREE, PASS = 1, -1, 0
VOTE_VALUES = (AGREE, DISAGREE, PASS)
REJECTED = -1
MODERATION_VALUES = (1, 0, REJECTED)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# How often (in rows) reading reports its progress.
PROGRESS_EVERY = 2_000

ProgressFn = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while reading."""

_DIGITS = re.compile(r"[0-9]+")
_SIGNED = re.compile(r"-?[0-9]+")
# C0 controls but tab and newlines, DEL and lone surrogates: no one types them, and PostgreSQL
# refuses NUL. Dropped from statements.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


class PolisFormatError(Exception):
    """The export cannot be read: which file, which line (None: the file as a whole), why."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class PolisStatement:
    id: int
    author_id: int
    created_at: datetime
    body: str
    moderated: int  # 1 accepted, 0 not moderated, -1 rejected

    @property
    def rejected(self) -> bool:
        return self.moderated == REJECTED


@dataclass(frozen=True, slots=True)
class PolisVote:
    voter_id: int
    statement_id: int
    value: int  # 1 agree, -1 disagree, 0 pass
    at: datetime


@dataclass(frozen=True, slots=True)
class PolisParticipant:
    id: int
    first_seen: datetime  # their first statement or vote


@dataclass(frozen=True)
class PolisConversation:
    name: str  # the folder's name (e.g. "15-per-hour-seattle")
    topic: str
    url: str
    description: str
    statements: tuple[PolisStatement, ...]
    votes: tuple[PolisVote, ...]  # one per (voter, statement): the latest
    participants: tuple[PolisParticipant, ...]  # everyone who wrote or voted, by id
    votes_file: str  # VOTES or MATRIX: where the votes came from
    files: tuple[str, ...]  # the files read
    digest: str  # sha256 of the files read (names and bytes): the same export, the same digest
    vote_rows: int  # votes read, before de-duplication and skipping
    empty_statements: int  # skipped: no text
    superseded_votes: int  # earlier rows of a vote that was changed later
    unknown_statement_votes: int  # on a statement not in comments.csv, or skipped

    @property
    def starts_at(self) -> datetime:
        """The first moment in the data."""
        return min(
            min(s.created_at for s in self.statements),
            min((v.at for v in self.votes), default=self.statements[0].created_at),
        )

    @property
    def ends_at(self) -> datetime:
        """The last moment in the data (at least a second after the first)."""
        last = max(
            max(s.created_at for s in self.statements),
            max((v.at for v in self.votes), default=self.statements[0].created_at),
        )
        return max(last, self.starts_at + timedelta(seconds=1))


# ---------------------------------------------------------------------------------------------


@dataclass
class _Table:
    """A CSV file being read: its path, header and rows with the line each starts on."""

    path: Path
    header: list[str]
    reader: Any  # a csv.reader
    lines: int  # physical lines in the file, for progress

    def fail(self, line: int | None, message: str) -> PolisFormatError:
        return PolisFormatError(self.path, line, message)

    def columns(self, required: tuple[str, ...]) -> dict[str, int]:
        """The index of each required column; a missing one is an error on line 1."""
        index: dict[str, int] = {}
        for position, name in enumerate(self.header):
            index.setdefault(name, position)
        missing = [name for name in required if name not in index]
        if missing:
            names = ", ".join(missing)
            raise self.fail(1, f"missing column{'s' if len(missing) > 1 else ''} {names}")
        return index


def _text(path: Path) -> tuple[str, bytes]:
    """The file's text (UTF-8, with or without a byte-order mark) and its bytes."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise PolisFormatError(path, None, "is a folder, not a file") from None
    except OSError as error:
        raise PolisFormatError(path, None, f"cannot be read ({error.strerror})") from None
    try:
        return data.decode("utf-8-sig"), data
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PolisFormatError(path, line, "is not UTF-8 text") from None


def _rows(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """(the line a record starts on, its fields) of a ``csv.reader``, skipping blank lines."""
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _CsvError(start, str(error)) from None
        if row:
            yield start, row


class _CsvError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _open_table(path: Path, digest: hashlib._Hash) -> _Table:
    text, data = _text(path)
    digest.update(path.name.encode() + b"\0" + data + b"\0")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise PolisFormatError(path, 1, "is empty (no header)") from None
    except csv.Error as error:
        raise PolisFormatError(path, 1, f"is not valid CSV ({error})") from None
    return _Table(path, [name.strip() for name in header], reader, text.count("\n") + 1)


def _records(table: _Table) -> Iterator[tuple[int, list[str]]]:
    """The table's records with their line numbers; a record whose field count differs from the
    header's is an error."""
    width = len(table.header)
    try:
        for line, row in _rows(table.reader):
            if len(row) != width:
                raise table.fail(line, f"has {len(row)} fields where the header has {width}")
            yield line, row
    except _CsvError as error:
        raise table.fail(error.line, f"is not valid CSV ({error})") from None


def _shown(value: str) -> str:
    return repr(value if len(value) <= 30 else value[:30] + "…")


def _id(table: _Table, line: int, column: str, value: str) -> int:
    cleaned = value.strip()
    if not _DIGITS.fullmatch(cleaned):
        raise table.fail(line, f"{column} {_shown(value)} is not an integer id")
    return int(cleaned)


def _moment(table: _Table, line: int, value: str, now: datetime) -> datetime:
    cleaned = value.strip()
    if not _DIGITS.fullmatch(cleaned):
        raise table.fail(line, f"timestamp {_shown(value)} is not a time (milliseconds since 1970)")
    try:
        moment = EPOCH + timedelta(milliseconds=int(cleaned))
    except OverflowError:
        moment = None
    if moment is None or moment > now:
        raise table.fail(line, f"timestamp {cleaned} is in the future")
    return moment


def _choice(table: _Table, line: int, column: str, value: str, allowed: tuple[int, ...]) -> int:
    cleaned = value.strip()
    number = int(cleaned) if _SIGNED.fullmatch(cleaned) else None
    if number not in allowed:
        shown = ", ".join(str(a) for a in sorted(allowed))
        raise table.fail(line, f"{column} {_shown(value)} is not one of {shown}")
    assert number is not None
    return number


def _report(progress: ProgressFn | None, table: _Table, done: int) -> None:
    if progress is not None:
        progress(f"reading {table.path.name}", min(done, table.lines), table.lines)


def _summary(path: Path, digest: hashlib._Hash) -> dict[str, str]:
    """summary.csv's key/value rows (no header)."""
    text, data = _text(path)
    digest.update(path.name.encode() + b"\0" + data + b"\0")
    reader = csv.reader(io.StringIO(text, newline=""))
    values: dict[str, str] = {}
    try:
        for _line, row in _rows(reader):
            key = row[0].strip()
            values.setdefault(key, row[1] if len(row) > 1 else "")
    except _CsvError as error:
        raise PolisFormatError(path, error.line, f"is not valid CSV ({error})") from None
    return values


def _statements(
    table: _Table, now: datetime, progress: ProgressFn | None
) -> tuple[list[PolisStatement], int]:
    """The statements with text, and how many had none."""
    columns = table.columns(COMMENT_COLUMNS)
    at, cid, author, moderated, body = (columns[name] for name in COMMENT_COLUMNS)
    statements: list[PolisStatement] = []
    seen: dict[int, int] = {}
    empty = 0
    for count, (line, row) in enumerate(_records(table), 1):
        statement_id = _id(table, line, "comment-id", row[cid])
        if statement_id in seen:
            raise table.fail(
                line,
                f"comment-id {statement_id} appears twice (first on line {seen[statement_id]})",
            )
        seen[statement_id] = line
        author_id = _id(table, line, "author-id", row[author])
        created_at = _moment(table, line, row[at], now)
        moderation = _choice(table, line, "moderated", row[moderated], MODERATION_VALUES)
        text = _CONTROL.sub("", row[body]).strip()
        if not text:
            empty += 1
        else:
            statements.append(PolisStatement(statement_id, author_id, created_at, text, moderation))
        if count % PROGRESS_EVERY == 0:
            _report(progress, table, line)
    _report(progress, table, table.lines)
    return statements, empty


def _vote_events(
    table: _Table,
    known: dict[int, PolisStatement],
    now: datetime,
    progress: ProgressFn | None,
) -> tuple[list[PolisVote], int, int, int]:
    """votes.csv: (the latest vote of each voter on each known statement, rows read, rows
    superseded by a later one, rows on unknown statements)."""
    columns = table.columns(VOTE_COLUMNS)
    at, cid, voter, value = (columns[name] for name in VOTE_COLUMNS)
    latest: dict[tuple[int, int], PolisVote] = {}
    rows = unknown = 0
    for line, row in _records(table):
        rows += 1
        statement_id = _id(table, line, "comment-id", row[cid])
        voter_id = _id(table, line, "voter-id", row[voter])
        cast_at = _moment(table, line, row[at], now)
        choice = _choice(table, line, "vote", row[value], VOTE_VALUES)
        if rows % PROGRESS_EVERY == 0:
            _report(progress, table, line)
        if statement_id not in known:
            unknown += 1
            continue
        key = (voter_id, statement_id)
        earlier = latest.get(key)
        if earlier is None or cast_at >= earlier.at:  # a tie: the later row
            latest[key] = PolisVote(voter_id, statement_id, choice, cast_at)
    _report(progress, table, table.lines)
    kept = list(latest.values())
    return kept, rows, rows - unknown - len(kept), unknown


def _matrix_votes(
    table: _Table, known: dict[int, PolisStatement], progress: ProgressFn | None
) -> tuple[list[PolisVote], int, int]:
    """participants-votes.csv: (the votes on known statements, cells with a vote, those on
    unknown statements). A vote's time is its statement's."""
    participant = table.columns(("participant",))["participant"]
    statement_columns: list[tuple[int, int]] = []  # (column index, comment id)
    for position, name in enumerate(table.header):
        if name in MATRIX_COLUMNS:
            continue
        if not _DIGITS.fullmatch(name):
            raise table.fail(1, f"column {_shown(name)} is not a comment id")
        statement_columns.append((position, int(name)))
    votes: list[PolisVote] = []
    seen: dict[int, int] = {}
    cells = unknown = 0
    for count, (line, row) in enumerate(_records(table), 1):
        voter_id = _id(table, line, "participant", row[participant])
        if voter_id in seen:
            raise table.fail(
                line, f"participant {voter_id} appears twice (first on line {seen[voter_id]})"
            )
        seen[voter_id] = line
        for position, statement_id in statement_columns:
            cell = row[position]
            if not cell:
                continue
            if cell == "1":
                choice = AGREE
            elif cell == "-1":
                choice = DISAGREE
            elif cell == "0":
                choice = PASS
            elif not cell.strip():
                continue
            else:
                choice = _choice(
                    table, line, f"the vote on comment {statement_id}", cell, VOTE_VALUES
                )
            cells += 1
            statement = known.get(statement_id)
            if statement is None:
                unknown += 1
                continue
            votes.append(PolisVote(voter_id, statement_id, choice, statement.created_at))
        if count % 200 == 0:
            _report(progress, table, line)
    _report(progress, table, table.lines)
    return votes, cells, unknown


def _participants(
    statements: list[PolisStatement], votes: list[PolisVote]
) -> tuple[PolisParticipant, ...]:
    first: dict[int, datetime] = {}
    for statement in statements:
        seen = first.get(statement.author_id)
        if seen is None or statement.created_at < seen:
            first[statement.author_id] = statement.created_at
    for vote in votes:
        seen = first.get(vote.voter_id)
        if seen is None or vote.at < seen:
            first[vote.voter_id] = vote.at
    return tuple(PolisParticipant(pid, first[pid]) for pid in sorted(first))


def read_conversation(
    folder: Path | str,
    *,
    now: datetime | None = None,
    progress: ProgressFn | None = None,
) -> PolisConversation:
    """Read and check a Pol.is export folder. Times after ``now`` (default: the current
    time) are errors: an export only holds the past."""
    root = Path(folder)
    current = now or datetime.now(UTC)
    if not root.exists():
        raise PolisFormatError(root, None, "no such folder")
    if not root.is_dir():
        raise PolisFormatError(root, None, "is not a folder")
    comments_path = root / COMMENTS
    if not comments_path.exists():
        raise PolisFormatError(comments_path, None, "missing: a Pol.is export needs comments.csv")
    votes_path, matrix_path = root / VOTES, root / MATRIX
    if not votes_path.exists() and not matrix_path.exists():
        raise PolisFormatError(
            root, None, f"has neither {VOTES} nor {MATRIX}: there are no votes to import"
        )
    digest = hashlib.sha256()
    files = [COMMENTS]
    comments = _open_table(comments_path, digest)
    statements, empty = _statements(comments, current, progress)
    if not statements:
        raise comments.fail(None, "holds no statement with text")
    known = {statement.id: statement for statement in statements}
    superseded = 0
    if votes_path.exists():
        files.append(VOTES)
        votes, rows, superseded, unknown = _vote_events(
            _open_table(votes_path, digest), known, current, progress
        )
    else:
        files.append(MATRIX)
        votes, rows, unknown = _matrix_votes(_open_table(matrix_path, digest), known, progress)
    summary: dict[str, str] = {}
    summary_path = root / SUMMARY
    if summary_path.exists():
        files.append(SUMMARY)
        summary = _summary(summary_path, digest)
    name = root.resolve().name
    return PolisConversation(
        name=name,
        topic=" ".join(summary.get("topic", "").split()) or name,
        url=summary.get("url", "").strip(),
        description=_CONTROL.sub("", summary.get("conversation-description", "")).strip(),
        statements=tuple(statements),
        votes=tuple(votes),
        participants=_participants(statements, votes),
        votes_file=files[1],
        files=tuple(files),
        digest=digest.hexdigest(),
        vote_rows=rows,
        empty_statements=empty,
        superseded_votes=superseded,
        unknown_statement_votes=unknown,
    )


__all__ = [
    "PolisConversation",
    "PolisFormatError",
    "PolisParticipant",
    "PolisStatement",
    "PolisVote",
    "read_conversation",
]
