"""Interaction graph of a jam: who talked to whom, built from plain records.

The connectors analysis (see ``clustering/network/README.md``) starts here. The app, a notebook or a
benchmark hands in plain records -- participants, ideas, comments and votes -- and gets back an
:class:`InteractionGraph`: a weighted, undirected person-to-person graph plus a table of every
tie with the idea and comment ids behind it, so later results can show their evidence.

Why a sparse matrix and a tie table instead of a networkx graph: an IBM-size jam has 150,000
people and over a million ties; building a networkx graph of that size alone takes about a
minute, a ``scipy.sparse`` matrix takes a second. :meth:`InteractionGraph.to_networkx` is there
for notebooks and small graphs.

What counts as a tie (weights are :class:`InteractionWeights`, all adjustable):

- ``reply``: A replied to B's comment (A -- B). A reply ties to the person addressed, not to
  the idea's author.
- ``comment``: A wrote a top-level comment on B's idea (A -- B).
- ``co_comment``: A and B commented on the same idea. In a busy thread people react to comments
  near theirs, so each commenter is tied to the next ``co_comment_window`` distinct commenters in
  comment order (the order the records are given in); small threads become full cliques, and an
  idea with 2,000 commenters cannot create two million ties. The weight is shared out: each
  pair gets ``co_comment / min(2 * window, commenters - 1)``, so taking part in one thread adds
  about ``co_comment`` to a person's ties in total, however many people were in it. Without that,
  one stray comment in a busy thread of another community would look like ten strong ties.
- ``vote``: A voted on B's idea -- weaker, by default. Agree and disagree both count: either way
  A engaged with B. Neutral votes (value 0, Polis "pass") count only if asked.

Self-interactions (replying to oneself, commenting or voting on one's own idea) are dropped.
Repeated interactions add up. Malformed records raise :class:`MalformedRecordError`, a
``ValueError``, naming the record.

Example::

    from clustering import Participant, Idea, Comment, Vote, build_interaction_graph
    people = [Participant("p1", "Ana", org_unit="R&D"), Participant("p2", "Ben", is_guest=True)]
    ideas = [Idea("i1", author_id="p1", theme_id="health")]
    comments = [Comment("c1", idea_id="i1", author_id="p2")]
    graph = build_interaction_graph(people, ideas, comments, votes=[Vote("i1", "p2", 1)])
    graph.tie_weight("p1", "p2")   # 1.2: a comment (1.0) and a vote (0.2)
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import scipy.sparse as sp

RecordId = Hashable
"""Ids are whatever the app uses (ints, UUID strings); they must be hashable and JSON-friendly."""

TIE_KINDS: tuple[str, ...] = ("reply", "comment", "co_comment", "vote")
"""Names of the interaction kinds, indexed by :attr:`TieTable.kind`."""

REPLY, COMMENT, CO_COMMENT, VOTE = range(4)


class MalformedRecordError(ValueError):
    """A record refers to something that does not exist or carries an impossible value.

    It is a ``ValueError`` so callers that validate user input can catch both together.
    """


@dataclass(frozen=True)
class Participant:
    """A person in the jam, with the attributes the connectors analysis bridges across."""

    id: RecordId
    name: str = ""
    org_unit: str | None = None
    country: str | None = None
    is_guest: bool = False


@dataclass(frozen=True)
class Idea:
    """An idea (post, proposal, statement). ``theme_id`` comes from the themes analysis."""

    id: RecordId
    author_id: RecordId
    theme_id: RecordId | None = None
    title: str = ""


@dataclass(frozen=True)
class Comment:
    """A comment on an idea; ``parent_id`` is the comment it replies to (None = top level)."""

    id: RecordId
    idea_id: RecordId
    author_id: RecordId
    parent_id: RecordId | None = None


@dataclass(frozen=True)
class Vote:
    """A vote by ``voter_id`` on an idea: positive agrees, negative disagrees, 0 is neutral."""

    idea_id: RecordId
    voter_id: RecordId
    value: float = 1.0


@dataclass(frozen=True)
class InteractionWeights:
    """How much each kind of interaction adds to a tie, and what counts.

    Defaults: a reply or a comment on someone's idea is a direct conversation (1.0); sharing a
    thread is a weaker, indirect tie (0.3); a vote is one click (0.2). Set a weight to 0 to leave
    that kind out.
    """

    reply: float = 1.0
    comment: float = 1.0
    co_comment: float = 0.3
    vote: float = 0.2
    co_comment_window: int = 10
    count_neutral_votes: bool = False

    def __post_init__(self) -> None:
        for name in ("reply", "comment", "co_comment", "vote"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"InteractionWeights.{name} must be a finite number >= 0, "
                                 f"got {value!r}")
        if self.co_comment_window < 1:
            raise ValueError("InteractionWeights.co_comment_window must be >= 1, "
                             f"got {self.co_comment_window!r}")


@dataclass(frozen=True)
class TieTable:
    """Every single interaction behind the graph, one row each, as parallel numpy arrays.

    ``a`` < ``b`` are participant indices, ``kind`` indexes :data:`TIE_KINDS`, ``idea`` and
    ``comment`` index :attr:`InteractionGraph.ideas` and :attr:`InteractionGraph.comment_ids`
    (-1 when not applicable). Kept as arrays so a million rows cost megabytes, not gigabytes.
    """

    a: np.ndarray
    b: np.ndarray
    kind: np.ndarray
    weight: np.ndarray
    idea: np.ndarray
    comment: np.ndarray

    def __len__(self) -> int:
        return int(self.a.shape[0])

    def rows_of(self, node: int) -> np.ndarray:
        """Row numbers of the interactions that involve participant index ``node``."""
        return np.flatnonzero((self.a == node) | (self.b == node))


@dataclass(frozen=True, eq=False)
class InteractionGraph:
    """Weighted undirected person-to-person graph of a jam, with the records behind each tie.

    ``adjacency`` is a symmetric ``scipy.sparse.csr_array`` (zero diagonal) whose entry (i, j)
    is the summed interaction weight between participants i and j, in ``participants`` order.
    """

    participants: tuple[Participant, ...]
    ideas: tuple[Idea, ...]
    comment_ids: tuple[RecordId, ...]
    adjacency: sp.csr_array
    ties: TieTable
    weights: InteractionWeights
    index: dict[RecordId, int] = field(repr=False)
    idea_index: dict[RecordId, int] = field(repr=False)

    @property
    def n(self) -> int:
        """Number of participants (nodes), connected or not."""
        return len(self.participants)

    @property
    def edge_count(self) -> int:
        """Number of distinct person pairs with a tie."""
        return int(self.adjacency.nnz // 2)

    def tie_weight(self, a: RecordId, b: RecordId) -> float:
        """Summed interaction weight between two participants (0.0 when they never interacted)."""
        i, j = self._node(a), self._node(b)
        return float(self.adjacency[i, j])

    def strength(self) -> np.ndarray:
        """Total tie weight of every participant (weighted degree), in participant order."""
        return np.asarray(self.adjacency.sum(axis=1)).ravel()

    def degree(self) -> np.ndarray:
        """Number of distinct people each participant interacted with."""
        return np.diff(self.adjacency.indptr).astype(np.int64)

    def idea_themes(self) -> np.ndarray:
        """Theme code per idea (-1 = none) and, via :meth:`theme_ids`, what the codes mean."""
        return self._theme_codes()[0]

    def theme_ids(self) -> list[RecordId]:
        """Distinct theme ids of the ideas, in first-seen order; codes index this list."""
        return self._theme_codes()[1]

    def _theme_codes(self) -> tuple[np.ndarray, list[RecordId]]:
        codes: dict[RecordId, int] = {}
        out = np.full(len(self.ideas), -1, dtype=np.int64)
        for k, idea in enumerate(self.ideas):
            if idea.theme_id is not None:
                out[k] = codes.setdefault(idea.theme_id, len(codes))
        return out, list(codes)

    def to_networkx(self) -> nx.Graph:
        """The graph as ``networkx.Graph`` (node = participant id, edge attribute ``weight``).

        Meant for notebooks and small graphs; node attributes carry the participant fields.
        """
        g = nx.Graph()
        for p in self.participants:
            g.add_node(p.id, name=p.name, org_unit=p.org_unit, country=p.country,
                       is_guest=p.is_guest)
        coo = sp.triu(self.adjacency, k=1).tocoo()
        ids = [p.id for p in self.participants]
        g.add_weighted_edges_from(
            (ids[int(i)], ids[int(j)], float(w)) for i, j, w in zip(coo.row, coo.col, coo.data,
                                                                  strict=True))
        return g

    def _node(self, pid: RecordId) -> int:
        try:
            return self.index[pid]
        except KeyError:
            raise KeyError(f"unknown participant id {pid!r}") from None


def build_interaction_graph(
    participants: Iterable[Participant],
    ideas: Iterable[Idea] = (),
    comments: Iterable[Comment] = (),
    votes: Iterable[Vote] = (),
    weights: InteractionWeights | None = None,
) -> InteractionGraph:
    """Build the weighted interaction graph from plain records (see module docstring).

    Every participant becomes a node, even one without ties, so results can say "not connected"
    instead of silently losing people. Comments should be given in chronological order: the
    co-comment window follows it. If one voter voted several times on the same idea, the last
    vote counts (Polis records vote changes as new rows).

    Raises :class:`MalformedRecordError` for duplicate ids and for records that refer to an
    unknown participant, idea or parent comment, or to a parent on another idea.
    """
    w = weights or InteractionWeights()
    people = tuple(participants)
    index: dict[RecordId, int] = {}
    for k, p in enumerate(people):
        if p.id in index:
            raise MalformedRecordError(f"duplicate participant id {p.id!r}")
        index[p.id] = k

    idea_list = tuple(ideas)
    idea_index: dict[RecordId, int] = {}
    idea_author = np.empty(len(idea_list), dtype=np.int64)
    for k, idea in enumerate(idea_list):
        if idea.id in idea_index:
            raise MalformedRecordError(f"duplicate idea id {idea.id!r}")
        author = index.get(idea.author_id)
        if author is None:
            raise MalformedRecordError(
                f"idea {idea.id!r} has unknown author {idea.author_id!r}")
        idea_index[idea.id] = k
        idea_author[k] = author

    parts: list[tuple[np.ndarray, ...]] = []
    comment_ids, c_idea, c_author, c_parent = _read_comments(comments, index, idea_index)
    if len(comment_ids):
        rows = np.arange(len(comment_ids))
        top = c_parent < 0
        if w.comment > 0:
            r = rows[top]
            parts.append(_tie_part(c_author[r], idea_author[c_idea[r]], COMMENT, w.comment,
                                   c_idea[r], r))
        if w.reply > 0:
            r = rows[~top]
            parts.append(_tie_part(c_author[r], c_author[c_parent[r]], REPLY, w.reply,
                                   c_idea[r], r))
        if w.co_comment > 0:
            parts.append(_co_comment_part(c_idea, c_author, w.co_comment, w.co_comment_window))
    if w.vote > 0:
        parts.append(_vote_part(votes, index, idea_index, idea_author, w))
    else:
        _validate_votes(votes, index, idea_index)

    ties = _concat_ties(parts)
    n = len(people)
    adjacency = sp.csr_array(
        (np.concatenate([ties.weight, ties.weight]),
         (np.concatenate([ties.a, ties.b]), np.concatenate([ties.b, ties.a]))),
        shape=(n, n), dtype=np.float64)
    adjacency.sum_duplicates()
    adjacency.eliminate_zeros()
    return InteractionGraph(
        participants=people, ideas=idea_list, comment_ids=tuple(comment_ids),
        adjacency=adjacency, ties=ties, weights=w, index=index, idea_index=idea_index)


def _read_comments(
    comments: Iterable[Comment],
    index: dict[RecordId, int],
    idea_index: dict[RecordId, int],
) -> tuple[list[RecordId], np.ndarray, np.ndarray, np.ndarray]:
    """Validate comments and turn them into index arrays (idea, author, parent row or -1)."""
    comment_ids: list[RecordId] = []
    row_of: dict[RecordId, int] = {}
    idea_col: list[int] = []
    author_col: list[int] = []
    parent_col: list[int] = []
    pending: list[tuple[int, RecordId]] = []
    for c in comments:
        if c.id in row_of:
            raise MalformedRecordError(f"duplicate comment id {c.id!r}")
        idea = idea_index.get(c.idea_id)
        if idea is None:
            raise MalformedRecordError(f"comment {c.id!r} is on unknown idea {c.idea_id!r}")
        author = index.get(c.author_id)
        if author is None:
            raise MalformedRecordError(f"comment {c.id!r} has unknown author {c.author_id!r}")
        row = len(comment_ids)
        row_of[c.id] = row
        comment_ids.append(c.id)
        idea_col.append(idea)
        author_col.append(author)
        parent_col.append(-1)
        if c.parent_id is not None:
            pending.append((row, c.parent_id))
    c_idea = np.asarray(idea_col, dtype=np.int64)
    c_parent = np.asarray(parent_col, dtype=np.int64)
    for row, parent_id in pending:  # parents may come after their replies in the input
        parent = row_of.get(parent_id)
        if parent is None:
            raise MalformedRecordError(
                f"comment {comment_ids[row]!r} replies to unknown comment {parent_id!r}")
        if parent == row:
            raise MalformedRecordError(f"comment {comment_ids[row]!r} replies to itself")
        if c_idea[parent] != c_idea[row]:
            raise MalformedRecordError(
                f"comment {comment_ids[row]!r} replies to comment {parent_id!r} "
                "on a different idea")
        c_parent[row] = parent
    return comment_ids, c_idea, np.asarray(author_col, dtype=np.int64), c_parent


def _tie_part(a: np.ndarray, b: np.ndarray, kind: int, weight: float | np.ndarray,
              idea: np.ndarray, comment: np.ndarray) -> tuple[np.ndarray, ...]:
    """Rows for one interaction kind, self-ties dropped, endpoints ordered a < b."""
    keep = a != b
    weights = np.broadcast_to(np.asarray(weight, dtype=np.float64), a.shape)[keep]
    a, b, idea, comment = a[keep], b[keep], idea[keep], comment[keep]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    m = lo.shape[0]
    return (lo, hi, np.full(m, kind, dtype=np.int8), weights.copy(),
            idea.astype(np.int64), comment.astype(np.int64))


def _co_comment_part(c_idea: np.ndarray, c_author: np.ndarray, weight: float,
                     window: int) -> tuple[np.ndarray, ...]:
    """Tie each commenter to the next ``window`` distinct commenters on the same idea.

    One tie per idea and pair however many comments each wrote; order is first comment.
    """
    if c_idea.size == 0:
        return _tie_part(*(np.empty(0, np.int64),) * 2, CO_COMMENT, weight,
                         *(np.empty(0, np.int64),) * 2)
    # first comment of each (idea, author), in comment order, grouped by idea (stable sort)
    key = c_idea * (int(c_author.max()) + 1) + c_author
    _, first = np.unique(key, return_index=True)
    first.sort()
    order = first[np.argsort(c_idea[first], kind="stable")]
    ideas, authors = c_idea[order], c_author[order]
    a_parts, b_parts, i_parts = [], [], []
    for d in range(1, window + 1):
        if d >= ideas.size:
            break
        same = ideas[:-d] == ideas[d:]
        if not same.any():
            break
        a_parts.append(authors[:-d][same])
        b_parts.append(authors[d:][same])
        i_parts.append(ideas[:-d][same])
    if not a_parts:
        a_parts, b_parts, i_parts = [np.empty(0, np.int64)], [np.empty(0, np.int64)], [
            np.empty(0, np.int64)]
    a, b, idea = np.concatenate(a_parts), np.concatenate(b_parts), np.concatenate(i_parts)
    commenters = np.bincount(ideas, minlength=int(c_idea.max()) + 1)
    share = weight / np.minimum(2 * window, np.maximum(commenters[idea] - 1, 1))
    return _tie_part(a, b, CO_COMMENT, share, idea, np.full(a.shape[0], -1, dtype=np.int64))


def _validate_vote(v: Vote, index: dict[RecordId, int],
                   idea_index: dict[RecordId, int]) -> tuple[int, int]:
    idea = idea_index.get(v.idea_id)
    if idea is None:
        raise MalformedRecordError(f"vote by {v.voter_id!r} is on unknown idea {v.idea_id!r}")
    voter = index.get(v.voter_id)
    if voter is None:
        raise MalformedRecordError(f"vote on idea {v.idea_id!r} has unknown voter {v.voter_id!r}")
    if not isinstance(v.value, int | float) or not math.isfinite(v.value):
        raise MalformedRecordError(
            f"vote by {v.voter_id!r} on idea {v.idea_id!r} has invalid value {v.value!r}")
    return idea, voter


def _validate_votes(votes: Iterable[Vote], index: dict[RecordId, int],
                    idea_index: dict[RecordId, int]) -> None:
    for v in votes:
        _validate_vote(v, index, idea_index)


def _vote_part(votes: Iterable[Vote], index: dict[RecordId, int],
               idea_index: dict[RecordId, int], idea_author: np.ndarray,
               w: InteractionWeights) -> tuple[np.ndarray, ...]:
    """One tie per (voter, idea) with a counting last vote; voter -- idea author."""
    last: dict[tuple[int, int], float] = {}
    for v in votes:
        idea, voter = _validate_vote(v, index, idea_index)
        last[(voter, idea)] = float(v.value)
    pairs = [(voter, idea) for (voter, idea), value in last.items()
             if value != 0 or w.count_neutral_votes]
    arr = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    voters, idea_rows = arr[:, 0], arr[:, 1]
    return _tie_part(voters, idea_author[idea_rows], VOTE, w.vote, idea_rows,
                     np.full(voters.shape[0], -1, dtype=np.int64))


def _concat_ties(parts: Sequence[tuple[np.ndarray, ...]]) -> TieTable:
    if not parts:
        empty = np.empty(0, dtype=np.int64)
        return TieTable(empty, empty, np.empty(0, np.int8), np.empty(0), empty, empty)
    cols = [np.concatenate([p[k] for p in parts]) for k in range(6)]
    return TieTable(a=cols[0], b=cols[1], kind=cols[2].astype(np.int8), weight=cols[3],
                    idea=cols[4], comment=cols[5])
