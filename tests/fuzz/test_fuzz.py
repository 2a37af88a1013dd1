"""The API fuzzed with schemathesis: no request, however odd, is an HTTP 500 or an error without
a code ("Unexpected error." included).

schemathesis reads the schema by introspection from a real server (its own process, over HTTP,
on a seeded jam so that small ids are real: jams, forums, ideas, comments, people) and generates
queries and mutations for every root field, valid ones and invalid ones. Each generated request
is sent three times: as an anonymous client, a participant and an administrator (bearer
tokens). Generation is reproducible (fixed seeds); ``JAM_FUZZ_CASES`` sets the cases per role.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode
from schemathesis.graphql import nodes

from jam import actions
from jam.actions import VoteValue
from jam.config import Settings, normalize_database_url
from jam.db import Database
from jam.runtime import Runtime
from tests.conftest import build_world
from tests.server import free_port

pytestmark = pytest.mark.slow

CASES_PER_ROLE = int(os.environ.get("JAM_FUZZ_CASES", "10000"))
# One in five generated requests is invalid on purpose (schemathesis's negative mode).
NEGATIVE_SHARE = 0.2
# Each seeded table holds fewer rows than this: ids 1..SMALL_IDS name real things.
SMALL_IDS = 40
# Mutations that would end the role's own session (the rest of the run would be anonymous).
SESSION_ENDING = {"Mutation.logout"}
PASSWORD = "correct horse battery"

LAUNCH = """
import logging, sys, uvicorn
from jam.app import create_app
from jam.config import Settings, normalize_database_url
logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
uvicorn.run(create_app(Settings.from_env()), host="127.0.0.1", port=int(sys.argv[1]),
            log_level="warning", lifespan="on")
"""


@dataclass
class Findings:
    """What the fuzzer saw; problems are kept one per (role, operation, kind)."""

    sent: dict[str, int] = field(default_factory=dict)
    outcomes: Counter[str] = field(default_factory=Counter)
    problems: dict[tuple[str, str, str], str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, role: str, outcome: str) -> None:
        with self.lock:
            self.sent[role] = self.sent.get(role, 0) + 1
            self.outcomes[outcome] += 1

    def problem(self, role: str, label: str, kind: str, detail: str) -> None:
        with self.lock:
            self.problems.setdefault((role, label, kind), detail)


def judge(response: requests.Response) -> str | None:
    """Why this response breaks the contract, or None."""
    if response.status_code >= 500:
        return f"HTTP {response.status_code}"
    try:
        body = response.json()
    except ValueError:
        return f"not JSON (HTTP {response.status_code}, {response.headers.get('content-type')})"
    if not isinstance(body, dict):
        return "not a JSON object"
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        if not code:
            return "an error without extensions.code"
        if error.get("message") == "Unexpected error." or code == "INTERNAL_SERVER_ERROR":
            return "Unexpected error."
    return None


def outcome_of(body: dict[str, Any]) -> str:
    """"data" for an answer without top-level errors, else the first error's code."""
    errors = body.get("errors")
    return str(errors[0]["extensions"]["code"]) if errors else "data"


def sender(
    base: str, role: str, token: str | None, work: queue.Queue[Any], findings: Findings
) -> None:
    session = requests.Session()
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    while True:
        item = work.get()
        if item is None:
            return
        label, body = item
        try:
            response = session.post(f"{base}/graphql", data=body, headers=headers, timeout=30)
            verdict = judge(response)
            detail = response.text[:600] if verdict else ""
            outcome = verdict or outcome_of(response.json())
        except requests.RequestException as error:
            verdict, detail, outcome = "no response", repr(error), "no response"
        findings.count(role, outcome)
        if verdict:
            findings.problem(role, label, verdict, f"{body[:1500]!r}\n  -> {detail}")


