"""Live updates over a real WebSocket (graphql-transport-ws): what each subscriber hears."""

from __future__ import annotations

import asyncio

from tests.api.conftest import LOGIN, Api
from tests.live_client import LiveClient

ACTIVITY = """subscription($jam: ID!, $after: String) {
  jamActivity(jamId: $jam, after: $after) {
    __typename
    ... on JamEventBase { position }
    ... on IdeaPosted { idea { id title author { displayName } } }
    ... on IdeaHidden { ideaId hiddenIdea { id hidden } }
    ... on VotesChanged { ideaId upvotes downvotes }
    ... on CommentAdded { idea { id commentCount } comment { body } }
    ... on JamUpdated { jam { phase } }
  }
}"""

IDEA = """subscription($idea: ID!) {
  ideaUpdated(ideaId: $idea) {
    __typename
    ... on VotesChanged { upvotes downvotes idea { viewerVote } }
    ... on CommentAdded { comment { body } }
  }
}"""

POST = """mutation($i: PostIdeaInput!) { postIdea(input: $i) { idea { id } errors { code } } }"""
VOTE = """mutation($i: VoteInput!) { vote(input: $i) { errors { code } } }"""
HIDE = """mutation($i: SetIdeaHiddenInput!) { setIdeaHidden(input: $i) { errors { code } } }"""
COMMENT = """mutation($i: AddCommentInput!) { addComment(input: $i) { errors { code } } }"""


async def _live(api: Api, who: str = "participant") -> LiveClient:
    client = getattr(api, who)
    return await LiveClient.connect(client.base_url, client.token)


async def _post(api: Api, title: str = "Bike sheds", key: str | None = None) -> str:
    data = await api.participant.ok(
        POST,
        {"i": {"forumId": api.forum_id, "title": title, "body": "Covered, with lockers",
               "idempotencyKey": key}},
    )
    assert data["postIdea"]["errors"] == []
    return str(data["postIdea"]["idea"]["id"])


async def test_a_posted_idea_reaches_a_subscriber(api: Api) -> None:
    live = await _live(api)
    op = await live.subscribe(ACTIVITY, {"jam": api.jam_id})
    await asyncio.sleep(0.2)  # the subscription is registered
    idea_id = await _post(api)
    event = (await live.next(op))["jamActivity"]
    assert event["__typename"] == "IdeaPosted" and event["idea"]["id"] == idea_id
    assert event["idea"]["author"]["displayName"] == "Participant" and event["position"]
    await live.close()


async def test_a_replayed_post_and_a_repeated_vote_are_heard_once(api: Api) -> None:
    live = await _live(api, "moderator")
    op = await live.subscribe(ACTIVITY, {"jam": api.jam_id})
    await asyncio.sleep(0.2)
    first = await _post(api, key="same-key")
    assert await _post(api, key="same-key") == first
    for _ in range(2):
        await api.participant.ok(VOTE, {"i": {"ideaId": first, "value": "UP"}})
    kinds = [(await live.next(op))["jamActivity"]["__typename"] for _ in range(2)]
    assert kinds == ["IdeaPosted", "VotesChanged"]
    assert await live.nothing(op, 0.8)
    await live.close()


async def test_a_hidden_idea_never_reaches_a_participant(api: Api) -> None:
    idea_id = await _post(api)
    participant, moderator = await _live(api), await _live(api, "moderator")
    seen_by_participant = await participant.subscribe(ACTIVITY, {"jam": api.jam_id})
    seen_by_moderator = await moderator.subscribe(ACTIVITY, {"jam": api.jam_id})
    await asyncio.sleep(0.2)
    await api.moderator.ok(HIDE, {"i": {"ideaId": idea_id, "hidden": True}})
    hidden = (await participant.next(seen_by_participant))["jamActivity"]
    assert hidden == {"__typename": "IdeaHidden", "position": hidden["position"],
                      "ideaId": idea_id, "hiddenIdea": None}
    shown = (await moderator.next(seen_by_moderator))["jamActivity"]
    assert shown["hiddenIdea"] == {"id": idea_id, "hidden": True}
    # Moderators still act on it; participants hear nothing of it.
    await api.moderator.ok(COMMENT, {"i": {"ideaId": idea_id, "body": "Why hidden?"}})
    comment = (await moderator.next(seen_by_moderator))["jamActivity"]
    assert comment["__typename"] == "CommentAdded"
    assert await participant.nothing(seen_by_participant, 0.8)
    await participant.close()
    await moderator.close()


