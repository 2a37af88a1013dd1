"""Cross-site request forgery: a page on another site must not act with a browser's session.

The session cookie is ``SameSite=Lax`` (browsers leave it off cross-site POSTs) and the API
takes JSON only; this guard is the second wall, for browsers or proxies that get the first one
wrong. A write that carries the session cookie (and no ``Authorization`` header: a bearer token
is not sent by a browser on its own) is refused with 403 and ``extensions.code =
"CROSS_SITE_REQUEST"`` when

- its ``Origin`` (or, without one, ``Sec-Fetch-Site``) says it comes from another site than
  this server's own (``Host``) or the deployment's ``allowed_origins``; or
- its body is not JSON: the bodies an HTML form can send without a CORS preflight
  (``application/x-www-form-urlencoded``, ``multipart/form-data``, ``text/plain``).

Reads (GET) are left alone: they change nothing, and a cross-site page cannot read the answer.
WebSocket handshakes are checked by strawberry against ``allowed_origins``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from jam.api.context import SESSION_COOKIE

CROSS_SITE_REQUEST = "CROSS_SITE_REQUEST"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
JSON_TYPES = ("application/json", "application/graphql-response+json")


def _has_session_cookie(headers: Headers) -> bool:
    return any(
        part.strip().startswith(f"{SESSION_COOKIE}=")
        for part in headers.get("cookie", "").split(";")
    )


def refusal(headers: Headers, scheme: str, allowed_origins: tuple[str, ...]) -> str | None:
    """Why this cookie-carrying write is refused, or None when it is fine."""
    origin = headers.get("origin")
    if origin is not None and origin != "null":
        parts = urlsplit(origin)
        own = f"{scheme}://{headers.get('host', '')}"
        if f"{parts.scheme}://{parts.netloc}" != own and origin not in allowed_origins:
            return f"a request from {origin} may not use this site's session"
    elif origin == "null" or headers.get("sec-fetch-site") == "cross-site":
        return "a cross-site request may not use this site's session"
    content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type not in JSON_TYPES:
        return "send GraphQL requests as application/json"
    return None


class CrossSiteGuard:
    """Refuses cookie-authenticated writes from other sites (see the module's docstring)."""

    def __init__(self, app: ASGIApp, allowed_origins: tuple[str, ...] = ()) -> None:
        self.app = app
        self.allowed_origins = allowed_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            headers = Headers(scope=scope)
            if _has_session_cookie(headers) and "authorization" not in headers:
                reason = refusal(headers, scope.get("scheme", "http"), self.allowed_origins)
                if reason is not None:
                    response = JSONResponse(
                        {
                            "errors": [
                                {"message": reason, "extensions": {"code": CROSS_SITE_REQUEST}}
                            ]
                        },
                        status_code=403,
                    )
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)
