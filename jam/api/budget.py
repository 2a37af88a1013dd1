"""What a request may cost, decided before it runs.

Two measures of one operation, both from a single walk over its selections with fragments
inlined and fields of the same response key merged (as graphql-core's execution merges them):

- **cost**: how many field values execution would produce. Every field counts once per object it
  is resolved on; a list multiplies what is below it by its size: the ``first`` argument where a
  field has one (its variable's value, or the schema default), otherwise an estimate per field
  (``LIST_SIZES``). ``ideas(first: 100) { nodes { comments { replies { id } } } }`` under 30
  aliases is millions; a page of 50 ideas is about a thousand.
- **overlap work**: graphql-core's ``OverlappingFieldsCanBeMergedRule`` compares every pair of
  fields that share a response key, recursively, so 500 copies of ``jams { id forums { id } }``
  (10 kB) take a second of validation. ``Σ k²`` over merged fields (``k`` copies each) bounds that
  work; a query written by a person has ``k`` of 1 or 2 almost everywhere.

The walk itself is bounded (``MAX_VISITS``), so a fragment that spreads another twice, and that
one the next twice, is refused without being expanded. Both checks run before validation
(:class:`QueryBudget` replaces strawberry's ``ValidationCache``, which it includes), and a refusal
is a top-level error with ``extensions.code = "QUERY_TOO_COMPLEX"``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from strawberry.extensions import SchemaExtension

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    parse,
)
from jam.api.errors import PublicError

# Nesting of selections (the depth rule in validation refuses deeper operations, with its own
# message: the cost check leaves those to it).
MAX_DEPTH = 12
# Field values one request may produce (a page of 50 ideas with everything a list shows is
# ~1,000; the theme map at its default 1,000 points ~5,000).
MAX_COST = 25_000
# Σ k² over merged fields: a hand-written query is near its field count (≤ ~2,500 under the
# token limit); 500 copies of one field with a sub-selection is 250,000 per level.
MAX_OVERLAP_WORK = 10_000
# Field nodes the walk may visit (fragments inlined) before giving up on the request.
MAX_VISITS = 5_000
# A ``first`` beyond this is refused by its resolver with a precise message; here it only
# counts as this much, so the caller sees that message rather than a cost error.
MAX_COUNTED_PAGE = 5_000
# Expected sizes of lists that take no ``first`` (type name, field name); others count 10.
DEFAULT_LIST_SIZE = 10
LIST_SIZES: Mapping[tuple[str, str], int] = {
    ("Idea", "comments"): 10,
    ("Comment", "replies"): 3,
    ("Idea", "tags"): 5,
    ("Query", "jams"): 20,
    ("Jam", "forums"): 10,
    ("Jam", "moderators"): 10,
    ("ThemeSnapshot", "themes"): 50,
    ("Theme", "keywords"): 10,
    ("Theme", "representativeIdeas"): 5,
}
VALIDATION_CACHE_SIZE = 1_024
# Queries costing at least this run on the heavy lane (jam.api.lane); a page of 50 ideas with
# everything the UI shows costs ~560.
HEAVY_COST = 2_000
# As the schema's MaxTokensLimiter: a longer document is refused there.
MAX_TOKENS = 5_000


def too_complex(message: str, **extensions: Any) -> PublicError:
    return PublicError(message, "QUERY_TOO_COMPLEX", **extensions)


@dataclass(frozen=True)
class Budget:
    cost: int
    overlap_work: int
    depth: int = 0


class _Exhausted(Exception):
    """The walk visited more than MAX_VISITS field nodes."""


class _Walk:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        defaults: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.defaults = defaults
        self.visits = 0
        self.cost = 0
        self.overlap_work = 0
        self.depth = 0

    def collect(
        self,
        selection_set: SelectionSetNode,
        type_name: str,
        into: dict[str, list[tuple[str, FieldNode]]],
        spreading: tuple[str, ...],
    ) -> None:
        """Fields of a selection set by response key, fragments inlined (each with the name
        of the type it is selected on, for its definition)."""
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                self.visits += 1
                if self.visits > MAX_VISITS:
                    raise _Exhausted
                key = selection.alias.value if selection.alias else selection.name.value
                into.setdefault(key, []).append((type_name, selection))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                self.collect(
                    selection.selection_set,
                    condition.name.value if condition else type_name,
                    into,
                    spreading,
                )
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in spreading:
                    continue  # validation reports unknown and cyclic fragments
                self.collect(
                    fragment.selection_set,
                    fragment.type_condition.name.value,
                    into,
                    (*spreading, name),
                )

    def field_def(self, type_name: str, name: str) -> GraphQLField | None:
        parent = self.schema.get_type(type_name)
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return parent.fields.get(name)
        return None

    def list_size(self, type_name: str, node: FieldNode, field: GraphQLField) -> int:
        if "first" in field.args:
            value: Any = field.args["first"].default_value
            for argument in node.arguments or ():
                if argument.name.value != "first":
                    continue
                if isinstance(argument.value, IntValueNode):
                    value = int(argument.value.value)
                elif isinstance(argument.value, VariableNode):
                    name = argument.value.name.value
                    value = self.variables.get(name, self.defaults.get(name))
            if not isinstance(value, int) or isinstance(value, bool):
                return DEFAULT_LIST_SIZE
            return max(0, min(value, MAX_COUNTED_PAGE))
        return LIST_SIZES.get((type_name, node.name.value), DEFAULT_LIST_SIZE)

    def visit(
        self,
        sets: list[tuple[str, SelectionSetNode]],
        multiplier: int,
        spreading: tuple[str, ...],
        page: int | None = None,
        depth: int = 1,
    ) -> None:
        """Count the merged fields of ``sets``, each resolved ``multiplier`` times. ``page``:
        these are the fields of a connection (``ideas(first: 50) { nodes edges pageInfo }``),
        whose lists hold that many."""
        fields: dict[str, list[tuple[str, FieldNode]]] = {}
        for type_name, selection_set in sets:
            self.collect(selection_set, type_name, fields, spreading)
        if fields:
            self.depth = max(self.depth, depth)
        for entries in fields.values():
            self.overlap_work += len(entries) ** 2
            self.cost += multiplier
            type_name, node = entries[0]
            field = self.field_def(type_name, node.name.value)
            children = [
                (type_name, node.selection_set) for type_name, node in entries if node.selection_set
            ]
            if field is None or not children:
                continue  # unknown fields are validation's to report
            inner, inner_page = multiplier, None
            if _is_list(field.type):
                size = page if page is not None and "first" not in field.args else None
                inner *= size if size is not None else self.list_size(type_name, node, field)
            elif "first" in field.args:
                inner_page = self.list_size(type_name, node, field)
            child_name = get_named_type(field.type).name
            self.visit(
                [(child_name, selection_set) for _, selection_set in children],
                min(inner, MAX_COST + 1),
                spreading,
                inner_page,
                depth + 1,
            )


def _is_list(type_: Any) -> bool:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((op for op in operations if op.name and op.name.value == name), None)


def _expanded_sizes(fragments: Mapping[str, FragmentDefinitionNode]) -> dict[str, int]:
    """How many field nodes each fragment stands for once its spreads are inlined, computed
    once per fragment (so 12 fragments spreading the previous twice cost 12 steps, not
    4,096); a cyclic fragment counts as empty (validation refuses it)."""
    sizes: dict[str, int] = {}

    def size_of(selection_set: SelectionSetNode, stack: tuple[str, ...]) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += 1 + (
                    size_of(selection.selection_set, stack) if selection.selection_set else 0
                )
            elif isinstance(selection, InlineFragmentNode):
                total += size_of(selection.selection_set, stack)
            elif isinstance(selection, FragmentSpreadNode):
                total += fragment_size(selection.name.value, stack)
            if total > MAX_VISITS:
                return total
        return total

    def fragment_size(name: str, stack: tuple[str, ...]) -> int:
        if name in sizes:
            return sizes[name]
        fragment = fragments.get(name)
        if fragment is None or name in stack:
            return 0
        sizes[name] = size_of(fragment.selection_set, (*stack, name))
        return sizes[name]

    for name in fragments:
        fragment_size(name, ())
    return sizes


def measure(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None = None,
    variables: Mapping[str, Any] | None = None,
) -> Budget:
    """The cost and overlap work of the operation (every operation when ``operation_name``
    does not pick one: validation or execution reports that ambiguity). Raises
    ``QUERY_TOO_COMPLEX`` when the walk itself would exceed its bound."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    if any(size > MAX_VISITS for size in _expanded_sizes(fragments).values()):
        raise too_complex(
            f"a fragment stands for more than {MAX_VISITS} fields once the fragments it "
            "spreads are expanded; ask for less in one request",
            limit=MAX_VISITS,
        )
    chosen = _operation(document, operation_name)
    operations = (
        [chosen]
        if chosen is not None
        else [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    )
    cost = overlap = depth = 0
    for operation in operations:
        root = schema.get_root_type(operation.operation)
        if root is None:
            continue
        defaults = {
            v.variable.name.value: int(v.default_value.value)
            for v in operation.variable_definitions or ()
            if isinstance(v.default_value, IntValueNode)
        }
        walk = _Walk(schema, fragments, variables or {}, defaults)
        try:
            walk.visit([(root.name, operation.selection_set)], 1, ())
        except _Exhausted:
            raise too_complex(
                f"the query selects more than {MAX_VISITS} fields once its fragments are "
                "expanded; ask for less in one request",
                limit=MAX_VISITS,
            ) from None
        cost += walk.cost
        overlap += walk.overlap_work
        depth = max(depth, walk.depth)
    return Budget(cost=cost, overlap_work=overlap, depth=depth)


def check(budget: Budget) -> None:
    if budget.overlap_work > MAX_OVERLAP_WORK:
        raise too_complex(
            "the query repeats the same fields too often (each response key should appear "
            "once per selection; use aliases for different arguments)",
            limit=MAX_OVERLAP_WORK,
            work=budget.overlap_work,
        )
    if budget.depth > MAX_DEPTH + 1:
        # The depth rule refuses it during validation, saying so (it counts the levels below
        # the root fields: one less than ``depth``, which counts the root fields too).
        return
    if budget.cost > MAX_COST:
        raise too_complex(
            f"the query would produce about {budget.cost:,} values, more than the {MAX_COST:,} "
            "one request may; ask for smaller pages (first:) or fewer nested lists",
            limit=MAX_COST,
            cost=budget.cost,
        )


@lru_cache(maxsize=VALIDATION_CACHE_SIZE)
def _parse(query: str) -> DocumentNode | None:
    try:
        return parse(query, max_tokens=MAX_TOKENS)
    except GraphQLError:
        return None


def is_heavy_query(
    schema: GraphQLSchema,
    query: str,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> bool:
    """Whether this request is a query the budget admits that costs at least ``HEAVY_COST``
    (anything unreadable or refused is answered on the spot, where the error is made)."""
    document = _parse(query)
    if document is None:
        return False
    operation = _operation(document, operation_name)
    if operation is None or operation.operation is not OperationType.QUERY:
        return False
    try:
        budget = measure(schema, document, operation_name, variables)
        check(budget)
    except PublicError:
        return False
    return budget.cost >= HEAVY_COST


@lru_cache(maxsize=VALIDATION_CACHE_SIZE)
def validate_cached(
    schema: GraphQLSchema, document: DocumentNode, rules: tuple[Any, ...]
) -> list[GraphQLError]:
    from strawberry.schema.schema import validate_document

    return validate_document(schema, document, rules)


class CachedParsing(SchemaExtension):
    """Parsed documents from a bounded cache (strawberry's ``ParserCache``, which this
    replaces, raises a syntax error from its hook: over HTTP that is caught, but a
    subscription over a WebSocket then dies with a traceback and no error sent). A document
    that does not parse is left to strawberry's own parsing, which reports the error."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is None and isinstance(context.query, str):
            context.graphql_document = _parse(context.query)
        yield


class QueryBudget(SchemaExtension):
    """Refuse operations over budget before validation, then validate (cached per document,
    as strawberry's ``ValidationCache``, which this replaces: that one would overwrite a
    refusal set before it)."""

    async def on_validate(self) -> AsyncIterator[None]:
        context = self.execution_context
        document = context.graphql_document
        assert document is not None
        schema = context.schema._schema
        variables = context.variables if isinstance(context.variables, Mapping) else {}
        try:
            check(measure(schema, document, context.operation_name, variables))
        except PublicError as error:
            context.pre_execution_errors = [error]  # answered late: jam.api.limits.RefusalDelay
        else:
            rules = tuple(context.validation_rules)
            if not _settings_flag(context.context, "introspection"):
                rules = (*rules, NoSchemaIntrospectionCustomRule)
            context.pre_execution_errors = validate_cached(schema, document, rules)
        yield


def _settings_flag(request_context: Any, name: str) -> bool:
    rt = getattr(request_context, "rt", None)
    return bool(getattr(rt.settings, name)) if rt is not None else True
