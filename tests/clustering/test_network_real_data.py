"""Real jams (../shared/data): the pipeline runs and gives sensible answers; skipped without it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from clustering import build_interaction_graph, find_communities, find_connectors

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"

pytestmark = pytest.mark.skipif(not (DATA / "decide-madrid").exists(),
                                reason="../shared/data is not available")


def loaders() -> ModuleType:
    spec = importlib.util.spec_from_file_location("network_data", REPO / "bench" /
                                                  "network_data.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("network_data", module)  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def madrid() -> tuple:
    records = loaders().load_decide_madrid(DATA / "decide-madrid")
    graph = build_interaction_graph(records.participants, records.ideas, records.comments)
    return records, graph


def test_madrid_reply_network_has_every_commenter(madrid: tuple) -> None:
    _, graph = madrid
    assert graph.n >= 2251
    assert graph.edge_count > 5000


def test_madrid_has_clear_communities(madrid: tuple) -> None:
    _, graph = madrid
    assert find_communities(graph, seed=0).modularity > 0.5


def test_madrid_top_connectors_took_part_in_several_proposals(madrid: tuple) -> None:
    records, graph = madrid
    report = find_connectors(graph, top=5)
    proposals_of: dict[int, set[int]] = {}
    for c in records.comments:
        proposals_of.setdefault(c.author_id, set()).add(c.idea_id)
    for connector in report.connectors:
        assert len(proposals_of[connector.person.id]) >= 3


def test_polis_votes_build_a_graph_with_connectors() -> None:
    folder = DATA / "polis" / "15-per-hour-seattle"
    if not folder.exists():
        pytest.skip("Polis data not available")
    records = loaders().load_polis(folder)
    graph = build_interaction_graph(records.participants, records.ideas, votes=records.votes)
    assert graph.edge_count > 0
    assert find_connectors(graph, top=3).connectors
