"""The heavy lane: expensive queries run in a process of their own.

An event loop runs every callback that is ready before it looks at the network again. A query
the budget admits but that resolves thousands of values (five pages of 100 ideas) makes
thousands of callbacks ready at once when its DataLoaders answer: measured at 160 ms in which
the loop served nobody else, and every other request waits that long for each of its own steps.
A thread does not cure it: the thread holds the interpreter's lock, and the loop waits for the
lock at every step instead (measured: normal traffic's p99 4-8x while 4 clients sent such
queries, against 13x on the loop itself).

So queries costing at least ``HEAVY_COST`` (jam.api.budget) run in one child process (spawned
on the first such query, replaced if it dies) with its own event loop and database
connections, at a lower CPU priority than the server: the kernel gives the server's loop its
core first, and heavy queries queue behind each other there, not in front of everyone.
Mutations and subscriptions never go there. The child signs the viewer in again from the
request's session token, so it sees exactly what the viewer may see.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from jam.config import Settings
from jam.db import Database
from jam.jobs.worker import exit_when_orphaned
from jam.runtime import Runtime

log = logging.getLogger("jam.api")

# Connections the child keeps to PostgreSQL (SQLite: one reader engine, as everywhere).
LANE_POOL_SIZE = 2
# The child's niceness: below the server's own process for the CPU.
LANE_NICENESS = 10


@dataclass(frozen=True)
class HeavyRequest:
    """What the child needs to answer one query (plain values: it crosses a process)."""

    query: str
    variables: dict[str, Any] | None
    operation_name: str | None
    token: str | None


@dataclass(frozen=True)
class HeavyAnswer:
    data: dict[str, Any] | None
    errors: list[dict[str, Any]]


class HeavyLane:
    """The parent's side: one child process, started on first use and replaced when it dies."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pool: ProcessPoolExecutor | None = None
        self._stopped = False
        # Queries answered on the lane (the tests check the lane was used).
        self.completed = 0

    @property
    def running(self) -> bool:
        return not self._stopped

    def start(self) -> None:
        """Ready to take queries (the child itself starts with the first one)."""
        self._stopped = False

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_child,
                initargs=(self.settings,),
            )
        return self._pool

    async def answer(
        self,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        token: str | None,
    ) -> HeavyAnswer:
        """The child's answer to this query for the viewer of this session token; a child that
        died is replaced and asked again once."""
        request = HeavyRequest(query, variables, operation_name, token)
        loop = asyncio.get_running_loop()
        try:
            for attempt in (1, 2):
                pool = self._executor()
                try:
                    return await loop.run_in_executor(pool, _answer_in_child, request)
                except BrokenProcessPool:
                    log.warning("the heavy-query process died; starting another")
                    self._pool = None
                    pool.shutdown(wait=False, cancel_futures=True)
                    if attempt == 2:
                        raise
            raise AssertionError("unreachable")
        finally:
            self.completed += 1

    async def stop(self) -> None:
        self._stopped = True
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, True, cancel_futures=True)


# --- the child's side -------------------------------------------------------------------------

_child: tuple[asyncio.AbstractEventLoop, Runtime] | None = None


def _start_child(settings: Settings) -> None:
    global _child
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, 0, LANE_NICENESS)
    exit_when_orphaned()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    rt = Runtime(settings, Database(settings.database_url, pool_size=LANE_POOL_SIZE))
    _child = (loop, rt)
    import jam.api.schema  # noqa: F401 - built once here, not on the first query


def _answer_in_child(request: HeavyRequest) -> HeavyAnswer:
    assert _child is not None, "the heavy-query process was not initialised"
    loop, rt = _child
    return loop.run_until_complete(_answer(rt, request))


async def _answer(rt: Runtime, request: HeavyRequest) -> HeavyAnswer:
    # The API layer, imported here: this module sits inside it and is imported by it.
    import strawberry

    from jam.api.context import Context
    from jam.api.schema import schema
    from jam.queries.loaders import make_loaders
    from jam.queries.viewer import authenticate

    found = await authenticate(rt, request.token) if request.token else None
    actor, user = found if found else (None, None)
    context = Context(
        rt=rt,
        request=None,
        response=None,
        token=request.token if found else None,
        actor=actor,
        user=user,
        loaders=make_loaders(rt, actor.user_id if actor else None),
    )
    result = await strawberry.Schema.execute(
        schema, request.query, request.variables, context, None, request.operation_name
    )
    errors: list[dict[str, Any]] = [dict(error.formatted) for error in result.errors or []]
    return HeavyAnswer(data=result.data, errors=errors)