async def seed_jam(rt: Runtime) -> dict[str, str]:
    """A live jam: forums, ideas (one hidden), comments with replies, votes; the e-mail of
    each role."""
    from jam.models import User

    world = await build_world(rt)
    ideas = [await world.idea(title=f"Idea {i}", tags=["green", f"t{i % 3}"]) for i in range(8)]
    for idea in ideas[:4]:
        comment = await actions.add_comment(rt, world.moderator, idea, body="Why?")
        await actions.add_comment(
            rt, world.participant, idea, body="Because.", parent_id=comment.id
        )
        await actions.vote(rt, world.moderator, idea, VoteValue.UP)
    await actions.set_idea_hidden(rt, world.moderator, ideas[-1], hidden=True)
    assert world.jam.id is not None
    await actions.create_invitation(rt, world.admin, world.jam.id)
    emails = {}
    async with rt.db.read() as session:
        for role, actor in (("participant", world.participant), ("admin", world.admin)):
            user = await session.get(User, actor.user_id)
            assert user is not None
            emails[role] = user.email
    return emails


@pytest.fixture
def fuzz_database(tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    """PostgreSQL when the suite has one (production's backend, the stricter about what it
    stores), else a SQLite file."""
    from tests.conftest import PG_URL

    if PG_URL:
        yield normalize_database_url(PG_URL)
        return
    import shutil

    path = tmp_path / "fuzz.db"
    shutil.copy(sqlite_template, path)
    yield f"sqlite+aiosqlite:///{path}"


@pytest.fixture
async def served(fuzz_database: str, tmp_path: Path, request: pytest.FixtureRequest) -> Any:
    if fuzz_database.startswith("postgresql"):
        request.getfixturevalue("postgres_url")
        from tests.conftest import _truncate

        await _truncate(fuzz_database)
    rt = Runtime(settings=Settings(database_url=fuzz_database), db=Database(fuzz_database))
    try:
        emails = await seed_jam(rt)
    finally:
        await rt.close()
    port = free_port()
    log = tmp_path / "server.log"
    env = {
        **os.environ,
        "JAM_DATABASE_URL": fuzz_database,
        "JAM_REFUSAL_DELAY_SECONDS": "0",  # refusals are answered at once (no tarpit)
        "JAM_LOGIN_FAILURES_PER_ADDRESS": "1000000",
        "JAM_EMBEDDING_MODEL": "off",
    }
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, str(port)], env=env, stderr=stderr,
            cwd=Path(__file__).resolve().parents[2],
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{base}/healthz", timeout=1)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(log.read_text()) from None
                time.sleep(0.1)
        tokens: dict[str, str | None] = {"anonymous": None}
        for role, email in emails.items():
            response = requests.post(
                f"{base}/graphql",
                json={
                    "query": "mutation($e: String!, $p: String!) "
                    "{ login(input: {email: $e, password: $p}) { token } }",
                    "variables": {"e": email, "p": PASSWORD},
                },
                timeout=30,
            )
            tokens[role] = response.json()["data"]["login"]["token"]
            assert tokens[role], response.text
        yield base, tokens, log
    finally:
        process.terminate()
        process.wait(timeout=15)


def operations(base: str) -> list[Any]:
    # Small ids are real rows; anything else is made up (both must be answered properly).
    ids = st.one_of(
        st.integers(min_value=1, max_value=SMALL_IDS).map(str),
        st.integers().map(str),
        st.text(max_size=12),
    )
    schemathesis.graphql.scalar("ID", ids.map(nodes.String))
    schema = schemathesis.graphql.from_url(f"{base}/graphql")
    return [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]


def generate(op: Any, mode: GenerationMode, count: int, key: int, emit: Any) -> int:
    """Draw ``count`` requests for one operation (reproducibly: seeded by ``key``)."""
    made = 0

    @seed(key)
    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=op.as_strategy(generation_mode=mode))
    def fuzz(case: Any) -> None:
        nonlocal made
        made += 1
        emit(op.label, json.dumps({"query": case.body}))

    fuzz()
    return made


