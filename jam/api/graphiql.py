"""GraphiQL without a CDN: strawberry's page, its assets served by us.

Strawberry's page loads React, GraphiQL and its explorer plugin from a public CDN, so offline
(or under our Content-Security-Policy) it is a blank page. ``frontend/graphiql`` pins the same
versions from npm (``make`` installs them from its lock); the page's addresses are rewritten to
``ASSETS_PATH`` and its SRI hashes stay as they are, since the files are byte for byte the same.
"""

from __future__ import annotations

import re
from pathlib import Path

from starlette.staticfiles import StaticFiles

ASSETS_PATH = "/graphiql-assets"
ASSETS_DIR = Path(__file__).resolve().parents[2] / "frontend" / "graphiql" / "node_modules"
# A CDN address of an npm file: https://<host>/<package>@<version>/<file> (a package may have a
# scope: @graphiql/…).
_CDN_FILE = re.compile(r"https://[^/\"']+/((?:@[^/@\"']+/)?[^/@\"']+)@[^/\"']+/")


def offline_page(html: str) -> str:
    """The page with every CDN address pointing at our own copy."""
    return _CDN_FILE.sub(ASSETS_PATH + r"/\1/", html)


def assets() -> StaticFiles:
    """The installed packages as static files (404s until ``make`` has installed them)."""
    return StaticFiles(directory=ASSETS_DIR, check_dir=False)
