"""Approved (frozen) months: what approval stores, what it refuses afterwards, reprints and corrections."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal

import pytest
import sqlalchemy as sa

from domain.errors import PermissionDenied, RuleViolation, ValidationError
from domain.permissions import Actor, Role
from i18n import Translator
from reports.month_approval import approve_month
from reports.monthly_report import export_monthly_report
from services.dto import StatusInput
from services.quota_dto import InclusionInput
from services.records_dto import StatusEndInput
from storage import tables
from tests.services.quota_helpers import family_with_status

OCTOBER = dt.date(2026, 10, 1)


@pytest.fixture
def ledger(services):
    """A family included in March 2026 with its schedule; one item paid in October."""
    family_id = family_with_status(services)
    inclusion = services.quotas.include_family(InclusionInput(
        family_id=family_id, year=2026, region_code="PAVLODAR", decision_date=dt.date(2026, 3, 1),
        decision_number="Q-1", housing_coefficient=Decimal("15")))
    services.quotas.record_move(inclusion.id, dt.date(2026, 3, 20), "Павлодар, Кутузов көшесі, 12")  # rent from then
    schedule = services.quotas.family_quota(family_id).schedule
    october = next(i for i in schedule if i.due_date.month == 10 and i.kind == "housing_monthly")
    services.payments.record_payment(october.id, dt.date(2026, 10, 20), october.amount_due, "PP-10")
    september = next(i for i in schedule if i.due_date.month == 9 and i.kind == "housing_monthly")
    return {"family_id": family_id, "october": october, "september": september, "schedule": schedule}


def _approve(services, month=OCTOBER, language="ru"):
    return approve_month(services, month, Translator(language))


def test_approval_stores_figures_pdf_and_register_with_their_hash_and_audits_it(services, engine, ledger):
    figures_before, approved_before = services.reporting.monthly_figures(OCTOBER)
    closed = _approve(services)
    stored = services.closed_months.stored(OCTOBER)
    assert not approved_before and stored.figures_json == figures_before
    assert stored.pdf.startswith(b"%PDF") and stored.hash_matches() and stored.month.sha256 == closed.sha256
    register = json.loads(stored.register_json)
    assert [row["document_number"] for row in register] == ["PP-10"]
    assert register[0]["amount"] == str(ledger["october"].amount_due)
    with engine.connect() as db:
        audit = db.execute(sa.select(tables.audit_log).where(tables.audit_log.c.action == "approve")).one()
    assert audit.entity == "closed_month" and audit.entity_id == "2026-10" and audit.after["sha256"] == closed.sha256
    assert services.reporting.monthly_figures(OCTOBER) == (figures_before, True)


def test_a_payment_status_or_inclusion_dated_in_a_frozen_month_is_refused(services, engine, ledger):
    _approve(services)
    with engine.connect() as db:
        payments = db.execute(sa.select(sa.func.count()).select_from(tables.payment)).scalar()
    with pytest.raises(ValidationError) as refused:
        services.payments.record_payment(ledger["september"].id, dt.date(2026, 10, 31), Decimal("100"), "PP-late")
    assert refused.value.problems[0].field == "paid_on"
    assert "2026-10" in refused.value.problems[0].params["month"]
    head = services.cases.details(ledger["family_id"]).members[0]
    with pytest.raises(ValidationError):
        services.records.end_status(head.statuses[0].id, None, StatusEndInput(dt.date(2026, 10, 5), "citizenship"))
    with pytest.raises(ValidationError):
        services.registration.add_status(head.id, StatusInput(kind="initial", applied_on=dt.date(2026, 10, 1),
                                                              decision="granted", granted_on=dt.date(2026, 10, 3)))
    other = family_with_status(services, surname="Омарова")
    with pytest.raises(ValidationError):
        services.quotas.include_family(InclusionInput(
            family_id=other, year=2026, region_code="PAVLODAR", decision_date=dt.date(2026, 10, 15),
            decision_number="Q-2", housing_coefficient=Decimal("15")))
    inclusion = services.quotas.family_quota(ledger["family_id"]).inclusions[0]
    with pytest.raises(ValidationError):
        services.quotas.cancel_inclusion(inclusion.id, dt.date(2026, 10, 2), "left")
    with engine.connect() as db:
        assert db.execute(sa.select(sa.func.count()).select_from(tables.payment)).scalar() == payments
    # the open month takes the correction
    services.payments.record_payment(ledger["september"].id, dt.date(2026, 11, 3), Decimal("100"), "PP-late")


def test_a_correction_dated_in_the_open_month_is_listed_in_its_report(services, ledger, tmp_path):
    september = dt.date(2026, 9, 1)
    _approve(services, september)
    _approve(services)
    services.payments.record_payment(ledger["september"].id, dt.date(2026, 11, 3), Decimal("1000.50"), "PP-fix")
    figures = json.loads(services.reporting.monthly_figures(dt.date(2026, 11, 1))[0])
    assert figures["corrections"] == [{"month": "2026-09", "payments": 1, "amount": "1000.50"}]
    assert json.loads(services.closed_months.stored(september).figures_json)["corrections"] == []
    from pypdf import PdfReader
    out = tmp_path / "november.pdf"
    export_monthly_report(services, dt.date(2026, 11, 1), out, Translator("en"))
    text = " ".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "Corrections to earlier months" in text and "September 2026" in text


def test_reprinting_a_frozen_month_gives_the_stored_pdf_byte_for_byte(services, ledger, tmp_path, clock):
    _approve(services)
    stored = services.closed_months.stored(OCTOBER)
    clock.now = clock.now + dt.timedelta(days=3)  # a later print would carry another date
    services.payments.record_payment(ledger["september"].id, dt.date(2026, 11, 3), Decimal("5"), "PP-x")
    out = tmp_path / "again.pdf"
    pages = export_monthly_report(services, OCTOBER, out, Translator("en"))
    assert out.read_bytes() == stored.pdf and pages >= 1
    assert hashlib.sha256(out.read_bytes()).hexdigest() == hashlib.sha256(stored.pdf).hexdigest()


def test_only_a_supervisor_or_administrator_approves_and_not_a_running_month(services, ledger):
    worker = services.for_actor(Actor(None, "worker", Role.CASE_WORKER))
    with pytest.raises(PermissionDenied):
        _approve(worker)
    with pytest.raises(ValidationError):
        _approve(services, dt.date(2026, 11, 1))  # the clock says 25 November 2026
    supervisor = services.for_actor(Actor(None, "boss", Role.SUPERVISOR))
    _approve(supervisor)
    with pytest.raises(RuleViolation):
        _approve(supervisor)


def test_a_tampered_stored_report_no_longer_matches_its_hash(services, engine, ledger):
    _approve(services)
    with engine.begin() as db:
        db.execute(tables.closed_month.update().values(figures_json='{"schema": 1}'))
    assert not services.closed_months.stored(OCTOBER).hash_matches()


def test_status_figures_and_approval_on_both_engines(db_services):
    """The same as-of figures on SQLite and PostgreSQL (date arithmetic differs), and an approval
    whose PDF bytes come back unchanged from either engine."""
    from services.records_dto import ExtensionInput
    services = db_services
    family_id = family_with_status(services, granted_on=dt.date(2025, 3, 1))  # valid until 2026-02-28
    head = services.cases.details(family_id).members[0]
    services.records.extend_status(head.statuses[0].id, None, ExtensionInput(
        applied_on=dt.date(2026, 2, 1), decision="granted", decided_on=dt.date(2026, 2, 20)))  # in time
    other = family_with_status(services, granted_on=dt.date(2025, 2, 10), surname="Омарова")  # to 2026-02-09
    figures = json.loads(services.reporting.monthly_figures(dt.date(2026, 2, 1))[0])["status"]
    assert figures["expired_without_end"] == 1  # the other family's head; the first was extended in time
    assert figures["valid_at_end"] == 1
    march = json.loads(services.reporting.monthly_figures(dt.date(2026, 3, 1))[0])["status"]
    assert figures["extended"] == 1 and march["extended"] == 0 and march["valid_at_end"] == 1
    other_head = services.cases.details(other).members[0]
    # Citizenship obtained in April, recorded on the expired status as a register of another office
    # would hold it (the window refuses an end after a period has run out): February stays as it was.
    with services.engine.begin() as connection:
        connection.execute(sa.text("UPDATE kandas_status SET ended_on = :day, end_reason = 'citizenship' "
                                   "WHERE id = :id"), {"day": dt.date(2026, 4, 2), "id": other_head.statuses[0].id})
    assert json.loads(services.reporting.monthly_figures(dt.date(2026, 2, 1))[0])["status"] == figures
    _approve(services, dt.date(2026, 2, 1))
    stored = services.closed_months.stored(dt.date(2026, 2, 1))
    assert stored.hash_matches() and json.loads(stored.figures_json)["status"] == figures


@pytest.mark.postgres
def test_an_approval_waits_for_a_payment_of_its_month_in_flight_and_counts_it(migrated_pg_url, clock):
    """PostgreSQL: a seat paying an October item (its check done, not committed yet) and a supervisor
    approving October at the same moment: the approval waits, then stores the payment in its figures."""
    import threading

    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_pg_url)
    services = AppServices(engine, clock=clock)
    try:
        family_id = family_with_status(services)
        inclusion = services.quotas.include_family(InclusionInput(family_id, 2026, "PAVLODAR", dt.date(2026, 3, 1),
                                                                  "Q-1", Decimal("15")))
        services.quotas.record_move(inclusion.id, dt.date(2026, 3, 20), "Павлодар, 12")
        october = next(i for i in services.quotas.family_quota(family_id).schedule
                       if i.due_date.month == 10 and i.kind == "housing_monthly")
        seat = services.ctx.uow_factory(services.actor)
        with seat as uow:  # a payment inside its transaction: the month checked open, the row written
            from services.payments import record_payment_in
            record_payment_in(services.ctx, uow, october.id, dt.date(2026, 10, 20), october.amount_due, "PP-10")
            done = threading.Event()
            approval = threading.Thread(target=lambda: (_approve(services), done.set()))
            approval.start()
            assert not done.wait(1.5)  # the approval waits for the payment in flight
            uow.commit()
        approval.join(60)
        assert done.is_set()
        figures = services.closed_months.stored(OCTOBER).figures
        assert figures["subsidies"]["paid"] != "0.00"  # the payment is in the approved figures
        with pytest.raises(ValidationError):  # and nothing more can be dated in October
            services.payments.record_payment(october.id, dt.date(2026, 10, 21), "1.00", "PP-11")
    finally:
        engine.dispose()
