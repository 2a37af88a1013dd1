"""What a running jam process holds: settings, the database and the event bus."""

from __future__ import annotations

from dataclasses import dataclass, field

from jam.config import Settings
from jam.db import Database
from jam.events import EventBus


@dataclass
class Runtime:
    settings: Settings
    db: Database
    events: EventBus = field(default_factory=EventBus)

    @classmethod
    def from_settings(cls, settings: Settings) -> Runtime:
        return cls(settings=settings, db=Database(settings.database_url))

    async def close(self) -> None:
        await self.db.dispose()
