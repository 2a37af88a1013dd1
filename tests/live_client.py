"""A small graphql-transport-ws client over ``websockets``, for tests and benchmarks."""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection

PROTOCOL = "graphql-transport-ws"


class LiveClient:
    """One WebSocket to /graphql: ``connection_init`` (with the token in its payload), then
    any number of subscriptions, each read with :meth:`next`."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self._ids = itertools.count(1)
        self._queues: dict[str, asyncio.Queue[dict[str, Any]]] = {}
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def connect(
        cls,
        base_url: str,
        token: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        payload: dict[str, Any] | None = None,
    ) -> LiveClient:
        url = base_url.replace("http://", "ws://") + "/graphql"
        socket = await websockets.connect(
            url, subprotocols=[PROTOCOL], additional_headers=headers or {}, max_size=2**24  # type: ignore[list-item]
        )
        init = payload if payload is not None else ({"authToken": token} if token else {})
        await socket.send(json.dumps({"type": "connection_init", "payload": init}))
        ack = json.loads(await asyncio.wait_for(socket.recv(), 10))
        if ack.get("type") != "connection_ack":
            raise AssertionError(f"expected connection_ack, got {ack}")
        return cls(socket)

    async def _read(self) -> None:
        try:
            async for raw in self.socket:
                message = json.loads(raw)
                if message.get("type") == "ping":
                    await self.socket.send(json.dumps({"type": "pong"}))
                    continue
                if "id" in message:
                    self._queues.setdefault(message["id"], asyncio.Queue()).put_nowait(message)
        except websockets.ConnectionClosed:
            pass

    async def subscribe(self, query: str, variables: dict[str, Any] | None = None) -> str:
        op = str(next(self._ids))
        self._queues.setdefault(op, asyncio.Queue())
        await self.socket.send(
            json.dumps(
                {"id": op, "type": "subscribe",
                 "payload": {"query": query, "variables": variables or {}}}
            )
        )
        return op

    async def message(self, op: str, timeout: float = 10.0) -> dict[str, Any]:
        """The next message of a subscription (next, error or complete)."""
        return await asyncio.wait_for(self._queues[op].get(), timeout)

    async def next(self, op: str, timeout: float = 10.0) -> dict[str, Any]:
        """The ``data`` of the subscription's next result (fails on errors)."""
        message = await self.message(op, timeout)
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message["payload"]
        data: dict[str, Any] = message["payload"]["data"]
        return data

    async def nothing(self, op: str, seconds: float = 0.5) -> bool:
        """True when the subscription delivers nothing within ``seconds``."""
        try:
            await asyncio.wait_for(self._queues[op].get(), seconds)
        except TimeoutError:
            return True
        return False

    async def closed(self, timeout: float = 10.0) -> int | None:
        """Wait for the server to close the socket; its close code."""
        await asyncio.wait_for(self.socket.wait_closed(), timeout)
        return self.socket.close_code

    async def close(self) -> None:
        await self.socket.close()
        self._reader.cancel()
