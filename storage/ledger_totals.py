"""The ledger's running totals for the monthly report: the trigger DDL, in one place.

``subsidy_due_total`` holds, per subsidy kind and due month, the cents owed and the number of
items; ``subsidy_paid_total`` per kind, due month of the item and month of payment the cents paid
and the number of payments (``storage.tables``). Database triggers on ``subsidy_item`` and
``payment`` are their only writer, so every writer of the ledger (services, the import, merges,
cascading deletes, the demo, raw SQL) keeps them right on SQLite and PostgreSQL (plpgsql functions
there). An item's payments move with it when its kind or due month changes; when an item is deleted
its BEFORE DELETE trigger takes its payments off, and the payments' own delete trigger then finds
no item (both databases delete the parent row before cascading) and does nothing.

Used by revision 0005 (which created them), by a schema built from the models
(``install``: ``metadata.create_all`` creates the triggers too) and by the bench's bulk loader
(``fill_statements`` after loading with the triggers dropped). Changing a trigger means a new
function here and a new revision that drops the old one and creates the new: revision 0005 must
keep creating what it shipped, so the DDL below is never edited in place.

Amounts are kept in integer cents: exact sums on SQLite too, where NUMERIC columns hold floats.
"""
from __future__ import annotations

import contextlib
from typing import Iterator

import sqlalchemy as sa

DUE, PAID = "subsidy_due_total", "subsidy_paid_total"
TRIGGERS = (("subsidy_item", "subsidy_item_totals_insert"), ("subsidy_item", "subsidy_item_totals_update"),
            ("subsidy_item", "subsidy_item_totals_delete"), ("payment", "payment_totals_insert"),
            ("payment", "payment_totals_update"), ("payment", "payment_totals_delete"))
PG_FUNCTIONS = ("subsidy_item_totals()", "payment_totals()")


# --- the two dialects' spelling of "first day of the month" and "amount in cents" ------------
def _sqlite_month(day: str) -> str:
    return f"(substr({day}, 1, 7) || '-01')"  # dates are ISO text in SQLite


def _pg_month(day: str) -> str:
    return f"({day} - CAST(EXTRACT(DAY FROM {day}) AS integer) + 1)"  # no time zone involved


def _sqlite_cents(amount: str) -> str:
    return f"CAST(round({amount} * 100) AS INTEGER)"


def _pg_cents(amount: str) -> str:
    return f"CAST(round({amount} * 100) AS bigint)"


def _upsert_due() -> str:
    return (f" ON CONFLICT (kind, due_month) DO UPDATE SET "
            f"amount_cents = {DUE}.amount_cents + excluded.amount_cents, items = {DUE}.items + excluded.items")


def _upsert_paid() -> str:
    return (f" ON CONFLICT (kind, due_month, paid_month) DO UPDATE SET "
            f"amount_cents = {PAID}.amount_cents + excluded.amount_cents, payments = {PAID}.payments + excluded.payments")


def _item_due(row: str, sign: str, month, cents) -> str:
    """Add (sign '') or take off (sign '-') one item's amount owed."""
    return (f"INSERT INTO {DUE} (kind, due_month, amount_cents, items) VALUES ({row}.kind, {month(row + '.due_date')}, "
            f"{sign}{cents(row + '.amount_due')}, {sign}1)" + _upsert_due())


def _item_payments(row: str, sign: str, month, cents) -> str:
    """Add or take off every payment on one item, under the item's kind and due month."""
    return (f"INSERT INTO {PAID} (kind, due_month, paid_month, amount_cents, payments) "
            f"SELECT {row}.kind, {month(row + '.due_date')}, {month('p.paid_on')}, {sign}sum({cents('p.amount')}), "
            f"{sign}count(*) FROM payment p WHERE p.subsidy_item_id = {row}.id "
            f"GROUP BY {month('p.paid_on')}" + _upsert_paid())


def _payment(row: str, sign: str, month, cents, lock: str = "") -> str:
    """Add or take off one payment under its item's kind and due month (nothing when the item is gone).

    ``lock`` (PostgreSQL: ``FOR SHARE OF i``) makes a seat paying wait for another seat changing the
    item's kind or due date, so the payment is filed under what the item is once that one commits."""
    return (f"INSERT INTO {PAID} (kind, due_month, paid_month, amount_cents, payments) "
            f"SELECT i.kind, {month('i.due_date')}, {month(row + '.paid_on')}, {sign}{cents(row + '.amount')}, {sign}1 "
            f"FROM subsidy_item i WHERE i.id = {row}.subsidy_item_id{lock}" + _upsert_paid())


def _fill(month, cents) -> list[str]:
    """The totals of the rows already there (an upgrade of a database that holds data)."""
    return [f"INSERT INTO {DUE} (kind, due_month, amount_cents, items) "
            f"SELECT kind, {month('due_date')}, sum({cents('amount_due')}), count(*) FROM subsidy_item "
            f"GROUP BY kind, {month('due_date')}",
            f"INSERT INTO {PAID} (kind, due_month, paid_month, amount_cents, payments) "
            f"SELECT i.kind, {month('i.due_date')}, {month('p.paid_on')}, sum({cents('p.amount')}), count(*) "
            f"FROM payment p JOIN subsidy_item i ON i.id = p.subsidy_item_id "
            f"GROUP BY i.kind, {month('i.due_date')}, {month('p.paid_on')}"]


