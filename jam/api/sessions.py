"""Signed-in WebSockets, closed with 4403 when their session ends.

One watcher per process instead of one per socket: every ``session_check_seconds`` it asks the
database, in one query per few thousand sockets, which of the open sockets' sessions are still
valid, and closes the others (expired ones). A logout is an event (``session.ended``), so its
sockets close at once, in every process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict

from jam.api.context import Context
from jam.events import EventKind
from jam.feed import SubscriberDropped
from jam.queries.viewer import valid_token_hashes
from jam.runtime import Runtime
from jam.security import hash_token

log = logging.getLogger("jam.api")


class SocketSessions:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self._sockets: dict[str, set[Context]] = defaultdict(set)
        self._tasks: list[asyncio.Task[None]] = []

    def watch(self, context: Context) -> None:
        """Close this context's socket when its session ends (it must have a token)."""
        assert context.token is not None
        self._sockets[hash_token(context.token)].add(context)
        if not self._tasks:
            loop = asyncio.get_running_loop()
            self._tasks = [loop.create_task(self._check()), loop.create_task(self._listen())]

    def _prune(self) -> None:
        """Forget sockets that have closed (strawberry has no disconnect hook)."""
        for digest in list(self._sockets):
            alive = {c for c in self._sockets[digest] if c.socket_open}
            if alive:
                self._sockets[digest] = alive
            else:
                del self._sockets[digest]

    def _close(self, digests: set[str]) -> None:
        for digest in digests:
            for context in self._sockets.pop(digest, set()):
                context.end_session()

    async def _check(self) -> None:
        while True:
            await asyncio.sleep(self.rt.settings.session_check_seconds)
            self._prune()
            open_now = set(self._sockets)
            if not open_now:
                continue
            try:
                valid = await valid_token_hashes(self.rt, open_now)
            except Exception:
                log.exception("checking the sessions of open sockets failed")
                continue
            self._close(open_now - valid)

    async def _listen(self) -> None:
        while self.rt.feed.cursor is not None:
            try:
                async with self.rt.feed.subscribe(
                    accept=lambda e: e.kind is EventKind.SESSION_ENDED
                ) as events:
                    async for event in events:
                        self._close({str(event.data.get("token", ""))})
            except SubscriberDropped:
                continue
            except RuntimeError:
                return

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks = []
