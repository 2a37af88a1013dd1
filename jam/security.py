"""Passwords (argon2id, hashed in a small bounded pool), opaque session tokens (only their SHA-256
is stored), signed expiring tokens for links in mails, and the bounded sliding-window counters
that throttle sign-in attempts."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

T = TypeVar("T")

# RFC 9106's low-memory profile by default (64 MiB per hash). JAM_ARGON2_PROFILE=CHEAPEST exists
# for test suites that create hundreds of accounts; never use it in production.
_hasher = PasswordHasher.from_parameters(
    getattr(profiles, os.environ.get("JAM_ARGON2_PROFILE", "RFC_9106_LOW_MEMORY"))
)


class PasswordHashing:
    """argon2 off the event loop, at most ``max_parallel`` hashes at a time in this process.

    Each hash takes the profile's memory (64 MiB by default) for tens of milliseconds, so an
    unbounded pool lets 32 simultaneous logins take 2 GiB. Calls beyond the bound wait in the
    pool's queue (holding only their password). ``peak`` is the most hashes seen running at once.
    """

    def __init__(self, hasher: PasswordHasher, max_parallel: int) -> None:
        self.hasher = hasher
        self.max_parallel = max(1, max_parallel)
        self._pool = ThreadPoolExecutor(
            self.max_parallel, thread_name_prefix="argon2", initializer=_yield_the_cpu
        )
        self._lock = threading.Lock()
        self.running = 0
        self.peak = 0
        # Verifying against this keeps the time of a login for an unknown e-mail the same as for
        # a known one, so response times do not reveal which addresses have accounts.
        self._dummy_hash = hasher.hash("jam-dummy-password")

    def _counted(self, work: Callable[[], T]) -> T:
        with self._lock:
            self.running += 1
            self.peak = max(self.peak, self.running)
        try:
            return work()
        finally:
            with self._lock:
                self.running -= 1

    async def _run(self, work: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._counted, work)

    async def hash(self, password: str) -> str:
        return await self._run(lambda: self.hasher.hash(password))

    async def verify(self, password_hash: str | None, password: str) -> bool:
        def check() -> bool:
            try:
                ok = self.hasher.verify(password_hash or self._dummy_hash, password)
            except (VerificationError, InvalidHashError):
                return False
            return ok and bool(password_hash)

        return await self._run(check)


# The hashing threads' niceness (Linux: per thread, inherited by the threads argon2 starts for
# its lanes): a burst of sign-ins then takes the CPU the server's own thread leaves, instead of
# the other way round (measured in bench/abuse.py, shape "logins").
HASHING_NICENESS = 10


def _yield_the_cpu() -> None:
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)


def _default_parallel() -> int:
    configured = os.environ.get("JAM_ARGON2_THREADS")
    if configured:
        return int(configured)
    return min(4, os.cpu_count() or 1)


passwords = PasswordHashing(_hasher, _default_parallel())


async def hash_password(password: str) -> str:
    return await passwords.hash(password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    return await passwords.verify(password_hash, password)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_invitation_code() -> str:
    # Short enough to read out, 50 bits of entropy.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(2))


def new_secret_key() -> str:
    return secrets.token_urlsafe(48)


# --- signed tokens for links in mails -------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def fingerprint(value: str) -> str:
    """A short digest of state a token is bound to (a password hash, an address): when the state
    changes, the token stops verifying."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def sign_token(key: str, purpose: str, user_id: int, bound_to: str, ttl_seconds: float) -> str:
    """``payload.signature`` (URL-safe): HMAC-SHA256 under ``key`` of the purpose, the user, the
    expiry and a fingerprint of the state the token is bound to."""
    body = {
        "p": purpose,
        "u": user_id,
        "x": int(time.time() + ttl_seconds),
        "b": fingerprint(bound_to),
    }
    payload = _b64(json.dumps(body, separators=(",", ":")).encode())
    signature = hmac.new(key.encode(), payload.encode(), hashlib.sha256).digest()
    return f"{payload}.{_b64(signature)}"


def read_token(key: str, purpose: str, token: str) -> tuple[int, str] | None:
    """(user id, bound fingerprint) of a token we signed for ``purpose`` that has not expired;
    None for anything else. The caller compares the fingerprint with the current state."""
    if len(token) > 500 or token.count(".") != 1:
        return None
    payload, signature = token.split(".")
    try:
        expected = hmac.new(key.encode(), payload.encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(signature)):
            return None
        body = json.loads(_unb64(payload))
    except (ValueError, UnicodeError):
        return None
    if not isinstance(body, dict) or body.get("p") != purpose:
        return None
    user_id, expires, bound = body.get("u"), body.get("x"), body.get("b")
    if not isinstance(user_id, int) or not isinstance(expires, int) or not isinstance(bound, str):
        return None
    if expires < time.time():
        return None
    return user_id, bound


# --- throttling -----------------------------------------------------------------------------


class SlidingWindow:
    """At most ``limit`` hits per key within ``window`` seconds, for up to ``max_keys`` keys.

    Each key keeps its last ``limit`` hit times (so memory is bounded by ``max_keys × limit``);
    the least recently hit keys are dropped first. Per process: N API processes allow N times
    the limit.
    """

    def __init__(
        self,
        limit: int,
        window: float,
        *,
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = max(1, limit)
        self.window = window
        self.max_keys = max_keys
        self.clock = clock
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, key: str) -> float:
        """Seconds until ``key`` may be hit again; 0 when it may now."""
        hits = self._hits.get(key)
        if hits is None or len(hits) < self.limit:
            return 0.0
        wait = hits[0] + self.window - self.clock()
        if wait <= 0:
            return 0.0
        return wait

    def hit(self, key: str) -> float:
        """Count a hit now; returns its time (for :meth:`forgive`)."""
        hits = self._hits.get(key)
        if hits is None:
            hits = self._hits[key] = deque(maxlen=self.limit)
            while len(self._hits) > self.max_keys:
                self._hits.popitem(last=False)
        else:
            self._hits.move_to_end(key)
        at = self.clock()
        hits.append(at)
        return at

    def forgive(self, key: str, at: float) -> None:
        """Take back the hit counted at ``at`` (it turned out not to count)."""
        hits = self._hits.get(key)
        if hits is not None and at in hits:
            hits.remove(at)

    def clear(self, key: str) -> None:
        self._hits.pop(key, None)

    def __len__(self) -> int:
        return len(self._hits)
