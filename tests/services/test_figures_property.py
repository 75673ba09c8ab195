"""Every figure of ``report monthly --json``, for every month of a random history, equals an
independent recount (tests/services/figures_recount.py: plain SQL through ``sqlite3`` and plain
Python, none of the application's queries). Histories are built through the services
(tests/services/figures_history.py)."""
from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings

from services import AppServices
from storage.engine import create_engine
from tests.services import figures_history as h
from tests.services.figures_recount import Rows, comparable, recount

_examples = itertools.count()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("figures") / "template.sqlite3"
    h.prepare_template(path)
    return path


def _services(template, folder):
    path = h.fresh_database(template, folder, next(_examples))
    engine = create_engine(str(path))
    return path, engine, AppServices(engine, clock=lambda: h.NOW)


MONTHS = [dt.date(2026, m, 1) for m in range(1, 13)]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=h.history)
def test_every_json_figure_equals_an_independent_recount(template, tmp_path, data):
    path, engine, services = _services(template, tmp_path)
    try:
        h.build(services, engine, data)
        rows = Rows(path)
        for month in MONTHS:
            text, approved = services.reporting.monthly_figures(month)
            assert not approved
            figures = json.loads(text)
            assert comparable(figures) == recount(rows, month, h.TODAY), month
    finally:
        engine.dispose()


def _sheet(ws):
    """(data rows, totals row) of an exported sheet, as values keyed by the English headers."""
    from reports.ministry_export import HEADER_ROW
    headers = [c.value for c in ws[HEADER_ROW]]
    rows = []
    for values in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        if all(value is None for value in values):  # the empty row before the signature lines
            break
        rows.append(dict(zip(headers, values)))
    return rows[:-1], rows[-1]


def _cents(value) -> int:
    from decimal import Decimal
    return int((Decimal(str(value or 0)) * 100).to_integral_value())


def _day(value):
    return value.date() if value is not None else None


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(data=h.history)
def test_every_export_row_and_totals_row_equal_an_independent_recount(template, tmp_path, data):
    import openpyxl

    from i18n import Translator
    from reports.ministry_export import export_ministry_xlsx
    from tests.services.figures_recount import payment_items, register_rows

    path, engine, services = _services(template, tmp_path)
    try:
        h.build(services, engine, data)
        rows = Rows(path)
        en = Translator("en")
        out = tmp_path / f"register-{path.stem}.xlsx"
        export_ministry_xlsx(services, "register", out, en)
        body, totals = _sheet(openpyxl.load_workbook(out).active)
        got = [(r["Kandas status"], r["How the status ended"], _day(r["Status ended on"]), r["Citizenship"])
               for r in body]
        assert got == register_rows(rows, path, h.TODAY)
        assert totals["No."] == len(body)

        out = tmp_path / f"payments-{path.stem}.xlsx"
        export_ministry_xlsx(services, "payments", out, en, year=2026)
        book = openpyxl.load_workbook(out)
        items, payments = payment_items(rows, h.TODAY, 2026)
        body, totals = _sheet(book.worksheets[0])
        assert [_cents(r["Amount paid, ₸"]) for r in body] == payments
        assert _cents(totals["Amount paid, ₸"]) == sum(payments) and totals["No."] == len(payments)
        body, totals = _sheet(book.worksheets[1])
        got = [(_cents(r["Amount due, ₸"]), _cents(r["Amount paid, ₸"]), _cents(r["Outstanding, ₸"])) for r in body]
        assert got == items
        assert [_cents(totals[key]) for key in ("Amount due, ₸", "Amount paid, ₸", "Outstanding, ₸")] == \
            [sum(i[n] for i in items) for n in range(3)]

        out = tmp_path / f"quota-{path.stem}.xlsx"
        export_ministry_xlsx(services, "quota", out, en, year=2026)
        body, totals = _sheet(openpyxl.load_workbook(out).active)
        inclusions = [i for i in rows.inclusions if i["year"] == 2026]
        assert len(body) == len(inclusions) == totals["No."]
        assert totals["Family members"] == sum(i["persons"] for i in inclusions)
        assert [_day(r["Cancelled on"]) for r in body] == [i["cancelled"] for i in inclusions]

        out = tmp_path / f"employment-{path.stem}.xlsx"
        export_ministry_xlsx(services, "employment", out, en, year=2026)
        body, totals = _sheet(openpyxl.load_workbook(out).active)
        placements = [p for p in rows.placements if p[0].year == 2026]
        assert len(body) == totals["No."] == len(placements) + sum(1 for m in rows.measures if m.year == 2026)
        assert totals["Employer subsidy"] == sum(1 for _s, flag in placements if flag)

        out = tmp_path / f"education-{path.stem}.xlsx"
        export_ministry_xlsx(services, "education", out, en, year=2026)
        body, totals = _sheet(openpyxl.load_workbook(out).active)
        assert len(body) == totals["No."] == sum(1 for a in rows.applications if a[0] == 2026)
    finally:
        engine.dispose()
