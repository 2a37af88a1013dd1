"""Opinion groups: who agrees with whom, from agree / disagree / pass votes (Pol.is's method).

Plain ``(participant, item, value)`` triples in, frozen dataclasses out, each with
``to_dict()``:

- :func:`find_opinion_groups` -> :class:`OpinionGroups`: its ``status``, the
  :class:`OpinionGroup` list (largest first) with their :class:`RepresentativeItem`, every
  participant's :class:`ParticipantPoint` on the 2-D opinion map, the consensus items
  (:class:`ItemConsensus`, agreed in every group), the divisive ones (:class:`DivisiveItem`)
  and the group-informed consensus of every item.
- :func:`theme_backing` -> :class:`BackingMatrix` of :class:`ThemeBacking` rows of
  :class:`BackingCell`: who backs which themes, by opinion group or by any other labelling of
  the voters (a population), with the themes every group backs and those that split them.

The method is Pol.is's, reimplemented from its published description and formulas (Small et
al. 2021; no Pol.is code): a PCA of the vote matrix that fills holes with the item's mean and
projects each participant with their own votes, scaled up for sparse voters; k-means into 100
base clusters, then k-means of those into 2-5 groups chosen by silhouette; representative
items by Pol.is's repness tests. Private modules, in that order: ``_votes``, ``_pca``,
``_groups``, ``_repness``, ``_result``, ``_find``; ``_backing`` for the matrices.
``bench/opinions.py`` compares the groups with Pol.is's own on five public conversations
(``bench/README.md``). Names are imported on
first use (``clustering/_lazy.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clustering._lazy import attach

if TYPE_CHECKING:
    from clustering.opinions._backing import (
        BackingCell,
        BackingMatrix,
        ThemeBacking,
        theme_backing,
    )
    from clustering.opinions._find import find_opinion_groups
    from clustering.opinions._result import (
        DivisiveItem,
        ItemConsensus,
        OpinionGroup,
        OpinionGroups,
        ParticipantPoint,
        RepresentativeItem,
    )

__all__ = [
    "BackingCell",
    "BackingMatrix",
    "DivisiveItem",
    "ItemConsensus",
    "OpinionGroup",
    "OpinionGroups",
    "ParticipantPoint",
    "RepresentativeItem",
    "ThemeBacking",
    "find_opinion_groups",
    "theme_backing",
]

# Private module -> the public names it defines.
_HOMES = {
    "._backing": ("BackingCell", "BackingMatrix", "ThemeBacking", "theme_backing"),
    "._find": ("find_opinion_groups",),
    "._result": ("DivisiveItem", "ItemConsensus", "OpinionGroup", "OpinionGroups",
                 "ParticipantPoint", "RepresentativeItem"),
}

__getattr__, __dir__ = attach(__name__, _HOMES)
