"""Database failures as sentences a user can act on, never SQL text.

Every error of the driver (SQLite's ``sqlite3``, PostgreSQL's ``psycopg``), raw or wrapped
by SQLAlchemy, is sorted here into a few kinds, each with one translated sentence: a
clash with another seat's change, a lost connection, a full disk, a busy database, a
read-only database, refused access, or anything else. The unit of work applies this
on its way out, so the window and the command line both see a ``DomainError``.

The original error is logged as a short summary and not chained (``from None``): a
PostgreSQL message's DETAIL repeats the row's values ("Key (iin)=(…) already exists",
"Failing row contains (…)"), which must not reach a message box or the log file.
"""
from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa

from domain.errors import DomainError, RuleViolation
from domain.messages import N_
from storage.engine import DatabaseError

log = logging.getLogger(__name__)

CONFLICT = "conflict"
CONNECTION_LOST = "connection_lost"
DISK_FULL = "disk_full"
BUSY = "busy"
READ_ONLY = "read_only"
PERMISSION = "permission"
OTHER = "other"

MESSAGES = {
    CONFLICT: N_("Someone else changed the same data at the same moment. Nothing was saved; try again."),
    CONNECTION_LOST: N_("The connection to the database was lost. Try again in a moment; "
                        "if it keeps happening, ask the administrator whether the database server is running."),
    DISK_FULL: N_("The disk of the database is full, so nothing was saved. "
                  "Free some space (or ask the administrator) and try again."),
    BUSY: N_("The register is busy with another change (another window or computer). "
             "Nothing was saved; try again in a moment."),
    READ_ONLY: N_("The database can only be read here, so nothing was saved. Ask the administrator."),
    PERMISSION: N_("The database refused access to this account, so nothing was done. Ask the administrator."),
    OTHER: N_("The database could not do this, so nothing was saved. The details are in the log file."),
}

# SQLite primary result codes (an extended code's low byte is its primary code).
_SQLITE_KINDS = {3: PERMISSION, 5: BUSY, 6: BUSY, 8: READ_ONLY, 13: DISK_FULL, 19: CONFLICT, 23: PERMISSION}
# PostgreSQL SQLSTATEs, exact codes first, then classes (the first two characters).
_PG_CODES = {"40001": CONFLICT, "40P01": CONFLICT, "53100": DISK_FULL, "55P03": BUSY, "57014": BUSY,
             "25006": READ_ONLY, "42501": PERMISSION, "28000": PERMISSION, "28P01": PERMISSION,
             "57P01": CONNECTION_LOST, "57P02": CONNECTION_LOST, "57P03": CONNECTION_LOST,
             "53300": CONNECTION_LOST}
_PG_CLASSES = {"23": CONFLICT, "08": CONNECTION_LOST, "40": CONFLICT}
_TEXT_HINTS = (("database is locked", BUSY), ("database table is locked", BUSY),
               ("disk is full", DISK_FULL), ("no space left", DISK_FULL),
               ("readonly database", READ_ONLY), ("read-only", READ_ONLY),
               ("server closed the connection", CONNECTION_LOST), ("connection refused", CONNECTION_LOST),
               ("connection is closed", CONNECTION_LOST), ("terminating connection", CONNECTION_LOST),
               ("could not connect", CONNECTION_LOST), ("connection timeout", CONNECTION_LOST),
               ("lock timeout", BUSY), ("lock_timeout", BUSY), ("permission denied", PERMISSION))


class DatabaseFailureError(DatabaseError):
    """The database failed an operation for a reason the user can act on; ``kind`` says which."""

    def __init__(self, kind: str, **params: Any) -> None:
        super().__init__(MESSAGES[kind], **params)
        self.kind = kind


class ConcurrentChangeError(RuleViolation):
    """Another seat's change clashed with this one (unique key, serialisation, deadlock).

    A ``RuleViolation`` with the rule "integrity", as the unit of work has always raised for a
    clash, so services that retry such a step (reminders) keep doing so."""

    kind = CONFLICT

    def __init__(self) -> None:
        super().__init__("integrity", MESSAGES[CONFLICT])


def _driver_error(error: BaseException) -> BaseException | None:
    if isinstance(error, sa.exc.DBAPIError):
        return error.orig
    from storage.sqlcipher_files import driver_errors
    if isinstance(error, driver_errors()):  # sqlite3's, or sqlcipher3's for an encrypted register
        return error
    try:
        import psycopg
    except ImportError:  # pragma: no cover - the PostgreSQL driver is optional
        return None
    return error if isinstance(error, psycopg.Error) else None


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [""])[0][:300]


def _kind_from_text(text: str) -> str | None:
    lowered = text.lower()
    return next((kind for hint, kind in _TEXT_HINTS if hint in lowered), None)


def classify(error: BaseException) -> str | None:
    """The kind of a database error, or None when ``error`` is not one."""
    driver = _driver_error(error)
    if driver is None:
        return None
    if isinstance(error, sa.exc.DBAPIError) and error.connection_invalidated:
        return CONNECTION_LOST
    code = getattr(driver, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _SQLITE_KINDS:
        return _SQLITE_KINDS[code & 0xFF]
    state = getattr(driver, "sqlstate", None)
    if isinstance(state, str) and state:
        kind = _PG_CODES.get(state) or _PG_CLASSES.get(state[:2])
        if kind:
            return kind
    kind = _kind_from_text(_first_line(driver))
    if kind:
        return kind
    if isinstance(error, sa.exc.IntegrityError) or type(driver).__name__ == "IntegrityError":
        return CONFLICT
    if isinstance(error, sa.exc.OperationalError) and state is None and code is None:
        return CONNECTION_LOST  # psycopg says nothing more when the server is gone
    return OTHER


def translate(error: BaseException) -> DomainError | None:
    """The domain error for a database error (logged as a short, value-free summary); None otherwise."""
    kind = classify(error)
    if kind is None:
        return None
    driver = _driver_error(error)
    code = getattr(driver, "sqlstate", None) or getattr(driver, "sqlite_errorname", None) or ""
    # Only the driver's first line: a PostgreSQL DETAIL line carries the row's values.
    summary = f"{type(driver).__name__} {code}: {_first_line(driver)}".strip()
    if kind == OTHER:
        log.error("database error: %s", summary)
    else:
        log.warning("database error (%s): %s", kind, summary)
    return ConcurrentChangeError() if kind == CONFLICT else DatabaseFailureError(kind)


def raise_translated(error: BaseException) -> None:
    """Raise the domain error for ``error`` if it is a database error (the original is not chained)."""
    translated = translate(error)
    if translated is not None:
        raise translated from None
