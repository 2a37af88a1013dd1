"""Reading what the folder mailer wrote, and runtimes whose mail goes to a test's folder."""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from jam.config import Settings
from jam.db import Database
from jam.runtime import Runtime

_LINK = re.compile(r"https?://\S+/(verify-email|reset-password)\?token=(\S+)")


@dataclass(frozen=True)
class Letter:
    to: str
    subject: str
    body: str

    def token(self, kind: str) -> str:
        """The token of the ``verify-email`` or ``reset-password`` link in this mail."""
        for found in _LINK.finditer(self.body):
            if found.group(1) == kind:
                return found.group(2)
        raise AssertionError(f"no {kind} link in {self.body!r}")


class Mailbox:
    """The messages in a folder mailer's folder, oldest first."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def setting(self) -> str:
        return f"folder:{self.folder}"

    def letters(self, to: str | None = None) -> list[Letter]:
        if not self.folder.exists():
            return []
        found = []
        for path in sorted(self.folder.glob("*.eml"), key=lambda p: int(p.name.split("-")[0])):
            message = message_from_bytes(path.read_bytes(), policy=policy.default)
            assert isinstance(message, EmailMessage)
            part = message.get_body(("plain",))
            assert part is not None
            letter = Letter(str(message["To"]), str(message["Subject"]), part.get_content())
            if to is None or letter.to.lower() == to.lower():
                found.append(letter)
        return found

    async def wait_for(self, to: str, count: int = 1, timeout: float = 10) -> list[Letter]:
        """At least ``count`` letters to ``to`` (mail is sent in the background)."""
        deadline = time.monotonic() + timeout
        while True:
            letters = self.letters(to)
            if len(letters) >= count or time.monotonic() > deadline:
                assert len(letters) >= count, f"{len(letters)} letters to {to}, wanted {count}"
                return letters
            await asyncio.sleep(0.02)


def runtime(database_url: str, mailbox: Mailbox, **settings: Any) -> Runtime:
    return Runtime(
        settings=Settings(
            database_url=database_url,
            mail=mailbox.setting,
            **{"refusal_delay_seconds": 0.0, **settings},
        ),
        db=Database(database_url),
    )
