"""Pool processes (the heavy lane's, jam.api.lane; the fits', jam.jobs.worker) never outlive
the process that started them."""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx
import pytest

from tests.faults.conftest import Served

pytestmark = pytest.mark.slow

HEAVY = (
    '{ jam(slug: "nowhere") { '
    + " ".join(f"p{i}: ideas(first: 100) {{ nodes {{ id title body }} }}" for i in range(10))
    + " } }"
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def test_the_heavy_lane_process_ends_when_its_server_is_killed(tmp_path: Path) -> None:
    server = Served(f"sqlite+aiosqlite:///{tmp_path / 'jam.db'}", tmp_path).start()
    try:
        server.wait_ready()
        answer = httpx.post(server.url + "/graphql", json={"query": HEAVY}, timeout=60)
        assert answer.status_code == 200, answer.text
        # --no-worker: the children are the lane's process and multiprocessing's tracker.
        children = server.children()
        assert any(b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes() for pid in children)
        server.kill()
        deadline = time.monotonic() + 10
        while any(map(_alive, children)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(_alive, children)), "the heavy lane outlived its killed server"
    finally:
        server.stop()


def test_the_fit_process_ends_when_its_worker_is_killed(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = (
        "import os, sys, signal\n"
        "from jam.jobs.worker import RespawningProcessPool\n"
        "pool = RespawningProcessPool()\n"
        "print(pool.submit(os.getpid).result(timeout=60), flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    worker = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    fit = int(worker.stdout.strip())
    deadline = time.monotonic() + 10
    while _alive(fit) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(fit), "the fit process outlived its killed worker"
