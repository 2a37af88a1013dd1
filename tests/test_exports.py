"""Exports of a jam's themes (jam.exports, jam.queries.exports): provenance, public ideas only,
names for administrators and pseudonyms for everyone else in every format's bytes, who may
export, the JSON Schema, the CSV tables, the XLSX types, spreadsheet-safe and HTML-safe text,
and a constant number of statements."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import random
import uuid
import zipfile
from dataclasses import fields, is_dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

import jsonschema
import openpyxl
import pytest
from sqlalchemy import event, update
from sqlmodel import select

from jam import actions
from jam.access import Actor
from jam.actions.accounts import signing_key
from jam.actions.connectors import analyse_connectors
from jam.actions.opinions import analyse_opinions
from jam.actions.themes import rename_theme
from jam.cli import main
from jam.errors import ActionError, ErrorCode
from jam.exports import model
from jam.exports.as_csv import MEMBERS
from jam.exports.as_json import json_schema
from jam.exports.as_xlsx import SUMMARY, sheet_name
from jam.exports.formats import RENDERINGS, ExportFormat, render
from jam.jobs.themes import RefreshPolicy, ThemeRefresher
from jam.models import AccountKind, GlobalRole, Idea, ThemeSnapshot, User
from jam.queries import exports as export_queries
from jam.queries.exports import COMMAND_LINE, gather_export
from tests.conftest import World, actor_of
from tests.test_themes_in_jam import TOPICS, idea_about

UP, DOWN = actions.VoteValue.UP, actions.VoteValue.DOWN
FORMULA = '=HYPERLINK("http://evil.example","click me")'
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class Seeded:
    """A jam with ideas on three topics by four authors with unmistakable names, themes fitted,
    and (``analysed``) votes from two camps, comments, opinion groups and connectors."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.names: list[str] = []
        self.emails: list[str] = []
        self.people: list[Actor] = []
        self.ideas: list[int] = []

    async def person(self, name: str, unit: str, country: str) -> Actor:
        email = f"{name.split()[0].lower()}-{uuid.uuid4().hex[:8]}@example.org"
        user = await actions.create_user(
            self.world.rt,
            email=email,
            password="correct horse battery",
            display_name=name,
            org_unit=unit,
            country=country,
        )
        actor = actor_of(user)
        assert self.world.jam.id is not None
        await actions.join_jam(self.world.rt, actor, self.world.jam.id)
        self.names.append(name)
        self.emails.append(email)
        self.people.append(actor)
        return actor

    async def build(self, per_topic: int = 6) -> Seeded:
        world = self.world
        authors = [
            await self.person(name, "Research" if i % 2 else "Sales", "DE" if i < 2 else "BR")
            for i, name in enumerate(
                ["Quintessa Vrombaut", "Zebulon Oxtaby", "Marisol Fenwick-Ueda", "Torvald Pimm"]
            )
        ]
        rng = random.Random(0)
        assert world.forum.id is not None and world.other_forum.id is not None
        for i in range(per_topic * len(TOPICS)):
            title, body = idea_about(list(TOPICS)[i % len(TOPICS)], rng)
            forum = world.forum.id if i % 2 else world.other_forum.id
            idea = await actions.post_idea(
                world.rt,
                authors[i % len(authors)],
                forum,
                title=title,
                body=body,
                tags=["green"] if i % 3 == 0 else [],
            )
            assert idea.id is not None
            self.ideas.append(idea.id)
        self.formula = await self.idea(authors[0], FORMULA, "bike lanes cycling helmet commute")
        self.hostile = await self.idea(authors[1], HOSTILE, "solar panels energy battery roof")
        assert world.jam.id is not None
        snapshot = await ThemeRefresher(world.rt, RefreshPolicy(min_ideas=5)).refresh_jam(
            world.jam.id
        )
        assert snapshot is not None
        self.snapshot = snapshot
        return self

    async def idea(self, author: Actor, title: str, body: str) -> int:
        assert self.world.forum.id is not None
        idea = await actions.post_idea(
            self.world.rt, author, self.world.forum.id, title=title, body=body
        )
        assert idea.id is not None
        self.ideas.append(idea.id)
        return idea.id

    async def analysed(self) -> Seeded:
        world = self.world
        assert world.jam.id is not None
        camps = [
            [await self.person(f"Voter Alpha{i} Kestrel", "Research", "DE") for i in range(5)],
            [await self.person(f"Voter Beta{i} Heron", "Sales", "BR") for i in range(5)],
        ]
        voted = self.ideas[:10]
        for number, camp in enumerate(camps):
            for person in camp:
                for i, idea in enumerate(voted):
                    agree = (i < 5) == (number == 0)
                    await actions.vote(world.rt, person, idea, UP if agree else DOWN)
        for person, idea in zip(camps[0] + camps[1], self.ideas * 2, strict=False):
            await actions.add_comment(world.rt, person, idea, body="Let's build on this")
        await analyse_opinions(world.rt, world.jam.id, reason="test")
        await analyse_connectors(world.rt, world.jam.id, reason="test")
        return self


