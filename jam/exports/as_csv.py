"""The export as a zip of CSV files, one table each (UTF-8 with a BOM, so spreadsheets read the
text right; every text cell through :func:`jam.exports.cells.inert`):

- ``jam.csv``: the jam and the provenance, as ``key,value``;
- ``themes.csv``: one row per theme (size, label, keywords, trend, support summary);
- ``ideas.csv``: one row per idea, with its theme;
- ``votes-by-group.csv``: the theme × opinion-group matrix, one row per cell;
- ``votes-by-population.csv``: the theme × population matrices (employee or guest, org unit,
  country), one row per cell;
- ``teams.csv``: per theme, the suggested team's members and the connectors whose ties reach it.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime

from jam.exports.cells import inert
from jam.exports.model import Export, ExportPerson, ExportTheme, Support
from jam.exports.rows import Value, keywords_text, provenance_rows

MEMBERS = (
    "jam.csv",
    "themes.csv",
    "ideas.csv",
    "votes-by-group.csv",
    "votes-by-population.csv",
    "teams.csv",
)
THEME_COLUMNS = [
    "theme_id",
    "label",
    "size",
    "size_at_fit",
    "keywords",
    "x",
    "y",
    "edited",
    "change",
    "representative_idea_ids",
    "opinion_votes",
    "opinion_spread",
    "opinion_common_ground",
    "opinion_splits",
    "team_size",
    "connectors",
]
IDEA_COLUMNS = [
    "theme_id",
    "idea_id",
    "title",
    "body",
    "forum_id",
    "forum",
    "tags",
    "author",
    "author_id",
    "created_at",
    "upvotes",
    "downvotes",
    "passes",
    "comment_count",
    "link",
    "representative",
]
CELL_COLUMNS = [
    "votes",
    "agrees",
    "disagrees",
    "passes",
    "support",
    "rest_support",
    "backs",
    "opposes",
    "differs",
]
GROUP_COLUMNS = ["theme_id", "theme_label", "opinion_group", *CELL_COLUMNS]
POPULATION_COLUMNS = ["theme_id", "theme_label", "population", "value", *CELL_COLUMNS]
TEAM_COLUMNS = [
    "theme_id",
    "theme_label",
    "kind",
    "rank",
    "name",
    "person_id",
    "role",
    "score",
    "share",
    "reason",
    "org_unit",
    "country",
    "is_guest",
    "idea_ids",
    "related_theme",
]


def _cell(value: Value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    return inert(value)


def _table(header: Sequence[str], rows: Iterable[Sequence[Value]]) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8")


def _theme_row(theme: ExportTheme) -> list[Value]:
    opinion = theme.opinion_support
    return [
        theme.id,
        theme.label,
        theme.size,
        theme.size_at_fit,
        keywords_text(theme),
        theme.position[0],
        theme.position[1],
        theme.edited,
        theme.change,
        " ".join(str(i) for i in theme.representative),
        opinion.votes if opinion else None,
        opinion.spread if opinion else None,
        opinion.common_ground if opinion else None,
        opinion.splits if opinion else None,
        len(theme.team.members) if theme.team else None,
        len(theme.connectors),
    ]


def _trend_columns(export: Export) -> list[str]:
    days = max((len(t.trend) for t in export.themes), default=0)
    return [f"ideas_day_{d}" for d in range(1, days + 1)]


def _cells(support: Support) -> Iterable[tuple[str, list[Value]]]:
    for cell in support.cells:
        yield (
            cell.group,
            [
                cell.votes,
                cell.agrees,
                cell.disagrees,
                cell.passes,
                cell.support,
                cell.rest_support,
                cell.backs,
                cell.opposes,
                cell.differs,
            ],
        )


def _person(person: ExportPerson) -> list[Value]:
    return [person.name, person.id]


def _team_rows(theme: ExportTheme) -> Iterable[list[Value]]:
    head: list[Value] = [theme.id, theme.label]
    if theme.team is not None:
        for member in theme.team.members:
            yield [
                *head,
                "team",
                None,
                *_person(member.person),
                member.role,
                member.score,
                None,
                member.reason,
                member.person.org_unit,
                member.person.country,
                member.person.is_guest,
                " ".join(str(i) for i in member.idea_ids),
                member.related_theme,
            ]
    for connector in theme.connectors:
        person = connector.person
        yield [
            *head,
            "connector",
            connector.rank,
            *_person(person),
            None,
            connector.score,
            connector.share,
            connector.reason,
            person.org_unit,
            person.country,
            person.is_guest,
            None,
            None,
        ]


def to_csv_zip(export: Export) -> bytes:
    trend = _trend_columns(export)
    themes = _table(
        THEME_COLUMNS + trend,
        (
            _theme_row(t) + [d.ideas for d in t.trend] + [None] * (len(trend) - len(t.trend))
            for t in export.themes
        ),
    )
    ideas = _table(
        IDEA_COLUMNS,
        (
            [
                theme.id,
                idea.id,
                idea.title,
                idea.body,
                idea.forum_id,
                idea.forum,
                " ".join(idea.tags),
                idea.author,
                idea.author_id,
                idea.created_at,
                idea.upvotes,
                idea.downvotes,
                idea.passes,
                idea.comment_count,
                idea.link,
                idea.id in representative,
            ]
            for theme in export.themes
            for representative in [set(theme.representative)]
            for idea in theme.ideas
        ),
    )
    by_group = _table(
        GROUP_COLUMNS,
        (
            [theme.id, theme.label, group, *cells]
            for theme in export.themes
            if theme.opinion_support is not None
            for group, cells in _cells(theme.opinion_support)
        ),
    )
    by_population = _table(
        POPULATION_COLUMNS,
        (
            [theme.id, theme.label, population, value, *cells]
            for theme in export.themes
            for population, support in theme.population_support.items()
            for value, cells in _cells(support)
        ),
    )
    teams = _table(TEAM_COLUMNS, (row for t in export.themes for row in _team_rows(t)))
    jam = _table(["key", "value"], ([k, v] for k, v in provenance_rows(export)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, data in zip(
            MEMBERS, (jam, themes, ideas, by_group, by_population, teams), strict=True
        ):
            info = zipfile.ZipInfo(name, date_time=export.provenance.exported_at.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buffer.getvalue()
