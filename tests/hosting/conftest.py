"""Host-mode tests sign in many times; argon2 with its production cost takes most of a second
per hash on the shared test machine, so these tests hash with the cheapest parameters (what is
tested is who may sign in, not the hash's strength: tests/services/test_users.py covers that)."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher

CHEAP = dict(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashes():
    import services.users as users
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "_hasher", PasswordHasher(**CHEAP))
        yield
