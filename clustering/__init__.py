"""Analysis of a jam's content and people, usable from a notebook: plain data in, dataclasses out.

- Themes: ``find_themes`` groups idea texts and names the groups (``clustering/themes.py``);
  ``SimilarityIndex`` and ``find_duplicate_groups`` find near-duplicates;
  ``SentenceEncoder`` turns texts into vectors that ``find_themes`` can use.
- Connectors: ``build_interaction_graph``, ``find_communities``, ``find_connectors`` and
  ``suggest_team`` analyse who interacts with whom (``clustering/NETWORK.md``).

No web or database imports: the ``jam`` application calls this package, never the reverse.

Names are imported on first use (PEP 562), so that ``from clustering.embeddings import ...``
in a command-line tool does not pay for scikit-learn, scipy.stats and networkx (about 1.5 s).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clustering.connectors import (
        Connector,
        ConnectorReport,
        ConnectorScores,
        ConnectorWeights,
        find_connectors,
        score_connectors,
    )
    from clustering.duplicates import (
        SimilarityIndex,
        SimilarText,
        find_duplicate_groups,
    )
    from clustering.embeddings import SentenceEncoder
    from clustering.network import (
        Comment,
        Idea,
        InteractionGraph,
        InteractionWeights,
        MalformedRecordError,
        Participant,
        Vote,
        build_interaction_graph,
    )
    from clustering.network_communities import (
        Communities,
        Community,
        find_communities,
    )
    from clustering.network_people import (
        Person,
        Pseudonyms,
        pseudonym,
        pseudonymize,
    )
    from clustering.teams import (
        Team,
        TeamMember,
        UnknownThemeError,
        suggest_team,
    )
    from clustering.themes import (
        Theme,
        ThemeModel,
        find_themes,
    )
    from clustering.themes_matching import ThemeChange

# Public name -> the module that defines it.
_HOMES = {
    "Comment": "clustering.network",
    "Communities": "clustering.network_communities",
    "Community": "clustering.network_communities",
    "Connector": "clustering.connectors",
    "ConnectorReport": "clustering.connectors",
    "ConnectorScores": "clustering.connectors",
    "ConnectorWeights": "clustering.connectors",
    "Idea": "clustering.network",
    "InteractionGraph": "clustering.network",
    "InteractionWeights": "clustering.network",
    "MalformedRecordError": "clustering.network",
    "Participant": "clustering.network",
    "Person": "clustering.network_people",
    "Pseudonyms": "clustering.network_people",
    "SentenceEncoder": "clustering.embeddings",
    "SimilarText": "clustering.duplicates",
    "SimilarityIndex": "clustering.duplicates",
    "Team": "clustering.teams",
    "TeamMember": "clustering.teams",
    "Theme": "clustering.themes",
    "ThemeChange": "clustering.themes_matching",
    "ThemeModel": "clustering.themes",
    "UnknownThemeError": "clustering.teams",
    "Vote": "clustering.network",
    "build_interaction_graph": "clustering.network",
    "find_communities": "clustering.network_communities",
    "find_connectors": "clustering.connectors",
    "find_duplicate_groups": "clustering.duplicates",
    "find_themes": "clustering.themes",
    "pseudonym": "clustering.network_people",
    "pseudonymize": "clustering.network_people",
    "score_connectors": "clustering.connectors",
    "suggest_team": "clustering.teams",
}

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
    "SentenceEncoder",
    "SimilarText",
    "SimilarityIndex",
    "Team",
    "TeamMember",
    "Theme",
    "ThemeChange",
    "ThemeModel",
    "UnknownThemeError",
    "Vote",
    "build_interaction_graph",
    "find_communities",
    "find_connectors",
    "find_duplicate_groups",
    "find_themes",
    "pseudonym",
    "pseudonymize",
    "score_connectors",
    "suggest_team",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'clustering' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
