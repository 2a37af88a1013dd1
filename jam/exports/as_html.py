"""The export as a printable report: one self-contained HTML file.

Inline CSS, no script, no external address of any kind (no ``src``, no ``href`` but in-page
anchors, no ``url()``; a Content-Security-Policy meta tag forbids loading anything in case a
browser is ever talked into it), so it opens offline and prints to PDF (``@media print``). It
holds the provenance, a theme map (SVG: each theme at its map position, its area proportional
to its idea count), a table of the themes, and per theme its keywords, ideas per day, bar charts
of its support by opinion group and by population (SVG), its suggested team and connectors, and
its ideas (title, an excerpt of the body, author, forum, date, votes): the
:data:`IDEAS_PER_THEME` top ones and the representative ones, the caption saying how many there
are; every idea and its full text are in the other formats. Every text from people (titles,
bodies, names, labels) goes through :func:`html.escape`; tables have captions and header cells
with ``scope``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime
from html import escape

from jam.exports.model import Export, ExportTheme, Support
from jam.exports.rows import keywords_text, provenance_rows

EXCERPT = 280
IDEAS_PER_THEME = 100  # listed per theme, top first (a report of 46,000 ideas prints to
# thousands of pages and takes Chromium half a minute to open; the other formats hold them all)
MAP_LABELS = 25  # themes named on the map (the largest); the rest carry their number only
PALETTE = (
    "#1f5fa8",
    "#b3541e",
    "#2e7d32",
    "#8e24aa",
    "#00796b",
    "#c62828",
    "#5d4037",
    "#455a64",
    "#ad1457",
    "#6a7d00",
)
BAR = "#1f5fa8"
POPULATION_NAMES = {"kind": "employees and guests", "org_unit": "org unit", "country": "country"}

CSS = """
:root { color-scheme: light; --ink: #1a1a1a; --muted: #4a4a4a; --rule: #c8c8c8; --bar: #1f5fa8; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--ink); background: #fff; margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 1.9em; margin: 0 0 .2em; }
h2 { font-size: 1.4em; margin: 1.6em 0 .4em; border-bottom: 2px solid var(--rule); }
h3 { font-size: 1.1em; margin: 1.2em 0 .3em; }
p, dl { margin: .3em 0 .8em; }
.muted { color: var(--muted); }
.keywords { font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; font-size: .92em; }
caption { text-align: left; font-weight: 600; padding: .3em 0; }
th, td { border-bottom: 1px solid var(--rule); padding: .3em .45em; text-align: left;
  vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.body { color: var(--muted); font-size: .95em; }
.excerpt { display: block; color: var(--muted); margin-top: .15em; }
code { font-size: .9em; overflow-wrap: anywhere; }
figure { margin: .6em 0 1.2em; }
figcaption { color: var(--muted); font-size: .9em; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: inherit; fill: var(--ink); }
.charts { display: flex; flex-wrap: wrap; gap: 0 32px; }
.charts figure { width: 480px; max-width: 100%; }
.link { display: block; font-size: .85em; color: var(--muted); }
nav ol { columns: 2; }
a { color: #0b4f9c; }
@page { margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  section.theme { break-before: page; }
  h2, h3, figure, .charts > * { break-inside: avoid; break-after: avoid-page; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  nav { display: none; }
}
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _when(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC")


def _percent(value: float) -> str:
    return f"{value * 100:.0f} %"


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def _table(
    caption: str,
    header: Iterable[tuple[str, bool]],
    rows: Iterable[str],
    *,
    row_headers: bool = False,
) -> str:
    head = "".join(f'<th scope="col"{" class=n" if n else ""}>{_e(h)}</th>' for h, n in header)
    thead = "" if row_headers else f"<thead><tr>{head}</tr></thead>"
    return f"<table><caption>{_e(caption)}</caption>{thead}<tbody>{''.join(rows)}</tbody></table>"


def _provenance(export: Export) -> str:
    rows = []
    for key, value in provenance_rows(export):
        shown = _when(value) if isinstance(value, datetime) else "—" if value is None else value
        rows.append(f'<tr><th scope="row">{_e(key)}</th><td>{_e(shown)}</td></tr>')
    return _table("Where these themes come from", [], rows, row_headers=True)


def theme_map(export: Export, width: int = 960, height: int = 520) -> str:
    """The themes at their map positions, each a circle whose area is proportional to its
    idea count, numbered and labelled."""
    themes = export.themes
    pad = 70
    if themes:
        xs = [t.position[0] for t in themes]
        ys = [t.position[1] for t in themes]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        biggest = max(max(t.size for t in themes), 1)
    else:
        x0 = x1 = y0 = y1 = 0.0
        biggest = 1

    def place(value: float, low: float, high: float, size: int) -> float:
        if high - low < 1e-9:
            return size / 2
        return pad + (value - low) / (high - low) * (size - 2 * pad)

    shapes = []
    for index, theme in enumerate(sorted(themes, key=lambda t: -t.size)):
        cx = place(theme.position[0], x0, x1, width)
        cy = place(theme.position[1], y0, y1, height)
        r = 6 + 44 * math.sqrt(theme.size / biggest)
        colour = PALETTE[index % len(PALETTE)]
        text = ""
        if index < MAP_LABELS:  # the largest themes are named; every one is numbered
            label = theme.label if len(theme.label) <= 28 else theme.label[:27] + "…"
            half = len(label) * 3.2 + 4  # about half its width at 11 px
            lx = min(max(cx, half), width - half)
            ly = min(cy + r + 13, height - 5)
            text = (
                f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="middle" font-size="11">'
                f"{_e(label)}</text>"
            )
        shapes.append(
            f"<g><title>{_e(theme.label)}: {theme.size} ideas</title>"
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{colour}" '
            f'fill-opacity="0.28" stroke="{colour}" stroke-width="1.5"/>'
            f'<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle" font-size="12" '
            f'font-weight="700">{theme.id}</text>{text}</g>'
        )
    description = "; ".join(f"{t.label}: {t.size} ideas" for t in themes)
    return (
        f'<svg class="map" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="map-title map-desc">'
        f'<title id="map-title">Theme map of {_e(export.jam.title)}</title>'
        f'<desc id="map-desc">{_e(description)}</desc>'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fafafa" stroke="#c8c8c8"/>'
        f"{''.join(shapes)}</svg>"
    )


def bar_chart(title: str, bars: list[tuple[str, float, str]], *, unit: str = "%") -> str:
    """Horizontal bars: ``(label, value in 0..1 (or a count with unit ""), note)``."""
    row, left, right, width = 24, 150, 110, 460
    height = row * len(bars) + 12
    top = max((v for _, v, _ in bars), default=1) if unit != "%" else 1.0
    top = top or 1
    shapes = []
    for i, (label, value, note) in enumerate(bars):
        y = 6 + i * row
        length = max(0.0, value / top) * (width - left - right)
        shown = _percent(value) if unit == "%" else f"{value:g}"
        short = label if len(label) <= 22 else label[:21] + "…"
        shapes.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" font-size="12">{_e(short)}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" '
            f'fill="{BAR}"/>'
            f'<text x="{left + length + 6:.1f}" y="{y + 15}" font-size="12">{_e(shown)}'
            f"{' ' + _e(note) if note else ''}</text>"
        )
    if unit == "%":  # the 50 % line: above it, more agree than not
        x = left + 0.5 * (width - left - right)
        shapes.append(
            f'<line x1="{x:.1f}" y1="2" x2="{x:.1f}" y2="{height - 2}" stroke="#888" '
            'stroke-dasharray="3 3"/>'
        )
    described = "; ".join(
        f"{label}: {_percent(v) if unit == '%' else f'{v:g}'}{' ' + note if note else ''}"
        for label, v, note in bars
    )
    return (
        f'<figure><svg class="chart" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{_e(title)}: {_e(described)}">'
        f"{''.join(shapes)}</svg>"
        f"<figcaption>{_e(title)}</figcaption></figure>"
    )


def _support_bars(support: Support, name: str) -> list[tuple[str, float, str]]:
    bars = []
    for cell in support.cells:
        if not cell.votes:
            continue
        note = "backs" if cell.backs else "opposes" if cell.opposes else ""
        bars.append((f"{name} {cell.group}".strip(), cell.support, f"({cell.votes} votes) {note}"))
    return bars


def _charts(theme: ExportTheme) -> str:
    charts = []
    if theme.opinion_support is not None and any(c.votes for c in theme.opinion_support.cells):
        charts.append(
            bar_chart(
                "Support by opinion group (smoothed agree share of its votes on these ideas)",
                _support_bars(theme.opinion_support, "group"),
            )
        )
    for population, support in theme.population_support.items():
        bars = _support_bars(support, "")
        if bars:
            charts.append(
                bar_chart(f"Support by {POPULATION_NAMES.get(population, population)}", bars)
            )
    if theme.trend:
        charts.append(
            bar_chart(
                "Ideas posted per day of the jam",
                [(f"day {d.day}", float(d.ideas), "") for d in theme.trend],
                unit="",
            )
        )
    if not charts:
        return ""
    return f'<div class="charts">{"".join(charts)}</div>'


def _people(theme: ExportTheme) -> str:
    parts = []
    if theme.team is not None and theme.team.members:
        rows = [
            f"<tr><td>{_e(m.person.name)}</td><td>{_e(m.role)}</td>"
            f"<td>{_e(m.person.org_unit or '—')}</td><td>{_e(m.person.country or '—')}</td>"
            f"<td>{_e(m.reason)}</td></tr>"
            for m in theme.team.members
        ]
        header = [
            ("Person", False),
            ("Role", False),
            ("Org unit", False),
            ("Country", False),
            ("Why", False),
        ]
        parts.append(_table("Suggested follow-up team", header, rows))
    if theme.connectors:
        rows = [
            f'<tr><td class="n">{c.rank}</td><td>{_e(c.person.name)}</td>'
            f'<td class="n">{_percent(c.share)}</td><td>{_e(c.reason)}</td></tr>'
            for c in theme.connectors
        ]
        header = [("Rank", True), ("Person", False), ("Ties in this theme", True), ("Why", False)]
        parts.append(_table("Connectors whose ties reach this theme", header, rows))
    return "".join(parts)


def _ideas(theme: ExportTheme, limit: int) -> str:
    representative = set(theme.representative)
    shown = theme.ideas[:limit]
    # The representative ideas always, even when they are not among the top ones.
    shown += [i for i in theme.ideas[limit:] if i.id in representative]
    rows = []
    for idea in shown:
        star = " ★" if idea.id in representative else ""
        rows.append(
            f'<tr><td class="n">{idea.id}</td>'
            f"<td><strong>{_e(idea.title)}</strong>{star}"
            f'<span class="excerpt">{_e(_excerpt(idea.body))}</span>'
            f'<code class="link">{_e(idea.link)}</code></td>'
            f"<td>{_e(idea.author)}</td><td>{_e(idea.forum)}</td>"
            f'<td class="n">{idea.created_at:%Y-%m-%d %H:%M}</td>'
            f'<td class="n">{idea.upvotes}</td><td class="n">{idea.downvotes}</td>'
            f'<td class="n">{idea.passes}</td><td class="n">{idea.comment_count}</td></tr>'
        )
    header = [
        ("Id", True),
        ("Idea", False),
        ("Author", False),
        ("Forum", False),
        ("Posted (UTC)", True),
        ("Up", True),
        ("Down", True),
        ("Pass", True),
        ("Comments", True),
    ]
    if len(shown) < len(theme.ideas):
        caption = (
            f"The {len(shown)} top ideas of {len(theme.ideas)} in theme {theme.id}, "
            f"{theme.label} (★: representative; every idea is in the JSON, CSV and XLSX exports)"
        )
    else:
        caption = f"Ideas in theme {theme.id}, {theme.label} (★: representative)"
    return _table(caption, header, rows)


def _theme_section(theme: ExportTheme, limit: int) -> str:
    facts = [f"{theme.size} ideas"]
    if theme.change:
        facts.append(f"{theme.change} at the last refit")
    if theme.edited:
        facts.append("edited by moderators")
    opinion = theme.opinion_support
    if opinion is not None and opinion.common_ground:
        facts.append("common ground: every opinion group backs it")
    if opinion is not None and opinion.splits:
        facts.append("splits the opinion groups")
    return (
        f'<section class="theme" id="theme-{theme.id}" aria-labelledby="theme-{theme.id}-h">'
        f'<h2 id="theme-{theme.id}-h">Theme {theme.id}: {_e(theme.label)}</h2>'
        f'<p class="keywords">{_e(keywords_text(theme))}</p>'
        f"<p>{_e('; '.join(facts))}.</p>"
        f"{_charts(theme)}{_people(theme)}{_ideas(theme, limit)}</section>"
    )


def _summary_table(export: Export) -> str:
    rows = []
    for theme in export.themes:
        opinion = theme.opinion_support
        agree = (
            _percent(sum(c.agrees for c in opinion.cells) / opinion.votes)
            if opinion is not None and opinion.votes
            else "—"
        )
        rows.append(
            f'<tr><td class="n">{theme.id}</td>'
            f'<td><a href="#theme-{theme.id}">{_e(theme.label)}</a></td>'
            f'<td class="n">{theme.size}</td><td class="keywords">{_e(keywords_text(theme, 6))}'
            f'</td><td class="n">{agree}</td></tr>'
        )
    header = [
        ("Id", True),
        ("Theme", False),
        ("Ideas", True),
        ("Keywords", False),
        ("Agree votes", True),
    ]
    return _table("Themes, largest first", header, rows)


def to_html(export: Export, *, ideas_per_theme: int = IDEAS_PER_THEME) -> bytes:
    jam, source = export.jam, export.provenance
    title = f"{jam.title}: themes"
    privacy = (
        "People are shown by name (an administrator's export)."
        if source.privacy == "named"
        else "People are shown by stable pseudonyms, never by name."
    )
    page = (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="jam export v{export.version}">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{_e(title)}</h1>"
        f'<p class="muted">{_when(jam.starts_at)} – {_when(jam.ends_at)} · '
        f"{len(export.themes)} themes, {sum(t.size for t in export.themes)} ideas"
        f"{f', {export.unthemed_ideas} in no theme' if export.unthemed_ideas else ''} · "
        f"{_e(privacy)}</p>"
        f"<p>{_e(jam.description)}</p></header><main>"
        '<nav aria-labelledby="contents-h"><h2 id="contents-h">Contents</h2><ol>'
        + "".join(f'<li><a href="#theme-{t.id}">{_e(t.label)}</a></li>' for t in export.themes)
        + "</ol></nav>"
        '<section aria-labelledby="map-h"><h2 id="map-h">Theme map</h2><figure>'
        f"{theme_map(export)}<figcaption>Each circle is a theme at its place on the jam's map "
        "(themes close together share words); its area is proportional to its number of ideas."
        "</figcaption></figure></section>"
        f'<section aria-labelledby="themes-h"><h2 id="themes-h">Themes</h2>{_summary_table(export)}'
        "</section>"
        f'<section aria-labelledby="provenance-h"><h2 id="provenance-h">Provenance</h2>'
        f"{_provenance(export)}</section>"
        + "".join(_theme_section(t, ideas_per_theme) for t in export.themes)
        + f'</main><footer><p class="muted">Exported by {_e(source.exported_by)} at '
        f"{_when(source.exported_at)} · export format version {export.version}</p></footer>"
        "</body></html>\n"
    )
    return page.encode("utf-8")
