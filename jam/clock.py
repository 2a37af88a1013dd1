"""The jam clock: scheduled → live → closed, from the jam's start and end times."""

from __future__ import annotations

import enum
from datetime import datetime

from jam.errors import ActionError, ErrorCode
from jam.models import Jam
from jam.timeutil import as_utc


class JamPhase(enum.StrEnum):
    SCHEDULED = "scheduled"
    LIVE = "live"
    CLOSED = "closed"


def phase(jam: Jam, now: datetime) -> JamPhase:
    now = as_utc(now)
    if now < as_utc(jam.starts_at):
        return JamPhase.SCHEDULED
    if now < as_utc(jam.ends_at):
        return JamPhase.LIVE
    return JamPhase.CLOSED


def require_live(jam: Jam, now: datetime) -> None:
    """Reject writes outside the jam's live window, saying when it opens or that it ended."""
    current = phase(jam, now)
    if current is JamPhase.SCHEDULED:
        opens = as_utc(jam.starts_at).isoformat()
        raise ActionError(ErrorCode.JAM_NOT_LIVE, f"this jam opens at {opens}; it is read-only")
    if current is JamPhase.CLOSED:
        raise ActionError(ErrorCode.JAM_NOT_LIVE, "this jam has ended; it is read-only")
