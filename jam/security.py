"""Passwords (argon2id) and opaque session tokens (only their SHA-256 is stored)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import secrets

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

# RFC 9106's low-memory profile by default. JAM_ARGON2_PROFILE=CHEAPEST exists for test suites
# that create hundreds of accounts; never use it in production.
_hasher = PasswordHasher.from_parameters(
    getattr(profiles, os.environ.get("JAM_ARGON2_PROFILE", "RFC_9106_LOW_MEMORY"))
)
# Verifying against this keeps the time of a login for an unknown e-mail the same as for a
# known one, so response times do not reveal which addresses have accounts.
_DUMMY_HASH = _hasher.hash("jam-dummy-password")


async def hash_password(password: str) -> str:
    # argon2 is deliberately slow (tens of ms): keep it off the event loop.
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    def check() -> bool:
        try:
            return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(check)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_invitation_code() -> str:
    # Short enough to read out, 50 bits of entropy.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(2))
