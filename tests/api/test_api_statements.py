"""DataLoaders keep the SQL of a page constant: no N+1 queries."""

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from jam import actions
from jam.app import create_app
from jam.config import Settings
from jam.runtime import Runtime
from tests.api.operations import IDEA_PAGE
from tests.conftest import build_world
from tests.server import GraphQLClient, running_server

LOGIN = (
    'mutation($e: String!) { login(input: {email: $e, password: "correct horse battery"}) '
    "{ token } }"
)


class StatementCounter:
    """Counts SQL statements (transaction control such as BEGIN left out, and the event feed's
    polls of the outbox, which run on their own clock beside the requests)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("BEGIN") or "outbox_event" in statement:
            return
        self.count += 1


async def _signed_in(rt: Runtime, client: GraphQLClient, user_id: int) -> GraphQLClient:
    """A client signed in as this user (the test accounts share one password)."""
    from jam.models import User

    async with rt.db.read() as session:
        user = await session.get(User, user_id)
    assert user is not None
    token = (await client.ok(LOGIN, {"e": user.email}))["login"]["token"]
    return client.as_user(token)


@pytest.fixture
def counted_server(database_url: str) -> Iterator[tuple[str, StatementCounter]]:
    app = create_app(Settings(database_url=database_url))
    rt: Runtime = app.state.rt
    counter = StatementCounter()
    for engine in rt.db.engines:
        event.listen(engine.sync_engine, "before_cursor_execute", counter)
    with running_server(database_url, app) as url:
        yield url, counter


async def test_a_page_of_50_ideas_runs_as_many_statements_as_a_page_of_5(
    rt: Runtime, counted_server: tuple[str, StatementCounter]
) -> None:
    url, counter = counted_server
    world = await build_world(rt)
    assert world.other_forum.id is not None
    voters = [await world.user(join=True) for _ in range(3)]
    for i in range(60):
        author = voters[i % 3]
        forum = world.other_forum.id if i % 2 else world.forum.id
        assert forum is not None
        idea = await actions.post_idea(
            rt, author, forum, title=f"idea {i}", body="b", tags=[f"t{i % 4}", "all"]
        )
        assert idea.id is not None
        await actions.vote(rt, world.participant, idea.id, actions.VoteValue.UP)
        if i % 3 == 0:
            await actions.add_comment(rt, world.moderator, idea.id, body="nice")
    client = GraphQLClient(url)
    viewer = await _signed_in(rt, client, world.participant.user_id)

    async def statements_for(first: int) -> int:
        counter.count = 0
        data = await viewer.ok(IDEA_PAGE, {"slug": world.jam.slug, "first": first, "sort": "TOP"})
        edges = data["jam"]["ideas"]["edges"]
        assert len(edges) == first
        assert all(e["node"]["viewerVote"] == "UP" and e["node"]["tags"] for e in edges)
        return counter.count

    small, large = await statements_for(5), await statements_for(50)
    await client.close()
    assert small == large
    assert large <= 10


THREADS = """query($slug: String!, $first: Int!) { jam(slug: $slug) { ideas(first: $first) {
  nodes { id comments { body author { displayName } replies { body replies { body } } } }
} } }"""


async def test_comment_threads_of_a_page_are_loaded_in_one_batch(
    rt: Runtime, counted_server: tuple[str, StatementCounter]
) -> None:
    url, counter = counted_server
    world = await build_world(rt)
    # 10 threads stay below the cost that sends a query to the heavy lane's own process
    # (jam.api.lane), whose statements this process cannot count.
    for i in range(10):
        idea_id = await world.idea(title=f"idea {i}")
        top = await actions.add_comment(rt, world.moderator, idea_id, body="first")
        await actions.add_comment(rt, world.participant, idea_id, body="reply", parent_id=top.id)
    client = GraphQLClient(url)
    viewer = await _signed_in(rt, client, world.participant.user_id)

    async def statements_for(first: int) -> int:
        counter.count = 0
        data = await viewer.ok(THREADS, {"slug": world.jam.slug, "first": first})
        nodes = data["jam"]["ideas"]["nodes"]
        assert len(nodes) == first
        assert all(n["comments"][0]["replies"][0]["body"] == "reply" for n in nodes)
        return counter.count

    small, large = await statements_for(3), await statements_for(10)
    await client.close()
    assert small == large


QUEUE_PAGE = """query($slug: String!, $first: Int!) { jam(slug: $slug) {
  moderationQueue(first: $first) { items { id flagCount reasons { reason count } notes
    idea { id title hidden labels author { displayName } } comment { id body author { id } } } }
} }"""
INBOX = """query($first: Int!) { notifications(first: $first) { unreadCount nodes {
  id kind reason jam { slug } idea { id title } comment { id body } actor { displayName }
  merge { id status } announcement { id body } } } }"""
MEMBERS_PAGE = """query($slug: String!, $first: Int!) { jam(slug: $slug) {
  members(first: $first) { nodes { user { id displayName } role mute { reason } } } } }"""
LOG_PAGE = """query($slug: String!, $first: Int!) { jam(slug: $slug) {
  moderationLog(first: $first) { nodes { action reason actor { displayName } } } } }"""


async def test_the_moderation_pages_run_as_many_statements_for_2_items_as_for_20(
    rt: Runtime, counted_server: tuple[str, StatementCounter]
) -> None:
    from jam.actions import Decision, ItemRef
    from jam.models import FlagReason, ItemKind

    url, counter = counted_server
    world = await build_world(rt)
    assert world.jam.id is not None
    flaggers = [await world.user(join=True) for _ in range(2)]
    for i in range(20):
        idea_id = await world.idea(title=f"idea {i}")
        comment = await actions.add_comment(rt, flaggers[0], idea_id, body="a comment")
        assert comment.id is not None
        kind, item = (ItemKind.COMMENT, comment.id) if i % 2 else (ItemKind.IDEA, idea_id)
        await actions.flag_item(rt, flaggers[1], ItemRef(kind, item), reason=FlagReason.SPAM)
        if i % 4 == 0:
            await actions.mute_member(
                rt, world.moderator, world.jam.id, (await world.user(join=True)).user_id,
                minutes=5, reason="x",
            )
            await actions.moderate_items(
                rt, world.moderator, [ItemRef(ItemKind.IDEA, idea_id)], Decision.KEEP
            )
    client = GraphQLClient(url)
    moderator = await _signed_in(rt, client, world.moderator.user_id)
    participant = await _signed_in(rt, client, world.participant.user_id)

    async def statements_for(viewer: GraphQLClient, query: str, first: int) -> int:
        counter.count = 0
        await viewer.ok(query, {"slug": world.jam.slug, "first": first})
        return counter.count

    for viewer, query in [
        (moderator, QUEUE_PAGE),
        (participant, INBOX),
        (moderator, MEMBERS_PAGE),
        (moderator, LOG_PAGE),
    ]:
        small, large = await statements_for(viewer, query, 2), await statements_for(
            viewer, query, 20
        )
        assert small == large, query
    await client.close()
