"""The reporting service on a real database filled with known rows: figures, permissions, audit."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from domain.errors import PermissionDenied, ValidationError
from domain.permissions import Actor, Role
from services.reporting_dto import ExportRequest
from storage import tables
from tests import reporting_data

NOVEMBER = dt.date(2026, 11, 1)


@pytest.fixture
def filled(services, engine, clock, filled_templates):
    """The known report rows, built once per session and copied into this test's database."""
    return services, filled_templates.restore(engine, ("reporting_data.fill",), reporting_data.fill, clock.now)


def _sql(engine, query):
    with engine.connect() as db:
        return db.execute(sa.text(query)).scalar()


def test_monthly_summary_matches_the_rows_in_the_database(filled, engine):
    services, expected = filled
    summary = services.reporting.monthly_summary(dt.date(2026, 11, 17))
    assert summary.month == NOVEMBER and summary.as_of == dt.date(2026, 11, 25)
    quota = {row.code: row for row in summary.quota}
    for region, figures in expected["quota"].items():
        assert quota[region].families_included == figures["families"]
        assert quota[region].persons_included == figures["persons"]
        assert quota[region].persons_arrived == figures["arrived"]
    assert quota["PAVLODAR"].persons_planned == 977 and quota["PAVLODAR"].families_planned == 250
    relocation = next(r for r in summary.subsidies if r.kind == "relocation_per_member")
    assert relocation.due_month == expected["due_month"]
    assert relocation.paid_month == expected["paid_month"]
    assert relocation.outstanding == expected["due_month"] - expected["paid_month"]
    housing = next(r for r in summary.subsidies if r.kind == "housing_monthly")
    assert (housing.due_month, housing.due_ytd, housing.paid_ytd) == (0, Decimal("64875.00"), Decimal("64875.00"))
    assert summary.employment.placements_ytd == expected["placements_ytd"]
    assert summary.employment.placements_month == expected["placements_month"]
    assert summary.employment.placements_planned == 40
    assert summary.employment.measures_ytd == expected["measures_ytd"]
    assert summary.employment.with_employer_subsidy == 1
    university = next(e for e in summary.education if e.level == "university")
    assert (university.places, university.admitted) == (6, expected["admitted"])
    college = next(e for e in summary.education if e.level == "college")
    assert (college.places, college.pending, college.not_admitted) == (10, 2, 1)
    language = next(s for s in summary.services if s.kind == "language_course")
    assert (language.month, language.families_month) == (expected["language_month"], 3)
    assert sum(s.ytd for s in summary.services) == expected["services_ytd"]
    assert summary.accommodation.living_at_end == expected["living_at_end"]
    assert (summary.accommodation.checked_in, summary.accommodation.checked_out) == (2, 1)
    assert summary.overdue_total == expected["overdue"]
    assert [t.due_date for t in summary.overdue_oldest] == sorted(t.due_date for t in summary.overdue_oldest)


def test_arrivals_are_counted_in_sql_the_same_way_as_by_hand(filled, engine):
    services, _expected = filled
    summary = services.reporting.monthly_summary(NOVEMBER)
    persons_month = _sql(engine, "SELECT count(*) FROM person p JOIN family f ON f.id = p.family_id "
                                 "WHERE f.arrival_date BETWEEN '2026-11-01' AND '2026-11-25'")
    families_ytd = _sql(engine, "SELECT count(*) FROM family WHERE arrival_date BETWEEN '2026-01-01' AND '2026-11-25'")
    total = summary.arrival_totals()
    assert total.persons_month == persons_month
    assert total.families_ytd == families_ytd
    assert sum(r.persons_ytd for r in summary.arrivals_by_region) == total.persons_ytd
    granted = _sql(engine, "SELECT count(*) FROM kandas_status WHERE decision = 'granted' "
                           "AND granted_on BETWEEN '2026-01-01' AND '2026-11-25'")
    assert summary.certificates.initial_ytd + summary.certificates.extension_ytd == granted


