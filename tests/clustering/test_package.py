"""The ``clustering`` package: every public name is importable, and importing one part
does not load the others."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import clustering


def test_every_public_name_resolves_to_the_object_its_module_defines() -> None:
    assert sorted(clustering.__all__) == sorted(clustering._HOMES)
    for name in clustering.__all__:
        home = importlib.import_module(clustering._HOMES[name])
        assert getattr(clustering, name) is getattr(home, name)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        clustering.no_such_thing  # noqa: B018


def test_importing_the_encoder_does_not_load_scikit_learn_or_networkx() -> None:
    """``jam model path`` and other CLI commands need the encoder module only."""
    loaded = subprocess.run(
        [sys.executable, "-c",
         "import sys, clustering.embeddings; "
         "print(' '.join(m for m in ('sklearn', 'networkx') if m in sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert loaded == ""
