"""Turning ideas into the themes people see: fit (``clustering``), then apply human edits.

Everything here is synchronous and takes plain data, so it can run in a worker process (a fit
of tens of thousands of ideas takes seconds of CPU and must not block the event loop).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from clustering import ThemeModel, find_themes

SEED = 2006
SPLIT_PARTS = 2


@dataclass
class EditSpec:
    """A moderator's edit as plain data (see ``jam.models.ThemeEdit``)."""

    kind: str  # "rename" | "merge" | "split"
    theme_id: int
    other_theme_id: int | None = None
    label: str | None = None


@dataclass
class ShownTheme:
    """A theme as shown: after renames, merges and splits."""

    id: int
    label: str
    keywords: list[tuple[str, float]]
    size: int
    representative: list[int]  # idea ids
    position: tuple[float, float]
    edited: bool = False
    change: str | None = None  # new / continued / split / merged, from the last refit

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "keywords": [[w, s] for w, s in self.keywords],
            "size": self.size,
            "representative": self.representative,
            "position": list(self.position),
            "edited": self.edited,
            "change": self.change,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ShownTheme:
        return cls(
            id=int(data["id"]),
            label=str(data["label"]),
            keywords=[(str(w), float(s)) for w, s in data["keywords"]],
            size=int(data["size"]),
            representative=[int(i) for i in data["representative"]],
            position=(float(data["position"][0]), float(data["position"][1])),
            edited=bool(data.get("edited", False)),
            change=data.get("change"),
        )


@dataclass
class ThemeView:
    """The result of :func:`derive`: shown themes and each idea's theme and map point."""

    themes: list[ShownTheme]
    theme_of: dict[int, int | None]  # idea id -> shown theme id
    points: dict[int, tuple[float, float]]
    split_models: dict[int, dict[str, Any]] = field(default_factory=dict)
    merged_into: dict[int, int] = field(default_factory=dict)
    next_id: int = 1

    def placement(self) -> dict[str, Any]:
        """What :func:`place` needs to map the model's assignments onto the shown themes."""
        return {
            "merged_into": {str(k): v for k, v in self.merged_into.items()},
            "splits": {str(k): v for k, v in self.split_models.items()},
        }


def fit_model(
    texts: list[str],
    previous: dict[str, Any] | None,
    embeddings: np.ndarray | None = None,
) -> dict[str, Any]:
    """Fit themes; with a previous model, continuing themes keep their ids.

    ``embeddings`` (one sentence vector per text, or None for words alone) let ideas that say
    the same thing in different words share a theme. The stored model keeps only words, so
    placing a new idea later needs no encoder.

    One thread: the jam fits in one worker process so that the server keeps a core of a
    2-core machine for the API while a refit runs."""
    model = find_themes(
        texts,
        seed=SEED,
        threads=1,
        previous=ThemeModel.from_dict(previous) if previous else None,
        embeddings=embeddings,
    )
    return model.to_dict()


def _merge(view: ThemeView, keep: ShownTheme, gone: ShownTheme) -> None:
    for idea_id, theme_id in view.theme_of.items():
        if theme_id == gone.id:
            view.theme_of[idea_id] = keep.id
    keep.size += gone.size
    keep.representative = (keep.representative + gone.representative)[:5]
    weights: dict[str, float] = {}
    for word, weight in keep.keywords + gone.keywords:
        weights[word] = max(weights.get(word, 0.0), weight)
    keep.keywords = sorted(weights.items(), key=lambda kv: -kv[1])[:10]
    keep.edited = True
    view.themes.remove(gone)
    view.merged_into[gone.id] = keep.id


def _split(
    view: ThemeView, theme: ShownTheme, texts: dict[int, str], new_id: int
) -> dict[str, Any] | None:
    members = [i for i, t in view.theme_of.items() if t == theme.id]
    if len(members) < 2 * SPLIT_PARTS:
        return None
    member_texts = [texts[i] for i in members]
    for attempt in range(3):  # a sampler may collapse to one part; other seeds may not
        sub = find_themes(member_texts, n_themes=SPLIT_PARTS, seed=SEED + attempt, min_theme_size=1)
        if len(sub.themes) == SPLIT_PARTS:
            break
    else:
        return None
    first, second = sub.themes[0], sub.themes[-1]
    moved = [members[k] for k in second.members]
    for idea_id in moved:
        view.theme_of[idea_id] = new_id
    theme.size -= len(moved)
    theme.label, theme.keywords = first.label, first.keywords
    theme.representative = [members[k] for k in first.representative]
    theme.edited = True
    x, y = theme.position
    view.themes.append(
        ShownTheme(
            id=new_id,
            label=second.label,
            keywords=second.keywords,
            size=len(moved),
            representative=[members[k] for k in second.representative],
            position=(x + 0.05, y + 0.05),
            edited=True,
            change="split",
        )
    )
    return sub.to_dict()


