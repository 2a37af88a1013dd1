"""Analysis of a jam's content and people, usable from a notebook: plain data in, dataclasses out.

- Themes: ``find_themes`` groups idea texts and names the groups (``clustering/themes.py``);
  ``SimilarityIndex`` and ``find_duplicate_groups`` find near-duplicates;
  ``SentenceEncoder`` turns texts into vectors that ``find_themes`` can use.
- Connectors: ``build_interaction_graph``, ``find_communities``, ``find_connectors`` and
  ``suggest_team`` analyse who interacts with whom (``clustering/NETWORK.md``).

No web or database imports: the ``jam`` application calls this package, never the reverse.
"""

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
