"""The GraphQL schema with its protective extensions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
)
from strawberry.extensions.max_aliases import create_validator as max_aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as max_depth_rule
from strawberry.tools import merge_types
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from graphql import ASTValidationRule, GraphQLError
from jam.api.accounts import AccountsMutation, AccountsQuery
from jam.api.announcements import AnnouncementsMutation
from jam.api.budget import MAX_DEPTH, MAX_TOKENS, CachedParsing, QueryBudget, is_heavy_query
from jam.api.connectors import ConnectorsMutation
from jam.api.errors import mask_errors
from jam.api.ideas import IdeasMutation, IdeasQuery
from jam.api.jams import JamsMutation, JamsQuery
from jam.api.jobs import JobsQuery
from jam.api.live import Subscription
from jam.api.merges import MergesMutation, MergesQuery
from jam.api.moderation import ModerationMutation
from jam.api.notifications import NotificationsMutation, NotificationsQuery
from jam.api.opinions import OpinionsMutation
from jam.api.people import PeopleMutation, PeopleQuery
from jam.api.shifts import ShiftsMutation, ShiftsQuery
from jam.api.strategy_exports import StrategyExportsMutation
from jam.api.themes import ThemesMutation, ThemesQuery

MAX_ALIASES = 30

# The depth and alias limits as validation rules built once. Strawberry's QueryDepthLimiter and
# MaxAliasesLimiter extensions build a new rule class per request, which changes the
# ValidationCache key every time: validation then never hits the cache (measured: 3.5 ms of
# every vote request spent re-validating).
LIMIT_RULES: list[type[ASTValidationRule]] = [
    max_depth_rule(MAX_DEPTH, None, None),
    max_aliases_rule(MAX_ALIASES),
]


# The root types, merged from the domain modules (one per area, like the domain itself).
Query = merge_types(
    "Query",
    (
        AccountsQuery,
        JamsQuery,
        IdeasQuery,
        ThemesQuery,
        JobsQuery,
        NotificationsQuery,
        MergesQuery,
        ShiftsQuery,
        PeopleQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        AccountsMutation,
        JamsMutation,
        IdeasMutation,
        ModerationMutation,
        AnnouncementsMutation,
        MergesMutation,
        NotificationsMutation,
        ThemesMutation,
        ConnectorsMutation,
        OpinionsMutation,
        ShiftsMutation,
        PeopleMutation,
        StrategyExportsMutation,
    ),
)


class JamSchema(strawberry.Schema):
    """The schema, executing expensive queries in the heavy lane's process (``jam.api.lane``)
    when the request's context has one running."""

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        request_context: Any = context_value
        lane = getattr(request_context, "heavy_lane", None)
        variables = variable_values if isinstance(variable_values, dict) else None
        if (
            lane is not None
            and lane.running
            and isinstance(query, str)
            and is_heavy_query(self._schema, query, operation_name, variables)
        ):
            token = getattr(request_context, "token", None)
            answer = await lane.answer(query, variables, operation_name, token)
            return ExecutionResult(
                data=answer.data,
                errors=[
                    GraphQLError(
                        error["message"], path=error.get("path"), extensions=error.get("extensions")
                    )
                    for error in answer.errors
                ]
                or None,
            )
        return await super().execute(
            query,
            variable_values,
            context_value,
            root_value,
            operation_name,
            allowed_operation_types,
            operation_extensions,
        )


def build_schema() -> strawberry.Schema:
    return JamSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[
            CachedParsing,
            # Refuses operations over the cost/overlap budget, then validates (cached).
            QueryBudget,
            lambda: AddValidationRules(LIMIT_RULES),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            mask_errors,
        ],
    )


schema = build_schema()