# About 3 minutes on a quiet 2-core machine; more when it is shared.
@pytest.mark.timeout(900)
def test_the_fuzzer_finds_no_500_and_no_error_without_a_code(served: Any) -> None:
    base, tokens, log = served
    ops = operations(base)
    findings = Findings()
    queues: dict[str, queue.Queue[Any]] = {role: queue.Queue(maxsize=64) for role in tokens}
    threads = [
        threading.Thread(target=sender, args=(base, role, token, queues[role], findings))
        for role, token in tokens.items()
    ]
    for thread in threads:
        thread.start()
    started = time.monotonic()
    generated = 0

    queued: Counter[str] = Counter()
    exhausted: set[str] = set()

    def emit(label: str, body: str) -> None:
        for role in tokens:
            if role == "anonymous" or label not in SESSION_ENDING:
                queues[role].put((label, body))
                queued[role] += 1
    try:
        # Rounds over every operation until each role has its cases (an operation with few
        # distinct requests, like `viewer`, runs out early; the others make up for it).
        for round_ in range(5):
            short = CASES_PER_ROLE - min(queued.values(), default=0)
            if short <= 0:
                break
            active = [op for op in ops if op.label not in exhausted]
            per_operation = -(-short // max(1, len(active)))  # ceiling
            for index, op in enumerate(ops):
                if op.label in exhausted:
                    continue
                for mode, share in (
                    (GenerationMode.POSITIVE, 1 - NEGATIVE_SHARE),
                    (GenerationMode.NEGATIVE, NEGATIVE_SHARE),
                ):
                    wanted = max(1, round(per_operation * share))
                    key = 100_000 * round_ + 10 * index + int(mode is GenerationMode.NEGATIVE)
                    try:
                        made = generate(op, mode, wanted, key, emit)
                    except Exception as error:  # schemathesis cannot build this operation
                        findings.problem("-", op.label, "generation", repr(error)[:300])
                        exhausted.add(op.label)
                        break
                    generated += made
                    if made < wanted and mode is GenerationMode.POSITIVE:
                        exhausted.add(op.label)
    finally:
        for role in tokens:
            queues[role].put(None)
        for thread in threads:
            thread.join()
    elapsed = time.monotonic() - started
    print(f"fuzz: {generated} cases, sent {findings.sent} in {elapsed:.0f} s")
    print(f"fuzz outcomes: {dict(findings.outcomes.most_common())}")
    report = "\n".join(
        f"[{role}] {label}: {kind}\n  {detail}"
        for (role, label, kind), detail in sorted(findings.problems.items())
    )
    server_errors = [line for line in log.read_text().splitlines() if "unexpected error" in line]
    assert not findings.problems, f"{len(findings.problems)} problems:\n{report}\n" + "\n".join(
        server_errors[:20]
    )
    assert all(findings.sent.get(role, 0) >= CASES_PER_ROLE for role in tokens), findings.sent


# --- variables -------------------------------------------------------------------------------
# schemathesis writes every argument as a literal; clients send variables (JSON), which reach
# other code: graphql-core's coercion, JSON escapes (lone surrogates), values a literal cannot
# spell. Each operation with arguments is called with variables drawn from its argument types:
# mostly well-typed, with the edges of each type (far dates, 32-bit bounds, long and
# unstorable text, long lists, real and made-up ids).

VARIABLE_CASES_PER_OPERATION = int(os.environ.get("JAM_FUZZ_VARIABLE_CASES", "60"))
EDGE_TEXT = ["", " ", "innovation-jam", "green", "x@example.org", "a" * 10_001, "\x00", "\ud800",
             "<script>", "%_\\"]
EDGE_MOMENTS = ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "1970-01-01T00:00:00Z"]


