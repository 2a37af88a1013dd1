"""Input limits and normalisation shared by every action.

Text is stored exactly as given (Unicode, emoji, angle brackets and all) and never interpreted
as HTML: rendering is the client's job. What we refuse is what no person types and some
databases reject: NUL and other C0 control characters besides tab and newlines.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime

from jam.errors import ActionError, ErrorCode

TITLE_MAX = 200
BODY_MAX = 10_000
COMMENT_MAX = 5_000
DESCRIPTION_MAX = 10_000
QUESTION_MAX = 1_000
DISPLAY_NAME_MAX = 100
TAGS_MAX = 10
TAG_MAX = 40
PASSWORD_MIN = 8
PASSWORD_MAX = 1_000
IDEMPOTENCY_KEY_MAX = 100
SEARCH_MAX = 200

# Moments we accept (jam times, invitation expiry): anything else is a typo or a probe, and
# far-off dates overflow date arithmetic (a year-1 start shifted by a time zone).
MOMENT_MIN = datetime(1970, 1, 1, tzinfo=UTC)
MOMENT_MAX = datetime(2200, 1, 1, tzinfo=UTC)
# What an INTEGER column holds on every backend (PostgreSQL's are 32-bit).
INTEGER_MAX = 2**31 - 1
# Scores (BIGINT / double precision): what a sort key in a cursor may be.
SCORE_MAX = 2**63 - 1

# C0 controls (but tab and newlines) and lone surrogates (not Unicode: no driver encodes them).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TAG_SPACE = re.compile(r"\s+")


def invalid(field: str, message: str) -> ActionError:
    return ActionError(ErrorCode.INVALID_INPUT, message, field)


def text(value: str, field: str, *, max_length: int, required: bool = True) -> str:
    """Check a free-text field; returns it unchanged."""
    if _CONTROL.search(value):
        raise invalid(field, f"{field} contains control characters")
    if required and not value.strip():
        raise invalid(field, f"{field} must not be empty")
    if len(value) > max_length:
        raise invalid(field, f"{field} is {len(value)} characters; the limit is {max_length}")
    return value


def email(value: str, field: str = "email") -> tuple[str, str]:
    """(email as given but trimmed, normalised form used for uniqueness)."""
    trimmed = value.strip()
    if len(trimmed) > 320 or not _EMAIL.match(trimmed) or _CONTROL.search(trimmed):
        raise invalid(field, "enter a valid e-mail address")
    return trimmed, trimmed.lower()


def password(value: str, field: str = "password") -> str:
    if len(value) < PASSWORD_MIN:
        raise invalid(field, f"password must be at least {PASSWORD_MIN} characters")
    if len(value) > PASSWORD_MAX:
        raise invalid(field, f"password must be at most {PASSWORD_MAX} characters")
    return value


def slug(value: str, field: str = "slug") -> str:
    if not _SLUG.match(value) or len(value) > 80:
        raise invalid(
            field, "slug must be lowercase letters, digits and single hyphens (≤ 80 characters)"
        )
    return value


def slugify(title: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return base[:60].strip("-") or "jam"


def tags(values: list[str], field: str = "tags") -> list[str]:
    """Lowercase, trim, collapse spaces and de-duplicate (keeping order); ≤ 10 of ≤ 40 chars."""
    result: list[str] = []
    for raw in values:
        tag = _TAG_SPACE.sub(" ", raw.strip().lower())
        if _CONTROL.search(tag):
            raise invalid(field, "tags contain control characters")
        if not tag:
            raise invalid(field, "tags must not be empty")
        if len(tag) > TAG_MAX:
            raise invalid(field, f"a tag is at most {TAG_MAX} characters")
        if tag not in result:
            result.append(tag)
    if len(result) > TAGS_MAX:
        raise invalid(field, f"at most {TAGS_MAX} tags")
    return result


def idempotency_key(value: str | None, field: str = "idempotencyKey") -> str | None:
    if value is None:
        return None
    if not value.strip() or len(value) > IDEMPOTENCY_KEY_MAX or _CONTROL.search(value):
        raise invalid(field, f"idempotency key must be 1–{IDEMPOTENCY_KEY_MAX} visible characters")
    return value


def moment(value: datetime, field: str) -> datetime:
    """A point in time as aware UTC, between 1970 and 2200 (naive values are UTC)."""
    try:
        aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except (OverflowError, ValueError):
        aware = None
    if aware is None or not MOMENT_MIN <= aware < MOMENT_MAX:
        raise invalid(field, f"{field} must be between {MOMENT_MIN.year} and {MOMENT_MAX.year}")
    return aware


def score(value: object) -> bool:
    """Whether ``value`` can be a stored score: a finite int or float within 64 bits."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and -SCORE_MAX <= value <= SCORE_MAX


def period(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise invalid("endsAt", "the jam must end after it starts")


def escape_like(text: str) -> str:
    """``text`` matched literally inside a LIKE pattern (with ``escape="\\"``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