async def test_one_idea_subscription_hears_its_votes_with_the_viewers_own_vote(api: Api) -> None:
    idea_id = await _post(api)
    other = await _post(api, title="Another")
    live = await _live(api)
    op = await live.subscribe(IDEA, {"idea": idea_id})
    await asyncio.sleep(0.2)
    await api.moderator.ok(VOTE, {"i": {"ideaId": other, "value": "UP"}})  # not this idea
    await api.participant.ok(VOTE, {"i": {"ideaId": idea_id, "value": "DOWN"}})
    event = (await live.next(op))["ideaUpdated"]
    assert event == {"__typename": "VotesChanged", "upvotes": 0, "downvotes": 1,
                     "idea": {"viewerVote": "DOWN"}}
    await live.close()


async def test_a_reconnecting_client_gets_what_it_missed_then_the_live_stream(api: Api) -> None:
    live = await _live(api)
    op = await live.subscribe(ACTIVITY, {"jam": api.jam_id})
    await asyncio.sleep(0.2)
    await _post(api, title="First")
    seen = (await live.next(op))["jamActivity"]["position"]
    await live.close()
    missed = [await _post(api, title=f"Missed {n}") for n in range(3)]
    again = await _live(api)
    op = await again.subscribe(ACTIVITY, {"jam": api.jam_id, "after": seen})
    replayed = [(await again.next(op))["jamActivity"]["idea"]["id"] for _ in missed]
    assert replayed == missed
    live_one = await _post(api, title="Live")
    assert (await again.next(op))["jamActivity"]["idea"]["id"] == live_one
    assert await again.nothing(op, 0.5)
    await again.close()


async def test_a_bad_position_is_invalid_input(api: Api) -> None:
    live = await _live(api)
    op = await live.subscribe(ACTIVITY, {"jam": api.jam_id, "after": "yesterday"})
    message = await live.message(op)
    assert message["type"] in {"next", "error"}
    errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
    assert errors[0]["extensions"]["code"] == "INVALID_INPUT"
    await live.close()


async def test_a_guest_hears_only_jams_they_joined(api: Api) -> None:
    guest_client = await api.new_participant(guest=True, join=False)
    live = await LiveClient.connect(guest_client.base_url, guest_client.token)
    op = await live.subscribe(ACTIVITY, {"jam": api.jam_id})
    message = await live.message(op)
    errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"
    await live.close()


async def test_an_unknown_token_in_connection_init_is_refused_with_4403(api: Api) -> None:
    import websockets

    try:
        live = await LiveClient.connect(api.participant.base_url, "not-a-token")
    except (AssertionError, websockets.ConnectionClosed) as refused:
        code = getattr(getattr(refused, "rcvd", None), "code", None)
        assert code in (None, 4403)
        return
    assert await live.closed() == 4403


async def test_a_socket_without_credentials_cannot_subscribe(api: Api) -> None:
    live = await LiveClient.connect(api.participant.base_url, None)
    op = await live.subscribe(ACTIVITY, {"jam": api.jam_id})
    message = await live.message(op)
    errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
    assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"
    await live.close()


async def test_a_token_in_the_header_signs_the_socket_in_too(api: Api) -> None:
    client = api.participant
    live = await LiveClient.connect(
        client.base_url, headers={"Authorization": f"Bearer {client.token}"}, payload={}
    )
    op = await live.subscribe(ACTIVITY, {"jam": api.jam_id})
    await asyncio.sleep(0.2)
    await _post(api)
    assert (await live.next(op))["jamActivity"]["__typename"] == "IdeaPosted"
    await live.close()


async def test_logging_out_closes_the_socket_with_4403(api: Api) -> None:
    me = await api.client_for(await _email_of(api))
    live = await LiveClient.connect(me.base_url, me.token)
    op = await live.subscribe(ACTIVITY, {"jam": api.jam_id})
    await asyncio.sleep(0.2)
    await me.ok("mutation { logout { ok } }")
    assert await live.closed(timeout=10) == 4403
    assert op


async def _email_of(api: Api) -> str:
    from jam.models import User

    async with api.world.rt.db.read() as session:
        user = await session.get(User, api.world.participant.user_id)
    assert user is not None and LOGIN
    return user.email


