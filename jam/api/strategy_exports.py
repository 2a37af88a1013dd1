"""Exports of a jam's themes for strategy teams: ``prepareExport`` checks who asks and answers
a short-lived signed link; ``GET /exports/<token>`` (``jam.api.exports``) builds the file.

The link's token is ``<jam id>.<format>.<signed>``, where ``signed`` is
``jam.security.sign_token`` for purpose ``"export"``, the person who asked and a fingerprint of
``"<jam id>:<format>"``, valid :data:`EXPORT_TTL_SECONDS`: changing the jam or the format in
the link breaks it, and only the person it was made for can use it (signed in).
"""

from __future__ import annotations

import enum
import time
from datetime import UTC, datetime

import strawberry

from jam.actions.accounts import signing_key
from jam.api.context import Info
from jam.api.errors import UserError, payload
from jam.api.ids import parse_id
from jam.exports.formats import ExportFormat
from jam.queries.exports import check_export
from jam.runtime import Runtime
from jam.security import sign_token

EXPORT_PURPOSE = "export"
EXPORT_TTL_SECONDS = 600

strawberry.enum(
    ExportFormat,
    name="ExportFormat",
    description="JSON: the export model (its JSON Schema: jam/exports/export-v1.schema.json); "
    "CSV: a zip of CSV tables; XLSX: a workbook with a summary and a sheet per theme; HTML: a "
    "self-contained printable report.",
)


@strawberry.enum(description="How people appear in an export.")
class ExportPrivacy(enum.StrEnum):
    NAMED = "named"  # administrators: names and user ids
    PSEUDONYMOUS = "pseudonymous"  # everyone else: stable pseudonyms, no name, e-mail or id


def bound_state(jam_id: int, format: ExportFormat) -> str:
    """What an export token is bound to (``jam.security.fingerprint`` of it is signed)."""
    return f"{jam_id}:{format.value}"


async def export_token(rt: Runtime, user_id: int, jam_id: int, format: ExportFormat) -> str:
    signed = sign_token(
        await signing_key(rt),
        EXPORT_PURPOSE,
        user_id,
        bound_state(jam_id, format),
        EXPORT_TTL_SECONDS,
    )
    return f"{jam_id}.{format.value}.{signed}"


@strawberry.type(
    description="A file ready to download for 10 minutes by the person who asked for it."
)
class PreparedExport:
    format: ExportFormat
    url: str = strawberry.field(
        description="Where to download it (GET, signed in as the person who asked): "
        "/exports/<token>, relative to this server. The file is built when downloaded."
    )
    expires_at: datetime = strawberry.field(description="When the link stops working.")
    privacy: ExportPrivacy


@strawberry.type
class ExportPayload:
    export: PreparedExport | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class PrepareExportInput:
    jam_id: strawberry.ID
    format: ExportFormat


@strawberry.type
class StrategyExportsMutation:
    @strawberry.mutation(
        description="Analysts, administrators and the jam's moderators take the jam's themes "
        "out as a file (ideas, support by opinion group and population, connectors and teams, "
        "with provenance): a link valid for 10 minutes. Names for administrators, pseudonyms "
        "for everyone else. FORBIDDEN for others; NOT_FOUND (field jamId) for a jam you may "
        "not see, and NOT_FOUND (no field) while the jam has no themes yet."
    )
    async def prepare_export(self, info: Info, input: PrepareExportInput) -> ExportPayload:
        actor = info.context.require_actor()
        rt = info.context.rt

        async def run() -> PreparedExport:
            jam_id = parse_id(input.jam_id, "jamId")
            privacy = await check_export(rt, actor, jam_id)
            expires = int(time.time() + EXPORT_TTL_SECONDS)
            token = await export_token(rt, actor.user_id, jam_id, input.format)
            return PreparedExport(
                format=input.format,
                url=f"/exports/{token}",
                expires_at=datetime.fromtimestamp(expires, UTC),
                privacy=ExportPrivacy(privacy),
            )

        return await payload(ExportPayload, "export", run())
