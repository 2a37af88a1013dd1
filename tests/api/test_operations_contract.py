"""The UI's operations (graphql/operations/*.graphql) are the API contract: each must validate
against the SDL (graphql/schema.graphql, itself kept equal to the live schema by test_sdl)."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql.language import FieldNode, visit
from graphql.language.visitor import Visitor

from graphql import (
    NoUnusedFragmentsRule,
    OperationDefinitionNode,
    build_schema,
    parse,
    specified_rules,
    validate,
)

GRAPHQL = Path(__file__).resolve().parents[2] / "graphql"
OPERATIONS = sorted((GRAPHQL / "operations").glob("*.graphql"))


@pytest.fixture(scope="module")
def schema():  # type: ignore[no-untyped-def]
    return build_schema((GRAPHQL / "schema.graphql").read_text())


def test_there_are_operations() -> None:
    assert OPERATIONS, "graphql/operations/ holds every operation the UI sends"


@pytest.mark.parametrize("path", OPERATIONS, ids=lambda path: path.name)
def test_each_operation_file_parses(path: Path) -> None:
    parse(path.read_text())


def test_every_operation_validates_against_the_sdl(schema) -> None:  # type: ignore[no-untyped-def]
    """All files together, as codegen reads them (a fragment may be spread in another file);
    a fragment no operation spreads is allowed: the UI's cache code reads and writes them."""
    rules = [rule for rule in specified_rules if rule is not NoUnusedFragmentsRule]
    document = parse("\n".join(path.read_text() for path in OPERATIONS))
    errors = validate(schema, document, rules)
    assert not errors, "; ".join(error.message for error in errors)


def test_operation_names_are_unique_across_files() -> None:
    seen: dict[str, str] = {}
    for path in OPERATIONS:
        for definition in parse(path.read_text()).definitions:
            if isinstance(definition, OperationDefinitionNode):
                assert definition.name is not None, f"{path.name}: an anonymous operation"
                name = definition.name.value
                assert name not in seen, f"{name} is in both {seen[name]} and {path.name}"
                seen[name] = path.name


def test_the_ui_never_asks_for_the_session_token() -> None:
    """The session lives in the HttpOnly cookie; a token in JS would be readable by any XSS."""

    class Tokens(Visitor):
        def __init__(self) -> None:
            super().__init__()
            self.found = 0

        def enter_field(self, node: FieldNode, *_: object) -> None:
            self.found += node.name.value == "token"

    for path in OPERATIONS:
        tokens = Tokens()
        visit(parse(path.read_text()), tokens)
        assert tokens.found == 0, f"{path.name} selects `token`"
