"""Analysis of a jam's content and people, usable from a notebook: plain data in, dataclasses out.

Four subpackages, each with its public names in ``__all__`` over private modules:

- ``clustering.themes``: ``find_themes`` groups idea texts and names the groups
  (``ThemeModel``, ``Theme``, ``ThemeChange``).
- ``clustering.text``: ``SimilarityIndex`` and ``find_duplicate_groups`` find near-duplicates,
  ``HybridSimilarityIndex`` also paraphrases (words and sentence vectors, edits and removals);
  ``SentenceEncoder`` turns texts into vectors that ``find_themes`` can use.
- ``clustering.network``: ``build_interaction_graph``, ``find_communities``,
  ``find_connectors`` and ``suggest_team`` analyse who interacts with whom
  (``clustering/network/README.md``).
- ``clustering.opinions``: ``find_opinion_groups`` finds opinion groups from agree / disagree /
  pass votes, Pol.is's method (``OpinionGroups``, ``OpinionGroup``, ``RepresentativeItem``).

``clustering`` itself exports every public name of the four (its ``__all__`` is theirs), so
that ``from clustering import find_themes`` keeps working; new code may use either.

No web or database imports: the ``jam`` application calls this package, never the reverse.
Importing ``clustering.themes`` never loads networkx.

Names are imported on first use (PEP 562, ``clustering/_lazy.py``), so that
``from clustering.text import is_model_dir`` in a command-line tool does not pay for
scikit-learn, scipy.stats and networkx (about 1.5 s).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clustering import network, opinions, text, themes  # cheap: names load on first use
from clustering._lazy import attach

if TYPE_CHECKING:
    from clustering.network import *  # noqa: F403
    from clustering.opinions import *  # noqa: F403
    from clustering.text import *  # noqa: F403
    from clustering.themes import *  # noqa: F403

__all__ = [*network.__all__, *opinions.__all__, *text.__all__, *themes.__all__]

# Subpackage -> the names re-exported from it (each is imported there on first use too).
_HOMES = {
    ".network": tuple(network.__all__),
    ".opinions": tuple(opinions.__all__),
    ".text": tuple(text.__all__),
    ".themes": tuple(themes.__all__),
}

__getattr__, __dir__ = attach(__name__, _HOMES)
