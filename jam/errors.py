"""Expected failures of actions: data for the caller, with a stable code and the field at fault."""

from __future__ import annotations

import enum


class ErrorCode(enum.StrEnum):
    """Stable codes clients may branch on. Never rename a member; add new ones."""

    INVALID_INPUT = "INVALID_INPUT"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    NOT_A_MEMBER = "NOT_A_MEMBER"
    JAM_NOT_LIVE = "JAM_NOT_LIVE"
    INVALID_INVITATION = "INVALID_INVITATION"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    EMAIL_TAKEN = "EMAIL_TAKEN"
    SLUG_TAKEN = "SLUG_TAKEN"
    RATE_LIMITED = "RATE_LIMITED"
    INVALID_TOKEN = "INVALID_TOKEN"
    MUTED = "MUTED"
    CONFLICT = "CONFLICT"  # the request contradicts the current state
    ALREADY_MERGED = "ALREADY_MERGED"  # the idea was merged into another
    MERGE_PENDING = "MERGE_PENDING"  # a merge of the idea already waits for its author
    AWAITING_AUTHOR = "AWAITING_AUTHOR"  # the author's time to answer a merge has not passed
    MODERATOR_NOT_MUTABLE = "MODERATOR_NOT_MUTABLE"  # moderators (and oneself) cannot be muted


class ActionError(Exception):
    """Raised by an action to reject a request; the transaction rolls back and nothing changes."""

    def __init__(self, code: ErrorCode, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def __repr__(self) -> str:
        return f"ActionError({self.code.value}, {self.message!r}, field={self.field!r})"


class NotAuthenticated(Exception):
    """Missing, expired or unknown credentials on a protected operation."""