def _variable_values(type_: Any) -> st.SearchStrategy[Any]:
    from graphql import (
        GraphQLEnumType,
        GraphQLInputObjectType,
        GraphQLList,
        GraphQLNonNull,
    )

    nullable = not isinstance(type_, GraphQLNonNull)
    inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    values: st.SearchStrategy[Any]
    if isinstance(inner, GraphQLList):
        item = _variable_values(inner.of_type)
        values = st.lists(item, max_size=4) | st.lists(item, min_size=50, max_size=60)
    elif isinstance(inner, GraphQLInputObjectType):
        required = {n: f for n, f in inner.fields.items() if isinstance(f.type, GraphQLNonNull)}
        optional = {n: f for n, f in inner.fields.items() if n not in required}
        values = st.fixed_dictionaries(
            {n: _variable_values(f.type) for n, f in required.items()},
            optional={n: _variable_values(f.type) for n, f in optional.items()},
        )
    elif isinstance(inner, GraphQLEnumType):
        values = st.sampled_from(list(inner.values))
    else:
        scalars: dict[str, st.SearchStrategy[Any]] = {
            # Mostly text every check accepts, so that the other arguments are what is tried.
            "String": st.from_regex(r"[a-z][a-z ]{0,20}[a-z]", fullmatch=True)
            | st.text(max_size=30)
            | st.sampled_from(EDGE_TEXT),
            "ID": st.integers(1, SMALL_IDS).map(str)
            | st.sampled_from(["0", "-1", str(2**31 - 1), str(2**31), "1.5", " 1", "１"]),
            "Int": st.integers(-(2**31), 2**31 - 1) | st.sampled_from([0, -1, 100, 101]),
            "Float": st.floats(allow_nan=False, allow_infinity=False),
            "Boolean": st.booleans(),
            "DateTime": st.datetimes(
                min_value=datetime(2026, 1, 1), max_value=datetime(2028, 1, 1),
                timezones=st.timezones() | st.none(),
            ).map(datetime.isoformat)
            | st.datetimes(timezones=st.timezones()).map(datetime.isoformat)
            | st.sampled_from(EDGE_MOMENTS),
        }
        values = scalars.get(inner.name, st.text(max_size=30))
    return (st.none() | values) if nullable else values


def variable_operations() -> list[tuple[str, str, st.SearchStrategy[Any]]]:
    from graphql import GraphQLObjectType, get_named_type
    from jam.api.schema import schema

    found = []
    roots = schema._schema
    for root, kind in ((roots.mutation_type, "mutation"), (roots.query_type, "query")):
        assert root is not None
        for name, definition in root.fields.items():
            if not definition.args or f"{root.name}.{name}" in SESSION_ENDING:
                continue
            declared = ", ".join(f"${a}: {arg.type}" for a, arg in definition.args.items())
            passed = ", ".join(f"{a}: ${a}" for a in definition.args)
            result = get_named_type(definition.type)
            selection = ""
            if isinstance(result, GraphQLObjectType):
                payload = "errors" in result.fields
                selection = "{ errors { code field } }" if payload else "{ __typename }"
            document = f"{kind}({declared}) {{ {name}({passed}) {selection} }}"
            arguments = {a: _variable_values(arg.type) for a, arg in definition.args.items()}
            found.append((f"{root.name}.{name}", document, st.fixed_dictionaries(arguments)))
    return found


def call_with_variables(
    base: str,
    tokens: dict[str, str | None],
    sessions: dict[str, requests.Session],
    findings: Findings,
    label: str,
    document: str,
    variables: st.SearchStrategy[Any],
    key: int,
) -> None:
    @seed(key)
    @settings(
        max_examples=VARIABLE_CASES_PER_OPERATION,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(values=variables)
    def call(values: dict[str, Any]) -> None:
        body = json.dumps({"query": document, "variables": values})
        for role, token in tokens.items():
            headers = {"content-type": "application/json"}
            if token:
                headers["authorization"] = f"Bearer {token}"
            response = sessions[role].post(f"{base}/graphql", data=body, headers=headers)
            verdict = judge(response)
            findings.count(role, verdict or outcome_of(response.json()))
            if verdict:
                findings.problem(role, label, verdict, f"{body[:800]}\n  -> {response.text[:400]}")

    call()


@pytest.mark.timeout(600)
def test_variables_of_every_type_find_no_500_and_no_error_without_a_code(served: Any) -> None:
    base, tokens, _ = served
    findings = Findings()
    sessions = {role: requests.Session() for role in tokens}
    for index, (label, document, variables) in enumerate(variable_operations()):
        call_with_variables(base, tokens, sessions, findings, label, document, variables, index)
    print(f"fuzz (variables): sent {findings.sent}; {dict(findings.outcomes.most_common())}")
    assert not findings.problems, "\n".join(
        f"[{role}] {label}: {kind}\n  {detail}"
        for (role, label, kind), detail in sorted(findings.problems.items())
    )
