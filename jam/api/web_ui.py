"""The web UI (``frontend/``, built by ``make demo`` into ``frontend/dist``) served at ``/``.

Vite names every built asset by its content hash, so ``/assets/*`` may be cached for a year;
``index.html`` is never stored, so a new build is picked up at once. Any other path
that is not a file is one of the single-page app's routes (``/jams/demo/ideas/3``): it gets
``index.html`` and the app's router takes it from there.
"""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

UI_DIR = Path(__file__).resolve().parents[2] / "frontend" / "dist"
IMMUTABLE = "public, max-age=31536000, immutable"
# index.html carries a fresh CSP nonce each time (jam.api.limits.with_style_nonce): never
# revalidated from a cached copy, whose nonce the new policy would not match.
NOT_STORED = "no-store"

NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>jam: the web UI is not built</title></head>
<body><main><h1>The web UI is not built</h1>
<p>Build it with <code>make demo</code> (or <code>npm ci &amp;&amp; npm run build</code> in
<code>frontend/</code>). The API works meanwhile: <a href="/graphql">GraphiQL</a>.</p>
</main></body></html>
"""


class WebUI(StaticFiles):
    """Static files with the single-page app's fallback and cache headers."""

    def __init__(self, directory: Path = UI_DIR) -> None:
        super().__init__(directory=directory, check_dir=False)
        self.root = directory

    async def check_config(self) -> None:
        """A missing build is answered by ``get_response`` (how to build it), not an error."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        if not (self.root / "index.html").is_file():
            return HTMLResponse(NOT_BUILT, status_code=503, headers={"cache-control": NOT_STORED})
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404 or _is_asset(path):
                raise
            response = await super().get_response("index.html", scope)
        if response.status_code == 404 and not _is_asset(path):
            response = await super().get_response("index.html", scope)
        if path.startswith("assets/") and response.status_code in (200, 304):
            response.headers["cache-control"] = IMMUTABLE
        else:
            response.headers["cache-control"] = NOT_STORED
            for validator in ("etag", "last-modified"):
                if validator in response.headers:
                    del response.headers[validator]
        return response


def _is_asset(path: str) -> bool:
    """A file the app asked for (a missing one is a 404, not the app's page): anything under
    ``assets/`` or with an extension in its last segment."""
    if path in ("", "."):
        return False
    return path.startswith("assets/") or "." in path.rsplit("/", 1)[-1]
