"""The export as JSON: the model as it is (``export-v1.schema.json`` documents every field)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from jam.exports.model import Export, plain

SCHEMA_FILE = "export-v1.schema.json"


def to_json(export: Export) -> bytes:
    """UTF-8 JSON, one line (the C encoder: an indented dump of 46,000 ideas takes seconds)."""
    return json.dumps(plain(export), ensure_ascii=False).encode() + b"\n"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :func:`to_json`'s output."""
    text = resources.files("jam.exports").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
