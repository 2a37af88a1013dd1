# --- themes and similar ideas: clustering/themes.py ---
from clustering.duplicates import (
    SimilarityIndex,  # noqa: F401
    SimilarText,  # noqa: F401
    find_duplicate_groups,  # noqa: F401
)
from clustering.themes import (
    Theme,  # noqa: F401
    ThemeModel,  # noqa: F401
    find_themes,  # noqa: F401
)
from clustering.themes_matching import ThemeChange  # noqa: F401

# --- end themes ---
# isort: split
# --- network analysis ("connectors"): clustering/NETWORK.md ---
from clustering.connectors import (
    Connector,  # noqa: F401
    ConnectorReport,  # noqa: F401
    ConnectorScores,  # noqa: F401
    ConnectorWeights,  # noqa: F401
    find_connectors,  # noqa: F401
    score_connectors,  # noqa: F401
)
from clustering.network import (
    Comment,  # noqa: F401
    Idea,  # noqa: F401
    InteractionGraph,  # noqa: F401
    InteractionWeights,  # noqa: F401
    MalformedRecordError,  # noqa: F401
    Participant,  # noqa: F401
    Vote,  # noqa: F401
    build_interaction_graph,  # noqa: F401
)
from clustering.network_communities import (
    Communities,  # noqa: F401
    Community,  # noqa: F401
    find_communities,  # noqa: F401
)
from clustering.network_people import (
    Person,  # noqa: F401
    Pseudonyms,  # noqa: F401
    pseudonym,  # noqa: F401
    pseudonymize,  # noqa: F401
)
from clustering.teams import (
    Team,  # noqa: F401
    TeamMember,  # noqa: F401
    UnknownThemeError,  # noqa: F401
    suggest_team,  # noqa: F401
)
# --- end network analysis ---