@pytest.fixture
async def seeded(world: World) -> Seeded:
    return await Seeded(world).build()


@pytest.fixture
async def analysed(seeded: Seeded) -> Seeded:
    return await seeded.analysed()


async def _export(seeded: Seeded, actor: Actor, **kwargs: Any) -> model.Export:
    assert seeded.world.jam.id is not None
    await signing_key(seeded.world.rt)  # the key pseudonyms derive from (made on first use)
    return await gather_export(seeded.world.rt, actor, seeded.world.jam.id, **kwargs)


def _ideas(export: model.Export) -> list[model.ExportIdea]:
    return [idea for theme in export.themes for idea in theme.ideas]


def _texts(data: bytes, format: ExportFormat) -> str:
    """Everything a file says, as text (zips and workbooks unpacked)."""
    if format in (ExportFormat.CSV, ExportFormat.XLSX):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "\n".join(zf.read(name).decode("utf-8") for name in zf.namelist())
    return data.decode("utf-8")


def _csv(data: bytes, member: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        text = zf.read(member).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


# --- provenance and content -------------------------------------------------------------------


async def test_an_administrators_export_names_people_and_says_where_it_comes_from(
    analysed: Seeded,
) -> None:
    world = analysed.world
    export = await _export(analysed, world.admin)
    source = export.provenance
    assert export.version == model.EXPORT_VERSION == 1
    assert source.privacy == "named" and source.exported_by == "Admin"
    assert (source.theme_snapshot.id, source.theme_snapshot.version) == (
        analysed.snapshot.id,
        analysed.snapshot.version,
    )
    assert source.theme_snapshot.created_at == analysed.snapshot.created_at
    assert source.theme_snapshot.parameters["seed"] == 2006 and source.theme_snapshot.method
    assert source.opinion_snapshot is not None and source.opinion_snapshot.status == "ok"
    assert source.opinion_snapshot.parameters and source.opinion_snapshot.voters == 10
    assert source.connector_snapshot is not None and source.connector_snapshot.people > 0
    assert datetime.now(UTC) - source.exported_at < timedelta(minutes=1)
    assert (export.jam.id, export.jam.slug, export.jam.title) == (
        world.jam.id,
        world.jam.slug,
        world.jam.title,
    )
    assert [f.title for f in export.jam.forums] == ["Future of work", "Green ideas"]
    ideas = _ideas(export)
    assert {i.author for i in ideas} <= set(analysed.names)
    assert all(i.author_id is not None for i in ideas)
    assert all(i.link == f"/jams/{world.jam.slug}/ideas/{i.id}" for i in ideas)
    assert any(i.tags == ["green"] for i in ideas)
    for theme in export.themes:
        assert theme.size == len(theme.ideas) > 0 and theme.keywords
        assert sum(day.ideas for day in theme.trend) == theme.size
        assert [d.day for d in theme.trend] == [1, 2, 3]  # a three-day jam
        assert set(theme.representative) <= {i.id for i in theme.ideas}
    assert [t.size for t in export.themes] == sorted((t.size for t in export.themes), reverse=True)


async def test_support_connectors_and_teams_come_from_the_snapshots(analysed: Seeded) -> None:
    export = await _export(analysed, analysed.world.admin)
    assert [g.size for g in export.opinion_groups] == [5, 5]
    supported = [t for t in export.themes if t.opinion_support is not None]
    assert supported, "the voted ideas' themes have a row of the opinion matrix"
    for theme in supported:
        assert theme.opinion_support is not None
        assert {c.group for c in theme.opinion_support.cells} == {
            g.id for g in export.opinion_groups
        }
    assert set(export.populations) <= {"kind", "org_unit", "country"} and export.populations
    assert any(t.population_support for t in export.themes)
    teamed = [t for t in export.themes if t.team is not None]
    assert teamed and all(t.team and t.team.members for t in teamed)
    members = [m for t in teamed if t.team for m in t.team.members]
    assert all(m.person.id is not None and m.person.name for m in members)  # named


async def test_only_public_ideas_are_exported(seeded: Seeded) -> None:
    world = seeded.world
    hidden, merged = seeded.ideas[0], seeded.ideas[1]
    await actions.set_idea_hidden(world.rt, world.moderator, hidden, hidden=True)

    async def merge(session: Any) -> None:
        await session.execute(
            update(Idea).where(Idea.id == merged).values(merged_into_id=seeded.ideas[2])  # type: ignore[arg-type]
        )

    await world.rt.db.write(merge)
    export = await _export(seeded, world.admin)
    listed = {i.id for i in _ideas(export)}
    assert hidden not in listed and merged not in listed
    assert len(listed) + export.unthemed_ideas == len(seeded.ideas) - 2
    assert all(
        hidden not in t.representative and merged not in t.representative for t in export.themes
    )


async def test_progress_is_reported_as_themes_are_built(seeded: Seeded) -> None:
    calls: list[tuple[int, int]] = []
    export = await _export(seeded, seeded.world.admin, progress=lambda d, t: calls.append((d, t)))
    total = calls[-1][1]
    assert calls == [(n, total) for n in range(1, total + 1)] and total >= len(export.themes)


# --- who may export and what they see ----------------------------------------------------------


async def test_participants_may_not_export_and_strangers_do_not_see_the_jam(
    seeded: Seeded,
) -> None:
    world = seeded.world
    with pytest.raises(ActionError) as caught:
        await _export(seeded, world.participant)
    assert caught.value.code is ErrorCode.FORBIDDEN
    guest = await world.user(kind=AccountKind.GUEST)  # not invited to this jam
    with pytest.raises(ActionError) as caught:
        await _export(seeded, guest)
    assert (caught.value.code, caught.value.field) == (ErrorCode.NOT_FOUND, "jamId")


async def test_a_jam_without_themes_yet_says_so(world: World) -> None:
    await world.idea(title="Lonely idea", body="Nobody else posted")
    assert world.jam.id is not None
    with pytest.raises(ActionError) as caught:
        await gather_export(world.rt, world.admin, world.jam.id)
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert "no themes yet" in caught.value.message


async def test_moderators_and_analysts_get_the_same_stable_pseudonyms(analysed: Seeded) -> None:
    world = analysed.world
    analyst = await world.user(role=GlobalRole.ANALYST)
    by_moderator = await _export(analysed, world.moderator)
    by_analyst = await _export(analysed, analyst)
    again = await _export(analysed, world.moderator)
    assert by_moderator.provenance.privacy == "pseudonymous"
    assert by_moderator.provenance.exported_by.startswith("Exporter ")
    authors = {i.id: i.author for i in _ideas(by_moderator)}
    assert all(a.startswith("Author ") for a in authors.values())
    assert authors == {i.id: i.author for i in _ideas(by_analyst)}
    assert authors == {i.id: i.author for i in _ideas(again)}
    assert len(set(authors.values())) == 4  # one pseudonym per author
    assert all(i.author_id is None for i in _ideas(by_moderator))


async def test_author_pseudonyms_never_match_connector_pseudonyms(analysed: Seeded) -> None:
    # An idea shows its author to the jam: an author pseudonym that equalled the person's
    # connector pseudonym would name every connector and team member.
    export = await _export(analysed, analysed.world.moderator)
    author_codes = {i.author.split()[-1] for i in _ideas(export)}
    people = [m.person for t in export.themes if t.team for m in t.team.members]
    people += [c.person for t in export.themes for c in t.connectors]
    assert people and all(p.id is None and p.name.startswith("Participant ") for p in people)
    assert all(m.idea_ids == [] for t in export.themes if t.team for m in t.team.members)
    assert not author_codes & {p.name.split()[-1] for p in people}


@pytest.mark.parametrize("format", list(ExportFormat))
async def test_a_pseudonymous_export_holds_no_name_email_or_user_id(
    analysed: Seeded, format: ExportFormat
) -> None:
    world = analysed.world
    export = await _export(analysed, world.moderator)
    data = render(export, format)
    text = _texts(data, format)
    names = [*analysed.names, "Admin"]
    emails = list(analysed.emails)
    async with world.rt.db.read() as session:
        for actor in (world.admin, world.moderator, world.participant):
            user = await session.get(User, actor.user_id)
            assert user is not None
            emails.append(user.email)
    for secret in names + emails + [e.split("@")[0] for e in emails]:
        assert secret not in text, f"{secret!r} in the {format.value} export"
    assert "@example.org" not in text
    if format is ExportFormat.JSON:
        document = json.loads(data)
        ideas = [i for t in document["themes"] for i in t["ideas"]]
        assert ideas and all(i["author_id"] is None for i in ideas)
        people = _people_in(document)
        assert people and all(p["id"] is None for p in people)
    if format is ExportFormat.CSV:
        assert all(row["author_id"] == "" for row in _csv(data, "ideas.csv"))
        assert all(row["person_id"] == "" for row in _csv(data, "teams.csv"))


def _people_in(value: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        if {"name", "id", "org_unit"} <= value.keys():
            found.append(value)
        for inner in value.values():
            found += _people_in(inner)
    elif isinstance(value, list):
        for inner in value:
            found += _people_in(inner)
    return found


async def test_the_command_line_exports_as_an_administrator_or_pseudonymously(
    analysed: Seeded, tmp_path: Path
) -> None:
    world = analysed.world
    url = world.rt.settings.database_url
    named, hidden = tmp_path / "named.json", tmp_path / "pseudonymous.json"
    for path, extra in ((named, []), (hidden, ["--pseudonymous"])):
        argv = [
            "export",
            world.jam.slug,
            "--format",
            "json",
            "--output",
            str(path),
            "--database-url",
            url,
            *extra,
        ]
        assert await asyncio.to_thread(main, argv) == 0
    named_doc, hidden_doc = json.loads(named.read_text()), json.loads(hidden.read_text())
    assert named_doc["provenance"]["exported_by"] == "command line"
    assert named_doc["provenance"]["privacy"] == "named"
    assert hidden_doc["provenance"]["privacy"] == "pseudonymous"
    assert not any(name in hidden.read_text() for name in analysed.names)
    by_id = [
        "export",
        str(world.jam.id),
        "--format",
        "html",
        "--output",
        str(tmp_path / "r.html"),
        "--database-url",
        url,
    ]
    assert await asyncio.to_thread(main, by_id) == 0
    assert (tmp_path / "r.html").read_bytes().startswith(b"<!doctype html>")
    missing = ["export", "no-such-jam", "--format", "json", "--database-url", url]
    assert await asyncio.to_thread(main, missing) == 2


# --- the formats --------------------------------------------------------------------------------


def _validator() -> jsonschema.protocols.Validator:
    schema = json_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)  # type: ignore[no-any-return]


@pytest.mark.parametrize("role", ["admin", "moderator"])
async def test_the_json_export_is_valid_against_its_schema(analysed: Seeded, role: str) -> None:
    export = await _export(analysed, getattr(analysed.world, role))
    document = json.loads(render(export, ExportFormat.JSON))
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert document["version"] == 1 and document["themes"]


async def test_a_minimal_export_is_valid_against_the_schema_too(seeded: Seeded) -> None:
    export = await _export(seeded, seeded.world.moderator)  # no opinion or connector snapshot
    assert (
        export.provenance.opinion_snapshot is None and export.provenance.connector_snapshot is None
    )
    assert not list(_validator().iter_errors(json.loads(render(export, ExportFormat.JSON))))


def _properties(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return dict(node.get("properties", {}))


def test_the_schema_describes_every_field_of_the_model() -> None:
    schema = json_schema()

    def check(cls: type, node: dict[str, Any], where: str) -> None:
        properties = _properties(schema, node)
        names = [f.name for f in fields(cls)]
        assert sorted(properties) == sorted(names), where
        hints = get_type_hints(cls)
        for name, prop in properties.items():
            assert prop.get("description"), f"{where}.{name} has no description"
            for inner in _dataclasses_in(hints[name]):
                target = prop
                if prop.get("type") == "array":
                    target = prop["items"]
                elif prop.get("type") == "object" and "additionalProperties" in prop:
                    target = prop["additionalProperties"]
                elif "anyOf" in prop:
                    target = prop["anyOf"][0]
                check(inner, target, f"{where}.{name}")

    check(model.Export, schema, "Export")
    for name, definition in schema["$defs"].items():
        assert definition.get("description"), name


def _dataclasses_in(hint: Any) -> list[type]:
    if is_dataclass(hint) and isinstance(hint, type):
        return [hint]
    return (
        [found for arg in get_args(hint) for found in _dataclasses_in(arg)]
        if get_origin(hint)
        else []
    )


async def test_the_csv_zip_holds_its_tables_with_their_headers(analysed: Seeded) -> None:
    export = await _export(analysed, analysed.world.admin)
    data = render(export, ExportFormat.CSV)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist() == list(MEMBERS)
    jam = {row["key"]: row["value"] for row in _csv(data, "jam.csv")}
    assert jam["provenance.theme_snapshot.id"] == str(export.provenance.theme_snapshot.id)
    assert jam["provenance.privacy"] == "named" and jam["jam.slug"] == export.jam.slug
    themes = _csv(data, "themes.csv")
    assert [int(r["theme_id"]) for r in themes] == [t.id for t in export.themes]
    assert {"label", "size", "keywords", "ideas_day_1", "ideas_day_3"} <= themes[0].keys()
    ideas = _csv(data, "ideas.csv")
    assert len(ideas) == sum(t.size for t in export.themes)
    assert {"theme_id", "idea_id", "title", "author", "created_at", "upvotes", "link"} <= ideas[
        0
    ].keys()
    by_group = _csv(data, "votes-by-group.csv")
    assert by_group and {"opinion_group", "support", "backs"} <= by_group[0].keys()
    by_population = _csv(data, "votes-by-population.csv")
    assert by_population and {r["population"] for r in by_population} <= {
        "kind",
        "org_unit",
        "country",
    }
    teams = _csv(data, "teams.csv")
    assert teams and {r["kind"] for r in teams} <= {"team", "connector"}


async def test_the_xlsx_reads_back_with_real_types(analysed: Seeded) -> None:
    export = await _export(analysed, analysed.world.admin)
    workbook = openpyxl.load_workbook(io.BytesIO(render(export, ExportFormat.XLSX)))
    used: set[str] = set()
    expected = [SUMMARY] + [sheet_name(t, used) for t in export.themes]
    assert workbook.sheetnames == expected
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in workbook.sheetnames)
    theme = export.themes[0]
    sheet = workbook[expected[1]]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == theme.size
    first = rows[0]
    assert isinstance(first[0].value, int) and first[0].value == theme.ideas[0].id
    assert isinstance(first[6].value, datetime)  # naive UTC: Excel has no time zones
    posted = theme.ideas[0].created_at.replace(tzinfo=None)
    assert abs(first[6].value - posted) < timedelta(milliseconds=1)
    assert isinstance(first[7].value, int)
    assert first[12].hyperlink is not None
    assert first[12].hyperlink.target.endswith(theme.ideas[0].link)
    summary = workbook[SUMMARY]
    values = {row[0].value: row[1].value for row in summary.iter_rows(max_col=2) if row[0].value}
    assert values["provenance.theme_snapshot.id"] == export.provenance.theme_snapshot.id
    assert isinstance(values["provenance.exported_at"], datetime)


async def test_formula_looking_text_stays_text_in_csv_and_xlsx(seeded: Seeded) -> None:
    export = await _export(seeded, seeded.world.admin)
    theme = next(t for t in export.themes if any(i.id == seeded.formula for i in t.ideas))
    ideas = _csv(render(export, ExportFormat.CSV), "ideas.csv")
    row = next(r for r in ideas if r["idea_id"] == str(seeded.formula))
    assert row["title"] == "'" + FORMULA
    workbook = openpyxl.load_workbook(io.BytesIO(render(export, ExportFormat.XLSX)))
    sheet = workbook[_name(export, theme)]
    cell = next(r[1] for r in sheet.iter_rows(min_row=2) if r[0].value == seeded.formula)
    assert cell.value == FORMULA and cell.data_type == "s" and cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(render(export, ExportFormat.XLSX))) as zf:
        assert not any("<f>" in zf.read(n).decode() for n in zf.namelist() if n.endswith(".xml"))


