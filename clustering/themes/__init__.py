"""Themes: groups of ideas about the same thing, found and named from plain texts.

``find_themes(texts)`` fits a :class:`ThemeModel`: its :class:`Theme` list (label, keywords,
members, representative ideas, position on a map), each text's theme, and what ``assign``
needs to place new texts without refitting; ``to_dict`` / ``from_dict`` keep it as JSON.
Given the previous model, a refit keeps theme ids stable and reports a :class:`ThemeChange`
per theme (continued, new, split, merged, vanished).

The method and the reasons for it are in ``_model.py``; its parts are private modules:
``_dmm`` (the mixture model and its sampler), ``_split_merge``, ``_refine`` (sharpening,
with sentence vectors when given), ``_scoring``, ``_labels``, ``_map`` and ``_matching``.
Words come from ``clustering.text``. Nothing here imports networkx or ``clustering.network``,
and names are imported on first use (``clustering/_lazy.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clustering._lazy import attach

if TYPE_CHECKING:
    from clustering.themes._matching import ThemeChange
    from clustering.themes._model import Theme, ThemeModel, find_themes

__all__ = [
    "Theme",
    "ThemeChange",
    "ThemeModel",
    "find_themes",
]

# Private module -> the public names it defines.
_HOMES = {
    "._matching": ("ThemeChange",),
    "._model": ("Theme", "ThemeModel", "find_themes"),
}

__getattr__, __dir__ = attach(__name__, _HOMES)
