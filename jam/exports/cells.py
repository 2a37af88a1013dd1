"""Text cells that stay text in a spreadsheet.

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is run
as a formula by spreadsheet programs when a CSV file is opened ("CSV injection": a title such as
``=HYPERLINK("http://evil", "click")``). Every text cell of a CSV file we write goes through
:func:`inert`; XLSX cells are typed as text and marked ``quotePrefix`` instead
(:func:`looks_like_formula`), so their text stays exactly as written.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text[:1] in FORMULA_STARTS


def inert(value: object) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ (or a tab / carriage
    return) would run as a formula when the file is opened, so it gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text
