"""GraphQL over HTTP: reading a request's body, and answering one we cannot read.

A body that is not a JSON object (``"x"``, ``12``, ``null``), is not UTF-8, nests deeper than
anyone writes, or carries variables nested beyond ``MAX_VARIABLE_DEPTH`` is refused before any
GraphQL work with HTTP 400 and a GraphQL-over-HTTP JSON body whose error has
``extensions.code = "BAD_REQUEST"`` (strawberry would answer 500, or 400 in plain text).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult

from graphql import GraphQLError
from jam.api.errors import UNEXPECTED, outgoing

# How deep the values of ``variables`` (and ``extensions``) may nest: lists and input objects
# inside each other. A real input is 3 or 4 deep.
MAX_VARIABLE_DEPTH = 32

BAD_REQUEST = "BAD_REQUEST"
_CODES = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 413: "PAYLOAD_TOO_LARGE"}


def depth_of(value: Any, limit: int) -> int:
    """How deep ``value`` nests (a scalar is 0), counting only up to ``limit + 1``."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        current, depth = pending.pop()
        if isinstance(current, Mapping):
            children: Any = current.values()
        elif isinstance(current, list):
            children = current
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        pending.extend((child, depth) for child in children)
    return deepest


def error_response(status: int, message: str) -> JSONResponse:
    code = _CODES.get(status, BAD_REQUEST) if status < 500 else "INTERNAL_SERVER_ERROR"
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status
    )


def _check_request(data: GraphQLRequestData) -> None:
    for name, value in (("variables", data.variables), ("extensions", data.extensions)):
        if value is not None and depth_of(value, MAX_VARIABLE_DEPTH) > MAX_VARIABLE_DEPTH:
            raise HTTPException(
                400, f"{name} nest more than {MAX_VARIABLE_DEPTH} levels of lists and objects"
            )


class GraphQLOverHTTP:
    """Mixed into the ASGI GraphQL view (before strawberry's ``GraphQL``)."""

    def decode_json(self, data: str | bytes) -> object:
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError as error:
                raise HTTPException(400, "the request body is not valid UTF-8") from error
        try:
            return json.loads(data)
        except RecursionError as error:
            raise HTTPException(400, "the request body nests too deeply") from error

    def parse_json(self, data: str | bytes) -> Any:
        decoded = super().parse_json(data)  # type: ignore[misc]
        if not isinstance(decoded, dict | list):
            raise HTTPException(400, "a GraphQL request is a JSON object")
        if isinstance(decoded, list) and not all(isinstance(item, dict) for item in decoded):
            raise HTTPException(400, "a batch of GraphQL requests is a list of JSON objects")
        return decoded

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        parsed = await super().parse_http_body(request)  # type: ignore[misc]
        for data in parsed if isinstance(parsed, list) else [parsed]:
            _check_request(data)
        return parsed  # type: ignore[no-any-return]

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        """strawberry's execution, where a CancelledError not meant for this request (an
        awaitable shared with a branch graphql-core cancelled) is a fault of ours answered in
        JSON, not an HTTP 500. A real cancellation (the client went away) still cancels."""
        try:
            return await super().execute_operation(*args, **kwargs)  # type: ignore[misc]
        except asyncio.CancelledError as cancelled:
            task = asyncio.current_task()
            if task is None or task.cancelling():
                raise
            fault = RuntimeError("an awaitable shared with a cancelled branch was cancelled")
            fault.__cause__ = cancelled
            error = GraphQLError(UNEXPECTED, original_error=fault)
            return ExecutionResult(data=None, errors=outgoing([error]))

    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        if result.errors:
            result.errors = outgoing(result.errors)
        return await super().process_result(request, result)  # type: ignore[misc, no-any-return]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """strawberry's ASGI entry, answering a refused request in JSON instead of text."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)  # type: ignore[misc]
            return
        try:
            response: Response = await self.run(Request(scope=scope, receive=receive))  # type: ignore[attr-defined]
        except HTTPException as error:
            response = error_response(error.status_code, error.reason)
        except ClientDisconnect:
            return  # gone before its request was read (a closed tab): nobody to answer
        await response(scope, receive, send)
