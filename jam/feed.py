"""A process's live event feed: one reader of the outbox for all of its subscribers.

Hasura's multiplexed streaming subscriptions are the model: however many clients listen, the
process runs one query per poll (``jam.events.read_committed``) and hands each event to the
subscribers whose filter matches. The reader wakes

- at once after a commit in this process that recorded events (``Database.on_events_committed``),
- at once on PostgreSQL ``NOTIFY`` from any process (a dedicated asyncpg connection, re-opened
  and re-listened when it drops),
- and every ``poll_seconds`` regardless, the fallback (SQLite across processes, a lost NOTIFY).

Each subscriber has a bounded queue. One that falls ``queue_size`` events behind is dropped
(:class:`SubscriberDropped`) instead of slowing the others or growing memory. A subscriber that
gives the last position it saw first gets what it missed (at most ``retention`` old), then the
live stream, with nothing skipped or repeated.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy.engine import make_url

from jam.db import Database
from jam.events import (
    NOTIFY_CHANNEL,
    LiveEvent,
    Position,
    last_position,
    read_committed,
    read_range,
)
from jam.timeutil import utcnow

log = logging.getLogger(__name__)

QUEUE_SIZE = 256
BATCH = 500
REPLAY_LIMIT = 5_000
# How soon to look again while committed rows wait behind a running transaction (PostgreSQL).
HELD_BACK_RETRY = 0.02
# After a wake-up, wait this long for more commits, so a burst of writes (votes) is read with
# one query rather than one each.
COALESCE_SECONDS = 0.005


class SubscriberDropped(Exception):
    """The subscriber fell too far behind the stream and was let go."""


class Subscription:
    """One listener's view of the feed: an async iterator of the events it asked for."""

    def __init__(
        self,
        *,
        jam_id: int | None,
        idea_id: int | None,
        after: Position | None,
        queue_size: int,
        accept: Callable[[LiveEvent], bool] | None = None,
    ) -> None:
        self.jam_id = jam_id
        self.idea_id = idea_id
        self.after = after
        self.accept = accept
        self.dropped = False
        # Called once when the feed lets this subscriber go (e.g. to close its socket, whose
        # sends may be what is stuck).
        self.on_drop: Callable[[], None] | None = None
        self._backlog: deque[LiveEvent] = deque()
        self._queue: asyncio.Queue[LiveEvent | None] = asyncio.Queue(maxsize=queue_size)

    def wants(self, event: LiveEvent) -> bool:
        if self.jam_id is not None and event.jam_id != self.jam_id:
            return False
        if self.idea_id is not None and event.idea_id != self.idea_id:
            return False
        if self.after is not None and event.position <= self.after:
            return False  # already replayed, or seen before a reconnect
        return self.accept is None or self.accept(event)

    def replay(self, missed: list[LiveEvent]) -> None:
        """Events from before the subscription, delivered ahead of the live ones."""
        self._backlog.extend(e for e in missed if self.accept is None or self.accept(e))

    def offer(self, event: LiveEvent) -> bool:
        """Queue a live event; False (and the subscriber is dropped) when its queue is full."""
        try:
            self._queue.put_nowait(event)
            return True
        except asyncio.QueueFull:
            self.drop()
            return False

    def drop(self) -> None:
        if self.dropped:
            return
        self.dropped = True
        if self.on_drop is not None:
            self.on_drop()
        # Make room for the end marker so a waiting reader wakes up now.
        with contextlib.suppress(asyncio.QueueEmpty):
            self._queue.get_nowait()
        self._queue.put_nowait(None)

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> LiveEvent:
        if self._backlog:
            return self._backlog.popleft()
        if self.dropped:
            raise SubscriberDropped("too far behind the live stream")
        event = await self._queue.get()
        if event is None:
            raise SubscriberDropped("too far behind the live stream")
        return event


