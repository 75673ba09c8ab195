"""Rules for user accounts: logins, password strength, lockout after failed sign-ins."""
from __future__ import annotations

import datetime as dt
import re

from domain.errors import FieldProblem, ValidationError
from domain.messages import N_, Nn_
from domain.permissions import Role

MIN_PASSWORD_LENGTH = 8
_LOGIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")


def clean_login(login: str) -> str:
    """Logins are case-insensitive Latin names (``a.nurlanova``); returns the stored form."""
    value = (login or "").strip().lower()
    if not _LOGIN.match(value):
        raise ValidationError("login", N_("A login is 2 to 64 Latin letters, digits, dots, dashes or "
                                          "underscores, starting with a letter or digit."))
    return value


def password_problems(password: str, login: str = "") -> list[FieldProblem]:
    problems = []
    if len(password or "") < MIN_PASSWORD_LENGTH:
        problems.append(FieldProblem("password", Nn_("A password needs at least {count} character.",
                                                     "A password needs at least {count} characters."),
                                     {"count": MIN_PASSWORD_LENGTH}))
    elif login and password.strip().lower() == login.strip().lower():
        problems.append(FieldProblem("password", N_("The password must not be the login.")))
    return problems


def check_password(password: str, login: str = "") -> None:
    problems = password_problems(password, login)
    if problems:
        raise ValidationError(problems)


def check_role(role: str) -> None:
    if role not in Role.ALL:
        raise ValidationError("role", N_("Unknown role: {role}."), role=role)


def is_locked(locked_until: dt.datetime | None, now: dt.datetime) -> bool:
    return locked_until is not None and locked_until > now


def after_failed_login(failed_logins: int, now: dt.datetime, max_failures: int,
                       lockout_minutes: int) -> tuple[int, dt.datetime | None]:
    """The new failure count and lock: the N-th failure in a row locks the account for M minutes."""
    failures = failed_logins + 1
    if failures >= max_failures:
        return 0, now + dt.timedelta(minutes=lockout_minutes)
    return failures, None


def password_fingerprint(password_hash: str | None) -> str | None:
    """A short one-way mark of a stored password hash, for the audit log.

    The log says "***" for a password; the fingerprint lets a restore check that every account's
    hash in a backup is the one its audit entries recorded (a hash swapped into a backup by hand is
    refused), while it reveals nothing that could test a password (the salted hash stays secret).
    """
    if not password_hash:
        return None
    import hashlib
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]