def _name(export: model.Export, theme: model.ExportTheme) -> str:
    used: set[str] = set()
    names = {t.id: sheet_name(t, used) for t in export.themes}
    return names[theme.id]


async def test_sheet_names_are_valid_and_unique() -> None:
    def theme(id: int, label: str) -> model.ExportTheme:
        return model.ExportTheme(
            id, label, [], 1, 1, (0.0, 0.0), False, None, [], [], [], None, {}, [], None
        )

    used: set[str] = set()
    names = [
        sheet_name(theme(1, "a/b\\c[d]:e*f?g " + "long " * 10), used),
        sheet_name(theme(1, "a/b\\c[d]:e*f?g " + "long " * 10), used),
        sheet_name(theme(2, "'quoted'"), used),
    ]
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert len({n.lower() for n in names}) == 3 and not names[2].endswith("'")


async def test_hostile_text_is_escaped_in_the_html_report(seeded: Seeded) -> None:
    world = seeded.world
    assert world.jam.id is not None
    theme_id = next(t.id for t in (await _export(seeded, world.admin)).themes)
    await rename_theme(world.rt, world.moderator, world.jam.id, theme_id, HOSTILE)
    export = await _export(seeded, world.admin)
    assert any(t.label == HOSTILE for t in export.themes)
    assert any(i.title == HOSTILE for i in _ideas(export))
    page = render(export, ExportFormat.HTML).decode()
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    tags = _tags(page)
    assert "script" not in {t for t, _ in tags} and "img" not in {t for t, _ in tags}
    attributes = [(name, value or "") for _, attrs in tags for name, value in attrs]
    assert not [a for a in attributes if a[0].startswith("on")]
    links = [v for n, v in attributes if n in ("src", "href", "action", "srcset", "xlink:href")]
    assert links and all(v.startswith("#") for v in links)
    assert "url(" not in page and "@import" not in page
    assert page.startswith("<!doctype html>") and '<html lang="en">' in page
    assert "@media print" in page and '<th scope="col"' in page and "<caption>" in page


