"""Subscribers who asked for the same thing share one execution per event.

Executing a subscription's selection for each subscriber and each event is most of what a
delivery costs (measured: ~650 µs per delivered event, two thirds of it graphql-core and the
JSON of the result). Hasura's multiplexed subscriptions show the way out: subscribers of the
same document with the same variables who may see the same things get the same payloads, so
the payload is computed once per event and only sent many times.

Which subscriptions share (``plan``): ``jamActivity`` / ``ideaUpdated`` documents that name no
field whose value depends on who is looking (``viewerVote``, ``viewerRole``,
``viewerCanModerate``, ``email``, ``viewer``), grouped by document, variables and what the
viewer may see (moderator, analyst, administrator, guest). Each subscriber is authorised on its
own (the same checks as the resolver) before it joins; anything else takes the ordinary path,
one execution per subscriber.

Each member has its own bounded queue and sends from its own operation task, so a slow socket
never holds up the others; a member that falls ``QUEUE_SIZE`` payloads behind is closed with
1013 (it resubscribes with ``after``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql.execution.values import get_argument_values, get_variable_values
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from strawberry.types.execution import PreExecutionError

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    parse,
)
from jam.api.context import Context
from jam.api.ids import id_or_none
from jam.errors import ActionError
from jam.queries.live import idea_listener, jam_listener
from jam.queries.loaders import make_loaders

log = logging.getLogger("jam.api")

QUEUE_SIZE = 256
SHAREABLE_ROOTS = {"jamActivity": "jamId", "ideaUpdated": "ideaId"}
PER_VIEWER_FIELDS = frozenset(
    {"viewerVote", "viewerRole", "viewerCanModerate", "viewerFlagged", "viewerMute", "email",
     "viewer"}
)  # fmt: skip


def _fields(document: DocumentNode) -> Iterator[FieldNode]:
    stack: list[Any] = list(document.definitions)
    while stack:
        node = stack.pop()
        if isinstance(node, FieldNode):
            yield node
        selection_set = getattr(node, "selection_set", None)
        if selection_set is not None:
            stack.extend(selection_set.selections)


@dataclass(frozen=True)
class Plan:
    key: tuple[Any, ...]
    query: str
    variables: dict[str, Any] | None
    operation_name: str | None


@dataclass(eq=False)
class Member:
    queue: asyncio.Queue[str | None] = field(
        default_factory=lambda: asyncio.Queue(maxsize=QUEUE_SIZE)
    )
    dropped: bool = False

    def offer(self, payload: str | None) -> None:
        if self.dropped:
            return
        try:
            self.queue.put_nowait(payload)
        except asyncio.QueueFull:
            self.dropped = True
            with contextlib.suppress(asyncio.QueueEmpty):
                self.queue.get_nowait()
            self.queue.put_nowait(None)


class SharedStream:
    """One execution of a subscription, its payloads handed to every member."""

    def __init__(self, owner: SharedStreams, plan: Plan, context: Context) -> None:
        self.owner = owner
        self.plan = plan
        self.context = context
        self.members: set[Member] = set()
        self.errors: str | None = None  # a pre-execution error, for members who join later
        self.task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        schema = self.owner.schema
        try:
            source = await schema.subscribe(
                self.plan.query,
                variable_values=self.plan.variables,
                context_value=self.context,
                operation_name=self.plan.operation_name,
            )
            if isinstance(source, PreExecutionError):
                self._fail(source.errors or [])
                return
            async with contextlib.aclosing(source):  # type: ignore[type-var]
                async for result in source:
                    if isinstance(result, PreExecutionError):
                        self._fail(result.errors or [])
                        return
                    payload: dict[str, Any] = {"data": result.data}
                    if result.errors:
                        payload["errors"] = [e.formatted for e in result.errors]
                    encoded = json.dumps(payload, separators=(",", ":"), default=str)
                    for member in list(self.members):
                        member.offer(encoded)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("a shared subscription failed")
        finally:
            self.owner.forget(self)
            for member in list(self.members):
                member.offer(None)

    def _fail(self, errors: list[GraphQLError]) -> None:
        self.errors = json.dumps([e.formatted for e in errors], default=str)
        for member in list(self.members):
            member.offer(None)

    def leave(self, member: Member) -> None:
        self.members.discard(member)
        if not self.members and not self.task.done():
            self.owner.forget(self)
            self.task.cancel()


class SharedStreams:
    """This process's shared subscriptions, by what they share."""

    def __init__(self, schema: Any) -> None:
        self.schema = schema
        self.streams: dict[tuple[Any, ...], SharedStream] = {}

    def forget(self, stream: SharedStream) -> None:
        if self.streams.get(stream.plan.key) is stream:
            del self.streams[stream.plan.key]

    async def plan(self, operation: Operation[Context, None], context: Context) -> Plan | None:
        """How this operation can share, or None when it takes the ordinary path."""
        actor = context.actor
        if actor is None or len(operation.query) > 20_000:
            return None
        try:
            document = parse(operation.query)
        except GraphQLError:
            return None
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if len(operations) != 1 or operations[0].operation is not OperationType.SUBSCRIPTION:
            return None
        (op,) = operations
        roots = [s for s in op.selection_set.selections if isinstance(s, FieldNode)]
        if len(roots) != 1 or len(op.selection_set.selections) != 1:
            return None
        root = roots[0]
        if root.name.value not in SHAREABLE_ROOTS or root.alias is not None:
            return None
        if any(f.name.value in PER_VIEWER_FIELDS for f in _fields(document)):
            return None
        graphql_schema = self.schema._schema
        field_def = graphql_schema.subscription_type.fields[root.name.value]
        coerced = get_variable_values(
            graphql_schema, op.variable_definitions or (), operation.variables or {}
        )
        if isinstance(coerced, list):
            return None  # bad variables (a list of errors): the ordinary path reports them
        try:
            arguments = get_argument_values(field_def, root, coerced)
        except GraphQLError:
            return None
        subject = id_or_none(arguments.get(SHAREABLE_ROOTS[root.name.value]))
        if subject is None:
            return None
        try:
            if root.name.value == "jamActivity":
                listener = await jam_listener(context.rt, actor, subject)
            else:
                listener = await idea_listener(context.rt, actor, subject)
        except ActionError:
            return None  # the ordinary path answers with the error
        key = (
            operation.query,
            op.name.value if op.name else None,
            json.dumps(operation.variables or {}, sort_keys=True, default=str),
            listener.moderator,
            listener.analyst,
            actor.is_admin,
            actor.is_guest,
        )
        return Plan(key, operation.query, operation.variables, operation.operation_name)

    def join(self, plan: Plan, context: Context, member: Member) -> SharedStream:
        stream = self.streams.get(plan.key)
        if stream is None or stream.task.done():
            # The stream's own context: no socket, the first member's rights (the same for
            # every member, by the key), loaders replaced per event by the resolver.
            own = Context(
                rt=context.rt,
                request=None,
                response=None,
                token=None,
                actor=context.actor,
                user=context.user,
                loaders=make_loaders(context.rt, None),
            )
            stream = SharedStream(self, plan, own)
            self.streams[plan.key] = stream
        stream.members.add(member)
        return stream


class JamTransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """graphql-transport-ws, with shareable subscriptions served from a shared stream."""

    async def run_operation(self, operation: Operation[Context, None]) -> None:
        shared: SharedStreams | None = getattr(self.view, "shared_streams", None)
        plan = await shared.plan(operation, self.context) if shared is not None else None
        if shared is None or plan is None:
            await super().run_operation(operation)
            return
        member = Member()
        stream = shared.join(plan, self.context, member)
        prefix = '{"id":' + json.dumps(operation.id) + ',"type":"next","payload":'
        socket = self.websocket.ws  # type: ignore[attr-defined]
        try:
            while True:
                payload = await member.queue.get()
                if payload is None:
                    break
                await socket.send_text(prefix + payload + "}")
            if member.dropped:
                self.context.close_too_slow()
                return
            if stream.errors is not None:
                await socket.send_text(
                    '{"id":' + json.dumps(operation.id) + ',"type":"error","payload":'
                    + stream.errors + "}"
                )
                operation.completed = True
                self.forget_id(operation.id)
                return
            await operation.send_operation_message({"id": operation.id, "type": "complete"})
        except Exception:
            # The socket went away under us: nothing more to send.
            return
        finally:
            stream.leave(member)


__all__ = ["JamTransportWSHandler", "SharedStreams"]
