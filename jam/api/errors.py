"""Turning failures into responses: expected ones into payload data, unexpected ones masked."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any, TypeVar

from strawberry.extensions import MaskErrors

from graphql import GraphQLError
from jam.errors import ActionError

log = logging.getLogger("jam.api")

T = TypeVar("T")


class PublicError(GraphQLError):
    """A top-level error we raise on purpose (credentials, malformed arguments): never masked."""

    def __init__(self, message: str, code: str, **extensions: Any) -> None:
        super().__init__(message, extensions={"code": code, **extensions})


def unauthenticated() -> PublicError:
    return PublicError(
        "sign in to do this (missing, expired or invalid session token)", "UNAUTHENTICATED"
    )


async def attempt(action: Awaitable[T]) -> tuple[T | None, list[Any]]:
    """Await an action; an ActionError becomes ``errors`` data (the action changed nothing)."""
    from jam.api.types import UserError

    try:
        return await action, []
    except ActionError as error:
        return None, [UserError(code=error.code, field=error.field, message=error.message)]


async def bad_input(read: Awaitable[T]) -> T:
    """For queries (which have no payload): a rejected argument becomes a top-level error."""
    try:
        return await read
    except ActionError as error:
        raise PublicError(error.message, error.code.value, field=error.field) from None


def should_mask(error: GraphQLError) -> bool:
    """Mask (and log) anything that is not a deliberate error: no stack traces or SQL leave."""
    original = error.original_error
    if original is None or isinstance(original, PublicError):
        return False  # syntax/validation errors and deliberate ones describe the request
    log.error("unexpected error at %s", error.path, exc_info=original)
    return True


def mask_errors() -> MaskErrors:
    return MaskErrors(should_mask_error=should_mask, error_message="Unexpected error.")
