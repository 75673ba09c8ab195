"""Moving a register from its SQLite file into the host's PostgreSQL database, row for row.

The target is migrated to the same revision first (so the schema is the application's), then
emptied of what the migration seeded, then every table is copied in foreign-key order in one
transaction: the audit log with its hashes unchanged, attachments with their bytes, the ledger's
totals as they are (their triggers paused, ``storage.ledger_totals.paused``). Sequences
continue after the highest copied id. The counts of every table are compared after the copy.
"""
from __future__ import annotations

from typing import Callable

import sqlalchemy as sa

from storage import ledger_totals, tables

BATCH = 2000


def table_counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {table.name: connection.scalar(sa.select(sa.func.count()).select_from(table))
                for table in tables.metadata.sorted_tables}


def _copy_in(writing: sa.Connection, table: sa.Table, batches) -> int:
    """PostgreSQL's COPY (about ten times faster than INSERT batches: a 100 000-person register
    has well over a million rows) inside the caller's transaction."""
    from psycopg.types.json import Json
    names = ", ".join(f'"{column.name}"' for column in table.c)
    json_columns = [index for index, column in enumerate(table.c) if isinstance(column.type, sa.JSON)]
    rows = 0
    with writing.connection.dbapi_connection.cursor() as cursor:
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for batch in batches:
                for row in batch:
                    values = list(row)
                    for index in json_columns:
                        if values[index] is not None:
                            values[index] = Json(values[index])
                    copy.write_row(values)
                rows += len(batch)
    return rows


def copy_register(source: sa.Engine, target: sa.Engine,
                  step: Callable[[int, int, str], None] | None = None) -> dict[str, int]:
    """Copy every row of ``source`` into ``target`` (both at the same schema revision); returns
    the rows copied per table."""
    ordered = tables.metadata.sorted_tables
    copied: dict[str, int] = {}
    total = len(ordered)
    with source.connect() as reading, target.begin() as writing, ledger_totals.paused(writing):
        for table in reversed(ordered):
            writing.execute(table.delete())
        for done, table in enumerate(ordered, start=1):
            if step is not None:
                step(done, total, table.name)
            result = reading.execution_options(yield_per=BATCH).execute(sa.select(table))
            if writing.dialect.name == "postgresql":
                copied[table.name] = _copy_in(writing, table, result.partitions(BATCH))
            else:
                copied[table.name] = 0
                for batch in result.partitions(BATCH):
                    writing.execute(table.insert(), [dict(row._mapping) for row in batch])
                    copied[table.name] += len(batch)
            if "id" in table.c and isinstance(table.c.id.type, sa.Integer) and table.c.id.autoincrement:
                writing.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"coalesce((SELECT max(id) FROM \"{table.name}\"), 0) + 1, false) "
                    f"WHERE pg_get_serial_sequence('{table.name}', 'id') IS NOT NULL")
    return copied
