"""Per-request context: the runtime, the authenticated actor and fresh DataLoaders."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.requests import HTTPConnection
from starlette.responses import Response
from starlette.websockets import WebSocket, WebSocketState
from strawberry.types import Info as StrawberryInfo

from jam.access import Actor
from jam.api.errors import unauthenticated
from jam.models import User
from jam.queries.loaders import Loaders
from jam.runtime import Runtime

SESSION_COOKIE = "jam_session"
# Standard WebSocket close code "try again later" (see jam.api.live).
TOO_SLOW = 1013
SESSION_ENDED = 4403

if TYPE_CHECKING:
    from jam.api.lane import HeavyLane

log = logging.getLogger("jam.api")


@dataclass(eq=False)
class Context:
    rt: Runtime
    request: HTTPConnection | None
    response: Response | None
    token: str | None
    actor: Actor | None
    user: User | None
    loaders: Loaders
    # Set by strawberry from a WebSocket's connection_init payload.
    connection_params: dict[str, Any] | None = None
    tasks: set[asyncio.Task[None]] = field(default_factory=set)
    # Server-sent events: how a live stream over plain HTTP is ended when its session ends
    # (set by the subscription while it runs), and the process's session watcher.
    stream_end: Callable[[], None] | None = None
    session_ended: bool = False
    watch_session: Callable[[Context], None] | None = None
    # Where expensive queries run (jam.api.lane); None: everything runs here.
    heavy_lane: HeavyLane | None = None

    @property
    def socket_open(self) -> bool:
        """Whether this context's socket (or server-sent event stream) is still open."""
        socket = self.request
        if not isinstance(socket, WebSocket):
            return self.stream_end is not None and not self.session_ended
        return socket.application_state is not WebSocketState.DISCONNECTED

    def end_session(self) -> None:
        """The session behind this context ended: close its socket with 4403, or end its
        server-sent event stream."""
        if isinstance(self.request, WebSocket):
            self.close_socket(SESSION_ENDED, "session ended")
            return
        self.session_ended = True
        if self.stream_end is not None:
            self.stream_end()

    def close_too_slow(self) -> None:
        """Close this context's WebSocket: one of its subscriptions fell behind the stream."""
        self.close_socket(TOO_SLOW, "fell behind the live stream; reconnect with `after`")

    def close_socket(self, code: int, reason: str) -> None:
        socket = self.request
        if not isinstance(socket, WebSocket):
            return

        async def close() -> None:
            with contextlib.suppress(Exception):
                if socket.application_state is not WebSocketState.DISCONNECTED:
                    await asyncio.wait_for(socket.close(code=code, reason=reason), 5)

        task = asyncio.get_running_loop().create_task(close())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def require_actor(self) -> Actor:
        """The signed-in actor, or a top-level UNAUTHENTICATED error."""
        if self.actor is None:
            raise unauthenticated()
        return self.actor

    def set_session_cookie(self, token: str) -> None:
        if self.response is not None:
            self.response.set_cookie(
                SESSION_COOKIE,
                token,
                max_age=self.rt.settings.session_days * 86400,
                httponly=True,
                samesite="lax",
                secure=self.rt.settings.cookie_secure,
                path="/",
            )

    def clear_session_cookie(self) -> None:
        if self.response is not None:
            self.response.delete_cookie(SESSION_COOKIE, path="/")


Info = StrawberryInfo[Context, Any]


def token_from(
    connection: HTTPConnection, connection_params: dict[str, Any] | None = None
) -> str | None:
    """Bearer header first, then the browser's session cookie, then WebSocket connection params."""
    header = connection.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    cookie = connection.cookies.get(SESSION_COOKIE)
    if cookie:
        return cookie
    if connection_params:
        value = connection_params.get("authToken") or connection_params.get("token")
        if isinstance(value, str):
            return value
    return None
