"""The yardstick for bench/api.py: the vote write behind a plain Starlette JSON route, no GraphQL.

Served by the same uvicorn (same loop, HTTP parser, log settings and worker count) over the same
database, with the engines of :class:`jam.db.Database` — so on SQLite the same pragmas, the same
``BEGIN IMMEDIATE`` writer and the same in-process write lock. What the GraphQL vote costs beyond
this route is what the GraphQL layer and the action's rules cost.

``POST /vote`` (the baseline) does, per request:

- the bearer-token session lookup, through jam's own ``authenticate`` (the same one indexed query
  the GraphQL context runs), answering 401 without a valid session;
- one write transaction: read the voter's current vote, insert or update it, move the idea's
  up/down counters with one atomic ``UPDATE ... RETURNING``;
- a JSON answer with the idea's id and new counters (what the GraphQL vote asks for).

It does not check membership, visibility or the jam's live window, rescore the idea or write an
audit row — those are the action's rules, not transport cost.

``POST /vote-action`` (diagnostic) calls ``jam.actions.vote`` itself (all the rules, the audit row,
the rescoring) behind the same session lookup, so the benchmark can split the GraphQL vote's cost
into "GraphQL layer" and "action layer".

Configure with ``JAM_DATABASE_URL``; run as ``uvicorn --factory --app-dir bench
api_baseline:create_app``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from jam import actions
from jam.access import Actor
from jam.api.context import token_from
from jam.config import Settings
from jam.errors import ActionError
from jam.models import Idea, Vote
from jam.queries.viewer import authenticate
from jam.runtime import Runtime
from jam.timeutil import utcnow

VALUES = {1, -1}


async def _actor(rt: Runtime, request: Request) -> Actor | None:
    found = await authenticate(rt, token_from(request))
    return found[0] if found else None


async def _vote_arguments(request: Request) -> tuple[int, int] | None:
    try:
        payload: Any = await request.json()
        idea_id, value = int(payload["ideaId"]), int(payload["value"])
    except (ValueError, KeyError, TypeError):
        return None
    return (idea_id, value) if value in VALUES and idea_id > 0 else None


async def _vote_request(rt: Runtime, request: Request) -> tuple[Actor, int, int] | Response:
    """(voter, idea id, value) of a vote request, or the error answer to send instead."""
    actor = await _actor(rt, request)
    if actor is None:
        return JSONResponse({"errors": [{"code": "UNAUTHENTICATED"}]}, status_code=401)
    arguments = await _vote_arguments(request)
    if arguments is None:
        return JSONResponse({"errors": [{"code": "INVALID_INPUT"}]}, status_code=400)
    return (actor, *arguments)


def create_app() -> Starlette:
    """The baseline app on the database named by ``JAM_DATABASE_URL``."""
    rt = Runtime.from_settings(Settings.from_env())

    async def vote(request: Request) -> Response:
        parsed = await _vote_request(rt, request)
        if isinstance(parsed, Response):
            return parsed
        actor, idea_id, value = parsed

        async def work(session: AsyncSession) -> tuple[int, int] | None:
            old = (
                await session.execute(
                    select(Vote.value).where(Vote.idea_id == idea_id, Vote.user_id == actor.user_id)
                )
            ).scalar_one_or_none()
            now = utcnow()
            if old is None:
                await session.execute(
                    insert(Vote).values(
                        idea_id=idea_id, user_id=actor.user_id, value=value,
                        created_at=now, updated_at=now,
                    )
                )
            elif old != value:
                await session.execute(
                    update(Vote)
                    .where(Vote.idea_id == idea_id, Vote.user_id == actor.user_id)  # type: ignore[arg-type]
                    .values(value=value, updated_at=now)
                )
            old_value = old or 0
            d_up = (value == 1) - (old_value == 1)
            d_down = (value == -1) - (old_value == -1)
            row = (
                await session.execute(
                    update(Idea)
                    .where(Idea.id == idea_id)  # type: ignore[arg-type]
                    .values(upvotes=Idea.upvotes + d_up, downvotes=Idea.downvotes + d_down)
                    .returning(Idea.upvotes, Idea.downvotes)  # type: ignore[arg-type]
                )
            ).one_or_none()
            return (row[0], row[1]) if row else None

        counts = await rt.db.write(work)
        if counts is None:
            return JSONResponse({"errors": [{"code": "NOT_FOUND"}]}, status_code=404)
        up, down = counts
        return JSONResponse({"idea": {"id": str(idea_id), "upvotes": up, "downvotes": down}})

    async def vote_action(request: Request) -> Response:
        parsed = await _vote_request(rt, request)
        if isinstance(parsed, Response):
            return parsed
        actor, idea_id, value = parsed
        try:
            result = await actions.vote(rt, actor, idea_id, actions.VoteValue(value))
        except ActionError as error:
            return JSONResponse({"errors": [{"code": error.code.value, "message": error.message}]})
        idea = result.idea
        return JSONResponse(
            {"idea": {"id": str(idea.id), "upvotes": idea.upvotes, "downvotes": idea.downvotes}}
        )

    async def health(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await rt.close()

    return Starlette(
        routes=[
            Route("/healthz", health),
            Route("/readyz", health),
            Route("/vote", vote, methods=["POST"]),
            Route("/vote-action", vote_action, methods=["POST"]),
        ],
        lifespan=lifespan,
    )
