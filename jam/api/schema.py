"""The GraphQL schema with its protective extensions."""

from __future__ import annotations

import strawberry
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)

from jam.api.errors import mask_errors
from jam.api.mutations import Mutation
from jam.api.queries import Query

MAX_DEPTH = 12
MAX_TOKENS = 5_000
MAX_ALIASES = 30
CACHE_SIZE = 1_024


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            lambda: ParserCache(maxsize=CACHE_SIZE),
            lambda: ValidationCache(maxsize=CACHE_SIZE),
            lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
            mask_errors,
        ],
    )


schema = build_schema()
