"""Public names of a ``clustering`` package, imported from their private module on first use.

Why: ``import clustering`` and ``import clustering.text`` are on the path of every ``jam``
command (``jam model path`` needs two constants), while the modules behind them import numpy,
scipy, scikit-learn and networkx (about 1.5 s together). So each package's ``__init__`` lists
its names in ``__all__`` (and imports them under ``TYPE_CHECKING`` for type checkers), and
:func:`attach` gives it a module ``__getattr__`` (PEP 562) that imports a name's module only
when the name is first looked up.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def attach(package: str, homes: Mapping[str, tuple[str, ...]]
           ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, whose ``__init__`` is running.

    ``homes`` maps a module, relative to ``package`` (``"._model"``), to the public names it
    defines. A name is looked up once: its value is then stored in the package's namespace.
    """
    namespace = sys.modules[package].__dict__
    home_of = {name: module for module, names in homes.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = home_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value  # later lookups skip this function
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(home_of))

    return __getattr__, __dir__
