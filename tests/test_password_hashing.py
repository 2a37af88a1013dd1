"""Password hashing (jam.security): bounded, and behind the server's own thread for the CPU."""

from __future__ import annotations

import os
import threading

from jam.security import HASHING_NICENESS, passwords


async def test_hashing_threads_run_at_a_lower_priority_than_the_server() -> None:
    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    theirs = await passwords._run(
        lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    )
    assert theirs >= HASHING_NICENESS > own


async def test_a_hash_made_in_the_pool_verifies() -> None:
    hashed = await passwords.hash("correct horse battery")
    assert await passwords.verify(hashed, "correct horse battery")
    assert not await passwords.verify(hashed, "wrong horse battery")
