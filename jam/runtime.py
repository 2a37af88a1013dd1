"""What a running jam process holds: settings, the database and its live event feed.

Features keep their own caches (the worker's theme placers, the similar-ideas indexes), keyed
by the runtime where they must not mix databases."""

from __future__ import annotations

from dataclasses import dataclass, field

from jam.config import Settings
from jam.db import Database
from jam.feed import EventFeed


@dataclass(eq=False)
class Runtime:
    settings: Settings
    db: Database
    feed: EventFeed = field(init=False)

    def __post_init__(self) -> None:
        self.feed = EventFeed(self.db, poll_seconds=self.settings.event_poll_seconds)

    @classmethod
    def from_settings(cls, settings: Settings) -> Runtime:
        return cls(settings=settings, db=Database(settings.database_url))

    async def close(self) -> None:
        await self.feed.stop()
        await self.db.dispose()
