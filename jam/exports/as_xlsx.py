"""The export as an XLSX workbook (openpyxl, write-only: rows stream to the file).

A "Summary" sheet (the provenance, then one row per theme: size, label, keywords, support by
opinion group), and one sheet per theme with its ideas, typed: numbers as numbers, times as
datetimes (UTC: Excel has no time zones), links as hyperlinks. Text is typed as text; text that
a spreadsheet would read as a formula is also marked ``quotePrefix`` (as Excel marks text typed
after an apostrophe), so editing the cell keeps it text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import UTC, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from jam.exports.cells import looks_like_formula
from jam.exports.model import Export, ExportTheme
from jam.exports.rows import Value, keywords_text, provenance_rows, trend_text

SUMMARY = "Summary"
SHEET_NAME_MAX = 31
CELL_TEXT_MAX = 32_767  # Excel's limit per cell
_FORBIDDEN_IN_NAMES = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_RESERVED = {"history", SUMMARY.lower()}
IDEA_HEADER = [
    "Idea id",
    "Title",
    "Body",
    "Forum",
    "Tags",
    "Author",
    "Posted (UTC)",
    "Up",
    "Down",
    "Pass",
    "Comments",
    "Representative",
    "Link",
]
IDEA_WIDTHS = [9, 40, 60, 20, 18, 20, 18, 6, 6, 6, 10, 8, 28]
_BOLD = Font(bold=True)
_LINK = Font(color="0563C1", underline="single")


def sheet_name(theme: ExportTheme, used: set[str]) -> str:
    """``"<id> <label>"`` as a valid, unique sheet name: at most 31 characters, none of
    ``[]:*?/\\``, no apostrophe at either end, not "History" or "Summary" (case-insensitive,
    as Excel compares them)."""
    label = " ".join(_FORBIDDEN_IN_NAMES.sub(" ", theme.label).split())
    base = f"{theme.id} {label}".strip().strip("'").strip() or f"Theme {theme.id}"
    base = base[:SHEET_NAME_MAX].rstrip().rstrip("'")
    name, n = base, 1
    while name.lower() in used or name.lower() in _RESERVED:
        n += 1
        suffix = f" ({n})"
        name = base[: SHEET_NAME_MAX - len(suffix)].rstrip().rstrip("'") + suffix
    used.add(name.lower())
    return name


def _cell(ws: WriteOnlyWorksheet, value: object) -> Cell:
    """A styled cell to append: with a provisional coordinate (openpyxl needs one to set a
    hyperlink or even to describe the cell); the row it is appended in sets the real one."""
    return Cell(ws, row=1, column=1, value=value)


def _text(ws: WriteOnlyWorksheet, value: str) -> str | Cell:
    text = ILLEGAL_CHARACTERS_RE.sub("", value)[:CELL_TEXT_MAX]
    if not looks_like_formula(text):
        return text
    cell = _cell(ws, text)
    cell.data_type = "s"  # openpyxl would write text starting with "=" as a formula
    cell.quotePrefix = True
    return cell


def _value(ws: WriteOnlyWorksheet, value: Value) -> object:
    if isinstance(value, str):
        return _text(ws, value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    return value


def _row(ws: WriteOnlyWorksheet, values: Iterable[Value]) -> list[object]:
    return [_value(ws, v) for v in values]


def _header(ws: WriteOnlyWorksheet, names: Iterable[str]) -> list[Cell]:
    cells = []
    for name in names:
        cell = _cell(ws, name)
        cell.font = _BOLD
        cells.append(cell)
    return cells


def _link(ws: WriteOnlyWorksheet, text: str, target: str) -> Cell:
    cell = _cell(ws, text)
    cell.hyperlink = target
    cell.font = _LINK
    return cell


def _summary(wb: Workbook, export: Export, names: dict[int, str]) -> None:
    ws = wb.create_sheet(SUMMARY)
    for letter, width in zip("ABCDEFGHIJ", (36, 44, 10, 50, 12, 12, 12, 12, 12, 12), strict=False):
        ws.column_dimensions[letter].width = width
    ws.append(_header(ws, ["Provenance", ""]))
    for key, value in provenance_rows(export):
        ws.append(_row(ws, [key, value]))
    ws.append([])
    groups = [g.id for g in export.opinion_groups]
    ws.append(
        _header(
            ws,
            [
                "Theme id",
                "Label",
                "Ideas",
                "Keywords",
                "Ideas per day",
                "Opinion votes",
                "Common ground",
                "Splits groups",
                *[f"Support, group {g}" for g in groups],
                "Sheet",
            ],
        )
    )
    for theme in export.themes:
        opinion = theme.opinion_support
        support = {c.group: c.support for c in opinion.cells if c.votes} if opinion else {}
        row = _row(
            ws,
            [
                theme.id,
                theme.label,
                theme.size,
                keywords_text(theme),
                trend_text(theme),
                opinion.votes if opinion else None,
                opinion.common_ground if opinion else None,
                opinion.splits if opinion else None,
                *[support.get(g) for g in groups],
            ],
        )
        sheet = names[theme.id]
        quoted = sheet.replace("'", "''")
        row.append(_link(ws, sheet, f"#'{quoted}'!A1"))
        ws.append(row)


def _theme_sheet(wb: Workbook, export: Export, theme: ExportTheme, name: str) -> None:
    ws = wb.create_sheet(name)
    ws.freeze_panes = "B2"
    for index, width in enumerate(IDEA_WIDTHS):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.append(_header(ws, IDEA_HEADER))
    base = export.jam.url.removesuffix(f"/jams/{export.jam.slug}")
    representative = set(theme.representative)
    for idea in theme.ideas:
        row = _row(
            ws,
            [
                idea.id,
                idea.title,
                idea.body,
                idea.forum,
                ", ".join(idea.tags),
                idea.author,
                idea.created_at,
                idea.upvotes,
                idea.downvotes,
                idea.passes,
                idea.comment_count,
                idea.id in representative,
            ],
        )
        row.append(_link(ws, idea.link, base + idea.link))
        ws.append(row)


def to_xlsx(export: Export) -> bytes:
    wb = Workbook(write_only=True)
    used: set[str] = set()
    names = {t.id: sheet_name(t, used) for t in export.themes}
    _summary(wb, export, names)
    for theme in export.themes:
        _theme_sheet(wb, export, theme, names[theme.id])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
