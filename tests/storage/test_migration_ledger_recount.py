"""Revision 0019 puts the ledger's running totals back to a recount of the items and payments: a
register shared before the copy paused the ledger triggers holds every subsidy twice in its totals."""
from __future__ import annotations

from alembic import command

from services import AppServices
from storage import ledger_totals, schema
from services.database import prepare_database

BEFORE, REVISION = "0018", "0019"


def _alembic(engine, action, target):
    with engine.begin() as connection:
        action(schema.alembic_config(connection), target)


def _totals(engine) -> dict[str, list]:
    with engine.connect() as connection:
        return {name: sorted(connection.exec_driver_sql(f"SELECT * FROM {name}").all())
                for name in (ledger_totals.DUE, ledger_totals.PAID)}


def test_upgrade_recounts_totals_counted_twice(any_db_url):
    engine, _ = prepare_database(any_db_url)
    try:
        AppServices(engine).demo(families=8, seed=5)
        right = _totals(engine)
        assert right[ledger_totals.DUE] and right[ledger_totals.PAID], "the demo has subsidy items and payments"
        _alembic(engine, command.downgrade, BEFORE)
        with engine.begin() as connection:  # what a copy with the triggers firing left behind
            connection.exec_driver_sql(f"UPDATE {ledger_totals.DUE} SET amount_cents = 2 * amount_cents, "
                                       "items = 2 * items")
            connection.exec_driver_sql(f"UPDATE {ledger_totals.PAID} SET amount_cents = 2 * amount_cents, "
                                       "payments = 2 * payments")
        assert _totals(engine) != right
        _alembic(engine, command.upgrade, REVISION)
        assert _totals(engine) == right
    finally:
        engine.dispose()
