"""Loaders for the labelled short-text sets in ``../shared/data`` (benchmarks and tests only).

The data is not part of the repository (see ``../shared/data/README.md``): every loader returns
``None`` when its files are absent, so callers can skip cleanly on a fresh clone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data"

SET_NAMES = ("stackoverflow", "searchsnippets", "biomedical", "googlenews_ts")


@dataclass(frozen=True)
class LabelledSet:
    """Texts with their true topic labels, as published."""

    name: str
    texts: list[str]
    labels: list[int]

    @property
    def n_classes(self) -> int:
        return len(set(self.labels))


def _read_lines(path: Path) -> list[str]:
    # The TSV copies have CRLF line endings; splitlines() handles both.
    return path.read_text(encoding="utf-8").splitlines()


def _load_tsv(name: str, path: Path) -> LabelledSet:
    texts: list[str] = []
    labels: list[int] = []
    for line in _read_lines(path):
        if not line.strip():
            continue
        label, _, text = line.partition("\t")
        labels.append(int(label))
        texts.append(text.strip())
    return LabelledSet(name, texts, labels)


def load_stackoverflow(data_dir: Path = DATA_DIR) -> LabelledSet | None:
    folder = data_dir / "stackoverflow"
    titles, labels = folder / "title_StackOverflow.txt", folder / "label_StackOverflow.txt"
    if not (titles.exists() and labels.exists()):
        return None
    texts = _read_lines(titles)
    ys = [int(x) for x in _read_lines(labels) if x.strip()]
    return LabelledSet("stackoverflow", texts[: len(ys)], ys)


def load_searchsnippets(data_dir: Path = DATA_DIR) -> LabelledSet | None:
    path = data_dir / "searchsnippets" / "searchsnippets.tsv"
    return _load_tsv("searchsnippets", path) if path.exists() else None


def load_biomedical(data_dir: Path = DATA_DIR) -> LabelledSet | None:
    path = data_dir / "biomedical" / "biomedical.tsv"
    return _load_tsv("biomedical", path) if path.exists() else None


def load_googlenews_ts(data_dir: Path = DATA_DIR) -> LabelledSet | None:
    """The original GSDMM copy (title + snippet), not the corrupted SCCL copy."""
    path = data_dir / "googlenews" / "gsdmm_TS.jsonl"
    if not path.exists():
        return None
    texts: list[str] = []
    labels: list[int] = []
    for line in _read_lines(path):
        if line.strip():
            row = json.loads(line)
            texts.append(str(row["text"]))
            labels.append(int(row["cluster"]))
    return LabelledSet("googlenews_ts", texts, labels)


LOADERS = {
    "stackoverflow": load_stackoverflow,
    "searchsnippets": load_searchsnippets,
    "biomedical": load_biomedical,
    "googlenews_ts": load_googlenews_ts,
}


def load(name: str, data_dir: Path = DATA_DIR) -> LabelledSet | None:
    """One labelled set by name (see ``SET_NAMES``), or ``None`` when its files are absent."""
    return LOADERS[name](data_dir)


def load_all(data_dir: Path = DATA_DIR) -> list[LabelledSet]:
    """Every labelled set that is present, in ``SET_NAMES`` order."""
    sets = [load(name, data_dir) for name in SET_NAMES]
    return [s for s in sets if s is not None]


def idea_corpus(n: int, data_dir: Path = DATA_DIR) -> list[str]:
    """``n`` idea-like texts built by cycling through all present sets (for speed benchmarks).

    Texts are interleaved set by set so any prefix mixes every source; when more texts are asked
    for than exist, the cycle repeats with a short numbered suffix so repeats are not identical.
    """
    pools = [s.texts for s in load_all(data_dir)]
    if not pools:
        raise FileNotFoundError(f"no labelled data under {data_dir}")
    out: list[str] = []
    i = 0
    while len(out) < n:
        for pool in pools:
            if len(out) >= n:
                break
            rep, j = divmod(i, len(pool))
            out.append(pool[j] if rep == 0 else f"{pool[j]} v{rep}")
        i += 1
    return out