def test_a_past_month_counts_tasks_that_were_overdue_then(filled):
    services, _expected = filled
    october = services.reporting.monthly_summary(dt.date(2026, 10, 1))
    assert october.as_of == dt.date(2026, 10, 31)
    # the task done on 25 Nov was still open and overdue at the end of October
    assert october.overdue_total == 3
    assert all(task.days_overdue > 0 for task in october.overdue_oldest)


def test_a_month_that_has_not_begun_is_refused(services):
    with pytest.raises(ValidationError) as caught:
        services.reporting.monthly_summary(dt.date(2026, 12, 1))
    assert caught.value.field == "month"


def test_an_empty_database_gives_an_empty_but_complete_summary(services):
    summary = services.reporting.monthly_summary(NOVEMBER)
    assert summary.arrivals_by_country == () and summary.subsidies == () and summary.overdue_total == 0
    assert summary.arrival_totals().persons_ytd == 0


def test_exports_need_the_export_right_and_reports_the_view_right(services):
    read_only = services.for_actor(Actor(5, "reader", Role.READ_ONLY))
    read_only.reporting.monthly_summary(NOVEMBER)  # allowed
    with pytest.raises(PermissionDenied):
        read_only.reporting.export_header(ExportRequest("register"))
    with pytest.raises(PermissionDenied):
        list(read_only.reporting.export_pages(ExportRequest("register")))
    nobody = services.for_actor(Actor(6, "guest", "guest"))
    with pytest.raises(PermissionDenied):
        nobody.reporting.monthly_summary(NOVEMBER)


@pytest.mark.parametrize("request_", [ExportRequest("ledger"), ExportRequest("register", year=1999),
                                      ExportRequest("payments", year=2025, month=dt.date(2026, 3, 1))])
def test_bad_export_requests_name_the_field(services, request_):
    with pytest.raises(ValidationError):
        services.reporting.export_header(request_)


def test_register_pages_stream_every_person_once_in_small_pages(filled, engine):
    services, _expected = filled
    from storage import reporting_repository
    original = reporting_repository.PAGE_SIZE
    seen = []
    with services.ctx.uow() as uow:
        for page in uow.reporting.register_pages(None, None, dt.date(2026, 11, 25), page_size=7):
            assert len(page) <= 7
            seen.extend(row["id"] for row in page)
    assert reporting_repository.PAGE_SIZE == original
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == _sql(engine, "SELECT count(*) FROM person")


def test_reports_and_exports_are_written_to_the_audit(filled, engine):
    services, _expected = filled
    services.reporting.record_report(NOVEMBER, "m.pdf", "kk", 4)
    services.reporting.record_export(ExportRequest("payments", 2026), "p.xlsx", "ru", 4)
    with engine.connect() as db:
        rows = db.execute(sa.select(tables.audit_log.c.action, tables.audit_log.c.entity,
                                    tables.audit_log.c.after)
                          .where(tables.audit_log.c.action.in_(("report", "export")))).all()
    assert ("report", "monthly_report") in [(r.action, r.entity) for r in rows]
    export = next(r for r in rows if r.action == "export")
    assert export.entity == "payments" and export.after["file"] == "p.xlsx" and export.after["rows"] == 4


def test_the_same_figures_on_postgresql(migrated_db_url, clock):
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_db_url)
    try:
        services = AppServices(engine, clock=clock)
        expected = reporting_data.fill(engine, services, families=15)
        summary = services.reporting.monthly_summary(NOVEMBER)
        assert {q.code: q.persons_included for q in summary.quota if q.code in expected["quota"]} == \
            {code: figures["persons"] for code, figures in expected["quota"].items()}
        assert summary.employment.with_employer_subsidy == 1
        assert summary.overdue_total == expected["overdue"]
        assert next(r for r in summary.subsidies if r.kind == "relocation_per_member").due_month == \
            expected["due_month"]
        pages = list(services.reporting.export_pages(ExportRequest("employment", 2026)))
        assert sum(len(p) for p in pages) == 10
        for kind in ("register", "quota", "education", "payments"):
            request = ExportRequest(kind, 2026 if kind != "register" else None)
            _names, _centre, total = services.reporting.export_header(request)
            rows = [row for page in services.reporting.export_pages(request) for row in page]
            assert len(rows) == total > 0, kind
    finally:
        engine.dispose()
