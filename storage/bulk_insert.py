"""Plain ``executemany`` of many rows into one table, for the register import.

``session.execute(table.insert(), rows)`` spends more time in SQLAlchemy's per-row parameter
handling than SQLite spends inserting (measured on a 100 000-row import: ≈2.5 s of 15 s of
writes). On SQLite the statement is compiled once per table and column set, each column's
bind processor (dates and times to text, JSON to text) is looked up once, and the rows go
to the driver's ``executemany`` as tuples. PostgreSQL gets multi-row statements
(storage.bulk_insert_pg); other drivers keep SQLAlchemy's own bulk path.
"""
from __future__ import annotations

from operator import itemgetter
from typing import Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session

# (table, column keys) -> (SQL text, column order, bind processors in that order)
_Prepared = tuple[str, tuple[str, ...], tuple[Callable | None, ...]]
_prepared: dict[tuple[str, tuple[str, ...]], _Prepared] = {}


def insert_rows(session: Session, table: sa.Table, rows: list[dict]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` inside the session's transaction."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name == "postgresql":
        from storage.bulk_insert_pg import insert_rows_pg
        insert_rows_pg(connection, table, rows)
        return
    if dialect.name != "sqlite" or dialect.paramstyle != "qmark":
        session.execute(table.insert(), rows)
        return
    sql, order, processors = _statement(table, tuple(rows[0]), dialect)
    connection.exec_driver_sql(sql, _parameters(rows, order, processors))


def insert_tuples(session: Session, table: sa.Table, keys: tuple[str, ...], rows: list[tuple]) -> None:
    """``insert_rows`` for rows already in tuples of ``keys``' values: the register import's
    search tokens (700 000 for 100 000 persons) skip a dict each."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name == "sqlite" and dialect.paramstyle == "qmark":
        sql, order, processors = _statement(table, keys, dialect)
        if order == keys and not any(processors):  # the tuples are the statement's parameters as they are
            connection.exec_driver_sql(sql, rows)
            return
    insert_rows(session, table, [dict(zip(keys, row)) for row in rows])


def _statement(table: sa.Table, keys: tuple[str, ...], dialect) -> _Prepared:
    """The SQLite insert of ``keys`` into ``table``, prepared once per table and column set."""
    prepared = _prepared.get((table.name, keys))
    if prepared is None:
        prepared = _prepared[(table.name, keys)] = _prepare(table, keys, dialect)
    return prepared


def _parameters(rows: list[dict], order: tuple[str, ...], processors: tuple[Callable | None, ...]) -> list[tuple]:
    """The rows as parameter lists in statement order, each column through its bind processor.

    Column by column rather than value by value (a generator per row cost as much as SQLite's own
    inserts), and a date or time column's processor runs once per distinct value: an import's
    rows share their stamp and many birth dates."""
    get = itemgetter(*order)
    single = len(order) == 1
    if not any(processors):
        return [(get(row),) for row in rows] if single else [get(row) for row in rows]
    params: list = [[get(row)] for row in rows] if single else [list(get(row)) for row in rows]
    for index, process in enumerate(processors):
        if process is None:
            continue
        if isinstance(process, _Memo):
            done: dict = {}  # for this call only: a long session's dates never pile up
            for values in params:
                value = values[index]
                found = done.get(value, _MISSING)
                if found is _MISSING:
                    found = done[value] = process.process(value)
                values[index] = found
        else:
            for values in params:
                values[index] = process(values[index])
    return [tuple(values) for values in params]  # the driver layer takes tuples, not lists


_MISSING = object()


class _Memo:
    """A bind processor of dates and times, run once per distinct value of a call (values are
    hashable and few: a stamp, birth and arrival dates)."""

    def __init__(self, process: Callable) -> None:
        self.process = process

    def __call__(self, value):
        return self.process(value)


def _prepare(table: sa.Table, keys: tuple[str, ...], dialect) -> _Prepared:
    unknown = [key for key in keys if key not in table.c]
    if unknown:
        raise KeyError(f"{table.name} has no column {unknown[0]!r}")
    compiled = table.insert().compile(dialect=dialect, column_keys=list(keys))
    order = tuple(compiled.positiontup)
    processors = tuple(_memo(table.c[key].type, table.c[key].type.bind_processor(dialect)) for key in order)
    return str(compiled), order, processors


def _memo(kind: sa.types.TypeEngine, process: Callable | None) -> Callable | None:
    if process is not None and isinstance(kind, (sa.Date, sa.DateTime, sa.Time)):
        return _Memo(process)
    return process
