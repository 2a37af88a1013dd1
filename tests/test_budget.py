"""The query budget (jam.api.budget): what a request costs, measured before it runs."""

from __future__ import annotations

import pytest

from graphql import parse
from jam.api.budget import (
    HEAVY_COST,
    MAX_COST,
    MAX_OVERLAP_WORK,
    Budget,
    check,
    is_heavy_query,
    measure,
    validate_cached,
)
from jam.api.errors import PublicError
from jam.api.schema import schema

SCHEMA = schema._schema
PAGE = """query($slug: String!) { jam(slug: $slug) { id title ideas(first: 50) {
  totalCount pageInfo { hasNextPage endCursor }
  nodes { id title body createdAt upvotes downvotes score commentCount tags viewerVote
          author { id displayName } } } } }"""


def cost_of(query: str, variables: dict[str, object] | None = None) -> Budget:
    return measure(SCHEMA, parse(query), None, variables)


def refusal(budget: Budget) -> PublicError:
    with pytest.raises(PublicError) as caught:
        check(budget)
    return caught.value


def test_a_page_of_50_ideas_costs_each_idea_field_once_per_idea() -> None:
    budget = cost_of(PAGE, {"slug": "x"})
    # 11 fields on each of 50 ideas and its author's 2, plus the 9 of the page around them.
    assert budget.cost == 50 * 13 + 9
    assert budget.cost < HEAVY_COST


def test_a_connections_nodes_count_its_page_once_not_twice() -> None:
    one = cost_of('{ jam(slug: "x") { ideas(first: 10) { nodes { id } } } }')
    ten = cost_of('{ jam(slug: "x") { ideas(first: 100) { nodes { id } } } }')
    assert ten.cost - one.cost == 90


def test_page_size_from_a_variable_counts() -> None:
    query = 'query($n: Int!) { jam(slug: "x") { ideas(first: $n) { nodes { id title } } } }'
    assert cost_of(query, {"n": 100}).cost > 10 * cost_of(query, {"n": 5}).cost


def test_an_out_of_range_page_size_is_left_to_its_resolver() -> None:
    # Counted as the largest page, so the caller gets the resolver's precise INVALID_INPUT.
    budget = cost_of('{ jam(slug: "x") { ideas(first: 1000000000) { nodes { id } } } }')
    check(budget)


def test_nested_comment_threads_under_30_aliases_are_refused_for_cost() -> None:
    fields = " ".join(
        f"a{i}: ideas(first: 100) {{ nodes {{ comments {{ replies {{ replies {{ id }} }} }} }} }}"
        for i in range(30)
    )
    error = refusal(cost_of(f'{{ jam(slug: "x") {{ {fields} }} }}'))
    assert error.extensions is not None
    assert error.extensions["code"] == "QUERY_TOO_COMPLEX"
    assert error.extensions["cost"] > MAX_COST


async def test_one_field_repeated_500_times_is_refused_before_validation() -> None:
    # graphql-core's overlap check on this document takes ~1 s; the budget refuses it first.
    query = "{ " + "jams { id forums { id } } " * 500 + "}"
    budget = cost_of(query)
    error = refusal(budget)
    assert error.extensions is not None
    assert error.extensions["code"] == "QUERY_TOO_COMPLEX"
    assert budget.overlap_work > MAX_OVERLAP_WORK
    validated = validate_cached.cache_info().misses
    result = await schema.execute(query)
    assert result.errors is not None
    assert [error.extensions for error in result.errors] == [refusal(budget).extensions]
    assert validate_cached.cache_info().misses == validated


def test_repeating_a_field_a_few_times_is_fine() -> None:
    check(cost_of("{ viewer { id } viewer { id displayName } viewer { displayName } }"))


def test_fragments_count_where_they_are_spread() -> None:
    inline = cost_of('{ jam(slug: "x") { ideas(first: 20) { nodes { id title } } } }')
    spread = cost_of(
        'query { jam(slug: "x") { ideas(first: 20) { nodes { ...F } } } } '
        "fragment F on Idea { id title }"
    )
    assert spread == inline


def test_a_fragment_bomb_is_refused_without_being_expanded() -> None:
    fragments = ["fragment F0 on Jam { id title }"]
    fragments += [f"fragment F{i} on Jam {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 40)]
    query = "{ jams { ...F39 } } " + " ".join(fragments)
    # Expanding it would walk 2^40 fields: that this returns at all shows it was not expanded.
    with pytest.raises(PublicError) as caught:
        check(cost_of(query))
    assert caught.value.extensions == {"code": "QUERY_TOO_COMPLEX", "limit": 5000}


def test_cyclic_fragments_are_left_to_validation() -> None:
    query = "{ jams { ...A } } fragment A on Jam { id ...B } fragment B on Jam { title ...A }"
    check(cost_of(query))  # validation answers "cannot spread fragment A within itself"


def test_only_admitted_queries_above_the_threshold_are_heavy() -> None:
    heavy = (
        '{ jam(slug: "x") { '
        + " ".join(f"a{i}: ideas(first: 100) {{ nodes {{ id title body }} }}" for i in range(10))
        + " } }"
    )
    assert is_heavy_query(SCHEMA, heavy, None, None)
    assert not is_heavy_query(SCHEMA, PAGE, None, {"slug": "x"})
    refused = "{ " + "jams { id forums { id } } " * 500 + "}"
    assert not is_heavy_query(SCHEMA, refused, None, None)
    mutation = heavy.replace("{ jam(", "mutation { jam(", 1)
    assert not is_heavy_query(SCHEMA, mutation, None, None)
    assert not is_heavy_query(SCHEMA, "{ not graphql", None, None)


def test_a_query_too_deep_is_left_to_the_depth_rule_which_says_so() -> None:
    deep = "{ jams { " + "forums { jam { " * 8 + "id" + " } }" * 8 + " } }"
    check(cost_of(deep))  # validation answers "exceeds maximum operation depth of 12"


def test_a_query_as_deep_as_admitted_is_still_held_to_the_cost() -> None:
    # 13 levels counted here is 12 for the depth rule: admitted by it, so costed here.
    deepest = "{ jams { " + "forums { jam { " * 5 + "forums { id }" + " } }" * 5 + " } }"
    budget = cost_of(deepest)
    assert budget.depth == 13
    assert refusal(budget).extensions["code"] == "QUERY_TOO_COMPLEX"  # type: ignore[index]
