"""What a running jam process holds: settings, the database, the event bus and the
background theme refresher."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jam.config import Settings
from jam.db import Database
from jam.events import EventBus

if TYPE_CHECKING:
    from jam.similar import JamSimilarityIndex
    from jam.themes.fitting import Placer
    from jam.themes.refresher import ThemeRefresher


@dataclass
class Runtime:
    settings: Settings
    db: Database
    events: EventBus = field(default_factory=EventBus)
    themes: ThemeRefresher | None = None  # set by the app when background jobs run
    # In-memory caches of derived data; on the runtime (not module globals) so that two
    # databases in one process (tests, tools) never see each other's entries.
    theme_placers: OrderedDict[int, Placer] = field(default_factory=OrderedDict)
    similar_indexes: dict[int, JamSimilarityIndex] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> Runtime:
        return cls(settings=settings, db=Database(settings.database_url))

    async def close(self) -> None:
        await self.db.dispose()
