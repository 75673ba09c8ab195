"""Many rows into one PostgreSQL table: ``COPY … FROM STDIN`` for many, else ``INSERT … unnest``.

psycopg's ``executemany`` (what SQLAlchemy Core sends for a list of rows on psycopg 3) runs one
INSERT per row. On a hosted register every statement fires the audit's statement-level triggers
(storage.pg_roles), whose cost is mostly per statement: measured with
``python -m bench.probe_hosted_audit``, about 3× the audit time per row of one statement of many
rows. So the rows go column-wise, one array parameter per column, in chunks of up to
``MAX_ROWS``. (A multi-row ``VALUES (…), (…)`` text was tried first: psycopg parses a long query's
placeholders again on every call, which took 30 % of a hosted import's time.) From
``COPY_FROM_ROWS`` rows on they go with ``COPY`` instead, which needs neither statement text nor
array parameters (psycopg adapting 5 000-element lists was a large part of an import's writes).
"""
from __future__ import annotations

from typing import Callable

import sqlalchemy as sa

MAX_ROWS = 5000

# (table, column keys) -> (statement, processors in key order)
_prepared: dict[tuple[str, tuple[str, ...]], tuple[str, tuple[Callable | None, ...]]] = {}


def insert_rows_pg(connection: sa.Connection, table: sa.Table, rows: list[dict]) -> None:
    if len(rows) >= COPY_FROM_ROWS:
        copy_rows_pg(connection, table, rows)
        return
    keys = tuple(rows[0])
    prepared = _prepared.get((table.name, keys))
    if prepared is None:
        prepared = _prepared[(table.name, keys)] = _prepare(table, keys, connection.dialect)
    sql, processors = prepared
    for start in range(0, len(rows), MAX_ROWS):
        chunk = rows[start:start + MAX_ROWS]
        columns = tuple([process(row[key]) for row in chunk] if process else [row[key] for row in chunk]
                        for key, process in zip(keys, processors))
        connection.exec_driver_sql(sql, columns)


def _prepare(table: sa.Table, keys: tuple[str, ...], dialect) -> tuple[str, tuple[Callable | None, ...]]:
    processors = _bind_processors(table, keys, dialect)
    quote = dialect.identifier_preparer.quote
    arrays = ", ".join(f"%s::{_element_type(table.c[key].type, dialect)}[]" for key in keys)
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(table.c[key].name) for key in keys)}) "
           f"SELECT * FROM unnest({arrays})")
    return sql, processors


def _bind_processors(table: sa.Table, keys: tuple[str, ...], dialect) -> tuple[Callable | None, ...]:
    """Each key's column type's bind processor (what SQLAlchemy applies to a parameter), in key
    order; a key that is not a column of ``table`` is refused."""
    unknown = [key for key in keys if key not in table.c]
    if unknown:
        raise KeyError(f"{table.name} has no column {unknown[0]!r}")
    return tuple(table.c[key].type._cached_bind_processor(dialect) for key in keys)


def _element_type(kind: sa.types.TypeEngine, dialect) -> str:
    """The array's element type: strings as TEXT, so that a value too long for its VARCHAR(n) column
    is refused by the INSERT's assignment (an explicit ``::VARCHAR(n)`` would cut it silently)."""
    return "TEXT" if isinstance(kind, sa.String) and not isinstance(kind, sa.Enum) else kind.compile(dialect=dialect)


def update_rows_pg(connection: sa.Connection, table: sa.Table, key: str, rows: list[dict]) -> None:
    """``UPDATE table SET … FROM unnest(…) WHERE table.id = row[key]`` for many rows (each dict:
    ``key`` and the columns to set): one statement, so the audit's triggers fire once, not once a
    row as SQLAlchemy's ``executemany`` of an UPDATE would make them."""
    columns = tuple(name for name in rows[0] if name != key)
    quote = connection.dialect.identifier_preparer.quote
    dialect = connection.dialect
    arrays = ", ".join([f"%s::{_element_type(table.c.id.type, dialect)}[]",
                        *(f"%s::{_element_type(table.c[name].type, dialect)}[]" for name in columns)])
    names = ", ".join(["row_key", *(f"v_{name}" for name in columns)])
    sql = (f"UPDATE {quote(table.name)} AS t SET {', '.join(f'{quote(name)} = v.v_{name}' for name in columns)} "
           f"FROM unnest({arrays}) AS v({names}) WHERE t.id = v.row_key")
    processors = [table.c[name].type._cached_bind_processor(dialect) for name in columns]
    for start in range(0, len(rows), MAX_ROWS):
        chunk = rows[start:start + MAX_ROWS]
        params = [[row[key] for row in chunk],
                  *([process(row[name]) for row in chunk] if process else [row[name] for row in chunk]
                    for name, process in zip(columns, processors))]
        connection.exec_driver_sql(sql, tuple(params))


# From this many rows on, rows go with ``COPY … FROM STDIN`` (psycopg ``cursor.copy()``): no
# statement text, no array parameters to adapt, and the audit's statement triggers still fire
# once for the whole COPY. Below it one INSERT … unnest costs less than opening a COPY.
COPY_FROM_ROWS = 50


class ValueTooLong(sa.exc.DataError):
    """A value longer than its VARCHAR(n) column, named by table, column and row (1 = the first
    of the rows given), which the server's COPY error gives only as a line of its input."""


def copy_rows_pg(connection: sa.Connection, table: sa.Table, rows: list[dict]) -> None:
    keys = tuple(rows[0])
    dialect = connection.dialect
    processors = _bind_processors(table, keys, dialect)
    quote = dialect.identifier_preparer.quote
    columns = [[process(row[key]) for row in rows] if process else [row[key] for row in rows]
               for key, process in zip(keys, processors)]
    sql = f"COPY {quote(table.name)} ({', '.join(quote(table.c[key].name) for key in keys)}) FROM STDIN"
    import psycopg
    try:
        with connection.connection.dbapi_connection.cursor() as cursor, cursor.copy(sql) as copy:
            write = copy.write_row
            for row in zip(*columns):
                write(row)
    except psycopg.errors.StringDataRightTruncation as error:
        raise ValueTooLong(_too_long(table, keys, rows) or sql, None, error) from error


def _too_long(table: sa.Table, keys: tuple[str, ...], rows: list[dict]) -> str | None:
    """Which value did not fit: "table.column, row N: M characters, at most L"."""
    limits = [(key, table.c[key].type.length) for key in keys
              if isinstance(table.c[key].type, sa.String) and table.c[key].type.length]
    for number, row in enumerate(rows, 1):
        for key, length in limits:
            value = row[key]
            if isinstance(value, str) and len(value) > length:
                return (f"{table.name}.{table.c[key].name}, row {number}: {len(value)} characters, "
                        f"at most {length}")
    return None
