"""What a running jam process holds: settings, the database, the event bus and the
background theme refresher."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jam.config import Settings
from jam.db import Database
from jam.events import EventBus

if TYPE_CHECKING:
    from jam.themes.refresher import ThemeRefresher


@dataclass
class Runtime:
    settings: Settings
    db: Database
    events: EventBus = field(default_factory=EventBus)
    themes: ThemeRefresher | None = None  # set by the app when background jobs run

    @classmethod
    def from_settings(cls, settings: Settings) -> Runtime:
        return cls(settings=settings, db=Database(settings.database_url))

    async def close(self) -> None:
        await self.db.dispose()
