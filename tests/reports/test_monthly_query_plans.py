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

from i18n import Translator
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
