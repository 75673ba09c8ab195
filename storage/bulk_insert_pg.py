"""Many rows into one PostgreSQL table as multi-row ``INSERT … VALUES (…), (…)`` statements.

psycopg's ``executemany`` (what SQLAlchemy Core sends for a list of rows on psycopg 3) runs one
INSERT per row. On a hosted register every statement fires the audit's statement-level triggers
(storage.pg_roles), whose cost is mostly per statement: measured with
``python -m bench.probe_hosted_audit``, about 3× the audit time per row of one statement of many
rows. Chunks of up to 1 000 rows (and under PostgreSQL's 65 535 parameters) keep an import's
statements, and the audit's passes, few.
"""
from __future__ import annotations

import re
from typing import Callable

import sqlalchemy as sa

MAX_ROWS = 1000
MAX_PARAMETERS = 65_000
_BIND = re.compile(r"%\((\w+)\)s")

# (table, column keys) -> (INSERT head, one row's VALUES group, keys in parameter order, processors)
_Prepared = tuple[str, str, tuple[str, ...], tuple[Callable | None, ...]]
_prepared: dict[tuple[str, tuple[str, ...]], _Prepared] = {}


def insert_rows_pg(connection: sa.Connection, table: sa.Table, rows: list[dict]) -> None:
    keys = tuple(rows[0])
    prepared = _prepared.get((table.name, keys))
    if prepared is None:
        prepared = _prepared[(table.name, keys)] = _prepare(table, keys, connection.dialect)
    head, group, order, processors = prepared
    per = max(1, min(MAX_ROWS, MAX_PARAMETERS // len(order)))
    for start in range(0, len(rows), per):
        chunk = rows[start:start + per]
        params = [process(row[key]) if process else row[key]
                  for row in chunk for key, process in zip(order, processors)]
        connection.exec_driver_sql(head + ", ".join([group] * len(chunk)), tuple(params))


def _prepare(table: sa.Table, keys: tuple[str, ...], dialect) -> _Prepared:
    """SQLAlchemy's own single-row statement (its casts, e.g. ``::JSON``), with positional
    parameters so that one VALUES group can be repeated."""
    unknown = [key for key in keys if key not in table.c]
    if unknown:
        raise KeyError(f"{table.name} has no column {unknown[0]!r}")
    compiled = table.insert().compile(dialect=dialect, column_keys=list(keys))
    head, values = str(compiled).split(" VALUES ", 1)
    values = values.split(" RETURNING ", 1)[0]  # a single-row insert reads its new key back; not here
    names = _BIND.findall(values)
    order = tuple(compiled.binds[name].key for name in names)
    processors = tuple(table.c[key].type._cached_bind_processor(dialect) for key in order)
    return head + " VALUES ", _BIND.sub("%s", values).replace("%%", "%"), order, processors
