"""A real uvicorn server on a free port, in a background thread, for HTTP/WebSocket tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette

from jam.app import create_app
from jam.config import Settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(database_url: str, app: Starlette | None = None) -> Iterator[str]:
    """Serve the app on 127.0.0.1 and yield its base URL; stop it afterwards."""
    port = free_port()
    app = app or create_app(
        Settings(database_url=database_url, session_check_seconds=0.3, refusal_delay_seconds=0)
    )
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class GraphQLClient:
    """Posts GraphQL over real HTTP, with an optional bearer token."""

    def __init__(self, base_url: str, token: str | None = None) -> None:
        self.base_url = base_url
        self.token = token
        self.http = httpx.AsyncClient(base_url=base_url, timeout=30)

    async def raw(
        self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = await self.http.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers=headers,
            **kwargs,
        )
        # Credentials travel only as the bearer token: never carry a login's cookie over.
        self.http.cookies.clear()
        return response

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.raw(query, variables)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def as_user(self, token: str | None) -> GraphQLClient:
        """A client sending this token; it shares this client's connection pool."""
        client = GraphQLClient.__new__(GraphQLClient)
        client.base_url, client.token, client.http = self.base_url, token, self.http
        return client

    async def ok(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The ``data`` of a response that must have no top-level errors."""
        body = await self(query, variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def close(self) -> None:
        await self.http.aclose()