def _tags(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag of an HTML page with its attributes, as a browser's parser sees them."""
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collect().feed(page)
    return found


# --- reads ---------------------------------------------------------------------------------------


class StatementCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith("BEGIN") and "outbox_event" not in statement:
            self.count += 1


async def test_gathering_runs_the_same_statements_for_more_ideas(analysed: Seeded) -> None:
    world = analysed.world
    assert world.jam.id is not None
    await signing_key(world.rt)
    counter = StatementCounter()
    for engine in world.rt.db.engines:
        event.listen(engine.sync_engine, "before_cursor_execute", counter)
    await gather_export(world.rt, world.moderator, world.jam.id)
    small = counter.count
    for _ in range(2):
        await analysed.build(per_topic=4)  # more ideas and a refit
    async with world.rt.db.read() as session:
        versions = (await session.execute(select(ThemeSnapshot.version))).scalars().all()
    assert max(versions) >= 3
    counter.count = 0
    export = await gather_export(world.rt, world.moderator, world.jam.id)
    assert sum(t.size for t in export.themes) > 40
    assert counter.count == small <= 12, (counter.count, small)


async def test_the_command_line_actor_is_no_account() -> None:
    assert COMMAND_LINE.user_id == 0 and COMMAND_LINE.is_admin
    from jam.actions.accounts import SIGNING_SECRET

    assert export_queries.SIGNING_SECRET_NAME == SIGNING_SECRET
    assert set(RENDERINGS) == set(ExportFormat)


# --- a sample for the browser test ------------------------------------------------------------


def sample_export(themes: int = 5, ideas_per_theme: int = 6) -> model.Export:
    """A hand-made export (no database) with every part filled in."""
    start = datetime(2026, 11, 30, 9, tzinfo=UTC)
    person = model.ExportPerson("Participant 1A2B3C", None, "Research", "other", None)
    rng = random.Random(1)
    built = []
    for t in range(1, themes + 1):
        ideas = [
            model.ExportIdea(
                id=t * 100 + i,
                title=f"Idea {i} of theme {t}" if i else HOSTILE,
                body="A body long enough to be cut short in the report. " * 8,
                forum_id=1,
                forum="Future of work",
                tags=["green"],
                author=f"Author {i:06X}",
                author_id=None,
                created_at=start + timedelta(hours=7 * i + t),
                upvotes=rng.randint(0, 30),
                downvotes=rng.randint(0, 9),
                passes=rng.randint(0, 4),
                comment_count=i,
                link=f"/jams/sample/ideas/{t * 100 + i}",
            )
            for i in range(ideas_per_theme + t)
        ]
        cells = [
            model.SupportCell(
                str(g), 40, 10 + 12 * g, 25 - 10 * g, 5, 0.3 + 0.3 * g, 0.5, g == 1, g == 0, True
            )
            for g in range(2)
        ]
        population = [
            model.SupportCell(value, 20, 12, 6, 2, 0.59, 0.5, False, False, False)
            for value in ("employee", "guest")
        ]
        built.append(
            model.ExportTheme(
                id=t,
                label=f"Theme {t} label" if t > 1 else HOSTILE,
                keywords=[model.Keyword(w, 0.5) for w in ("bike", "lanes", "commute")],
                size=len(ideas),
                size_at_fit=len(ideas),
                position=(rng.random(), rng.random()),
                edited=t == 2,
                change="continued",
                trend=[
                    model.TrendDay(d, start + timedelta(days=d - 1), len(ideas) // 3)
                    for d in (1, 2, 3)
                ],
                representative=[ideas[0].id],
                ideas=ideas,
                opinion_support=model.Support(80, 0.3, False, True, cells),
                population_support={"kind": model.Support(40, 0.0, False, False, population)},
                connectors=[model.ExportConnector(1, person, 0.8, 0.4, "Links units")],
                team=model.ExportTeam(
                    "Theme",
                    6,
                    [
                        model.ExportTeamMember(
                            person, "contributor", 0.9, "Top contributor", [], None
                        )
                    ],
                    [],
                    [],
                ),
            )
        )
    source = model.ThemeSource(7, 3, start, start, "live", 40, "GSDMM", {"seed": 2006})
    return model.Export(
        version=model.EXPORT_VERSION,
        jam=model.ExportJam(
            1,
            "sample",
            HOSTILE,
            "A sample jam.",
            start,
            start + timedelta(days=3),
            "http://127.0.0.1:8000/jams/sample",
            [model.ExportForum(1, "Future of work", "How?")],
        ),
        provenance=model.Provenance(
            source, None, None, "Exporter 0A0B0C", start, "pseudonymous", export_queries.PSEUDONYMS
        ),
        themes=built,
        opinion_groups=[model.OpinionGroup("0", 20), model.OpinionGroup("1", 20)],
        populations=["kind"],
    )


def test_the_report_lists_the_top_ideas_of_a_large_theme_and_says_so() -> None:
    from jam.exports.as_html import to_html

    export = sample_export(themes=1, ideas_per_theme=9)  # ten ideas in its one theme
    theme = export.themes[0]
    last = theme.ideas[-1].id
    object.__setattr__(theme, "representative", [last])
    page = to_html(export, ideas_per_theme=3).decode()
    assert "The 4 top ideas of 10 in theme 1" in page
    assert f"/jams/sample/ideas/{theme.ideas[2].id}<" in page  # top three, then
    assert f"/jams/sample/ideas/{theme.ideas[3].id}<" not in page
    assert f"/jams/sample/ideas/{last}<" in page  # the representative one


def test_the_sample_export_renders_in_every_format() -> None:
    export = sample_export()
    for format in ExportFormat:
        assert render(export, format)
    assert not list(_validator().iter_errors(json.loads(render(export, ExportFormat.JSON))))
