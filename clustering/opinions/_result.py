"""The result of :func:`clustering.opinions.find_opinion_groups`: frozen dataclasses, JSON-ready.

Shares here are plain fractions of the votes seen (``agree_count / seen_count``; 0 when nobody
saw the item), because that is what a reader expects next to the counts; the statistics that
rank items (``repness``, the z values, the group-informed consensus) use the Laplace-smoothed
shares of ``_repness``.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import asdict, dataclass, field
from typing import Any

OK = "ok"
NO_VOTES = "no_votes"
TOO_FEW_PARTICIPANTS = "too_few_participants"
NO_DISAGREEMENT = "no_disagreement"


@dataclass(frozen=True)
class RepresentativeItem:
    """An item that sets a group apart: most of the group agrees (or disagrees) with it, and
    clearly more than everyone else does. Counts and shares are the group's; ``rest_*`` are
    the shares among the placed participants outside the group. ``z_group`` is the
    one-proportion z of the group's share of ``kind`` votes against one half, ``z_rest`` the
    two-proportion z of the group against the rest; both exceed 1.2816 (90 %, one-sided)."""

    item: Hashable
    kind: str  # "agree" | "disagree"
    agree_count: int
    disagree_count: int
    pass_count: int
    seen_count: int
    agree_share: float
    disagree_share: float
    rest_agree_share: float
    rest_disagree_share: float
    repness: float
    z_group: float
    z_rest: float


@dataclass(frozen=True)
class OpinionGroup:
    """One opinion group: ``members`` in the order of the vote matrix (sorted ids)."""

    id: int
    size: int
    members: tuple[Hashable, ...]
    representative: tuple[RepresentativeItem, ...]


@dataclass(frozen=True)
class ParticipantPoint:
    """A participant's place on the 2-D opinion map; ``group`` is None when they cast fewer
    votes than the threshold (they are drawn on the map but not counted in any group)."""

    participant: Hashable
    x: float
    y: float
    group: int | None


@dataclass(frozen=True)
class ItemConsensus:
    """An item's agree and disagree shares among all placed participants and its
    group-informed consensus (product over groups of ``(A_g + 1) / (S_g + 2)``)."""

    item: Hashable
    agree_share: float
    disagree_share: float
    gic: float


@dataclass(frozen=True)
class DivisiveItem:
    """An item the groups split on: ``spread`` is the largest difference between two groups'
    (smoothed) agree shares, from ``least_agreeing_group`` to ``most_agreeing_group``; ``z`` is
    the two-proportion z of that difference (above 1.2816 for every listed item)."""

    item: Hashable
    agree_share: float
    disagree_share: float
    gic: float
    spread: float
    most_agreeing_group: int
    least_agreeing_group: int
    z: float


@dataclass(frozen=True)
class OpinionGroups:
    """Opinion groups of a conversation, with what sets each apart and what they share.

    ``status`` is ``"ok"`` when there are groups; otherwise ``"no_votes"``,
    ``"too_few_participants"`` (fewer placed participants than two groups need) or
    ``"no_disagreement"`` (every placed participant is at the same point, e.g. everyone agrees
    with everything they saw) and ``groups`` is empty. With ``"no_disagreement"`` the consensus
    items are computed over everyone as one group.
    """

    status: str
    groups: tuple[OpinionGroup, ...]
    points: tuple[ParticipantPoint, ...]
    consensus: tuple[ItemConsensus, ...]
    divisive: tuple[DivisiveItem, ...]
    group_informed_consensus: dict[Hashable, float]
    parameters: dict[str, Any]
    _groups_of: dict[Hashable, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {member: g.id for g in self.groups for member in g.members}
        object.__setattr__(self, "_groups_of", index)

    def group_of(self, participant: Hashable) -> int | None:
        """The participant's group id; None if not placed (too few votes, or never voted)."""
        return self._groups_of.get(participant)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-safe dict (with JSON-safe ids): the worker stores it as a snapshot.

        ``group_informed_consensus`` becomes a list of ``{"item", "gic"}`` (JSON object keys
        must be strings), and the silhouettes in ``parameters`` are keyed by ``str(k)``.
        """
        parameters = dict(self.parameters)
        if "silhouettes" in parameters:
            parameters["silhouettes"] = {str(k): v for k, v in parameters["silhouettes"].items()}
        return {
            "status": self.status,
            "groups": [asdict(g) for g in self.groups],
            "points": [asdict(p) for p in self.points],
            "consensus": [asdict(c) for c in self.consensus],
            "divisive": [asdict(d) for d in self.divisive],
            "group_informed_consensus": [{"item": item, "gic": gic}
                                         for item, gic in self.group_informed_consensus.items()],
            "parameters": parameters,
        }
