"""Files to download: a jam's moderation log as CSV.

Plain HTTP routes beside GraphQL (a file is not a GraphQL value), authenticated the same way
(session cookie or bearer token) and answering failures with a status and a one-line reason.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from jam.api.context import token_from
from jam.errors import ActionError, ErrorCode
from jam.queries.moderation import LogFilter, moderation_log_rows
from jam.queries.viewer import authenticate
from jam.runtime import Runtime
from jam.validation import INTEGER_MAX

LOG_COLUMNS = ["at", "actor", "actor_id", "action", "subject_type", "subject_id", "reason",
               "details"]  # fmt: skip
_STATUS = {ErrorCode.NOT_FOUND: 404, ErrorCode.FORBIDDEN: 403}


def inert(value: object) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ (or a tab / carriage
    return) would run as a formula when the file is opened, so it gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _line(values: list[object]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow([inert(v) for v in values])
    return out.getvalue()


async def moderation_log_csv(request: Request) -> Response:
    """``GET /jams/<id>/moderation-log.csv``: the jam's whole moderation log, newest first
    (moderators); ``?action=`` narrows it to one action."""
    rt: Runtime = request.app.state.rt
    found = await authenticate(rt, token_from(request))
    if found is None:
        return PlainTextResponse("sign in to download this", status_code=401)
    actor, _ = found
    if request.path_params["jam_id"] > INTEGER_MAX:
        return PlainTextResponse("no such jam", status_code=404)
    spec = LogFilter(
        jam_id=request.path_params["jam_id"], action=request.query_params.get("action") or None
    )
    rows = moderation_log_rows(rt, actor, spec)
    try:
        first = await anext(rows, None)  # the permission check runs before the first row
    except ActionError as error:
        return PlainTextResponse(error.message, status_code=_STATUS.get(error.code, 400))

    async def lines() -> AsyncIterator[str]:
        yield "\ufeff" + _line(list(LOG_COLUMNS))  # the BOM: spreadsheets then read UTF-8
        pending = first
        while pending is not None:
            event, name = pending
            details = json.loads(event.details or "{}")
            reason = details.pop("reason", None)
            yield _line(
                [
                    event.at.isoformat(),
                    name or "",
                    event.actor_id or "",
                    event.action,
                    event.subject_type,
                    event.subject_id or "",
                    reason or "",
                    json.dumps(details, ensure_ascii=False) if details else "",
                ]
            )
            pending = await anext(rows, None)

    filename = f"jam-{spec.jam_id}-moderation-log.csv"
    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
