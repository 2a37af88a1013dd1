"""Login throttling per account and per client address, and argon2 in a bounded pool."""

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from jam import actions, security
from jam.actions import accounts
from jam.errors import ActionError, ErrorCode
from jam.runtime import Runtime
from jam.security import PasswordHashing, SlidingWindow
from tests.mailbox import Mailbox, runtime

PASSWORD = "analytical"

Make = Callable[..., Runtime]


@pytest.fixture
async def make_rt(database_url: str, tmp_path: Path) -> AsyncIterator[Make]:
    made: list[Runtime] = []

    def make(**settings: Any) -> Runtime:
        made.append(runtime(database_url, Mailbox(tmp_path / "mail"), **settings))
        return made[-1]

    yield make
    for rt in made:
        await rt.close()


async def _accounts(rt: Runtime, *emails: str) -> None:
    for email in emails:
        await actions.create_user(rt, email=email, password=PASSWORD, display_name="A")


async def _attempt(rt: Runtime, email: str, password: str, client: str) -> ErrorCode | None:
    try:
        await actions.login(rt, email=email, password=password, client=client)
    except ActionError as error:
        return error.code
    return None


async def test_the_sixth_wrong_password_in_a_minute_is_refused_even_from_many_addresses(
    make_rt: Make,
) -> None:
    rt = make_rt()
    await _accounts(rt, "ada@example.org")
    answers = [
        await _attempt(rt, "ada@example.org", "wrong-guess", f"10.0.0.{n}") for n in range(6)
    ]
    assert answers == [ErrorCode.INVALID_CREDENTIALS] * 5 + [ErrorCode.RATE_LIMITED]


async def test_while_throttled_even_the_right_password_is_refused(make_rt: Make) -> None:
    rt = make_rt()
    await _accounts(rt, "ada@example.org")
    for n in range(5):
        await _attempt(rt, "ada@example.org", "wrong-guess", f"10.0.0.{n}")
    assert await _attempt(rt, "ada@example.org", PASSWORD, "10.9.9.9") is ErrorCode.RATE_LIMITED


async def test_the_refusal_says_when_to_retry(make_rt: Make) -> None:
    rt = make_rt()
    await _accounts(rt, "ada@example.org")
    for _ in range(5):
        await _attempt(rt, "ada@example.org", "wrong-guess", "10.0.0.1")
    with pytest.raises(ActionError) as caught:
        await actions.login(rt, email="ADA@example.org", password="x" * 9, client="10.0.0.2")
    assert caught.value.code is ErrorCode.RATE_LIMITED
    found = re.search(r"try again in (\d+) seconds", caught.value.message)
    assert found is not None and 1 <= int(found.group(1)) <= 60


async def test_unknown_addresses_are_throttled_like_known_ones(make_rt: Make) -> None:
    rt = make_rt()
    answers = [
        await _attempt(rt, "nobody@example.org", "wrong-guess", f"10.0.0.{n}") for n in range(6)
    ]
    assert answers == [ErrorCode.INVALID_CREDENTIALS] * 5 + [ErrorCode.RATE_LIMITED]


async def test_one_address_trying_many_accounts_is_throttled(make_rt: Make) -> None:
    rt = make_rt()
    emails = [f"user{n}@example.org" for n in range(25)]
    await _accounts(rt, *emails)
    answers = [await _attempt(rt, email, "wrong-guess", "10.6.6.6") for email in emails]
    assert answers == [ErrorCode.INVALID_CREDENTIALS] * 20 + [ErrorCode.RATE_LIMITED] * 5
    # others are not affected
    assert await _attempt(rt, "user24@example.org", PASSWORD, "10.0.0.1") is None


async def test_a_correct_login_after_the_window_works(make_rt: Make) -> None:
    rt = make_rt(login_window_seconds=0.5)
    await _accounts(rt, "ada@example.org")
    for n in range(6):
        await _attempt(rt, "ada@example.org", "wrong-guess", f"10.0.0.{n}")
    assert await _attempt(rt, "ada@example.org", PASSWORD, "10.0.0.1") is ErrorCode.RATE_LIMITED
    await asyncio.sleep(0.6)
    assert await _attempt(rt, "ada@example.org", PASSWORD, "10.0.0.1") is None


async def test_a_success_clears_the_accounts_failures(make_rt: Make) -> None:
    rt = make_rt()
    await _accounts(rt, "ada@example.org")
    for _ in range(4):
        await _attempt(rt, "ada@example.org", "wrong-guess", "10.0.0.1")
    assert await _attempt(rt, "ada@example.org", PASSWORD, "10.0.0.1") is None
    answers = [await _attempt(rt, "ada@example.org", "wrong-guess", "10.0.0.1") for _ in range(5)]
    assert answers == [ErrorCode.INVALID_CREDENTIALS] * 5


async def test_parallel_wrong_passwords_cannot_slip_past_the_limit(make_rt: Make) -> None:
    rt = make_rt()
    await _accounts(rt, "ada@example.org")
    answers = await asyncio.gather(
        *(_attempt(rt, "ada@example.org", "wrong-guess", f"10.0.1.{n}") for n in range(20))
    )
    assert sorted(answers) == sorted(
        [ErrorCode.INVALID_CREDENTIALS] * 5 + [ErrorCode.RATE_LIMITED] * 15
    )


async def test_sign_ups_and_reset_requests_from_one_address_are_limited(make_rt: Make) -> None:
    rt = make_rt()
    for n in range(accounts.REQUESTS_PER_ADDRESS):
        await accounts.request_password_reset(rt, f"u{n}@example.org", client="10.7.7.7")
    with pytest.raises(ActionError) as caught:
        await accounts.register(
            rt, email="new@example.org", password=PASSWORD, display_name="N", client="10.7.7.7"
        )
    assert caught.value.code is ErrorCode.RATE_LIMITED
    assert "try again in" in caught.value.message
    await accounts.request_password_reset(rt, "new@example.org", client="10.0.0.1")


def test_the_throttles_memory_is_bounded() -> None:
    window = SlidingWindow(5, 60, max_keys=100)
    for n in range(10_000):
        window.hit(f"user{n}@example.org")
    assert len(window) == 100
    for _ in range(50):
        window.hit("busy@example.org")
    assert window.retry_after("busy@example.org") > 0
    assert len(window._hits["busy@example.org"]) == 5


# --- argon2 in a bounded pool --------------------------------------------------------------


async def test_parallel_hashes_never_exceed_the_pools_bound() -> None:
    # A hasher slow enough (a few ms) that unbounded calls would overlap.
    pool = PasswordHashing(PasswordHasher(time_cost=2, memory_cost=8192, parallelism=1), 2)
    stored = await pool.hash(PASSWORD)
    results = await asyncio.gather(*(pool.verify(stored, PASSWORD) for _ in range(32)))
    assert all(results)
    assert pool.peak == 2  # they did run side by side, two at a time


async def test_the_servers_pool_is_bounded_and_used_by_logins(make_rt: Make) -> None:
    assert 1 <= security.passwords.max_parallel <= 4
    rt = make_rt(login_failures_per_address=100, login_failures_per_account=100)
    await _accounts(rt, "ada@example.org")
    security.passwords.peak = 0
    await asyncio.gather(
        *(_attempt(rt, "ada@example.org", PASSWORD, f"10.0.2.{n}") for n in range(32))
    )
    assert 1 <= security.passwords.peak <= security.passwords.max_parallel
