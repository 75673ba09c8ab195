"""A hosted register's roles and sign-ins for the tests that talk to PostgreSQL as its users."""
from __future__ import annotations

import sqlalchemy as sa

from domain.permissions import Actor, Role
from storage import pg_roles

PASSWORD = "correct horse battery"
USERS = (("boss", Role.ADMINISTRATOR), ("anna", Role.CASE_WORKER), ("rita", Role.READ_ONLY),
         ("sam", Role.SUPERVISOR))


def with_users(engine, clock):
    """One user per role (each with their own PostgreSQL login); the administrator's services."""
    from services import AppServices
    admin = AppServices(engine, Actor(None, "boss", Role.ADMINISTRATOR), clock)
    for login, role in USERS:
        admin.users.create(login, role, PASSWORD, login.title())
    return admin


def dsn(url: str, login: str) -> str:
    """A libpq connection string signing in as the Qandas user ``login``'s own role."""
    parsed = sa.make_url(url)
    return f"host={parsed.host} port={parsed.port} dbname={parsed.database} user={pg_roles.login_role(login)}"
