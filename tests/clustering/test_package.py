"""The ``clustering`` packages: every public name is importable from its subpackage and from
``clustering``, and importing one part does not load the heavy libraries of the others."""

from __future__ import annotations

import importlib
import subprocess
import sys
from types import ModuleType

import pytest

import clustering
import clustering.network
import clustering.opinions
import clustering.text
import clustering.themes

SUBPACKAGES = [clustering.network, clustering.opinions, clustering.text, clustering.themes]


def loaded_after(code: str, modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` a fresh interpreter has loaded after running ``code``."""
    out = subprocess.run(
        [sys.executable, "-c",
         f"{code}\nimport sys; print(' '.join(m for m in {modules!r} if m in sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout
    return out.split()


@pytest.mark.parametrize("package", [clustering, *SUBPACKAGES], ids=lambda p: p.__name__)
def test_all_lists_exactly_the_names_the_package_resolves(package: ModuleType) -> None:
    homes = package._HOMES
    names = [name for module_names in homes.values() for name in module_names]
    assert len(names) == len(set(names))
    assert sorted(package.__all__) == sorted(names)
    for module, module_names in homes.items():
        home = importlib.import_module(module, package.__name__)
        for name in module_names:
            assert getattr(package, name) is getattr(home, name)
    assert set(package.__all__) <= set(dir(package))


@pytest.mark.parametrize("package", SUBPACKAGES, ids=lambda p: p.__name__)
def test_subpackage_names_live_in_its_private_modules(package: ModuleType) -> None:
    assert all(module.startswith("._") for module in package._HOMES)


def test_every_name_clustering_exports_is_its_subpackages_object() -> None:
    for name in clustering.__all__:
        (home,) = [p for p in SUBPACKAGES if name in p.__all__]
        assert getattr(clustering, name) is getattr(home, name)


def test_clustering_still_exports_the_names_it_did_before_the_subpackages() -> None:
    before = {
        "Comment", "Communities", "Community", "Connector", "ConnectorReport", "ConnectorScores",
        "ConnectorWeights", "Idea", "InteractionGraph", "InteractionWeights",
        "MalformedRecordError", "Participant", "Person", "Pseudonyms", "SentenceEncoder",
        "SimilarText", "SimilarityIndex", "Team", "TeamMember", "Theme", "ThemeChange",
        "ThemeModel", "UnknownThemeError", "Vote", "build_interaction_graph", "find_communities",
        "find_connectors", "find_duplicate_groups", "find_themes", "pseudonym", "pseudonymize",
        "score_connectors", "suggest_team",
    }
    assert before <= set(clustering.__all__)


@pytest.mark.parametrize("package", [clustering, *SUBPACKAGES], ids=lambda p: p.__name__)
def test_an_unknown_name_is_an_attribute_error(package: ModuleType) -> None:
    with pytest.raises(AttributeError, match=rf"{package.__name__}.*no_such_thing"):
        package.no_such_thing  # noqa: B018


def test_importing_clustering_loads_no_numpy_scikit_learn_or_networkx() -> None:
    heavy = ("numpy", "scipy", "sklearn", "networkx")
    assert loaded_after("import clustering, clustering.themes, clustering.text, "
                        "clustering.network, clustering.opinions", heavy) == []


def test_themes_never_load_networkx() -> None:
    """Themes (and the words they use) are used without the connectors analysis."""
    assert loaded_after("import clustering.themes", ("networkx",)) == []
    used = loaded_after("from clustering.themes import *\n"
                        "find_themes(['bike lanes downtown', 'more bike lanes', 'late buses',"
                        " 'buses late again'])",
                        ("networkx", "sklearn", "clustering.network._graph"))
    assert used == ["sklearn"]


def test_the_model_folder_helpers_do_not_load_scikit_learn_or_networkx() -> None:
    """``jam model path`` and other CLI commands need the encoder module only."""
    assert loaded_after("from clustering.text import MINILM_NAME, is_model_dir",
                        ("sklearn", "networkx")) == []