# --- SQLite: one trigger per event, statements in the trigger body ---------------------------
def _sqlite_triggers() -> list[str]:
    m, c = _sqlite_month, _sqlite_cents

    def trigger(name: str, when: str, body: list[str]) -> str:
        return f"CREATE TRIGGER {name} {when} BEGIN " + "; ".join(body) + "; END"

    return [
        trigger("subsidy_item_totals_insert", "AFTER INSERT ON subsidy_item", [_item_due("NEW", "", m, c)]),
        trigger("subsidy_item_totals_update", "AFTER UPDATE OF kind, due_date, amount_due ON subsidy_item",
                [_item_due("OLD", "-", m, c), _item_due("NEW", "", m, c),
                 _item_payments("OLD", "-", m, c), _item_payments("NEW", "", m, c)]),
        # BEFORE: the payments are still there to be taken off (the cascade deletes them after the item)
        trigger("subsidy_item_totals_delete", "BEFORE DELETE ON subsidy_item",
                [_item_due("OLD", "-", m, c), _item_payments("OLD", "-", m, c)]),
        trigger("payment_totals_insert", "AFTER INSERT ON payment", [_payment("NEW", "", m, c)]),
        trigger("payment_totals_update", "AFTER UPDATE OF subsidy_item_id, paid_on, amount ON payment",
                [_payment("OLD", "-", m, c), _payment("NEW", "", m, c)]),
        trigger("payment_totals_delete", "AFTER DELETE ON payment", [_payment("OLD", "-", m, c)]),
    ]


# --- PostgreSQL: two plpgsql trigger functions ----------------------------------------------
def _pg_statements() -> list[str]:
    m, c = _pg_month, _pg_cents
    # the payments move only when the item changes kind or due month: a new amount (MRP re-pricing)
    # must not lock the paid totals that seats paying in the same month are writing
    moved = f"(OLD.kind IS DISTINCT FROM NEW.kind OR {m('OLD.due_date')} IS DISTINCT FROM {m('NEW.due_date')})"
    item_function = f"""
CREATE FUNCTION subsidy_item_totals() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_item_due("OLD", "-", m, c)};
    END IF;
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND {moved}) THEN
        {_item_payments("OLD", "-", m, c)};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_item_due("NEW", "", m, c)};
    END IF;
    IF TG_OP = 'UPDATE' AND {moved} THEN
        {_item_payments("NEW", "", m, c)};
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;  -- a BEFORE trigger: let the delete go ahead
    END IF;
    RETURN NEW;
END
$body$"""
    payment_function = f"""
CREATE FUNCTION payment_totals() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_payment("OLD", "-", m, c, " FOR SHARE OF i")};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_payment("NEW", "", m, c, " FOR SHARE OF i")};
    END IF;
    RETURN NULL;
END
$body$"""
    return [
        item_function, payment_function,
        "CREATE TRIGGER subsidy_item_totals_insert AFTER INSERT ON subsidy_item "
        "FOR EACH ROW EXECUTE FUNCTION subsidy_item_totals()",
        "CREATE TRIGGER subsidy_item_totals_update AFTER UPDATE OF kind, due_date, amount_due ON subsidy_item "
        "FOR EACH ROW EXECUTE FUNCTION subsidy_item_totals()",
        "CREATE TRIGGER subsidy_item_totals_delete BEFORE DELETE ON subsidy_item "
        "FOR EACH ROW EXECUTE FUNCTION subsidy_item_totals()",
        "CREATE TRIGGER payment_totals_insert AFTER INSERT ON payment "
        "FOR EACH ROW EXECUTE FUNCTION payment_totals()",
        "CREATE TRIGGER payment_totals_update AFTER UPDATE OF subsidy_item_id, paid_on, amount ON payment "
        "FOR EACH ROW EXECUTE FUNCTION payment_totals()",
        "CREATE TRIGGER payment_totals_delete AFTER DELETE ON payment "
        "FOR EACH ROW EXECUTE FUNCTION payment_totals()",
    ]



def create_statements(dialect: str) -> list[str]:
    """The triggers (and on PostgreSQL their functions) that keep the totals, for ``dialect``."""
    return _sqlite_triggers() if dialect == "sqlite" else _pg_statements()


def fill_statements(dialect: str) -> list[str]:
    """Totals of the ledger rows already there (an upgrade, or after a bulk load without triggers)."""
    return _fill(*((_sqlite_month, _sqlite_cents) if dialect == "sqlite" else (_pg_month, _pg_cents)))


def drop_statements(dialect: str) -> list[str]:
    sqlite = dialect == "sqlite"
    statements = [f"DROP TRIGGER IF EXISTS {name}" + ("" if sqlite else f" ON {table}") for table, name in TRIGGERS]
    if not sqlite:
        statements += [f"DROP FUNCTION IF EXISTS {function}" for function in PG_FUNCTIONS]
    return statements


@contextlib.contextmanager
def paused(connection: sa.Connection) -> Iterator[None]:
    """Inside the caller's transaction: the triggers do not fire while rows whose totals are copied
    too (a register moved table by table) go in. Firing, they would count every item and payment a
    second time on top of the copied totals, and on PostgreSQL rewrite the same few total rows once
    per ledger row in one transaction, which grows quadratically (hours for a 1M-person register)."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        for table, name in TRIGGERS:
            connection.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
    else:
        for statement in drop_statements(dialect):
            connection.exec_driver_sql(statement)
    yield
    if dialect == "postgresql":
        for table, name in TRIGGERS:
            connection.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER {name}")
    else:
        for statement in create_statements(dialect):
            connection.exec_driver_sql(statement)


def _create(target, connection, **_kw) -> None:
    for statement in create_statements(connection.dialect.name):
        connection.execute(sa.text(statement))


def install(metadata: sa.MetaData) -> None:
    """A schema built from the models (``metadata.create_all``) gets the triggers once every table exists."""
    if not sa.event.contains(metadata, "after_create", _create):
        sa.event.listen(metadata, "after_create", _create)
