"""Gathering a jam's themes for export (``jam.exports``): who may, what they see, in a few
statements.

Who may: analysts, administrators and the jam's moderators (FORBIDDEN for everyone else;
NOT_FOUND for a jam they may not see), as for connector analyses. Names only for
administrators: everyone else gets a **pseudonymous** export, where no name, e-mail or user id
appears anywhere:

- idea authors are ``"Author <hex>"``: ``clustering.network.pseudonym`` of the user id under a
  salt derived for the jam from the server's secret key (``JAM_SECRET_KEY``, else the key kept
  in the database, ``jam.actions.accounts.signing_key``): HMAC-SHA256(key,
  ``"jam-export-authors:<jam id>"``). Stable per jam (and deployment key) and secret. They keep
  names out of the file, not authorship from whoever can open the jam: every idea shows its
  author there, so an author pseudonym next to an idea id names the person to them. Which is
  why the salt is on purpose **not** the connector snapshot's: with it, that same lookup would
  name every connector and team member of the connector views too (the very link
  ``jam.analysis.connectors`` removes the evidence ids to avoid). Author pseudonyms and
  connector pseudonyms therefore never match; the exporter is ``"Exporter <hex>"`` under a
  third derived salt;
- connectors and teams are as ``jam.analysis.connectors.present`` shows them to a
  non-administrator (connector pseudonyms, coarsened attributes, no idea ids);
- support by population comes from the opinion snapshot's matrices, which are k-anonymous
  already (``jam.analysis.opinions``).

Only public ideas (neither hidden nor merged) are exported. Statements: the jam, the viewer's
membership, the forums, the theme snapshot, the opinion snapshot, the connector snapshot, the
ideas, their tags, and (named exports) the names, or (pseudonymous ones) the key: ten or so,
whatever the size of the jam.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_
from sqlalchemy import select as select_columns
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from clustering.network import pseudonym
from jam.access import (
    Actor,
    idea_is_public,
    may_analyse,
    may_moderate,
    membership_of,
    require_viewable_jam,
)
from jam.analysis.connectors import K_ANONYMITY, person_ids, present
from jam.analysis.opinions import OpinionResult
from jam.analysis.snapshots import ConnectorResult, FittedThemes, decode_shown
from jam.analysis.themes import ShownTheme
from jam.errors import ActionError, ErrorCode
from jam.exports.model import (
    EXPORT_VERSION,
    NAMED,
    PSEUDONYMOUS,
    ConnectorSource,
    Export,
    ExportConnector,
    ExportForum,
    ExportIdea,
    ExportJam,
    ExportPerson,
    ExportTeam,
    ExportTeamMember,
    ExportTheme,
    Keyword,
    OpinionGroup,
    OpinionSource,
    Privacy,
    Provenance,
    RelatedTheme,
    Support,
    SupportCell,
    ThemeSource,
    TrendDay,
)
from jam.models import (
    AccountKind,
    ConnectorSnapshot,
    Forum,
    GlobalRole,
    Idea,
    IdeaTag,
    IdeaTheme,
    Jam,
    OpinionSnapshot,
    ServerSecret,
    ThemeSnapshot,
    User,
)
from jam.queries.snapshots import newest_snapshot
from jam.queries.themes import latest_snapshot
from jam.runtime import Runtime
from jam.timeutil import utcnow

COMMAND_LINE = Actor(0, GlobalRole.ADMIN, AccountKind.EMPLOYEE)
"""The exporter ``jam export`` acts as: an administrator (no account has id 0)."""
COMMAND_LINE_NAME = "command line"
# The name under which jam.actions.accounts.signing_key keeps the server's key (SIGNING_SECRET).
SIGNING_SECRET_NAME = "link-signing-key"
AUTHOR_PREFIX = "Author"
EXPORTER_PREFIX = "Exporter"
THEME_METHOD = (
    "clustering.find_themes: Dirichlet-multinomial mixture (GSDMM) with split/merge moves, "
    "TF-IDF sharpening (and sentence vectors when installed), then moderators' edits"
)
OPINION_METHOD = (
    "clustering.opinions.find_opinion_groups (Pol.is-style: vote matrix, PCA, k-means) and "
    "theme_backing: smoothed agree share per group, z-tests against everyone else"
)
CONNECTOR_METHOD = (
    "clustering.network: interaction graph, communities, connector scores, suggest_team"
)
PSEUDONYMS = (
    "Authors are 'Author <hex>': HMAC-SHA256 of the user id under a secret salt derived for "
    "this jam, stable across exports; connectors and team members are 'Participant <hex>' "
    "under the connector analysis's own salt, so the two never match. Org unit, country and "
    "guest status are coarsened so that each value shown is held by at least "
    f"{K_ANONYMITY} people."
)
Progress = Callable[[int, int], None]


def privacy_for(actor: Actor, *, pseudonymous: bool = False) -> Privacy:
    """Names for administrators (unless they ask for pseudonyms), pseudonyms for everyone else
    (as ``jam.queries.connectors.may_see_names`` decides)."""
    return NAMED if actor.is_admin and not pseudonymous else PSEUDONYMOUS


async def _allowed(session: AsyncSession, actor: Actor, jam_id: int) -> Jam:
    jam = await require_viewable_jam(session, actor, jam_id)
    membership = await membership_of(session, jam_id, actor.user_id)
    if not may_analyse(actor, may_moderate(actor, membership)):
        raise ActionError(
            ErrorCode.FORBIDDEN, "exports are for analysts, administrators and the jam's moderators"
        )
    return jam


def _no_themes() -> ActionError:
    return ActionError(
        ErrorCode.NOT_FOUND,
        "this jam has no themes yet: they are found once it has enough ideas (or when an "
        "analyst asks for a refit)",
    )


async def check_export(rt: Runtime, actor: Actor, jam_id: int) -> Privacy:
    """Whether ``actor`` may export the jam's themes now (the errors ``gather_export`` would
    raise), and how private the export would be."""
    async with rt.db.read() as session:
        await _allowed(session, actor, jam_id)
        if await latest_snapshot(session, jam_id, None) is None:
            raise _no_themes()
    return privacy_for(actor)


async def _server_secret(rt: Runtime, session: AsyncSession) -> str:
    if rt.settings.secret_key:
        return rt.settings.secret_key
    stored = (
        await session.execute(
            select(ServerSecret.value).where(ServerSecret.name == SIGNING_SECRET_NAME)
        )
    ).scalar_one_or_none()
    if not stored:
        raise RuntimeError(
            "no server key yet to derive pseudonyms from: set JAM_SECRET_KEY or call "
            "jam.actions.accounts.signing_key(rt) first"
        )
    return str(stored)


def derived_salt(secret: str, label: str, jam_id: int) -> str:
    message = f"jam-export-{label}:{jam_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _theme_source(snapshot: ThemeSnapshot) -> ThemeSource:
    parameters: dict[str, Any] = {}
    try:
        model = FittedThemes.decode(snapshot.model).model
    except (ValueError, KeyError, TypeError):
        model = {}
    for key in ("format_version", "seed", "n_themes_chosen", "alpha", "beta", "next_id"):
        if key in model:
            parameters[key] = model[key]
    assert snapshot.id is not None
    return ThemeSource(
        id=snapshot.id,
        version=snapshot.version,
        created_at=snapshot.created_at,
        fitted_at=snapshot.fitted_at,
        reason=snapshot.reason,
        idea_count=snapshot.idea_count,
        method=THEME_METHOD,
        parameters=parameters,
    )


def _support(row: dict[str, Any]) -> Support:
    return Support(
        votes=int(row.get("votes", 0)),
        spread=float(row.get("spread", 0.0)),
        common_ground=bool(row.get("common_ground", False)),
        splits=bool(row.get("splits", False)),
        cells=[
            SupportCell(
                group=str(c["group"]),
                votes=int(c["votes"]),
                agrees=int(c["agrees"]),
                disagrees=int(c["disagrees"]),
                passes=int(c["passes"]),
                support=float(c["support"]),
                rest_support=float(c["rest_support"]),
                backs=bool(c["backs"]),
                opposes=bool(c["opposes"]),
                differs=bool(c["differs"]),
            )
            for c in row.get("cells", [])
        ],
    )


def _by_theme(matrix: dict[str, Any]) -> dict[str, Support]:
    return {str(row["theme"]): _support(row) for row in matrix.get("themes", [])}


def _person(data: dict[str, Any]) -> ExportPerson:
    is_guest = data.get("is_guest")
    return ExportPerson(
        name=str(data.get("name") or ""),
        id=int(data["id"]) if data.get("id") is not None else None,
        org_unit=data.get("org_unit"),
        country=data.get("country"),
        is_guest=None if is_guest is None else bool(is_guest),
    )


def _team(data: dict[str, Any]) -> ExportTeam:
    return ExportTeam(
        theme_label=str(data.get("theme_label", "")),
        requested_size=int(data.get("requested_size", 0)),
        members=[
            ExportTeamMember(
                person=_person(m["person"]),
                role=str(m.get("role", "")),
                score=float(m.get("score", 0.0)),
                reason=str(m.get("reason", "")),
                idea_ids=[int(i) for i in m.get("idea_ids", [])],
                related_theme=None if m.get("related_theme") is None else str(m["related_theme"]),
            )
            for m in data.get("members", [])
        ],
        related_themes=[
            RelatedTheme(theme_id=str(r["theme_id"]), overlap=float(r["overlap"]))
            for r in data.get("related_themes", [])
        ],
        notes=[str(n) for n in data.get("notes", [])],
    )


def _connectors_by_theme(presented: dict[str, Any]) -> dict[str, list[ExportConnector]]:
    found: dict[str, list[ExportConnector]] = defaultdict(list)
    for connector in presented.get("connectors", {}).get("connectors", []):
        for bridge in connector.get("bridges", []):
            if bridge.get("kind") != "theme":
                continue
            found[str(bridge["group"])].append(
                ExportConnector(
                    rank=int(connector["rank"]),
                    person=_person(connector["person"]),
                    score=float(connector["score"]),
                    share=float(bridge["share"]),
                    reason=str(connector.get("reason", "")),
                )
            )
    return found


def _trend(created: list[datetime], starts_at: datetime, ends_at: datetime) -> list[TrendDay]:
    """Ideas per day of the jam; day 1 begins when the jam starts. An idea dated outside the
    jam (seeded or imported data) counts on its first or last day."""
    days = max(1, math.ceil((ends_at - starts_at) / timedelta(days=1)))
    counts = [0] * days
    for at in created:
        day = int((at - starts_at) // timedelta(days=1))
        counts[min(max(day, 0), days - 1)] += 1
    return [
        TrendDay(day=d + 1, starts_at=starts_at + timedelta(days=d), ideas=n)
        for d, n in enumerate(counts)
    ]


async def gather_export(
    rt: Runtime,
    actor: Actor,
    jam_id: int,
    *,
    progress: Progress | None = None,
    pseudonymous: bool = False,
) -> Export:
    """The jam's newest (jam-wide) themes with their public ideas, support by opinion group and
    population, connectors and teams, and where each comes from.

    ``pseudonymous=True`` makes an administrator's export pseudonymous too (``jam export
    --pseudonymous``); ``actor`` :data:`COMMAND_LINE` is the command line (an administrator).
    ``progress(done, total)`` is called as each theme is built. Raises ActionError: FORBIDDEN,
    NOT_FOUND (no such jam, field ``jamId``; or no themes yet)."""
    privacy = privacy_for(actor, pseudonymous=pseudonymous)
    named = privacy == NAMED
    public = idea_is_public()
    async with rt.db.read() as session:
        jam = await _allowed(session, actor, jam_id)
        snapshot = await latest_snapshot(session, jam_id, None)
        if snapshot is None or snapshot.id is None:
            raise _no_themes()
        forums = list(
            (
                await session.execute(
                    select(Forum).where(Forum.jam_id == jam_id).order_by(col(Forum.position))
                )
            ).scalars()
        )
        opinion_row = await newest_snapshot(session, OpinionSnapshot, jam_id)
        connector_row = await newest_snapshot(session, ConnectorSnapshot, jam_id)
        ideas = (
            await session.execute(
                select_columns(  # more columns than sqlmodel's select() is typed for
                    col(Idea.id),
                    col(Idea.title),
                    col(Idea.body),
                    col(Idea.forum_id),
                    col(Idea.author_id),
                    col(Idea.created_at),
                    col(Idea.upvotes),
                    col(Idea.downvotes),
                    col(Idea.passes),
                    col(Idea.comment_count),
                    col(IdeaTheme.theme_id),
                )
                .join(IdeaTheme, col(IdeaTheme.idea_id) == Idea.id)
                .where(col(IdeaTheme.snapshot_id) == snapshot.id, public)
                .order_by(col(Idea.top_score).desc(), col(Idea.id))
            )
        ).all()
        tags: dict[int, list[str]] = defaultdict(list)
        for tagged, tag in (
            await session.execute(
                select(IdeaTag.idea_id, IdeaTag.tag)
                .join(Idea, col(Idea.id) == IdeaTag.idea_id)
                .join(IdeaTheme, col(IdeaTheme.idea_id) == Idea.id)
                .where(IdeaTheme.snapshot_id == snapshot.id, public)
                .order_by(col(IdeaTag.idea_id), col(IdeaTag.tag))
            )
        ).all():
            tags[tagged].append(tag)
        stored_connectors = (
            ConnectorResult.decode(connector_row.result).to_dict() if connector_row else None
        )
        names: dict[int, str] = {}
        salt = ""
        if named:
            people = {actor.user_id} | (
                person_ids(stored_connectors) if stored_connectors else set()
            )
            authors = (
                select(Idea.author_id)
                .join(IdeaTheme, col(IdeaTheme.idea_id) == Idea.id)
                .where(IdeaTheme.snapshot_id == snapshot.id, public)
            )
            rows = await session.execute(
                select(User.id, User.display_name).where(
                    or_(col(User.id).in_(authors), col(User.id).in_(sorted(people)))
                )
            )
            names = {int(i): n for i, n in rows.all()}
        else:
            salt = await _server_secret(rt, session)
    assert jam.id is not None

    author_salt = derived_salt(salt, "authors", jam_id) if not named else ""

    pseudonyms: dict[int, str] = {}

    def author(user_id: int) -> str:
        if named:
            return names.get(user_id, "")
        found = pseudonyms.get(user_id)
        if found is None:  # one HMAC per author, not per idea
            found = pseudonyms[user_id] = pseudonym(user_id, author_salt, prefix=AUTHOR_PREFIX)
        return found

    if actor == COMMAND_LINE:
        exported_by = COMMAND_LINE_NAME
    elif named:
        exported_by = names.get(actor.user_id, "")
    else:
        exported_by = pseudonym(
            actor.user_id, derived_salt(salt, "exporters", jam_id), prefix=EXPORTER_PREFIX
        )

    opinion = OpinionResult.decode(opinion_row.result) if opinion_row else None
    by_group = _by_theme(opinion.backing) if opinion else {}
    by_population = (
        {name: _by_theme(matrix) for name, matrix in opinion.populations.items()} if opinion else {}
    )
    teams: dict[str, ExportTeam] = {}
    connectors: dict[str, list[ExportConnector]] = {}
    connector_source = None
    if connector_row is not None and stored_connectors is not None:
        assert connector_row.id is not None
        k = stored_connectors.get("connectors", {}).get("disclosure", {}).get("k")
        presented = present(stored_connectors, names if named else None, connector_row.salt)
        teams = {str(t["theme_id"]): _team(t) for t in presented.get("teams", [])}
        connectors = _connectors_by_theme(presented)
        connector_source = ConnectorSource(
            id=connector_row.id,
            created_at=connector_row.created_at,
            reason=connector_row.reason,
            people=int(stored_connectors.get("people", 0)),
            method=CONNECTOR_METHOD,
            parameters={"k_anonymity": k} if k is not None else {},
        )

    forum_titles = {f.id: f.title for f in forums}
    slug = jam.slug
    members: dict[int | None, list[ExportIdea]] = defaultdict(list)
    for row in ideas:
        (
            row_id,
            title,
            body,
            forum_id,
            author_id,
            created_at,
            up,
            down,
            passes,
            comments,
            theme_id,
        ) = row
        idea_id: int = row_id or 0  # never None: a stored row's key
        members[theme_id].append(
            ExportIdea(
                id=idea_id,
                title=title,
                body=body,
                forum_id=forum_id,
                forum=forum_titles.get(forum_id, ""),
                tags=tags.get(idea_id, []),
                author=author(author_id),
                author_id=author_id if named else None,
                created_at=created_at,
                upvotes=up,
                downvotes=down,
                passes=passes,
                comment_count=comments,
                link=f"/jams/{slug}/ideas/{idea_id}",
            )
        )

    shown: list[ShownTheme] = decode_shown(snapshot.themes)
    themes: list[ExportTheme] = []
    for done, theme in enumerate(shown, start=1):
        listed = members.get(theme.id, [])
        if progress is not None:
            progress(done, len(shown))
        if not listed:  # every idea of it hidden or merged since the fit: nothing to show
            continue
        ids = {i.id for i in listed}
        key = str(theme.id)
        themes.append(
            ExportTheme(
                id=theme.id,
                label=theme.label,
                keywords=[Keyword(w, round(s, 4)) for w, s in theme.keywords],
                size=len(listed),
                size_at_fit=theme.size,
                position=theme.position,
                edited=theme.edited,
                change=theme.change,
                trend=_trend([i.created_at for i in listed], jam.starts_at, jam.ends_at),
                representative=[i for i in theme.representative if i in ids],
                ideas=listed,
                opinion_support=by_group.get(key),
                population_support={
                    name: rows[key] for name, rows in by_population.items() if key in rows
                },
                connectors=connectors.get(key, []),
                team=teams.get(key),
            )
        )
    themes.sort(key=lambda t: (-t.size, t.id))

    base = rt.settings.public_url.rstrip("/")
    return Export(
        version=EXPORT_VERSION,
        jam=ExportJam(
            id=jam.id,
            slug=slug,
            title=jam.title,
            description=jam.description,
            starts_at=jam.starts_at,
            ends_at=jam.ends_at,
            url=f"{base}/jams/{slug}",
            forums=[ExportForum(f.id or 0, f.title, f.question) for f in forums],
        ),
        provenance=Provenance(
            theme_snapshot=_theme_source(snapshot),
            opinion_snapshot=OpinionSource(
                id=opinion_row.id or 0,
                created_at=opinion_row.created_at,
                reason=opinion_row.reason,
                status=opinion.status,
                voters=opinion.voters,
                method=OPINION_METHOD,
                parameters=dict(opinion.parameters),
            )
            if opinion_row is not None and opinion is not None
            else None,
            connector_snapshot=connector_source,
            exported_by=exported_by,
            exported_at=utcnow(),
            privacy=privacy,
            pseudonyms="" if named else PSEUDONYMS,
        ),
        themes=themes,
        unthemed_ideas=len(ideas) - sum(t.size for t in themes),
        opinion_groups=[
            OpinionGroup(id=str(g["id"]), size=int(g.get("size", 0)))
            for g in (opinion.groups if opinion else [])
        ],
        populations=sorted({name for t in themes for name in t.population_support}),
    )