def derive(
    model_dict: dict[str, Any],
    idea_ids: list[int],
    texts: list[str],
    edits: list[EditSpec],
) -> ThemeView:
    """The themes people see: the model's themes with ``edits`` applied in order.

    An edit whose themes no longer exist (they vanished in a refit) is skipped. A split edit's
    ``other_theme_id`` is the id its second part gets, so that part keeps its id across refits.
    """
    model = ThemeModel.from_dict(model_dict)
    changes = {c.theme_id: c.kind for c in model.changes}
    view = ThemeView(
        themes=[
            ShownTheme(
                id=t.id,
                label=t.label,
                keywords=list(t.keywords),
                size=t.size,
                representative=[idea_ids[k] for k in t.representative],
                position=t.position,
                change=changes.get(t.id),
            )
            for t in model.themes
        ],
        theme_of=dict(zip(idea_ids, model.assignments, strict=True)),
        points={i: (float(x), float(y)) for i, (x, y) in zip(idea_ids, model.coords, strict=True)},
        next_id=model.next_id,
    )
    by_text = dict(zip(idea_ids, texts, strict=True))
    for edit in edits:
        shown = {t.id: t for t in view.themes}
        theme = shown.get(edit.theme_id)
        if theme is None:
            continue
        if edit.kind == "rename" and edit.label:
            theme.label, theme.edited = edit.label, True
        elif edit.kind == "merge" and edit.other_theme_id in shown:
            _merge(view, theme, shown[edit.other_theme_id])
        elif edit.kind == "split":
            new_id = edit.other_theme_id or view.next_id
            view.next_id = max(view.next_id, new_id + 1)
            sub = _split(view, theme, by_text, new_id)
            if sub is not None:
                view.split_models[theme.id] = {"model": sub, "second": new_id}
    view.themes.sort(key=lambda t: -t.size)
    return view


class Placer:
    """Places new ideas into a snapshot's shown themes without refitting (~ms per idea).

    Built once per snapshot from its stored model: the model's own assignment, then the
    edits' mapping (a merged theme points to the theme it went into, a split theme to the part
    its sub-model picks)."""

    def __init__(self, model_dict: dict[str, Any], placement: dict[str, Any]) -> None:
        self.model = ThemeModel.from_dict(model_dict)
        self.merged_into = {int(k): int(v) for k, v in placement.get("merged_into", {}).items()}
        self.splits = {
            int(k): (ThemeModel.from_dict(v["model"]), int(v["second"]))
            for k, v in placement.get("splits", {}).items()
        }

    def place(self, texts: list[str]) -> list[int | None]:
        result: list[int | None] = []
        for text, theme_id in zip(texts, self.model.assign(texts), strict=True):
            if theme_id is not None and theme_id in self.splits:
                sub, second = self.splits[theme_id]
                if sub.themes and sub.assign([text])[0] == sub.themes[-1].id:
                    theme_id = second
            seen: set[int] = set()
            while theme_id is not None and theme_id in self.merged_into and theme_id not in seen:
                seen.add(theme_id)
                theme_id = self.merged_into[theme_id]
            result.append(theme_id)
        return result


def idea_text(title: str, body: str) -> str:
    return f"{title}\n{body}"


class PlacerCache:
    """Parsed placers of the few newest snapshots (parsing one costs more than placing), kept
    by whoever places ideas (the worker's theme job)."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._placers: OrderedDict[int, Placer] = OrderedDict()

    def get(
        self, snapshot_id: int, stored: Callable[[], tuple[dict[str, Any], dict[str, Any]]]
    ) -> Placer:
        """The snapshot's placer; ``stored`` gives its (model, placement) when not cached."""
        placer = self._placers.get(snapshot_id)
        if placer is None:
            placer = Placer(*stored())
            self._placers[snapshot_id] = placer
            while len(self._placers) > self.size:
                self._placers.popitem(last=False)
        else:
            self._placers.move_to_end(snapshot_id)
        return placer
