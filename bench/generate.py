"""Build (or reuse) a synthetic Qandas SQLite database of N persons.

    python bench/generate.py 100000 [--seed 2026] [--force]

The file is migrated to head with ``storage.schema.upgrade`` (so reference data are
seeded exactly as in the application), then filled with bulk Core inserts
(``executemany`` of the compiled ``table.insert()``) with the secondary indexes
and the ledger's triggers dropped and rebuilt afterwards (the running totals they keep are filled
in one pass), and with speed-only PRAGMAs (no journal, no sync)
that are reset before the file is closed. Files are cached under ``bench/.cache/``
keyed by size, seed and schema revision.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy.dialects import sqlite as sqlite_dialect  # noqa: E402

from bench.synth import COLUMNS, STAMP, TODAY, Reference, Rows, Synthesizer, _ts  # noqa: E402
from storage import ledger_totals, schema, tables  # noqa: E402

CACHE = Path(os.environ.get("QANDAS_BENCH_CACHE", ROOT / "bench" / ".cache"))
DEFAULT_SEED = 2026
BATCH_FAMILIES = 5000
USERS = (("supervisor", "supervisor", "Әсел Жұмабаева"), ("worker1", "case_worker", "Нұрлан Қасымов"),
         ("worker2", "case_worker", "Гүлнар Оспанова"), ("worker3", "case_worker", "Ерлан Тұрсынов"),
         ("worker4", "case_worker", "Айгүл Серікбаева"), ("clerk", "read_only", "Дана Ахметова"))


def database_path(size: int, seed: int = DEFAULT_SEED, folder: Path | None = None) -> Path:
    revision = schema.head_revision()
    return (folder or CACHE) / f"qandas-{size}-seed{seed}-{revision}.sqlite3"


def ensure_database(size: int, seed: int = DEFAULT_SEED, folder: Path | None = None, force: bool = False,
                    log=None) -> Path:
    """The cached database for (size, seed, schema revision); built when missing."""
    path = database_path(size, seed, folder)
    if path.exists() and not force:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    for leftover in (partial, Path(str(partial) + "-wal"), Path(str(partial) + "-shm")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    build(partial, size, seed)
    partial.replace(path)
    if log:
        log(f"built {path.name} ({size} persons) in {time.perf_counter() - started:.1f} s")
    return path


def _insert_sql(table_name: str) -> str:
    table = tables.metadata.tables[table_name]
    statement = table.insert().compile(dialect=sqlite_dialect.dialect(), column_keys=list(COLUMNS[table_name]))
    return str(statement)


def _read_reference(connection: sqlite3.Connection, user_ids: list[int]) -> Reference:
    receiving: dict[int, list[str]] = {}
    for year, code in connection.execute("SELECT year, region_code FROM receiving_region ORDER BY year, region_code"):
        receiving.setdefault(year, []).append(code)
    mrp = {year: Decimal(str(value)) for year, value in connection.execute("SELECT year, mrp FROM mrp_rate")}
    rules = {kind: (Decimal(str(coefficient)), months) for kind, coefficient, months in connection.execute(
        "SELECT kind, mrp_coefficient, months FROM support_rule ORDER BY valid_from")}
    validity = connection.execute("SELECT value FROM setting WHERE key = 'status_validity_months'").fetchone()
    return Reference(receiving=receiving, mrp=mrp,
                     relocation_coefficient=rules["relocation_per_member"][0],
                     housing_coefficient=rules["housing_monthly"][0], housing_months=rules["housing_monthly"][1],
                     validity_months=int(validity[0]) if validity else 12, user_ids=user_ids)


def _insert_users(connection: sqlite3.Connection) -> list[int]:
    ids = []
    for login, role, name in USERS:
        cursor = connection.execute(
            "INSERT INTO app_user (login, display_name, role, active, failed_logins, created_at, created_by, "
            "updated_at, updated_by, version) VALUES (?, ?, ?, 1, 0, ?, ?, ?, ?, 1)",
            (login, name, role, _ts(TODAY), STAMP, _ts(TODAY), STAMP))
        ids.append(cursor.lastrowid)
    return ids


def _drop_secondary_indexes(connection: sqlite3.Connection, names: tuple[str, ...]) -> list[str]:
    """Drop the named indexes of the filled tables; returns their CREATE statements."""
    marks = ",".join("?" * len(names))
    found = connection.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
        names).fetchall()
    for name, _sql in found:
        connection.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in found]


def _drop_triggers(connection: sqlite3.Connection, names: tuple[str, ...]) -> list[str]:
    """Drop the triggers of the filled tables (the ledger's running totals); returns their CREATE statements."""
    marks = ",".join("?" * len(names))
    found = connection.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})", names).fetchall()
    for name, _sql in found:
        connection.execute(f'DROP TRIGGER "{name}"')
    return [sql for _name, sql in found]


# The running totals the triggers keep, filled once after the bulk load: one grouped pass instead of
# an upsert per inserted row, with the triggers' own months and cents (storage.ledger_totals).
FILL_TOTALS = ("DELETE FROM subsidy_due_total", "DELETE FROM subsidy_paid_total",
               *ledger_totals.fill_statements("sqlite"))


def build(path: Path, size: int, seed: int = DEFAULT_SEED) -> None:
    schema.upgrade(str(path), backup=False)  # the application's own migration and reference seeding
    connection = sqlite3.connect(str(path), isolation_level=None)
    try:
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -400000", "temp_store = MEMORY",
                       "locking_mode = EXCLUSIVE", "foreign_keys = OFF"):
            connection.execute(f"PRAGMA {pragma}")
        connection.execute("BEGIN")
        reference = _read_reference(connection, _insert_users(connection))
        indexes = _drop_secondary_indexes(connection, tuple(COLUMNS))
        triggers = _drop_triggers(connection, tuple(COLUMNS))
        statements = {name: _insert_sql(name) for name in COLUMNS}
        synthesizer = Synthesizer(seed, reference)
        persons = 0
        while persons < size:
            rows = Rows()
            for _ in range(BATCH_FAMILIES):
                if persons >= size:
                    break
                persons += synthesizer.family(rows, size - persons)
            for name, sql in statements.items():
                batch = getattr(rows, name)
                if batch:
                    connection.executemany(sql, batch)
        for sql in indexes:
            connection.execute(sql)
        for sql in FILL_TOTALS + tuple(triggers):
            connection.execute(sql)
        connection.execute("COMMIT")
        connection.execute("PRAGMA foreign_keys = ON")
        problems = connection.execute("PRAGMA foreign_key_check").fetchmany(5)
        if problems:
            raise RuntimeError(f"generated rows break foreign keys: {problems}")
        connection.execute("PRAGMA locking_mode = NORMAL")
        connection.execute("PRAGMA journal_mode = WAL")  # what the application uses
    finally:
        connection.close()


def counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(str(path))
    try:
        return {name: connection.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
                for name in ("family",) + tuple(n for n in COLUMNS if n != "family")}
    finally:
        connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build a synthetic Qandas database for the benchmark.")
    parser.add_argument("size", type=int, help="number of persons")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="rebuild even when cached")
    parser.add_argument("--folder", type=Path, default=None, help="cache folder (default bench/.cache)")
    args = parser.parse_args(argv)
    if args.size < 1:
        parser.error("size must be at least 1")
    path = ensure_database(args.size, args.seed, args.folder, args.force, log=print)
    print(path)
    for name, count in counts(path).items():
        print(f"  {name:22} {count:>10,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
