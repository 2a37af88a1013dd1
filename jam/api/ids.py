"""The one id parser: GraphQL IDs to database ids."""

from __future__ import annotations

from jam.errors import ActionError, ErrorCode

# Ids are INTEGER columns: 32-bit on PostgreSQL (SQLite's are 64-bit). A larger number names
# nothing we store (and PostgreSQL would refuse to compare with it).
MAX_ID = 2**31 - 1


def id_or_none(value: str | None) -> int | None:
    """A database id, or None for anything that cannot be one (lookups answer null)."""
    if value is None:
        return None
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if 0 < number <= MAX_ID else None


def parse_id(value: str, field: str) -> int:
    """A database id, or INVALID_INPUT naming the field (for mutations and subscriptions)."""
    number = id_or_none(value)
    if number is None:
        raise ActionError(ErrorCode.INVALID_INPUT, f"{field} is not a valid id", field)
    return number
