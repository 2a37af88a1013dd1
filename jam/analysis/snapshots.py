"""Theme and connector snapshots as typed values, and the one place they become stored text.

A theme snapshot row keeps three JSON columns (``jam.models.ThemeSnapshot``): the fitted model
with what placing a new idea needs (:class:`FittedThemes`), the themes people see (a list of
:class:`jam.analysis.themes.ShownTheme`), and what changed since the previous version. A
connector snapshot keeps one (:class:`ConnectorResult`). Everything that writes or reads those
columns goes through the functions here, so the stored format has one definition.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from jam.analysis.themes import ShownTheme

_COMPACT = (",", ":")


@dataclass(frozen=True)
class FittedThemes:
    """The fitted model (``clustering.ThemeModel.to_dict()``), the ideas it was fitted on, and
    the placement data a :class:`jam.analysis.themes.Placer` needs for new ideas."""

    model: dict[str, Any]
    idea_ids: list[int]
    placement: dict[str, Any]

    def encode(self) -> str:
        return json.dumps(
            {"model": self.model, "idea_ids": self.idea_ids, "placement": self.placement},
            separators=_COMPACT,
        )

    @classmethod
    def decode(cls, text: str) -> FittedThemes:
        stored = json.loads(text)
        return cls(
            model=stored["model"],
            idea_ids=[int(i) for i in stored["idea_ids"]],
            placement=stored["placement"],
        )


def encode_shown(themes: list[ShownTheme]) -> str:
    return json.dumps([t.to_dict() for t in themes], ensure_ascii=False)


def decode_shown(text: str) -> list[ShownTheme]:
    return [ShownTheme.from_dict(t) for t in json.loads(text)]


def encode_changes(changes: list[dict[str, Any]]) -> str:
    return json.dumps(changes)


def decode_changes(text: str) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = json.loads(text)
    return changes


@dataclass(frozen=True)
class ConnectorResult:
    """One network analysis: counts, communities, ranked connectors and a suggested team per
    theme, with user ids (names or pseudonyms are put in when read)."""

    people: int
    ideas: int
    comments: int
    votes: int
    communities: dict[str, Any] = field(default_factory=dict)
    connectors: dict[str, Any] = field(default_factory=dict)
    teams: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def encode(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=_COMPACT)

    @classmethod
    def decode(cls, text: str) -> ConnectorResult:
        return cls(**json.loads(text))
