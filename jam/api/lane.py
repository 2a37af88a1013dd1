"""The heavy lane: expensive queries run on their own thread and event loop.

An event loop runs every callback that is ready before it looks at the network again. A query
the budget admits but that resolves thousands of values (five pages of 100 ideas) makes
thousands of callbacks ready at once when its DataLoaders answer: measured at 160 ms in which
the loop served nobody else, and every other request waits that long for each of its own steps.

Queries costing at least ``HEAVY_COST`` (jam.api.budget) therefore run on one thread of their
own with its own event loop and database engines. The interpreter hands the GIL between
threads every few milliseconds (``sys.getswitchinterval()``), so the main loop keeps answering
while a heavy query runs; and heavy queries share that one lane, so clients sending them in
parallel slow each other, not everyone. Mutations and subscriptions never go there (they are
small, and they need the main loop's event feed).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Awaitable, Callable
from typing import TypeVar

from jam.config import Settings
from jam.db import Database
from jam.runtime import Runtime

log = logging.getLogger("jam.api")

T = TypeVar("T")

# Connections the lane keeps to PostgreSQL (SQLite: one reader engine, as everywhere).
LANE_POOL_SIZE = 2


class HeavyLane:
    """One daemon thread running an event loop with its own :class:`Runtime` (database
    engines only: its event feed is never started, so features that follow the feed read
    afresh there)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._loop: asyncio.AbstractEventLoop | None = None
        # Engines connect on first use, on the lane's loop; made here so callers (the
        # statement-count tests) can listen to them before the lane starts.
        self.rt = Runtime(settings, Database(settings.database_url, pool_size=LANE_POOL_SIZE))
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        # Requests answered on the lane (the tests check the lane was used).
        self.completed = 0

    @property
    def running(self) -> bool:
        return self._loop is not None and self._loop.is_running()

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="jam-heavy-lane", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the heavy lane's event loop did not start")

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        loop.call_soon(self._ready.set)
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def run(self, work: Callable[[Runtime], Awaitable[T]]) -> T:
        """Run ``work(lane_runtime)`` on the lane and wait for it here. Cancelling the caller
        (the client went away) cancels the work on the lane."""
        loop, rt = self._loop, self.rt
        if loop is None:
            raise RuntimeError("the heavy lane is not running")

        async def call() -> T:
            return await work(rt)

        try:
            return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(call(), loop))
        finally:
            self.completed += 1

    async def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        with contextlib.suppress(Exception):
            await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self.rt.close(), loop))
        loop.call_soon_threadsafe(loop.stop)
        await asyncio.to_thread(thread.join, 10)
        self._loop = self._thread = None
        self._ready.clear()
