"""Rows every tabular format shares: the jam and its provenance as key-value pairs, and short
texts for a theme's keywords and trend."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import fields
from datetime import datetime
from typing import Any

from jam.exports.model import Export, ExportTheme, Support

Value = str | int | float | bool | datetime | None


def _flat(prefix: str, value: Any) -> Iterator[tuple[str, Value]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _flat(f"{prefix}.{key}", inner)
    elif isinstance(value, list | tuple):
        yield prefix, json.dumps(value, ensure_ascii=False, default=str)
    else:
        yield prefix, value


def provenance_rows(export: Export) -> list[tuple[str, Value]]:
    """``(key, value)`` for the export's version, the jam, its forums and the provenance, with
    dotted keys (``provenance.theme_snapshot.parameters.seed``); values keep their types."""
    jam, source = export.jam, export.provenance
    rows: list[tuple[str, Value]] = [
        ("export.version", export.version),
        ("jam.id", jam.id),
        ("jam.slug", jam.slug),
        ("jam.title", jam.title),
        ("jam.description", jam.description),
        ("jam.starts_at", jam.starts_at),
        ("jam.ends_at", jam.ends_at),
        ("jam.url", jam.url),
    ]
    for forum in jam.forums:
        rows.append((f"jam.forums.{forum.id}.title", forum.title))
        rows.append((f"jam.forums.{forum.id}.question", forum.question))
    rows += [
        ("provenance.exported_by", source.exported_by),
        ("provenance.exported_at", source.exported_at),
        ("provenance.privacy", source.privacy),
        ("provenance.pseudonyms", source.pseudonyms),
    ]
    snapshots: list[tuple[str, Any]] = [
        ("theme_snapshot", source.theme_snapshot),
        ("opinion_snapshot", source.opinion_snapshot),
        ("connector_snapshot", source.connector_snapshot),
    ]
    for name, snapshot in snapshots:
        if snapshot is None:
            rows.append((f"provenance.{name}", None))
            continue
        for item in fields(snapshot):
            rows.extend(_flat(f"provenance.{name}.{item.name}", getattr(snapshot, item.name)))
    rows += [
        ("themes", len(export.themes)),
        ("themes.ideas", sum(t.size for t in export.themes)),
        ("unthemed_ideas", export.unthemed_ideas),
    ]
    return rows


def keywords_text(theme: ExportTheme, top: int = 10) -> str:
    return ", ".join(k.word for k in theme.keywords[:top])


def trend_text(theme: ExportTheme) -> str:
    return " ".join(str(day.ideas) for day in theme.trend)


def support_by_group(support: Support | None) -> dict[str, float]:
    return {} if support is None else {c.group: c.support for c in support.cells if c.votes}