class EventFeed:
    def __init__(
        self,
        db: Database,
        *,
        poll_seconds: float = 0.5,
        queue_size: int = QUEUE_SIZE,
        retention: timedelta = timedelta(hours=24),
    ) -> None:
        self.db = db
        self.poll_seconds = poll_seconds
        self.queue_size = queue_size
        self.retention = retention
        self.cursor: Position | None = None
        self._subscribers: set[Subscription] = set()
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._behind = False
        db.on_events_committed(self.wake)

    # -- running --------------------------------------------------------------------------
    async def start(self) -> None:
        async with self.db.read() as session:
            self.cursor = await last_position(session)
        self._tasks.append(asyncio.create_task(self._run()))
        if not self.db.sqlite:
            self._tasks.append(asyncio.create_task(self._listen()))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        for subscriber in list(self._subscribers):
            subscriber.drop()

    def wake(self) -> None:
        self._wake.set()

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
            if self._wake.is_set():
                await asyncio.sleep(COALESCE_SECONDS)
            self._wake.clear()
            if not self._subscribers:
                # Nobody listens: read nothing; the next subscriber starts from the end.
                self._behind = True
                continue
            try:
                await self._drain()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("reading the event outbox failed; retrying")
                await asyncio.sleep(min(5.0, self.poll_seconds * 4))

    async def _drain(self) -> None:
        assert self.cursor is not None
        while True:
            async with self.db.read() as session:
                events, held = await read_committed(session, self.cursor, BATCH)
            for event in events:
                self._dispatch(event)
                self.cursor = event.position
            if held and len(events) < BATCH:
                await asyncio.sleep(HELD_BACK_RETRY)
                continue
            if len(events) < BATCH:
                return

    def _dispatch(self, event: LiveEvent) -> None:
        for subscriber in list(self._subscribers):
            if subscriber.wants(event) and not subscriber.offer(event):
                self._subscribers.discard(subscriber)
                log.info("dropped a subscriber that fell %d events behind", self.queue_size)

    async def _listen(self) -> None:
        """LISTEN on a dedicated connection (never a pooled one); re-open it when it drops."""
        import asyncpg

        url = make_url(self.db.url).set(drivername="postgresql")
        dsn = url.render_as_string(hide_password=False)
        while True:
            connection: Any = None
            try:
                connection = await asyncpg.connect(dsn)
                lost = asyncio.Event()
                connection.add_termination_listener(lambda _c, lost=lost: lost.set())
                await connection.add_listener(NOTIFY_CHANNEL, lambda *_: self.wake())
                self.wake()  # catch up on anything committed while not listening
                while not lost.is_set():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(lost.wait(), 5.0)
                    if not lost.is_set() and connection.is_closed():
                        break
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning("listening for event notifications failed (%s); retrying", error)
            finally:
                if connection is not None and not connection.is_closed():
                    with contextlib.suppress(Exception):
                        await connection.close(timeout=2)
            await asyncio.sleep(1.0)

    # -- subscribing ----------------------------------------------------------------------
    @asynccontextmanager
    async def subscribe(
        self,
        *,
        jam_id: int | None = None,
        idea_id: int | None = None,
        after: Position | None = None,
        accept: Callable[[LiveEvent], bool] | None = None,
        queue_size: int | None = None,
    ) -> AsyncIterator[Subscription]:
        """Listen to the events of one jam, one idea, or (both None) all of them.

        With ``after``, the events since that position are replayed first (as far back as the
        outbox keeps them, at most ``REPLAY_LIMIT``)."""
        if self.cursor is None:
            raise RuntimeError("the event feed is not running")
        if self._behind and not self._subscribers:
            async with self.db.read() as session:
                self.cursor = await last_position(session)
            self._behind = False
        subscriber = Subscription(
            jam_id=jam_id,
            idea_id=idea_id,
            after=after,
            queue_size=queue_size or self.queue_size,
            accept=accept,
        )
        # From here on every dispatched event is newer than ``upto``: replay up to it and the
        # live queue continues exactly where the replay ends.
        self._subscribers.add(subscriber)
        upto = self.cursor
        try:
            if after is not None and after < upto:
                async with self.db.read() as session:
                    missed = await read_range(
                        session,
                        after,
                        upto,
                        since=utcnow() - self.retention,
                        jam_id=jam_id,
                        idea_id=idea_id,
                        limit=REPLAY_LIMIT,
                    )
                subscriber.replay(missed)
            yield subscriber
        finally:
            self._subscribers.discard(subscriber)
