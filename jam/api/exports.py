"""Files to download: a jam's moderation log as CSV, and exports of its themes.

Plain HTTP routes beside GraphQL (a file is not a GraphQL value), authenticated the same way
(session cookie or bearer token) and answering failures with a status and a one-line reason.
"""

from __future__ import annotations

import asyncio
import base64
import csv
import hashlib
import hmac
import io
import json
import time
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from jam.actions.accounts import signing_key
from jam.api.context import token_from
from jam.api.ids import id_or_none
from jam.api.strategy_exports import EXPORT_PURPOSE, bound_state
from jam.errors import ActionError, ErrorCode
from jam.exports.cells import inert
from jam.exports.formats import RENDERINGS, ExportFormat, filename
from jam.queries.exports import gather_export
from jam.queries.moderation import LogFilter, moderation_log_rows
from jam.queries.viewer import authenticate
from jam.runtime import Runtime
from jam.security import fingerprint, read_token
from jam.validation import INTEGER_MAX

LOG_COLUMNS = ["at", "actor", "actor_id", "action", "subject_type", "subject_id", "reason",
               "details"]  # fmt: skip
_STATUS = {ErrorCode.NOT_FOUND: 404, ErrorCode.FORBIDDEN: 403}


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


def _ours_but_expired(key: str, signed: str) -> bool:
    """Whether ``signed`` is a token we signed for exports whose time has passed (``read_token``
    says only that it is not valid; an expired link deserves 410 and a fresh link, a forged or
    damaged one 403). The signature is checked as ``jam.security.sign_token`` makes it."""
    payload, _, signature = signed.partition(".")
    try:
        expected = hmac.new(key.encode(), payload.encode(), hashlib.sha256).digest()
        given = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
        if not hmac.compare_digest(expected, given):
            return False
        body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, UnicodeError):
        return False
    if not isinstance(body, dict) or body.get("p") != EXPORT_PURPOSE:
        return False
    expires = body.get("x")
    return isinstance(expires, int) and expires < time.time()


async def export_file(request: Request) -> Response:
    """``GET /exports/<token>``: the export a ``prepareExport`` link names, built now for the
    person it was made for (signed in: session cookie or bearer token). 401 not signed in; 403
    a link that is not valid or not theirs, or no longer allowed; 404 no such jam (or no themes
    yet); 410 the link expired."""
    rt: Runtime = request.app.state.rt
    found = await authenticate(rt, token_from(request))
    if found is None:
        return PlainTextResponse("sign in to download this", status_code=401)
    actor, _ = found
    jam_part, _, rest = str(request.path_params["token"]).partition(".")
    format_part, _, signed = rest.partition(".")
    jam_id = id_or_none(jam_part)
    try:
        format = ExportFormat(format_part)
    except ValueError:
        format = None
    if jam_id is None or format is None or signed.count(".") != 1:
        return PlainTextResponse("this export link is not valid", status_code=403)
    key = await signing_key(rt)
    read = read_token(key, EXPORT_PURPOSE, signed)
    if read is None:
        if _ours_but_expired(key, signed):
            return PlainTextResponse(
                "this export link has expired: prepare the export again", status_code=410
            )
        return PlainTextResponse("this export link is not valid", status_code=403)
    user_id, bound = read
    if not hmac.compare_digest(bound, fingerprint(bound_state(jam_id, format))):
        return PlainTextResponse("this export link is not valid", status_code=403)
    if user_id != actor.user_id:
        return PlainTextResponse("this export link was prepared for someone else", status_code=403)
    try:
        export = await gather_export(rt, actor, jam_id)
    except ActionError as error:
        return PlainTextResponse(error.message, status_code=_STATUS.get(error.code, 400))
    rendering = RENDERINGS[format]
    # Seconds of CPU for a large jam: off the event loop, so other requests keep being answered.
    body = await asyncio.to_thread(rendering.render, export)
    return Response(
        body,
        media_type=rendering.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename(export, format)}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
