"""Hand-written SQL for the statements that run at every keystroke, on the driver's cursor.

Search as you type runs two or three small statements per keystroke; built as SQLAlchemy
expressions, building, cache-keying, executing and wrapping the result cost more than the
engine's work on them (docs/search-speed.md). The few hot statements are therefore
plain SQL strings with ``?`` placeholders, run on the DBAPI cursor of the session's own
connection (same transaction, same snapshot). The differences between the engines are kept
here: the placeholder style (``?`` for sqlite3, ``%s`` for psycopg), a list of ids as a bound
parameter, and dates (SQLite returns the stored ISO text).
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Iterator, Sequence

from sqlalchemy.orm import Session


iso_date = dt.date.fromisoformat  # a DATE column's value as SQLite returns it (the stored ISO text)


@lru_cache(maxsize=512)
def _for_driver(sql: str, paramstyle: str) -> str:
    if paramstyle == "qmark":
        return sql
    if paramstyle in ("format", "pyformat"):
        return sql.replace("%", "%%").replace("?", "%s")
    raise NotImplementedError(f"paramstyle {paramstyle}")


class Cursor:
    """The DBAPI cursor of ``session``'s connection, with SQL written for sqlite3's ``?``."""

    def __init__(self, session: Session) -> None:
        connection = session.connection()
        self.dialect = connection.dialect
        self.sqlite = self.dialect.name == "sqlite"
        self._cursor = connection.connection.cursor()

    def execute(self, sql: str, params: Sequence = ()) -> "Cursor":
        self._cursor.execute(_for_driver(sql, self.dialect.paramstyle), tuple(params))
        return self

    def all(self) -> list:
        return self._cursor.fetchall()

    def scalars(self) -> list:
        return [row[0] for row in self._cursor.fetchall()]

    def rows(self, batch: int = 256) -> Iterator[tuple]:
        """Rows as the engine steps through them (SQLite computes no row that is not fetched)."""
        while True:
            chunk = self._cursor.fetchmany(batch)
            if not chunk:
                return
            yield from chunk

    def ids_condition(self, column: str, ids: Sequence[int]) -> tuple[str, list]:
        """``column`` is one of ``ids``: (SQL, params)."""
        if self.sqlite:
            return f"{column} IN ({','.join('?' * len(ids))})", list(ids)
        return f"{column} = ANY(?)", [list(ids)]

    def close(self) -> None:
        self._cursor.close()

    def __enter__(self) -> "Cursor":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