async def test_server_sent_events_carry_the_same_stream(api: Api) -> None:
    """graphql-sse, distinct connections mode: POST the subscription with Accept:
    text/event-stream and read `next` events."""
    import json

    import httpx

    client = api.participant
    received: asyncio.Queue[dict[str, object]] = asyncio.Queue()

    async def listen() -> None:
        async with httpx.AsyncClient(base_url=client.base_url, timeout=30) as http, http.stream(
            "POST",
            "/graphql",
            json={"query": ACTIVITY, "variables": {"jam": api.jam_id}},
            headers={"Accept": "text/event-stream", "Authorization": f"Bearer {client.token}"},
        ) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            async for line in response.aiter_lines():
                if line.startswith("data: ") and line[6:].strip():
                    await received.put(json.loads(line[6:]))

    reader = asyncio.create_task(listen())
    try:
        await asyncio.sleep(0.5)
        idea_id = await _post(api, title="Over SSE")
        event = await asyncio.wait_for(received.get(), 10)
        assert event["data"]["jamActivity"]["idea"]["id"] == idea_id  # type: ignore[index]
    finally:
        reader.cancel()


async def test_an_expired_session_closes_the_socket_with_4403(api: Api) -> None:
    from sqlalchemy import update

    from jam.models import SessionToken
    from jam.security import hash_token

    me = await api.client_for(await _email_of(api))
    live = await LiveClient.connect(me.base_url, me.token)
    await live.subscribe(ACTIVITY, {"jam": api.jam_id})
    assert me.token is not None
    digest = hash_token(me.token)

    async def expire(session: object) -> None:
        from jam.timeutil import utcnow

        expired = update(SessionToken).where(SessionToken.token_hash == digest)
        await session.execute(expired.values(expires_at=utcnow()))  # type: ignore[attr-defined]

    await api.world.rt.db.write(expire)
    assert await live.closed(timeout=10) == 4403


async def test_subscribers_who_may_see_the_same_share_one_stream(rt: object) -> None:
    from jam.app import create_app
    from jam.config import Settings
    from jam.runtime import Runtime
    from tests.conftest import build_world
    from tests.server import GraphQLClient, running_server

    assert isinstance(rt, Runtime)
    world = await build_world(rt)
    app = create_app(Settings(database_url=rt.settings.database_url))
    shared = app.state.graphql.shared_streams
    with running_server(rt.settings.database_url, app) as url:
        http = GraphQLClient(url)
        tokens = {}
        for name, actor in (("participant", world.participant), ("moderator", world.moderator)):
            from jam.models import User

            async with rt.db.read() as session:
                user = await session.get(User, actor.user_id)
            assert user is not None
            data = await http.ok(LOGIN, {"email": user.email, "password": "correct horse battery"})
            tokens[name] = data["login"]["token"]
        jam = {"jam": str(world.jam.id)}
        sockets = [await LiveClient.connect(url, tokens[n])
                   for n in ("participant", "participant", "moderator")]
        ops = [await s.subscribe(ACTIVITY, jam) for s in sockets]
        own = await sockets[0].subscribe(IDEA_OF_JAM, jam)  # names viewerVote: not shared

        def sizes() -> list[int]:
            return sorted(len(stream.members) for stream in shared.streams.values())

        # The subscriptions register as their sockets are read (a loaded machine: give it time).
        for _ in range(100):
            if sizes() == [1, 2]:
                break
            await asyncio.sleep(0.1)
        assert sizes() == [1, 2]  # participants together, the moderator apart
        await world.idea(title="Shared")
        for socket, op in zip(sockets, ops, strict=True):
            assert (await socket.next(op))["jamActivity"]["__typename"] == "IdeaPosted"
        assert (await sockets[0].next(own))["jamActivity"]["idea"]["viewerVote"] is None
        for socket in sockets:
            await socket.close()
        await asyncio.sleep(0.3)
        assert shared.streams == {}
        await http.close()


IDEA_OF_JAM = """subscription($jam: ID!) {
  jamActivity(jamId: $jam) { ... on IdeaPosted { idea { id viewerVote } } }
}"""


async def test_a_server_sent_event_stream_ends_when_its_session_does(api: Api) -> None:
    import json

    import httpx

    me = await api.client_for(await _email_of(api))
    messages: list[dict[str, object]] = []

    async def listen() -> None:
        async with httpx.AsyncClient(base_url=me.base_url, timeout=30) as http, http.stream(
            "POST",
            "/graphql",
            json={"query": ACTIVITY, "variables": {"jam": api.jam_id}},
            headers={"Accept": "text/event-stream", "Authorization": f"Bearer {me.token}"},
        ) as response:
            async for line in response.aiter_lines():
                if line.startswith("data: ") and line[6:].strip():
                    messages.append(json.loads(line[6:]))

    reader = asyncio.create_task(listen())
    await asyncio.sleep(0.5)
    await me.ok("mutation { logout { ok } }")
    await asyncio.wait_for(reader, 10)  # the server ended the stream
    codes = [e["extensions"]["code"] for m in messages for e in m.get("errors", [])]  # type: ignore[attr-defined]
    assert codes == ["UNAUTHENTICATED"]
