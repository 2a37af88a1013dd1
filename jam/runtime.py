"""What a running jam process holds: settings, the database and its live event feed."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jam.config import Settings
from jam.db import Database
from jam.feed import EventFeed

if TYPE_CHECKING:
    from jam.similar import JamSimilarityIndex
    from jam.themes.fitting import Placer


@dataclass
class Runtime:
    settings: Settings
    db: Database
    feed: EventFeed = field(init=False)
    # In-memory caches of derived data; on the runtime (not module globals) so that two
    # databases in one process (tests, tools) never see each other's entries.
    theme_placers: OrderedDict[int, Placer] = field(default_factory=OrderedDict)
    similar_indexes: dict[int, JamSimilarityIndex] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.feed = EventFeed(self.db, poll_seconds=self.settings.event_poll_seconds)

    @classmethod
    def from_settings(cls, settings: Settings) -> Runtime:
        return cls(settings=settings, db=Database(settings.database_url))

    async def close(self) -> None:
        await self.feed.stop()
        await self.db.dispose()
