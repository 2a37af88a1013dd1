"""Turning failures into responses: expected ones into payload data, unexpected ones masked."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

import strawberry
from strawberry.extensions import MaskErrors

from graphql import GraphQLError
from jam.api.outage import OutageAwareMaskErrors
from jam.errors import ActionError, ErrorCode

log = logging.getLogger("jam.api")

T = TypeVar("T")
P = TypeVar("P")

# The domain's error codes are the API's enum.
strawberry.enum(
    ErrorCode,
    name="UserErrorCode",
    description="Stable machine-readable reason of a failed mutation.",
)


@strawberry.type(description="An expected failure: the mutation changed nothing.")
class UserError:
    code: ErrorCode
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str


class PublicError(GraphQLError):
    """A top-level error we raise on purpose (credentials, malformed arguments): never masked."""

    def __init__(self, message: str, code: str, **extensions: Any) -> None:
        super().__init__(message, extensions={"code": code, **extensions})


def unauthenticated() -> PublicError:
    return PublicError(
        "sign in to do this (missing, expired or invalid session token)", "UNAUTHENTICATED"
    )


async def payload(make: Callable[..., P], field: str | None, action: Awaitable[Any]) -> P:
    """A mutation's payload from its action: the result under ``field`` (or, with no field,
    the result is the payload itself), or, when the action raised ActionError, only ``errors``
    (the action changed nothing)."""
    try:
        result = await action
    except ActionError as error:
        return make(errors=[UserError(code=error.code, field=error.field, message=error.message)])
    if field is None:
        return cast(P, result)
    return make(**{field: result})


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
    # A database outage is answered as SERVICE_UNAVAILABLE with HTTP 503 (jam.api.outage).
    return OutageAwareMaskErrors(should_mask_error=should_mask, error_message="Unexpected error.")
