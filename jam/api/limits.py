"""What every HTTP exchange is held to, before and after the application: a bounded body, a
delay before refusals, and the security headers.

Both are plain ASGI middleware so they see every route (GraphQL, health, the UI's files) and
cost nothing per request beyond a header check.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
import secrets
from collections.abc import Iterable

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
# Set in a request's ASGI scope by whatever refused it (see RefusalDelay).
REFUSED = "jam.refused"
# Errors that are not the client's doing: answered at once.
NOT_REFUSALS = frozenset({"SERVICE_UNAVAILABLE", "INTERNAL_SERVER_ERROR"})

# Everything we serve comes from this origin; nothing may frame us, nothing runs inline unless
# its hash is listed (see SecurityHeaders).
BASE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# GraphiQL (GET /graphql; its assets are ours, jam.api.graphiql) styles its widgets inline:
# only that page may.
GRAPHIQL_EXTRA = {"style-src": ["'unsafe-inline'"]}
STATIC_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.I)


def content_security_policy(
    extra: dict[str, list[str]] | None = None, script_hashes: Iterable[str] = ()
) -> str:
    policy = {name: list(values) for name, values in BASE_POLICY.items()}
    for name, values in (extra or {}).items():
        policy.setdefault(name, []).extend(values)
    policy["script-src"].extend(f"'sha256-{digest}'" for digest in script_hashes)
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


def inline_script_hashes(html: bytes) -> list[str]:
    """The CSP hashes of an HTML page's inline scripts, so they run without 'unsafe-inline'."""
    return [
        base64.b64encode(hashlib.sha256(match.group(1)).digest()).decode()
        for match in _INLINE_SCRIPT.finditer(html)
    ]


def with_style_nonce(html: bytes) -> tuple[bytes, str | None]:
    """The page with a fresh ``<meta property="csp-nonce">`` in its head, and that nonce.

    React Aria adds two small ``<style>`` elements of its own (touch-action for pressable
    elements, overscroll while a dialog is open) and gives them the nonce it finds in that
    meta tag; the policy lets exactly those styles in. A page without a head is left alone."""
    if b"</head>" not in html:
        return html, None
    nonce = secrets.token_urlsafe(18)
    meta = f'<meta property="csp-nonce" content="{nonce}">'.encode()
    return html.replace(b"</head>", meta + b"</head>", 1), nonce


class SecurityHeaders:
    """Adds the security headers to every HTTP response. HTML pages are buffered (they are
    small) to list their inline scripts' hashes in the policy."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.policy = content_security_policy()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        html_parts: list[bytes] = []

        async def send_with_headers(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in STATIC_HEADERS.items():
                    headers.setdefault(name, value)
                if headers.get("content-type", "").startswith("text/html"):
                    start = message  # sent with the body, once its scripts are known
                    return
                headers.setdefault("content-security-policy", self.policy)
                await send(message)
            elif message["type"] == "http.response.body" and start is not None:
                html_parts.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = b"".join(html_parts)
                extra = GRAPHIQL_EXTRA if scope.get("path") == "/graphql" else None
                body, nonce = with_style_nonce(body)
                if nonce is not None:
                    extra = {
                        **(extra or {}),
                        "style-src": [*(extra or {}).get("style-src", []), f"'nonce-{nonce}'"],
                    }
                headers = MutableHeaders(scope=start)
                headers["content-security-policy"] = content_security_policy(
                    extra, inline_script_hashes(body)
                )
                headers["content-length"] = str(len(body))
                await send(start)
                await send({"type": "http.response.body", "body": body})
            else:
                await send(message)

        await self.app(scope, receive, send_with_headers)


def mark_refused(connection: HTTPConnection | None) -> None:
    """Have this request's answer wait the deployment's refusal delay (RefusalDelay)."""
    if connection is not None:
        connection.scope[REFUSED] = True


def refuses(error_codes: Iterable[object]) -> bool:
    """Whether a response with errors of these codes refuses what the client sent."""
    codes = list(error_codes)
    return bool(codes) and not any(code in NOT_REFUSALS for code in codes)


class RefusalDelay:
    """Holds back the answer to a refused request for ``delay`` seconds: any 4xx, and any
    request marked with :func:`mark_refused` (a GraphQL response whose errors are all the
    client's: over budget, malformed, unauthenticated, not found; a failed sign-in).

    Refusing is cheap, but not free: four clients repeating a refused request as fast as
    answers come back kept a core busy answering them (normal traffic's p99 up 3-10x). Held
    back, each of them gets one answer a second, and waiting costs nothing. Well-behaved
    clients meet it only on their own mistakes and expired sessions."""

    def __init__(self, app: ASGIApp, delay: float) -> None:
        self.app = app
        self.delay = delay

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.delay <= 0:
            await self.app(scope, receive, send)
            return

        async def delayed_send(message: Message) -> None:
            if message["type"] == "http.response.start" and (
                400 <= message["status"] < 500 or scope.get(REFUSED)
            ):
                await asyncio.sleep(self.delay)
            await send(message)

        await self.app(scope, receive, delayed_send)


class BodyLimit:
    """Refuses a request body over ``max_bytes`` with 413 and a GraphQL-over-HTTP error
    (``extensions.code = "PAYLOAD_TOO_LARGE"``; RefusalDelay holds the answer back). A declared
    Content-Length is refused before anything is read; a chunked body is read only up to the
    limit."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self.refuse(scope, receive, send)
            return
        if declared is not None:
            await self.app(scope, _counting(receive, self.max_bytes), send)
            return
        # No length declared (chunked): buffer up to the limit, then replay.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay(chunks, message, receive), send)
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self.refuse(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(chunks, None, receive), send)

    async def refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = {
            "message": f"the request body is larger than {self.max_bytes:,} bytes",
            "extensions": {"code": PAYLOAD_TOO_LARGE, "limit": self.max_bytes},
        }
        response = JSONResponse({"errors": [error]}, status_code=413)
        response.headers["connection"] = "close"  # the rest of the body is never read
        await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _counting(receive: Receive, max_bytes: int) -> Receive:
    """A declared length is checked up front; this guards against a body longer than it said
    (servers normally stop at the declared length, so this is belt and braces)."""
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > max_bytes:
                return {"type": "http.disconnect"}
        return message

    return counted


def _replay(chunks: list[bytes], pending: Message | None, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            if pending is not None and not chunks:
                return pending
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        return await receive()

    return replay
