"""PostgreSQL stopped and started under load, and made read-only, behind a running `jam serve`
(a private cluster: the shared one is never stopped)."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import httpx
import pytest
import websockets
from sqlmodel import func, select
from websockets.typing import Subprotocol

from jam.models import Idea
from tests.api.conftest import LOGIN
from tests.conftest import World
from tests.faults.conftest import (
    Load,
    PrivateCluster,
    email_of,
    post_idea,
    posted_id,
    serving,
    sign_in,
    unavailable,
    wait_until,
)

pytestmark = pytest.mark.slow


async def _titles(world: World) -> dict[str, int]:
    async with world.rt.db.read() as session:
        rows = await session.execute(
            select(Idea.title, func.count()).group_by(Idea.title)  # type: ignore[arg-type]
        )
        return {title: count for title, count in rows.all()}


async def test_postgresql_down_answers_503_with_retry_after_and_recovers_without_a_restart(
    private_world: World, private_cluster: PrivateCluster, tmp_path: Path
) -> None:
    world = private_world
    with serving(private_cluster.url, tmp_path) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            token = await sign_in(http, await email_of(world, world.participant.user_id))
            async with Load(server.url, token, world.forum.id, world.jam.slug) as load:
                await asyncio.sleep(1.0)
                stopping = time.monotonic()
                private_cluster.stop()
                down = time.monotonic()
                await asyncio.sleep(2.0)
                ready_while_down = await http.get("/readyz")
                health_while_down = await http.get("/healthz")
                starting = time.monotonic()
                private_cluster.start()
                up = time.monotonic()

                async def writes_again() -> bool:
                    return any(
                        kind == "write" and status == 200 for kind, status, _ in load.since(up)
                    )

                await wait_until(writes_again, 30, "writes did not succeed again")
                recovered = time.monotonic()

                async def both_answered_since_recovery() -> bool:
                    return {kind for kind, _, _ in load.since(recovered)} == {"read", "write"}

                await wait_until(both_answered_since_recovery, 30, "no read and write answered")
            ready_after = await http.get("/readyz")

            # Requests sent after `pg_ctl stop` returned and answered before `pg_ctl start` was
            # run: the database was down for their whole life. (One sent while it was down but
            # reached by the busy server only after the restart rightly succeeds: it is in
            # `around`.)
            while_down = load.within(down, starting)
            assert while_down, "no request was answered while the database was down"
            assert all(status == 503 and unavailable(r) for _, status, r in while_down), [
                (kind, status, r.text if not isinstance(r, str) else r)
                for kind, status, r in while_down
                if not (status == 503 and unavailable(r))
            ][:3]
            around = load.since(stopping, recovered)
            assert {status for _, status, _ in around} <= {200, 503}
            assert all(unavailable(r) for _, status, r in around if status == 503)
            assert {kind for kind, status, _ in load.since(recovered)} == {"read", "write"}
            assert all(status == 200 for _, status, _ in load.since(recovered))
            assert ready_while_down.status_code == 503 and ready_after.status_code == 200
            assert health_while_down.status_code == 503
            assert health_while_down.json()["checks"]["database"]["ok"] is False
            assert server.process is not None and server.process.poll() is None  # never restarted

            # Every acknowledged write is there once; a write answered 503 is retried with its
            # key and posted once (also when it had committed before the connection dropped).
            titles = await _titles(world)
            assert all(titles.get(key) == 1 for key in load.acknowledged)
            for key in [k for k in load.attempted if k not in load.acknowledged]:
                assert posted_id(await post_idea(http, token, world.forum.id, key)) is not None
            titles = await _titles(world)
            assert set(titles) == set(load.attempted)
            assert set(titles.values()) == {1}


async def _read_only(cluster: PrivateCluster, on: bool) -> None:
    if on:
        await cluster.execute("ALTER SYSTEM SET default_transaction_read_only = on")
    else:
        await cluster.execute("ALTER SYSTEM RESET default_transaction_read_only")
    await cluster.execute("SELECT pg_reload_conf()")
    # pg_reload_conf() only signals the postmaster. Once a new session sees the setting, the
    # postmaster has reloaded and signalled every backend, which applies it before its next
    # command: from here on every new transaction has it.
    expected = "on" if on else "off"

    async def applied() -> bool:
        return await cluster.fetchval("SHOW default_transaction_read_only") == expected

    await wait_until(applied, 10, f"default_transaction_read_only={expected} was not applied")


async def test_a_read_only_postgresql_refuses_writes_with_503_and_keeps_serving_reads(
    private_world: World, private_cluster: PrivateCluster, tmp_path: Path
) -> None:
    world = private_world
    read = {
        "query": "query($s: String!) { jam(slug: $s) { ideas(first: 5) { totalCount } } }",
        "variables": {"s": world.jam.slug},
    }
    with serving(private_cluster.url, tmp_path) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            token = await sign_in(http, await email_of(world, world.participant.user_id))
            auth = {"Authorization": f"Bearer {token}"}
            assert posted_id(await post_idea(http, token, world.forum.id, "before")) is not None
            await _read_only(private_cluster, True)
            try:
                # Each attempt is a new write with its own key: a retry with the key of a write
                # that was acknowledged only replays that answer (a read, rightly 200 on a
                # read-only database), so it can never show the refusal.
                attempts: list[tuple[str, httpx.Response]] = []

                async def writes_refused() -> bool:
                    key = f"while read-only {len(attempts)}"
                    response = await post_idea(http, token, world.forum.id, key)
                    attempts.append((key, response))
                    return response.status_code != 200

                await wait_until(writes_refused, 10, "writes were not refused")
                refused_key, answer = attempts[-1]
                assert unavailable(answer), answer.text
                assert answer.json()["errors"][0]["extensions"]["reason"] == "read_only"
                acknowledged = [key for key, response in attempts if posted_id(response)]
                assert len(acknowledged) == len(attempts) - 1  # only the last was refused
                reading = await http.post("/graphql", json=read, headers=auth)
                assert reading.status_code == 200
                total = 1 + len(acknowledged)
                assert reading.json() == {"data": {"jam": {"ideas": {"totalCount": total}}}}
                assert (await http.get("/readyz")).status_code == 200
            finally:
                await _read_only(private_cluster, False)

            # The refused write, retried with its key, posts once when writes come back.
            async def writes_again() -> bool:
                response = await post_idea(http, token, world.forum.id, refused_key)
                return posted_id(response) is not None

            await wait_until(writes_again, 10, "writes did not come back")
            titles = await _titles(world)
            assert titles == {"before": 1, refused_key: 1, **dict.fromkeys(acknowledged, 1)}


async def test_while_postgresql_is_down_sockets_close_with_1013_and_streams_and_logins_get_503(
    private_world: World, private_cluster: PrivateCluster, tmp_path: Path
) -> None:
    world = private_world
    subscription = {
        "query": "subscription($j: ID!) { jamActivity(jamId: $j) { __typename } }",
        "variables": {"j": str(world.jam.id)},
    }
    with serving(private_cluster.url, tmp_path) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            token = await sign_in(http, await email_of(world, world.participant.user_id))
            private_cluster.stop()
            try:
                for headers, payload in (
                    ({"Authorization": f"Bearer {token}"}, {}),
                    ({}, {"authToken": token}),
                ):
                    async with websockets.connect(
                        server.url.replace("http://", "ws://") + "/graphql",
                        subprotocols=[Subprotocol("graphql-transport-ws")],
                        additional_headers=headers,
                    ) as socket:
                        init = {"type": "connection_init", "payload": payload}
                        with pytest.raises(websockets.ConnectionClosed) as closed:
                            await socket.send(json.dumps(init))  # may come after the close
                            await asyncio.wait_for(socket.recv(), 10)
                    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1013
                stream = await http.post(
                    "/graphql",
                    json=subscription,
                    headers={"Authorization": f"Bearer {token}", "Accept": "text/event-stream"},
                )
                assert unavailable(stream), stream.text
                # Anonymous, so the failure comes from a resolver (not the session look-up).
                login = await http.post(
                    "/graphql",
                    json={"query": LOGIN, "variables": {"email": "a@example.org", "password": "x"}},
                )
                assert unavailable(login), login.text
                assert login.json()["errors"][0]["path"] == ["login"]
            finally:
                private_cluster.start()


async def test_a_server_started_while_postgresql_is_down_waits_for_it_and_then_serves(
    private_world: World, private_cluster: PrivateCluster, tmp_path: Path
) -> None:
    from tests.faults.conftest import Served

    private_cluster.stop()
    server = Served(private_cluster.url, tmp_path).start()
    try:
        # The server says it is waiting once it has started (seconds on a busy machine).
        deadline = time.monotonic() + 60
        while "unreachable at start-up" not in server.log() and time.monotonic() < deadline:
            assert server.process is not None and server.process.poll() is None, server.log()
            time.sleep(0.2)
        assert server.process is not None and server.process.poll() is None, server.log()
        assert "unreachable at start-up" in server.log()
        private_cluster.start()
        server.wait_ready()
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            token = await sign_in(
                http, await email_of(private_world, private_world.participant.user_id)
            )
            assert (
                posted_id(await post_idea(http, token, private_world.forum.id, "after")) is not None
            )
    finally:
        server.stop()
        private_cluster.ensure_running()
