"""Outgoing mail: a folder of ``.eml`` files in development and tests, SMTP in production.

``JAM_MAIL`` chooses: ``folder:PATH`` writes each message as a file into PATH and logs one line;
``smtp://host:port`` (``smtps://`` for TLS from the start, ``smtp+starttls://`` to upgrade; an
optional ``user:password@`` before the host) hands it to a mail server with the standard
library's smtplib on a thread. Empty: a folder ``jam-mail`` next to a SQLite database, else in
the system's temporary directory.

:meth:`Mailer.send_later` sends in the background, so a request's answer (and its timing) never
depends on the mail server; failures are logged, never raised into the request.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import re
import smtplib
import tempfile
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy.engine import make_url

log = logging.getLogger("jam.mail")


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


class Mailer:
    """Sends :class:`Mail` from one sender; subclasses deliver."""

    def __init__(self, sender: str) -> None:
        self.sender = sender
        self._tasks: set[asyncio.Task[None]] = set()

    def message(self, mail: Mail) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Message-ID"] = make_msgid(domain="jam")
        message.set_content(mail.body)
        return message

    async def send(self, mail: Mail) -> None:
        raise NotImplementedError

    def send_later(self, mail: Mail) -> None:
        """Send in the background; a failure is logged."""

        async def run() -> None:
            try:
                await self.send(mail)
            except Exception:
                log.exception("could not send mail %r", mail.subject)

        task = asyncio.get_running_loop().create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Wait for the mails being sent in the background."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


_SAFE = re.compile(r"[^A-Za-z0-9@._-]+")


class FolderMailer(Mailer):
    """Each message becomes ``<time>-<n>-<recipient>.eml`` in ``folder``, plus one log line."""

    _counter = itertools.count(1)

    def __init__(self, sender: str, folder: Path) -> None:
        super().__init__(sender)
        self.folder = folder

    async def send(self, mail: Mail) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns()}-{next(self._counter)}-{_SAFE.sub('_', mail.to)[:80]}.eml"
        path = self.folder / name
        partial = path.with_suffix(".part")
        partial.write_bytes(bytes(self.message(mail)))
        os.replace(partial, path)  # readers never see half a message
        log.info("mail to %s (%s) written to %s", mail.to, mail.subject, path)


class SmtpMailer(Mailer):
    def __init__(
        self,
        sender: str,
        host: str,
        port: int,
        *,
        tls: bool = False,
        starttls: bool = False,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        super().__init__(sender)
        self.host, self.port, self.tls, self.starttls = host, port, tls, starttls
        self.user, self.password, self.timeout = user, password, timeout

    def _deliver(self, message: EmailMessage) -> None:
        kind = smtplib.SMTP_SSL if self.tls else smtplib.SMTP
        with kind(self.host, self.port, timeout=self.timeout) as client:
            if self.starttls:
                client.starttls()
            if self.user:
                client.login(self.user, self.password or "")
            client.send_message(message)

    async def send(self, mail: Mail) -> None:
        await asyncio.to_thread(self._deliver, self.message(mail))
        log.info("mail to %s (%s) sent via %s:%d", mail.to, mail.subject, self.host, self.port)


def default_folder(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent / "jam-mail"
    return Path(tempfile.gettempdir()) / "jam-mail"


def mailer_for(setting: str, sender: str, database_url: str) -> Mailer:
    """The mailer ``JAM_MAIL`` names (see the module docstring)."""
    setting = setting.strip()
    if not setting:
        return FolderMailer(sender, default_folder(database_url))
    if setting.startswith("folder:"):
        return FolderMailer(sender, Path(setting[len("folder:") :]).expanduser())
    parts = urlsplit(setting)
    if parts.scheme in {"smtp", "smtps", "smtp+starttls"} and parts.hostname:
        tls = parts.scheme == "smtps"
        return SmtpMailer(
            sender,
            parts.hostname,
            parts.port or (465 if tls else 587 if parts.scheme == "smtp+starttls" else 25),
            tls=tls,
            starttls=parts.scheme == "smtp+starttls",
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )
    raise ValueError("JAM_MAIL must be folder:PATH or smtp://host:port")
