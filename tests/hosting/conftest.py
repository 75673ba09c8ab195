"""Host-mode tests sign in many times: the session-wide ``cheap_password_hashes`` fixture of
tests/conftest.py makes their argon2 hashes cheap (tests/cheap_hashes.py says why that is safe)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.cheap_hashes import CHEAP  # noqa: F401 - test_host_mode's child processes import it from here
from tests.hosting.hosted_register import with_users


@pytest.fixture
def hosted(migrated_pg_url, clock):
    """A migrated register with the roles installed and one user per role:
    (engine, url, the administrator's services)."""
    from services.database import prepare_database
    from storage import pg_roles
    engine, _ = prepare_database(migrated_pg_url)
    with engine.begin() as connection:
        pg_roles.install(connection)
    pg_roles.forget()
    yield engine, migrated_pg_url, with_users(engine, clock)
    engine.dispose()


@pytest.fixture(scope="module")
def host_servers():
    """Where ``host init`` puts its servers during a module's tests: as root the server runs as
    another account, which cannot pass through pytest's private folder."""
    folder = Path(tempfile.mkdtemp(prefix="qandas-host-servers-"))
    os.environ["QANDAS_HOST_SERVER_DIR"] = str(folder)
    yield folder
    os.environ.pop("QANDAS_HOST_SERVER_DIR", None)
    shutil.rmtree(folder, ignore_errors=True)
