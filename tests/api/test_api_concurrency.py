"""Concurrent clients over real HTTP: exact counts, nothing lost."""

import asyncio
from typing import Any

import httpx

from jam import actions
from jam.models import AccountKind, GlobalRole
from tests.api.conftest import LOGIN, Api
from tests.api.operations import ADD_COMMENT, IDEA, POST_IDEA, VOTE
from tests.conftest import actor_of


async def _signed_in_members(api: Api, n: int) -> list[str]:
    """n new jam members, each signed in over HTTP; returns their tokens."""
    assert api.world.jam.id is not None
    jam_id = api.world.jam.id
    emails = [f"crowd{i}@example.org" for i in range(n)]

    async def member(email: str) -> str:
        user = await actions.create_user(
            api.world.rt,
            email=email,
            password="correct horse battery",
            display_name=email,
            role=GlobalRole.MEMBER,
            kind=AccountKind.EMPLOYEE,
        )
        await actions.join_jam(api.world.rt, actor_of(user), jam_id)
        data = await api.anonymous.ok(LOGIN, {"email": email, "password": "correct horse battery"})
        token: str = data["login"]["token"]
        return token

    tokens = list(await asyncio.gather(*[member(email) for email in emails]))
    return tokens


async def _post(http: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any]) -> Any:
    response = await http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def test_200_concurrent_votes_over_http_give_exact_counts(api: Api) -> None:
    idea_id = str(await api.world.idea())
    tokens = await _signed_in_members(api, 200)
    limits = httpx.Limits(max_connections=200)
    async with httpx.AsyncClient(
        base_url=api.anonymous.base_url, limits=limits, timeout=60
    ) as http:
        results = await asyncio.gather(
            *[
                _post(
                    http,
                    token,
                    VOTE,
                    {"input": {"ideaId": idea_id, "value": "UP" if i % 5 else "DOWN"}},
                )
                for i, token in enumerate(tokens)
            ]
        )
    assert all(r["vote"]["errors"] == [] for r in results)
    idea = (await api.participant.ok(IDEA, {"id": idea_id}))["idea"]
    assert (idea["upvotes"], idea["downvotes"]) == (160, 40)


async def test_50_concurrent_writers_over_http_lose_nothing(api: Api) -> None:
    idea_id = str(await api.world.idea())
    tokens = await _signed_in_members(api, 50)

    async def write(http: httpx.AsyncClient, i: int, token: str) -> None:
        posted = await _post(
            http,
            token,
            POST_IDEA,
            {
                "input": {
                    "forumId": api.forum_id,
                    "title": f"crowd idea {i}",
                    "body": "b",
                    "idempotencyKey": f"k{i}",
                }
            },
        )
        assert posted["postIdea"]["errors"] == []
        commented = await _post(
            http, token, ADD_COMMENT, {"input": {"ideaId": idea_id, "body": f"c{i}"}}
        )
        assert commented["addComment"]["errors"] == []

    async with httpx.AsyncClient(base_url=api.anonymous.base_url, timeout=60) as http:
        await asyncio.gather(*[write(http, i, t) for i, t in enumerate(tokens)])
    page = await api.participant.ok(
        'query($s: String!) { jam(slug: $s) { ideas(first: 100, search: "crowd idea") '
        "{ totalCount } } }",
        {"s": api.world.jam.slug},
    )
    assert page["jam"]["ideas"]["totalCount"] == 50
    idea = await api.participant.ok(
        "query($id: ID!) { idea(id: $id) { commentCount comments { id } } }", {"id": idea_id}
    )
    assert idea["idea"]["commentCount"] == 50 and len(idea["idea"]["comments"]) == 50
