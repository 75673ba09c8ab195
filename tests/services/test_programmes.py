"""Employment, education, adaptation and the dashboard on a real SQLite file."""
from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal as D

import pytest

from domain.errors import RuleViolation, ValidationError
from domain.iin import check_digit
from services.dto import StatusInput
from services.quota_dto import InclusionInput
from tests.services.quota_helpers import family_with_status

GOOD_BIN = "05014000123" + str(check_digit("05014000123"))


def rows(db_path, table) -> int:
    with sqlite3.connect(db_path) as c:
        return c.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_placements_measures_and_plan_vs_fact(services, db_path):
    family = family_with_status(services)
    head = services.cases.details(family).members[0]
    with pytest.raises(ValidationError) as caught:
        services.employment.add_placement(head.id, "ТОО Ертіс", "123456789012", "driver", dt.date(2026, 5, 1))
    assert caught.value.field == "employer_bin"
    assert rows(db_path, "job_placement") == 0
    services.employment.add_placement(head.id, "ТОО Ертіс", GOOD_BIN, "driver", dt.date(2026, 5, 1))
    services.employment.add_measure(head.id, "microcredit", dt.date(2026, 6, 1), provider="Даму")
    with pytest.raises(ValidationError):
        services.employment.add_measure(head.id, "lottery", dt.date(2026, 6, 1))
    services.employment.save_plan(2026, 10, 4)
    placements, measures = services.employment.plan_vs_fact(2026)
    assert (placements.planned, placements.achieved, measures.planned, measures.achieved) == (10, 1, 4, 1)
    assert services.employment.placements(family)[0].employer_bin == GOOD_BIN


def test_education_places_cannot_be_overfilled(services, db_path):
    family = family_with_status(services, members=3)
    members = services.cases.details(family).members
    for member in members[1:]:  # the education quota needs a valid kandas status on the application date
        services.registration.add_status(member.id, StatusInput(
            applied_on=dt.date(2026, 1, 20), decision="granted", granted_on=dt.date(2026, 2, 1), channel="egov"))
    # 25 state-order places: the 4 % kandas share is one place.
    line = services.education.save_line(2026, "university", "Торайғыров университеті", "Педагогика", 25).id
    services.education.apply(members[1].id, 2026, line, dt.date(2026, 7, 1), "admitted", dt.date(2026, 8, 1))
    with pytest.raises(RuleViolation):
        services.education.apply(members[2].id, 2026, line, dt.date(2026, 7, 1), "admitted", dt.date(2026, 8, 1))
    second = services.education.apply(members[2].id, 2026, line, dt.date(2026, 7, 1)).id
    with pytest.raises(ValidationError):
        services.education.set_result(second, "not_admitted", None)
    services.education.set_result(second, "not_admitted", dt.date(2026, 8, 2))
    with pytest.raises(ValidationError):
        services.education.save_line(2026, "university", "Торайғыров университеті", "Педагогика", 0)
    figure, results, by_level = services.education.plan_vs_fact(2026)
    assert (figure.planned, figure.achieved) == (1, 1)
    assert results["not_admitted"] == 1 and by_level == [{"level": "university", "places": 1, "admitted": 1}]
    assert rows(db_path, "education_application") == 2


def test_services_and_accommodation(services, db_path, clock):
    family = family_with_status(services)
    services.adaptation.record_service(family, "language_course", dt.date(2026, 3, 2))
    services.adaptation.record_service(family, "legal_consultation", dt.date(2026, 3, 20))
    with pytest.raises(ValidationError):
        services.adaptation.record_service(family, "language_course", dt.date(2026, 12, 2))
    per_month = services.adaptation.per_month(2026)
    assert [(r["month"], r["kind"], r["count"]) for r in per_month] == [
        (3, "language_course", 1), (3, "legal_consultation", 1)]
    stay = services.adaptation.check_in(family, dt.date(2026, 1, 15), "101").id
    with pytest.raises(RuleViolation):
        services.adaptation.check_in(family, dt.date(2026, 2, 1))
    resident = services.adaptation.residents()[0]
    assert resident.stay_limit == dt.date(2026, 7, 14) and resident.overstay  # today is 25 Nov
    services.adaptation.check_out(stay, dt.date(2026, 6, 30), "moved")
    assert services.adaptation.residents() == []
    assert services.adaptation.stays_per_month(2026)[7] == 0 and services.adaptation.stays_per_month(2026)[6] == 1


def test_dashboard_and_info_section(services):
    family = family_with_status(services)
    services.quotas.include_family(InclusionInput(family, 2026, "PAVLODAR", dt.date(2026, 3, 10), "1", D("15"),
                                                  arrived_on=dt.date(2026, 3, 10), arrived_address="Павлодар"))
    summary = services.dashboard.summary(2026)
    pavlodar = [r for r in summary.quota if r.region_code == "PAVLODAR"][0]
    assert (pavlodar.persons_planned, pavlodar.families_included, pavlodar.persons_included) == (977, 1, 3)
    assert summary.outstanding_overdue == D("908250.00") + D("64875.00") * 8
    section = services.dashboard.plan_vs_fact()
    assert section["2026"]["quota"]["PAVLODAR"]["persons_included"] == 3
    assert section["2025"]["quota_total"]["persons_planned"] == 2309
