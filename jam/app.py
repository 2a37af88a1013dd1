"""The ASGI application: GraphQL (HTTP + WebSocket) at /graphql on Starlette."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse
from strawberry.subscriptions import GRAPHQL_SSE_PROTOCOL, GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from jam.actions.accounts import drain_mail
from jam.api.context import Context, token_from
from jam.api.csrf import CrossSiteGuard
from jam.api.exports import export_file, moderation_log_csv
from jam.api.graphiql import ASSETS_PATH, assets, offline_page
from jam.api.health import healthz, readyz
from jam.api.lane import HeavyLane
from jam.api.limits import BodyLimit, RefusalDelay, SecurityHeaders, mark_refused, refuses
from jam.api.outage import OutageMiddleware, outage_of
from jam.api.protocol import GraphQLOverHTTP
from jam.api.schema import schema
from jam.api.sessions import SocketSessions
from jam.api.shared_streams import JamTransportWSHandler, SharedStreams
from jam.api.web_ui import WebUI
from jam.config import Settings
from jam.jobs.worker import Worker
from jam.migrate import ensure_schema
from jam.queries.loaders import make_loaders
from jam.queries.viewer import authenticate
from jam.runtime import Runtime

log = logging.getLogger("jam")


class JamGraphQL(GraphQLOverHTTP, GraphQL[Context, None]):
    """Strawberry's ASGI view with our context (actor + fresh loaders per request), and
    subscriptions that ask for the same thing served from one shared stream
    (``jam.api.shared_streams``)."""

    graphql_transport_ws_handler_class = JamTransportWSHandler

    def __init__(self, rt: Runtime) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if rt.settings.graphiql else None,
            allow_queries_via_get=True,
            # graphql-ws (legacy) is off: it had an auth bypass (CVE-2026-35526). SSE is the
            # graphql-sse "distinct connections" mode: POST with Accept: text/event-stream.
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_SSE_PROTOCOL),
            allowed_origins=rt.settings.allowed_origins,
        )
        self.rt = rt
        self.sessions = SocketSessions(rt)
        self.shared_streams = SharedStreams(schema)
        self.heavy_lane = HeavyLane(rt.settings)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        token = token_from(request)
        found = await authenticate(self.rt, token)
        actor, user = found if found else (None, None)
        return Context(
            rt=self.rt,
            request=request,
            response=response if isinstance(response, Response) else None,
            token=token if found else None,
            actor=actor,
            user=user,
            loaders=make_loaders(self.rt, actor.user_id if actor else None),
            watch_session=self.sessions.watch,
            heavy_lane=self.heavy_lane if isinstance(request, Request) else None,
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(offline_page(self.graphql_ide_html))

    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        """The response, and whether it refuses what the client sent (jam.api.limits:
        RefusalDelay holds such answers back)."""
        response = await super().process_result(request, result)
        errors: list[Any] = list(response.get("errors") or [])
        codes = [(error.get("extensions") or {}).get("code") for error in errors]
        if isinstance(request, Request) and refuses(codes):
            mark_refused(request)
        return response

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Sign a WebSocket in from ``connection_init``'s payload (browsers cannot set headers
        on a socket) when no header or cookie did; an unknown or expired token there is refused
        with 4403. A signed-in socket is closed with 4403 once its session ends."""
        params = context.connection_params or {}
        if context.actor is None and params:
            token = token_from(context.request, params) if context.request else None
            if token is not None:
                found = await authenticate(self.rt, token)
                if found is None:
                    raise ConnectionRejectionError({"reason": "invalid or expired session"})
                context.actor, context.user = found
                context.token = token
                context.loaders = make_loaders(self.rt, context.actor.user_id)
        if context.token is not None:
            self.sessions.watch(context)
        return UNSET


async def schema_when_reachable(url: str, wait_seconds: float) -> str:
    """``ensure_schema``, retried while the database is unreachable (a server started with
    its database, or just before it, waits for it instead of exiting), for up to
    ``wait_seconds``; any other failure, and an outage that lasts longer, is raised."""
    deadline = time.monotonic() + wait_seconds
    delay = 0.5
    while True:
        try:
            return await ensure_schema(url)
        except Exception as error:
            if outage_of(error) is None or time.monotonic() + delay > deadline:
                raise
            log.warning(
                "the database is unreachable at start-up (%s); trying again in %.1f s",
                type(error).__name__,
                delay,
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)


def create_app(
    settings: Settings | None = None, *, migrate: bool = True, worker: Worker | None = None
) -> Starlette:
    """The server. Background jobs belong to ``jam worker`` (``jam serve`` starts one beside
    the server); ``worker`` runs one inside this process instead (tests, tools)."""
    settings = settings or Settings.from_env()
    rt = worker.rt if worker is not None else Runtime.from_settings(settings)
    graphql_app = JamGraphQL(rt)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        if migrate:
            state = await schema_when_reachable(
                settings.database_url, settings.startup_wait_seconds
            )
            if state == "created":
                log.info("created the database schema")
        await rt.feed.start()
        graphql_app.heavy_lane.start()
        stop = asyncio.Event()
        task = asyncio.create_task(worker.run(stop)) if worker is not None else None
        try:
            yield {}
        finally:
            stop.set()
            if task is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(task, 30)
            await graphql_app.sessions.stop()
            await graphql_app.heavy_lane.stop()
            await drain_mail(rt)  # mails sent in the background are not lost
            await rt.close()

    app = Starlette(
        routes=[
            Route("/healthz", healthz),  # database, migrations, worker (jam.api.health)
            Route("/readyz", readyz),  # for load balancers: database and migrations
            Route("/graphql", graphql_app, methods=["GET", "POST"]),
            Route("/jams/{jam_id:int}/moderation-log.csv", moderation_log_csv),
            Route("/exports/{token:str}", export_file),  # prepareExport's links
            Mount(ASSETS_PATH, app=assets()),
            WebSocketRoute("/graphql", graphql_app),
            # Last: every other path is the web UI or one of its routes (jam.api.web_ui).
            Mount("/", app=WebUI(Path(settings.ui_dir)) if settings.ui_dir else WebUI()),
        ],
        lifespan=lifespan,
        # A database outage that escapes the GraphQL view is a 503, not a 500.
        middleware=[
            # Outermost first: every response gets the security headers, then bodies over the
            # limit are refused before anything reads them (jam.api.limits).
            Middleware(SecurityHeaders),
            Middleware(RefusalDelay, delay=rt.settings.refusal_delay_seconds),
            Middleware(BodyLimit, max_bytes=rt.settings.max_body_bytes),
            Middleware(CrossSiteGuard, allowed_origins=rt.settings.allowed_origins),
            Middleware(OutageMiddleware),
        ],
    )
    app.state.rt = rt
    app.state.graphql = graphql_app
    return app
