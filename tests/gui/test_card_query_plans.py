"""Every statement of the family card's read finds its rows through an index, on both engines.

The card is opened as the registry opens it (``FamilyCardWindow`` with its read job) on demo data
(a family with a quota inclusion, its schedule and payments, tasks, statuses…), every SELECT it
sends is recorded, and its plan is asked for:

* SQLite: ``EXPLAIN QUERY PLAN`` has no ``SCAN`` of a table that grows with the register
  (the reference lists — regions, countries, users… — are small and may be read whole);
* PostgreSQL: with ``enable_seqscan`` off (on a small test database the planner would rightly
  prefer a sequential scan), the JSON plan has no ``Seq Scan`` and no index scan without an
  ``Index Cond`` (a whole index read) on such a table.

The plans do not depend on the number of rows (no ``ANALYZE`` statistics on SQLite; the scan
kinds, not costs, are checked on PostgreSQL), so a plan that reads every subsidy item or
payment of the register — what made the card's p95 4 s at 1 M persons (docs/family-card.md) —
fails here at 30 families.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from i18n import Translator
from storage import tables
from tests.query_plans import postgres_scans, recording_selects, sqlite_scans

pytestmark = pytest.mark.gui


def _demo_family(services) -> int:
    """The demo family with the most payments (so the card's quota section reads a schedule)."""
    services.demo(families=30)
    item, pay, inc = tables.subsidy_item, tables.payment, tables.quota_inclusion
    with services.engine.connect() as connection:
        family_id = connection.execute(
            sa.select(inc.c.family_id).join(item, item.c.inclusion_id == inc.c.id)
            .join(pay, pay.c.subsidy_item_id == item.c.id).group_by(inc.c.family_id)
            .order_by(sa.func.count().desc(), inc.c.family_id).limit(1)).scalar()
    assert family_id is not None, "the demo data has no paid inclusion: the quota statements would not run"
    return family_id


def _card_statements(qtbot, services, family_id) -> list[tuple[str, object]]:
    """The SELECT statements (with their parameters) of one card opening, in order, each once."""
    from gui.events import AppEvents
    from gui.family_card.family_card_window import FamilyCardWindow
    from gui.jobs import JobRunner
    from gui.screens import ScreenContext

    jobs = JobRunner()
    try:
        with recording_selects(services.engine) as seen:
            card = FamilyCardWindow(ScreenContext(services, jobs, AppEvents(), Translator("en")), family_id)
            qtbot.addWidget(card)
            qtbot.waitUntil(lambda: card.read is not None and not card.loading, timeout=20000)
    finally:
        jobs.shutdown()
    assert card.read.details.id == family_id
    assert any("subsidy_item" in statement for statement in seen), "the quota section's schedule was not read"
    return list(seen.items())


def test_the_card_read_uses_indexes_on_sqlite(qtbot, services, db_path):
    family_id = _demo_family(services)
    statements = _card_statements(qtbot, services, family_id)
    assert len(statements) > 15  # the whole card was read, its plugged sections too
    assert sqlite_scans(str(db_path), statements) == []


@pytest.mark.postgres
def test_the_card_read_uses_indexes_on_postgresql(qtbot, migrated_pg_url, clock):
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_pg_url)
    try:
        services = AppServices(engine, clock=clock)
        family_id = _demo_family(services)
        statements = _card_statements(qtbot, services, family_id)
        assert postgres_scans(engine, statements) == []
    finally:
        engine.dispose()
