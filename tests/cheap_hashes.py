"""The cheapest argon2 parameters, for tests that sign in and create accounts.

argon2 at its production cost takes most of a second per hash on the shared 2-core test machine,
and the accounts' tests hash dozens of times. What they test is who may sign in, not the hash's
strength; tests/services/test_users.py proves the application's own hasher is argon2id at full
cost. A test that starts a Qandas process of its own passes ``CHEAP`` there too (see
tests/hosting/test_host_mode.py) or runs the CLI in-process (tests/cli/in_process.py).
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from argon2 import PasswordHasher

CHEAP = dict(time_cost=1, memory_cost=8, parallelism=1)


@contextmanager
def cheap_password_hashes() -> Iterator[PasswordHasher]:
    """Swap ``services.users``' hasher for a cheap one; yields the application's own."""
    import services.users as users
    real = users._hasher
    users._dummy_hash.cache_clear()  # made with the hasher in use, so it costs what an account's hash costs
    users._hasher = PasswordHasher(**CHEAP)
    try:
        yield real
    finally:
        users._hasher = real
        users._dummy_hash.cache_clear()
