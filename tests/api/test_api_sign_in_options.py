"""What the sign-in and sign-up pages learn from the server: who may sign up, and the hint."""

from __future__ import annotations

import httpx

from jam.app import create_app
from jam.config import Settings
from tests.server import running_server

QUERY = {"query": "{ registration signInHint }"}


def test_the_defaults_are_invitations_and_no_hint(database_url: str) -> None:
    with running_server(database_url) as url:
        answer = httpx.post(f"{url}/graphql", json=QUERY).json()
    assert answer["data"] == {"registration": "INVITATION", "signInHint": None}


def test_the_deployment_sets_both(database_url: str) -> None:
    settings = Settings(
        database_url=database_url,
        refusal_delay_seconds=0,
        registration="off",
        sign_in_hint="Use your work address",
    )
    with running_server(database_url, create_app(settings)) as url:
        answer = httpx.post(f"{url}/graphql", json=QUERY).json()
    assert answer["data"] == {"registration": "OFF", "signInHint": "Use your work address"}
