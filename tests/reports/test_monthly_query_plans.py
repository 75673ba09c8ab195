"""The monthly report counts a month of a large register from indexes, never by reading a big table.

The report is exported from demo data, every SELECT it sends is recorded and its SQLite plan asked
for (``tests/query_plans.py``): no ``SCAN`` of a table that grows with the register. At 1M persons
the status counts (ended by citizenship) and the families without a basis of processing read every
``kandas_status`` and every ``person`` row before revision ``0016`` (docs/reports.md); this
fails if such a plan comes back. The running totals (``subsidy_due_total``, ``subsidy_paid_total``:
one row per month, region and kind) are small and may be read whole; the audit chain's newest
entry is read backwards from the end (``ORDER BY id DESC LIMIT``), one row.
"""
from __future__ import annotations

import datetime as dt
import sqlite3

from i18n import Translator
from reports.month_approval import approve_month
from reports.monthly_report import export_monthly_report
from tests.query_plans import recording_selects, sqlite_scans

SMALL_TOTALS = frozenset({"subsidy_due_total", "subsidy_paid_total"})


def test_the_monthly_report_reads_indexes_not_tables(services, db_path, tmp_path):
    services.demo(families=30)
    with recording_selects(services.engine) as seen:
        export_monthly_report(services, dt.date(2026, 10, 1), tmp_path / "october.pdf", Translator("kk"))
    newest_entry = [s for s in seen if "FROM audit_log ORDER BY audit_log.id DESC LIMIT" in " ".join(s.split())]
    statements = [(s, p) for s, p in seen.items() if s not in newest_entry]
    assert len(statements) > 20 and any("kandas_status" in s for s, _p in statements)
    assert sqlite_scans(str(db_path), statements, allowed=SMALL_TOTALS) == []


def _plans(db_path, statements) -> list[tuple[str, str]]:
    """(plan line, statement) for every line of every statement's plan."""
    connection = sqlite3.connect(str(db_path))
    try:
        return [(row[3], " ".join(statement.split())) for statement, parameters in statements
                for row in connection.execute("EXPLAIN QUERY PLAN " + statement, parameters)]
    finally:
        connection.close()


def test_a_whole_month_reads_no_ledger_row_and_the_quota_from_one_index(services, db_path, tmp_path):
    """Issue 21: at 1M persons the report's slow runs read 683 MB cold from disk, 423 MB of it the
    month's payments joined to their items at random (the corrections to approved months) and 108 MB
    the year's quota inclusions looked up one by one. A month read to its end now takes the
    corrections from the ledger's totals and the quota from ``ix_quota_inclusion_report_year``."""
    services.demo(families=30)
    approve_month(services, dt.date(2026, 9, 1), Translator("ru"))  # corrections to September are looked for
    with recording_selects(services.engine) as seen:
        export_monthly_report(services, dt.date(2026, 10, 1), tmp_path / "october.pdf", Translator("kk"))
    plans = _plans(db_path, seen.items())
    assert any("subsidy_paid_total" in statement and "closed_month" in statement for _line, statement in plans)
    ledger_rows = [(line, statement) for line, statement in plans
                   if line.split()[:2] in (["SEARCH", "payment"], ["SCAN", "payment"], ["SEARCH", "subsidy_item"],
                                           ["SCAN", "subsidy_item"])]
    assert ledger_rows == []
    quota = [line for line, statement in plans if "quota_inclusion" in line and "FROM quota_inclusion" in statement]
    assert quota and all("COVERING INDEX ix_quota_inclusion_report_year" in line for line in quota), quota
