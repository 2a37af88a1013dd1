"""The four formats of an export: renderer, file extension and content type."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from jam.exports.as_csv import to_csv_zip
from jam.exports.as_html import to_html
from jam.exports.as_json import to_json
from jam.exports.as_xlsx import to_xlsx
from jam.exports.model import Export


class ExportFormat(enum.StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"
    HTML = "html"


@dataclass(frozen=True)
class Rendering:
    render: Callable[[Export], bytes]
    extension: str
    content_type: str


RENDERINGS: dict[ExportFormat, Rendering] = {
    ExportFormat.JSON: Rendering(to_json, "json", "application/json"),
    ExportFormat.CSV: Rendering(to_csv_zip, "zip", "application/zip"),
    ExportFormat.XLSX: Rendering(
        to_xlsx, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    ExportFormat.HTML: Rendering(to_html, "html", "text/html; charset=utf-8"),
}


def render(export: Export, format: ExportFormat) -> bytes:
    return RENDERINGS[format].render(export)


def filename(export: Export, format: ExportFormat) -> str:
    """``<slug>-themes.<ext>`` (the CSV tables come zipped: ``.zip``)."""
    slug = "".join(c for c in export.jam.slug if c.isascii() and (c.isalnum() or c in "-_"))
    return f"{slug or 'jam'}-themes.{RENDERINGS[format].extension}"
