"""Every service that writes the subsidy ledger keeps its running totals right, and the monthly
report's subsidy table equals a full scan of the ledger (SQLite file and PostgreSQL)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from domain.subsidies import SupportKind
from services.dto import FamilyInput, PersonInput, StatusInput
from services.quota_dto import InclusionInput
from services.reporting_dto import SubsidyRow, month_end
from tests.report_totals_check import assert_totals_match, join_arrivals, scan_subsidies
from tests.services.quota_helpers import family_with_status


@pytest.fixture
def ledger(migrated_db_url, clock):
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_db_url)
    yield AppServices(engine, clock=clock), engine
    engine.dispose()


def _report_equals_scan(services, engine, months) -> int:
    """The report's subsidy rows against the scan; returns how many rows were compared."""
    today, compared = services.reporting.ctx.today(), 0
    for first in months:
        as_of = min(month_end(first), today)
        with engine.connect() as connection:
            scanned = scan_subsidies(connection, dt.date(first.year, 1, 1), first, as_of)
        expected = tuple(SubsidyRow(r["kind"], r["due_month"], r["paid_month"], r["due_ytd"], r["paid_ytd"],
                                    r["due_total"] - r["paid_total"], r["payments_month"]) for r in scanned)
        assert services.reporting.monthly_summary(first).subsidies == expected, first
        compared += len(expected)
    return compared


def _duplicate_families(services) -> tuple[int, int]:
    """Two cases of the same man (the second registered 'anyway'), each granted a status."""
    ids = []
    for iin in (None, "871008312347"):
        members = (PersonInput("Жұмабаев", "Ерлан", relation="head", birth_date=dt.date(1987, 10, 8), sex="M",
                               iin=iin),
                   PersonInput("Жұмабаева", "Дана", relation="spouse", birth_date=dt.date(1990, 2, 3), sex="F"))
        result = services.registration.register_family(FamilyInput(
            members=members, arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI"),
            confirm_duplicates=True)
        head = services.cases.details(result.id).members[0]
        services.registration.add_status(head.id, StatusInput(
            applied_on=dt.date(2026, 1, 20), decision="granted", granted_on=dt.date(2026, 2, 1), channel="egov",
            certificate_number=f"KD-{len(ids)}"))
        ids.append(result.id)
    return ids[0], ids[1]


def test_every_ledger_writer_keeps_the_totals_and_the_report_right(ledger):
    services, engine = ledger
    services.demo(families=40, seed=11)  # inclusions, schedules, payments, employer claims
    assert_totals_match(engine)
    today = services.reporting.ctx.today()

    for row in services.payments.outstanding(limit=6):  # payments today: the current month, cut short
        services.payments.record_payment(row.item_id, today, row.amount_due - row.paid, f"ПП-{row.item_id}")
    assert_totals_match(engine)

    inclusions = [i for i in services.quotas.inclusions() if i.cancelled_on is None]
    services.quotas.cancel_inclusion(inclusions[0].id, today, "Отбасы көшуден бас тартты")  # unpaid items go
    # an inclusion whose relocation is not paid yet (the demo's older ones are): re-priced for fewer persons
    growing = family_with_status(services, members=3, surname="Қасымов")
    amended = services.quotas.include_family(InclusionInput(growing, 2026, "PAVLODAR", today - dt.timedelta(days=3),
                                                            "КВ-8", D("15")))
    services.quotas.amend_inclusion(amended.id, 2, "КВ-ӨЗГ-1")  # relocation re-priced
    assert_totals_match(engine)

    family = family_with_status(services, members=2, surname="Оспанов")
    services.quotas.include_family(InclusionInput(family, 2026, "PAVLODAR", dt.date(2026, 3, 10), "КВ-7", D("15")))
    head = services.cases.details(family).members[0].id
    placement = services.employment.add_placement(head, "«Ертіс Агро» ЖШС", "050140001238", "агроном",
                                                  dt.date(2026, 5, 12), None, True).id
    assert any(i.kind == SupportKind.EMPLOYER for i in services.quotas.family_quota(family).schedule)
    assert_totals_match(engine)
    services.employment.delete_placement(placement)  # the unpaid employer item goes with the job
    assert_totals_match(engine)

    kept, other = _duplicate_families(services)
    for number, family_id in enumerate((kept, other)):
        services.quotas.include_family(InclusionInput(family_id, 2026, "ABAI", dt.date(2026, 3, 2 + number),
                                                      f"КВ-Д{number}", D("15")))
    item = services.quotas.family_quota(other).schedule[0]
    services.payments.record_payment(item.id, dt.date(2026, 4, 1), item.amount_due, "ПП-Д")
    keep_person = services.cases.details(kept).members[0].id
    pair = next(p for p in services.duplicates.open_pairs() if keep_person in (p.person_a_id, p.person_b_id))
    result = services.duplicates.merge(pair.id, keep_person, move_household=True)  # its ledger moves, its family goes
    assert result.removed_family_id == other
    assert_totals_match(engine)

    months = [dt.date(2025, 3, 1), dt.date(2026, 1, 1), dt.date(2026, 4, 1), dt.date(2026, 10, 1),
              dt.date(2026, 11, 1)]
    assert _report_equals_scan(services, engine, months) >= 8
    _arrivals_equal_the_join(engine, months)


def _arrivals_equal_the_join(engine, months) -> None:
    """The arrivals (one materialised row per family) equal the join over every person."""
    from sqlalchemy.orm import Session

    from storage.reporting_repository import ReportingRepository
    compared = 0
    with Session(engine) as session:
        for first in months:
            args = (dt.date(first.year, 1, 1), first, month_end(first))
            got = sorted(ReportingRepository(session).arrivals(*args),
                         key=lambda r: (r["country"] or "", r["region"] or ""))
            assert [{k: (int(v) if k not in ("country", "region") else v) for k, v in r.items()} for r in got] \
                == join_arrivals(session.connection(), *args), first
            compared += len(got)
    assert compared > 5


def test_backup_and_restore_bring_back_the_totals_with_working_triggers(ledger, tmp_path):
    services, engine = ledger
    services.demo(families=20, seed=4)
    from domain.permissions import Actor, Role
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")  # only an administrator restores
    backup = services.backup.create(tmp_path / "before.qbak")
    for row in services.payments.outstanding(limit=4):  # written after the backup: gone after the restore
        services.payments.record_payment(row.item_id, services.reporting.ctx.today(), row.amount_due - row.paid,
                                         "ПП-1")
    services.for_actor(Actor(None, "boss", Role.ADMINISTRATOR)).backup.restore(backup.path)
    assert_totals_match(engine)
    for row in services.payments.outstanding(limit=3):  # the triggers still fire on the restored database
        services.payments.record_payment(row.item_id, services.reporting.ctx.today(), row.amount_due - row.paid,
                                         "ПП-2")
    assert_totals_match(engine)
    assert _report_equals_scan(services, engine, [dt.date(2026, 6, 1), dt.date(2026, 11, 1)]) >= 2
