"""The export of a jam's themes: one model, four formats (``jam.exports.formats``).

An :class:`Export` is everything a strategy team takes out of the system about a jam's themes,
as plain frozen values with their provenance: which theme, opinion and connector snapshots it
was built from (ids, times, the method and its parameters as stored), who exported it and
when, and whether people in it are named (administrators) or pseudonymous (everyone else).
``jam.queries.exports.gather_export`` builds one from the database; the renderers are pure
functions of it (no database), so every format says the same thing.

Versioned: :data:`EXPORT_VERSION` changes whenever a field changes meaning or goes away (new
optional fields keep the version). ``export-v1.schema.json`` beside this module documents the
JSON form field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from typing import Any, Literal

EXPORT_VERSION = 1

Privacy = Literal["named", "pseudonymous"]
NAMED: Privacy = "named"
PSEUDONYMOUS: Privacy = "pseudonymous"


@dataclass(frozen=True, slots=True)
class ExportForum:
    id: int
    title: str
    question: str


@dataclass(frozen=True, slots=True)
class ExportJam:
    id: int
    slug: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    url: str  # absolute address of the jam's home page (JAM_PUBLIC_URL + /jams/<slug>)
    forums: list[ExportForum]


@dataclass(frozen=True, slots=True)
class ThemeSource:
    """The theme snapshot the export was built from."""

    id: int
    version: int
    created_at: datetime
    fitted_at: datetime
    reason: str
    idea_count: int  # ideas the model was fitted on
    method: str
    parameters: dict[str, Any]


@dataclass(frozen=True, slots=True)
class OpinionSource:
    """The opinion snapshot the support figures come from."""

    id: int
    created_at: datetime
    reason: str
    status: str
    voters: int
    method: str
    parameters: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ConnectorSource:
    """The connector snapshot the connectors and teams come from."""

    id: int
    created_at: datetime
    reason: str
    people: int
    method: str
    parameters: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Provenance:
    theme_snapshot: ThemeSource
    opinion_snapshot: OpinionSource | None
    connector_snapshot: ConnectorSource | None
    exported_by: str  # a name (administrators), a pseudonym, or "command line"
    exported_at: datetime
    privacy: Privacy
    pseudonyms: str  # how the people in a pseudonymous export are named (empty when named)


@dataclass(frozen=True, slots=True)
class Keyword:
    word: str
    weight: float


@dataclass(frozen=True, slots=True)
class TrendDay:
    """Ideas of a theme posted on one day of the jam (day 1 starts when the jam starts)."""

    day: int
    starts_at: datetime
    ideas: int


@dataclass(frozen=True, slots=True)
class ExportIdea:
    id: int
    title: str
    body: str
    forum_id: int
    forum: str
    tags: list[str]
    author: str  # the name (named exports) or a stable pseudonym
    author_id: int | None  # named exports only
    created_at: datetime
    upvotes: int
    downvotes: int
    passes: int
    comment_count: int
    link: str  # /jams/<slug>/ideas/<id>, relative to the jam's server


@dataclass(frozen=True, slots=True)
class SupportCell:
    """One group's votes on a theme's ideas (``clustering.opinions`` BackingCell)."""

    group: str
    votes: int
    agrees: int
    disagrees: int
    passes: int
    support: float  # smoothed agree share, (agrees + 1) / (votes + 2)
    rest_support: float
    backs: bool
    opposes: bool
    differs: bool


@dataclass(frozen=True, slots=True)
class Support:
    """A theme's row of a theme × group matrix."""

    votes: int
    spread: float
    common_ground: bool
    splits: bool
    cells: list[SupportCell]


@dataclass(frozen=True, slots=True)
class ExportPerson:
    """Someone in a connector analysis, as the viewer may see them (``present``)."""

    name: str
    id: int | None  # named exports only
    org_unit: str | None
    country: str | None
    is_guest: bool | None


@dataclass(frozen=True, slots=True)
class ExportConnector:
    """A ranked connector of the jam whose ties reach into this theme."""

    rank: int
    person: ExportPerson
    score: float
    share: float  # share of their tie weight that lies in this theme
    reason: str


@dataclass(frozen=True, slots=True)
class ExportTeamMember:
    person: ExportPerson
    role: str  # contributor or connector
    score: float
    reason: str
    idea_ids: list[int]  # their ideas in the theme; named exports only (empty otherwise)
    related_theme: str | None


@dataclass(frozen=True, slots=True)
class RelatedTheme:
    theme_id: str
    overlap: float


@dataclass(frozen=True, slots=True)
class ExportTeam:
    theme_label: str
    requested_size: int
    members: list[ExportTeamMember]
    related_themes: list[RelatedTheme]
    notes: list[str]


@dataclass(frozen=True, slots=True)
class ExportTheme:
    id: int
    label: str
    keywords: list[Keyword]
    size: int  # public ideas in the theme now (the ideas listed)
    size_at_fit: int
    position: tuple[float, float]
    edited: bool
    change: str | None
    trend: list[TrendDay]
    representative: list[int]
    ideas: list[ExportIdea]
    opinion_support: Support | None
    population_support: dict[str, Support]
    connectors: list[ExportConnector]
    team: ExportTeam | None


@dataclass(frozen=True, slots=True)
class OpinionGroup:
    id: str
    size: int  # people placed in it


@dataclass(frozen=True, slots=True)
class Export:
    version: int
    jam: ExportJam
    provenance: Provenance
    themes: list[ExportTheme]
    unthemed_ideas: int = 0  # public ideas that fit no theme (not listed)
    opinion_groups: list[OpinionGroup] = field(default_factory=list)
    populations: list[str] = field(default_factory=list)  # population names, in order

    @property
    def pseudonymous(self) -> bool:
        return self.provenance.privacy == PSEUDONYMOUS


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: dataclasses to dicts (field order kept), datetimes to ISO
    8601 text, tuples to lists. Much faster than ``dataclasses.asdict`` on 46,000 ideas (no
    deep copies)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    raise TypeError(f"not exportable: {type(value).__name__}")
