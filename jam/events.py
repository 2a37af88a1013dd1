"""In-process fan-out of committed changes (the future live feed subscribes here).

Actions publish only after their transaction commits, so a subscriber never sees a change that
was rolled back. Events carry ids, not objects: subscribers re-read what they need.
Subscriber queues are bounded; a subscriber that falls behind loses the oldest events rather than
growing memory without limit.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime

from jam.timeutil import utcnow

QUEUE_SIZE = 1000


@dataclass(frozen=True)
class Event:
    kind: str
    jam_id: int | None
    subject_id: int | None
    actor_id: int | None = None
    at: datetime = field(default_factory=utcnow)


class EventBus:
    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[Event]] = set()

    def publish(self, event: Event) -> None:
        for queue in list(self._queues):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(event)

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[asyncio.Queue[Event]]:
        queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=QUEUE_SIZE)
        self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)
