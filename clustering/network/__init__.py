"""Connectors: who interacts with whom in a jam, its communities, its bridge people, its teams.

Plain records in (:class:`Participant`, :class:`Idea`, :class:`Comment`, :class:`Vote`),
dataclasses out, each with ``to_dict()``:

- :func:`build_interaction_graph` -> :class:`InteractionGraph` (weights:
  :class:`InteractionWeights`; bad records raise :class:`MalformedRecordError`);
- :func:`find_communities` -> :class:`Communities` of :class:`Community`;
- :func:`find_connectors` -> :class:`ConnectorReport` of :class:`Connector`, with the evidence;
  :func:`score_connectors` -> :class:`ConnectorScores`, everybody's measures as arrays
  (weights: :class:`ConnectorWeights`);
- :func:`suggest_team` -> :class:`Team` of :class:`TeamMember` for one theme
  (:class:`UnknownThemeError` when no idea has that theme);
- :func:`pseudonymize`, :func:`pseudonym`, :class:`Pseudonyms`: a result whose people
  (:class:`Person`) are stable pseudonyms.

The method, its reasons and its measurements are in ``README.md`` here. Private modules:
``_graph``, ``_communities`` (sparse Louvain), ``_measures`` (brokerage measures),
``_connectors``, ``_teams``, ``_people`` and ``_planted`` (synthetic jams with known answers,
for the tests and ``bench/connectors.py``). Names are imported on first use
(``clustering/_lazy.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clustering._lazy import attach

if TYPE_CHECKING:
    from clustering.network._communities import Communities, Community, find_communities
    from clustering.network._connectors import (
        Connector,
        ConnectorReport,
        ConnectorScores,
        ConnectorWeights,
        find_connectors,
        score_connectors,
    )
    from clustering.network._graph import (
        Comment,
        Idea,
        InteractionGraph,
        InteractionWeights,
        MalformedRecordError,
        Participant,
        Vote,
        build_interaction_graph,
    )
    from clustering.network._people import Person, Pseudonyms, pseudonym, pseudonymize
    from clustering.network._teams import Team, TeamMember, UnknownThemeError, suggest_team

__all__ = [
    "Comment",
    "Communities",
    "Community",
    "Connector",
    "ConnectorReport",
    "ConnectorScores",
    "ConnectorWeights",
    "Idea",
    "InteractionGraph",
    "InteractionWeights",
    "MalformedRecordError",
    "Participant",
    "Person",
    "Pseudonyms",
    "Team",
    "TeamMember",
    "UnknownThemeError",
    "Vote",
    "build_interaction_graph",
    "find_communities",
    "find_connectors",
    "pseudonym",
    "pseudonymize",
    "score_connectors",
    "suggest_team",
]

# Private module -> the public names it defines.
_HOMES = {
    "._communities": ("Communities", "Community", "find_communities"),
    "._connectors": ("Connector", "ConnectorReport", "ConnectorScores", "ConnectorWeights",
                     "find_connectors", "score_connectors"),
    "._graph": ("Comment", "Idea", "InteractionGraph", "InteractionWeights",
                "MalformedRecordError", "Participant", "Vote", "build_interaction_graph"),
    "._people": ("Person", "Pseudonyms", "pseudonym", "pseudonymize"),
    "._teams": ("Team", "TeamMember", "UnknownThemeError", "suggest_team"),
}

__getattr__, __dir__ = attach(__name__, _HOMES)
