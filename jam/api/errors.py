"""Turning failures into responses: expected ones into payload data or top-level errors with a
code, unexpected ones masked.

Every top-level error leaves with ``extensions.code``:

- a request the client got wrong (syntax, unknown fields, variables of the wrong type, a
  missing variable, a bad enum or DateTime, text no database can store, an argument an action
  or query refused): ``INVALID_INPUT`` (or the action's own code), with the argument in
  ``extensions.field`` where one is at fault;
- a deliberate error (``PublicError``: credentials, limits) keeps its code;
- anything else is a fault of ours: "Unexpected error." with ``INTERNAL_SERVER_ERROR``, logged
  once with its traceback. Expected errors are logged at info level, one line per response.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Awaitable, Callable, Iterator, Mapping
from typing import Any, TypeVar, cast

import strawberry
from graphql.language import Visitor
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import MaskErrors
from strawberry.types.graphql import OperationType

from graphql import (
    ArgumentNode,
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    ObjectFieldNode,
    StringValueNode,
    VariableDefinitionNode,
    visit,
)
from jam.api.outage import OutageAwareMaskErrors, outage_of
from jam.errors import ActionError, ErrorCode

log = logging.getLogger("jam.api")

T = TypeVar("T")
P = TypeVar("P")

INVALID_INPUT = ErrorCode.INVALID_INPUT.value
INTERNAL = "INTERNAL_SERVER_ERROR"
UNEXPECTED = "Unexpected error."
# One log line per response at most this long.
LOG_LINE_MAX = 1_000

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


# --- which errors are the client's ------------------------------------------------------------


def _is_variable_error(error: GraphQLError) -> bool:
    """graphql-core's coercion of the request's variables (wrong type, missing, bad enum,
    a scalar's parse_value refusing the value): before execution, so without a path."""
    return error.path is None and error.message.startswith("Variable '$")


def should_mask(error: GraphQLError) -> bool:
    """Whether ``error`` is a fault of ours (masked as "Unexpected error."): anything that is
    not a syntax or validation error, a deliberate error, an action's refusal or a variable
    the request got wrong."""
    original = error.original_error
    if original is None or isinstance(original, PublicError | ActionError):
        return False
    return not (
        _is_variable_error(error)
        and isinstance(original, GraphQLError | StrawberryInputCoercionError | ValueError)
    )


def described(error: GraphQLError) -> GraphQLError:
    """A client's error as it leaves: with ``extensions.code`` (and the field at fault)."""
    original = error.original_error
    extensions: dict[str, Any] = dict(error.extensions or {})
    message = error.message
    if isinstance(original, ActionError):
        message = original.message
        extensions.setdefault("code", original.code.value)
        if original.field is not None:
            extensions.setdefault("field", original.field)
    elif isinstance(original, PublicError):
        for key, value in (original.extensions or {}).items():
            extensions.setdefault(key, value)
    if "code" in extensions and extensions == error.extensions and message == error.message:
        return error
    if _is_variable_error(error):
        name = error.message[len("Variable '$") :].split("'", 1)[0]
        extensions.setdefault("field", name)
    extensions.setdefault("code", INVALID_INPUT)
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def log_expected(errors: list[GraphQLError]) -> None:
    """One info line for the client errors of one response (no tracebacks)."""
    if not errors or not log.isEnabledFor(logging.INFO):
        return
    parts = []
    for error in errors:
        code = (error.extensions or {}).get("code", "?")
        where = ".".join(str(p) for p in error.path) if error.path else "request"
        parts.append(f"{code} at {where}: {_one_line(error.message)[:200]}")
    line = "; ".join(parts)
    if len(line) > LOG_LINE_MAX:
        line = line[: LOG_LINE_MAX - 1] + "…"
    log.info("request refused (%d error%s): %s", len(errors), "" if len(errors) == 1 else "s", line)


def log_unexpected(error: GraphQLError) -> None:
    where = ".".join(str(p) for p in error.path) if error.path else "request"
    log.error("unexpected error at %s", where, exc_info=error.original_error)


def masked(error: GraphQLError) -> GraphQLError:
    """The client's view of a fault of ours (logged with its traceback, once)."""
    if not getattr(error.original_error, LOGGED, False):
        log_unexpected(error)
    return GraphQLError(
        UNEXPECTED,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": INTERNAL},
    )


def outgoing(errors: list[GraphQLError]) -> list[GraphQLError]:
    """Errors not processed by the schema's extension (the view's last line of defence)."""
    result = [
        error
        if (error.extensions or {}).get("code")
        else (masked(error) if should_mask(error) else described(error))
        for error in errors
    ]
    log_expected([e for e, before in zip(result, errors, strict=True) if e is not before])
    return result


# Set on an exception once its traceback is in the log.
LOGGED = "_jam_logged"


class _OnlyFaults(logging.Filter):
    """strawberry logs every error with its traceback (50 KiB for a 700-byte request with a
    few bad arguments). Client errors are dropped here (the extension below logs them, one info
    line per response), and so are database outages (jam.api.outage logs those, throttled);
    a fault of ours keeps its traceback, under one line saying where, and is marked so that it
    is not logged again when it is masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.msg
        if not isinstance(error, GraphQLError):
            return True
        if not should_mask(error) or outage_of(error.original_error) is not None:
            return False
        where = ".".join(str(p) for p in error.path) if error.path else "request"
        record.msg, record.args = "unexpected error at %s", (where,)
        with contextlib.suppress(AttributeError, TypeError):
            setattr(error.original_error, LOGGED, True)
        return True


logging.getLogger("strawberry.execution").addFilter(_OnlyFaults())


# --- text no database stores ------------------------------------------------------------------

# NUL (PostgreSQL refuses it in text) and lone surrogates (not Unicode: no driver encodes them).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_MESSAGE = "contains a NUL character or a lone surrogate, which cannot be stored"


def _bad_variable(value: Any, path: str) -> str | None:
    pending: list[tuple[Any, str]] = [(value, path)]
    while pending:
        current, where = pending.pop()
        if isinstance(current, str):
            if _UNSTORABLE.search(current):
                return where
        elif isinstance(current, Mapping):
            pending.extend((v, f"{where}.{k}") for k, v in current.items())
        elif isinstance(current, list):
            pending.extend((v, f"{where}[{i}]") for i, v in enumerate(current))
    return None


class _LiteralFinder(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: str | None = None

    def enter_string_value(
        self, node: StringValueNode, _key: Any, parent: Any, _path: Any, ancestors: Any
    ) -> Any:
        if self.found is None and _UNSTORABLE.search(node.value):
            names = [
                a.variable.name.value if isinstance(a, VariableDefinitionNode) else a.name.value
                for a in (*ancestors, parent)
                if isinstance(a, ArgumentNode | ObjectFieldNode | VariableDefinitionNode)
            ]
            self.found = ".".join(names) or "query"
            return self.BREAK
        return None


def unstorable_input(
    query: str | None, document: DocumentNode | None, variables: Mapping[str, Any] | None
) -> PublicError | None:
    """INVALID_INPUT naming the argument (or variable) whose text no database can store."""
    for name, value in (variables or {}).items():
        where = _bad_variable(value, name)
        if where is not None:
            message = f"variable ${where} {UNSTORABLE_MESSAGE}"
            return PublicError(message, INVALID_INPUT, field=where)
    # A literal holds these characters as an escape sequence or (NUL) as they are.
    if document is not None and query is not None and ("\\u" in query or "\x00" in query):
        finder = _LiteralFinder()
        visit(document, finder)
        if finder.found is not None:
            return PublicError(
                f"{finder.found} {UNSTORABLE_MESSAGE}", INVALID_INPUT, field=finder.found
            )
    return None


# --- the schema extension ---------------------------------------------------------------------


class ErrorHandling(OutageAwareMaskErrors):
    """Masks faults of ours (database outages become SERVICE_UNAVAILABLE, see jam.api.outage),
    gives every other error its code, logs both, and refuses unstorable text before execution."""

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed: list[GraphQLError] = []
        expected: list[GraphQLError] = []
        for error in errors:
            if self.should_mask_error(error):
                anonymous = self.anonymise_error(error)  # an outage keeps its own code
                if (anonymous.extensions or {}).get("code"):
                    processed.append(anonymous)
                else:
                    processed.append(masked(error))
            else:
                processed.append(described(error))
                expected.append(processed[-1])
        log_expected(expected)
        return processed

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        refused = unstorable_input(context.query, context.graphql_document, context.variables)
        if refused is not None:
            if context.operation_type is OperationType.SUBSCRIPTION:
                raise refused
            context.result = ExecutionResult(data=None, errors=[refused])
        yield


def mask_errors() -> MaskErrors:
    # A database outage is answered as SERVICE_UNAVAILABLE with HTTP 503 (jam.api.outage).
    return ErrorHandling(should_mask_error=should_mask, error_message=UNEXPECTED)

