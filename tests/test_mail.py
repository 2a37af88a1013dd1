"""Outgoing mail: the folder mailer (development) and SMTP (production), against a real socket."""

from __future__ import annotations

import logging
import socketserver
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from jam.mail import FolderMailer, Mail, SmtpMailer, default_folder, mailer_for
from tests.mailbox import Mailbox

MAIL = Mail(to="ada@example.org", subject="Hello", body="Open https://x/verify-email?token=abc\n")


async def test_the_folder_mailer_writes_one_file_per_mail_and_logs_one_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    mailer = FolderMailer("jam <jam@example.org>", tmp_path / "mail")
    with caplog.at_level(logging.INFO, logger="jam.mail"):
        await mailer.send(MAIL)
        await mailer.send(MAIL)
    letters = Mailbox(tmp_path / "mail").letters()
    assert [(letter.to, letter.subject) for letter in letters] == [("ada@example.org", "Hello")] * 2
    assert letters[0].token("verify-email") == "abc"
    lines = [r.getMessage() for r in caplog.records if r.name == "jam.mail"]
    assert len(lines) == 2 and "ada@example.org" in lines[0] and str(tmp_path) in lines[0]


async def test_mail_sent_later_arrives_and_a_failure_is_only_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    broken = FolderMailer("jam@example.org", blocked / "mail")
    working = FolderMailer("jam@example.org", tmp_path / "mail")
    with caplog.at_level(logging.ERROR, logger="jam.mail"):
        broken.send_later(MAIL)
        working.send_later(MAIL)
        await broken.drain()
        await working.drain()
    assert len(Mailbox(tmp_path / "mail").letters()) == 1
    assert any("could not send mail" in r.getMessage() for r in caplog.records)


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) to accept one message per session."""

    received: list[bytes]

    def handle(self) -> None:
        self.wfile.write(b"220 test ESMTP\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in {b"EHLO", b"HELO"}:
                self.wfile.write(b"250 test\r\n")
            elif verb in {b"MAIL", b"RCPT", b"RSET", b"NOOP"}:
                self.wfile.write(b"250 ok\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                data = b""
                while (chunk := self.rfile.readline()) not in {b".\r\n", b""}:
                    data += chunk
                self.received.append(data)
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"502 no\r\n")


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, list[bytes]]]:
    received: list[bytes] = []
    handler = type("Handler", (_SmtpHandler,), {"received": received})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], received
    server.shutdown()
    server.server_close()


async def test_the_smtp_mailer_hands_the_message_to_the_server(
    smtp_server: tuple[int, list[bytes]],
) -> None:
    port, received = smtp_server
    mailer = mailer_for(f"smtp://127.0.0.1:{port}", "jam <jam@example.org>", "sqlite:///x.db")
    assert isinstance(mailer, SmtpMailer)
    await mailer.send(MAIL)
    [raw] = received
    message = message_from_bytes(raw, policy=policy.default)
    assert (message["To"], message["From"], message["Subject"]) == (
        "ada@example.org",
        "jam <jam@example.org>",
        "Hello",
    )


def test_jam_mail_settings() -> None:
    sqlite_url = "sqlite+aiosqlite:////srv/jam/jam.db"
    assert isinstance(mailer_for("", "s", sqlite_url), FolderMailer)
    assert default_folder(sqlite_url) == Path("/srv/jam/jam-mail")
    folder = mailer_for("folder:/tmp/out", "s", sqlite_url)
    assert isinstance(folder, FolderMailer) and folder.folder == Path("/tmp/out")
    smtp = mailer_for("smtp+starttls://me%40x.org:p%3Ass@mail.x.org", "s", sqlite_url)
    assert isinstance(smtp, SmtpMailer)
    assert (smtp.host, smtp.port, smtp.starttls, smtp.user, smtp.password) == (
        "mail.x.org",
        587,
        True,
        "me@x.org",
        "p:ss",
    )
    with pytest.raises(ValueError):
        mailer_for("carrier-pigeon", "s", sqlite_url)


async def test_draining_a_runtime_waits_for_its_mails_in_flight(
    database_url: str, tmp_path: Path
) -> None:
    from jam.actions.accounts import drain_mail, services
    from tests.mailbox import runtime

    mailbox = Mailbox(tmp_path / "mail")
    rt = runtime(database_url, mailbox)
    try:
        await drain_mail(rt)  # nothing sent yet: nothing to wait for, and no mailer made
        services(rt).mailer.send_later(MAIL)
        await drain_mail(rt)
        assert [letter.to for letter in mailbox.letters()] == ["ada@example.org"]
    finally:
        await rt.close()
