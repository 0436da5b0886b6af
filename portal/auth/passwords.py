"""Staff passwords: argon2 hashes, and a check that takes as long for an unknown account."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

passwords = PasswordHasher()


def hash_password(password: str) -> str:
    return passwords.hash(password)


@cache
def _unknown_account_hash() -> str:
    # Made on first use, not at import: hashing takes a good part of a second.
    return passwords.hash("no such account")


def matches(password_hash: str | None, password: str) -> bool:
    """Whether `password` is the one hashed; for no hash (no such account) as slowly as for
    one, so that the answer's timing does not tell which accounts exist."""
    try:
        passwords.verify(password_hash or _unknown_account_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    return passwords.check_needs_rehash(password_hash)
