"""Host-mode tests sign in many times: the session-wide ``cheap_password_hashes`` fixture of
tests/conftest.py makes their argon2 hashes cheap (tests/cheap_hashes.py says why that is safe)."""
from __future__ import annotations

from tests.cheap_hashes import CHEAP  # noqa: F401 - test_host_mode's child processes import it from here
