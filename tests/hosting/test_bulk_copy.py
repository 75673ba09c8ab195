"""Bulk rows into PostgreSQL with COPY (storage.bulk_insert_pg): what the import writes arrives
as given, a value too long for its column is named, and the audit triggers see the rows."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from storage import tables
from storage.bulk_insert_pg import COPY_FROM_ROWS, ValueTooLong, insert_rows_pg

pytestmark = pytest.mark.postgres

_probe = sa.Table("copy_probe", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                  sa.Column("name", sa.String(8), nullable=False), sa.Column("born", sa.Date),
                  sa.Column("note", sa.Text), sa.Column("params", sa.JSON))


@pytest.fixture
def probe_engine(migrated_pg_url):
    engine = sa.create_engine(migrated_pg_url)
    _probe.create(engine)
    yield engine
    engine.dispose()


def _rows(count: int) -> list[dict]:
    return [{"name": "Әлия" if i % 2 else "Ұлан", "born": dt.date(1990, 1, 1) + dt.timedelta(days=i) if i % 3 else None,
             "note": None if i % 4 == 0 else f"жол {i}\tтаб\\кері\nжаңа", "params": {"row": i, "сөз": "қ"}}
            for i in range(count)]


def test_copy_writes_the_rows_with_nulls_kazakh_text_and_json(probe_engine):
    rows = _rows(COPY_FROM_ROWS + 7)
    with probe_engine.begin() as connection:
        insert_rows_pg(connection, _probe, rows)
    with probe_engine.connect() as connection:
        stored = [dict(row._mapping) for row in connection.execute(
            sa.select(_probe.c.name, _probe.c.born, _probe.c.note, _probe.c.params).order_by(_probe.c.id))]
    assert stored == rows


def test_a_too_long_value_names_table_column_and_row(probe_engine):
    rows = _rows(COPY_FROM_ROWS + 5)
    rows[52]["name"] = "Қожахметова"  # 11 characters for VARCHAR(8)
    with pytest.raises(ValueTooLong) as raised, probe_engine.begin() as connection:
        insert_rows_pg(connection, _probe, rows)
    assert "copy_probe.name, row 53: 11 characters, at most 8" in str(raised.value)
    assert isinstance(raised.value, sa.exc.DataError)
    with probe_engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(_probe)).scalar() == 0


def test_the_audit_triggers_write_an_entry_for_every_copied_row(hosted):
    engine = hosted[0]
    rows = [{"region_code": "ALM", "alias": f"Алматы облысы {i}"} for i in range(COPY_FROM_ROWS + 10)]
    with engine.connect() as connection:
        code = connection.execute(sa.select(tables.region.c.code).limit(1)).scalar_one()
        before = connection.execute(sa.select(sa.func.count()).select_from(tables.audit_log)).scalar()
    rows = [{**row, "region_code": code} for row in rows]
    with engine.begin() as connection:
        insert_rows_pg(connection, tables.region_alias, rows)
    with engine.connect() as connection:
        entries = connection.execute(sa.select(tables.audit_log.c.action, tables.audit_log.c.after)
                                     .where(tables.audit_log.c.entity == "region_alias")
                                     .order_by(tables.audit_log.c.id)).all()
        after = connection.execute(sa.select(sa.func.count()).select_from(tables.audit_log)).scalar()
    assert after - before == len(rows)
    assert [entry.action for entry in entries[-len(rows):]] == ["insert"] * len(rows)
    assert {entry.after["alias"] for entry in entries[-len(rows):]} == {row["alias"] for row in rows}
    assert hosted[2].audit.verify().ok
