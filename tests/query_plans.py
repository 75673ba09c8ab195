"""Query plans of the statements a screen or report sends: does any read a large table whole?

``sqlite_scans`` (``EXPLAIN QUERY PLAN``: a ``SCAN`` of a table) and ``postgres_scans`` (``EXPLAIN
(FORMAT JSON)`` with ``enable_seqscan`` off: a ``Seq Scan``, or an index scan without a condition)
list the plans that read a table that grows with the register; the reference lists in
``SMALL_TABLES`` may be read whole. Used by tests/gui/test_card_query_plans.py and
tests/reports/test_monthly_query_plans.py.
"""
from __future__ import annotations

import json
import re
import sqlite3

from sqlalchemy import event

# Reference lists and settings: a few hundred rows at most, whatever the register's size.
SMALL_TABLES = frozenset({
    "region", "region_alias", "country", "app_user", "legal_ground", "setting", "support_rule", "mrp_rate",
    "receiving_region", "quota_plan", "employment_plan", "education_quota", "letter_template", "closed_month",
    "case_number_counter", "alembic_version"})
# What the plans may scan that is no table: a materialised subquery, a constant row, a CTE.
NOT_TABLES = ("(subquery", "CONSTANT ROW", "anon_")
# A common table expression the statement names (``WITH name AS [MATERIALIZED] (``): a scan of its rows.
_CTE = re.compile(r"(?:\bWITH|,)\s+(\w+)\s+AS\s+(?:NOT\s+)?(?:MATERIALIZED\s+)?\(", re.IGNORECASE)


def recording_selects(engine):
    """A context manager recording every SELECT sent on ``engine`` (statement → first parameters)."""
    from contextlib import contextmanager

    @contextmanager
    def recording():
        seen: dict[str, object] = {}

        def record(_conn, _cursor, statement, parameters, _context, _executemany) -> None:
            if statement.lstrip().upper().startswith(("SELECT", "WITH")):
                seen.setdefault(statement, parameters)

        event.listen(engine, "before_cursor_execute", record)
        try:
            yield seen
        finally:
            event.remove(engine, "before_cursor_execute", record)
    return recording()


def sqlite_scans(path: str, statements, allowed: frozenset[str] = frozenset()) -> list[str]:
    problems = []
    connection = sqlite3.connect(path)
    try:
        for statement, parameters in statements:
            ctes = set(_CTE.findall(statement))
            for row in connection.execute("EXPLAIN QUERY PLAN " + statement, parameters):
                detail = row[3]
                if not detail.startswith("SCAN "):
                    continue
                name = detail.split()[1]
                if name in SMALL_TABLES or name in allowed or name in ctes or detail[5:].startswith(NOT_TABLES):
                    continue
                problems.append(f"{detail}\n    in {' '.join(statement.split())[:400]}")
    finally:
        connection.close()
    return problems


def _pg_nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", ()):
        yield from _pg_nodes(child)


def postgres_scans(engine, statements) -> list[str]:
    problems = []
    with engine.connect() as connection:
        connection.exec_driver_sql("SET enable_seqscan = off")
        cursor = connection.connection.cursor()
        for statement, parameters in statements:
            cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            for node in _pg_nodes(plan[0]["Plan"]):
                relation = node.get("Relation Name")
                if relation is None or relation in SMALL_TABLES:
                    continue
                kind = node["Node Type"]
                whole_index = kind in ("Index Scan", "Index Only Scan") and "Index Cond" not in node
                if kind == "Seq Scan" or whole_index:
                    problems.append(f"{kind} on {relation}\n    in {' '.join(statement.split())[:400]}")
        connection.rollback()
    return problems
