"""A client that goes away before its request body arrived (a closed tab) is no fault of ours:
nothing is logged as an exception, and the server goes on answering."""

from __future__ import annotations

import logging
import socket
import time

import httpx

from tests.server import running_server


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_a_client_gone_mid_body_is_not_an_error(database_url: str) -> None:
    records = Records()
    # uvicorn configures this logger when the server starts, and it does not propagate.
    uvicorn_errors = logging.getLogger("uvicorn.error")
    with running_server(database_url) as url:
        uvicorn_errors.addHandler(records)
        try:
            host, port = url.removeprefix("http://").split(":")
            with socket.create_connection((host, int(port))) as raw:
                raw.sendall(
                    b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    b'Content-Length: 1000\r\n\r\n{"query": "{ viewer'
                )
                time.sleep(0.3)
            time.sleep(0.5)
            answer = httpx.post(f"{url}/graphql", json={"query": "{ viewer { id } }"})
        finally:
            uvicorn_errors.removeHandler(records)
    assert answer.json() == {"data": {"viewer": None}}
    assert not [m for m in records.messages if "Exception in ASGI application" in m]
