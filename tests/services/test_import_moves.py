"""The register's optional move columns ("Дата переезда", "Адрес в регионе", or the quota form's
own "Өңірге келген күні"): a family already in the database whose live inclusion waits for its
move gets it recorded, with the rent items from that month; any other row keeps a warning that
names the column, and the rest of the row is imported."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from domain.register_header import field_for_header
from domain.subsidies import SupportKind
from services.dto import StatusInput
from services.quota_dto import InclusionInput
from tests.register_files import write_sheet

HEADER = ["Фамилия", "Имя", "Дата рождения", "Родство", "Дата переезда", "Адрес в регионе"]


def test_move_headers_are_recognised_in_three_languages():
    for text in ("Дата переезда", "Өңірге көшкен күні", "Өңірге келген күні", "Moved to the region on"):
        assert field_for_header(text) == "moved_on"
    for text in ("Адрес в регионе", "Өңірдегі мекенжайы", "Address in the region"):
        assert field_for_header(text) == "moved_address"


def test_reimported_register_records_the_move_of_an_included_family(services, tmp_path):
    first = write_sheet(tmp_path / "a.xlsx", [HEADER[:4], ["Омаров", "Нұрлан", "01.01.1980", "глава"]])
    services.imports.import_file(first)
    family = services.cases.search("Омаров")[0]
    head = services.cases.details(family).members[0]
    services.registration.add_status(head.id, StatusInput(applied_on=dt.date(2026, 1, 20), decision="granted",
                                                          granted_on=dt.date(2026, 2, 1), channel="egov"))
    services.quotas.include_family(InclusionInput(family, 2026, "PAVLODAR", dt.date(2026, 3, 10), "КВ-1", D("15")))
    second = write_sheet(tmp_path / "b.xlsx", [HEADER, ["Омаров", "Нұрлан", "01.01.1980", "глава", "15.04.2026",
                                                        "Павлодар, Кутузов к-сі 5"]])
    report = services.imports.import_file(second)
    assert [(r.status, r.warnings) for r in report.rows] == [("duplicate", ())]
    quota = services.quotas.family_quota(family)
    assert (quota.inclusions[0].arrived_on, quota.inclusions[0].arrived_address) == (
        dt.date(2026, 4, 15), "Павлодар, Кутузов к-сі 5")
    rent = [row for row in quota.schedule if row.kind == SupportKind.HOUSING]
    assert len(rent) == 12 and rent[0].period_month == dt.date(2026, 4, 1)


def test_a_move_date_without_an_inclusion_is_a_warning_and_the_family_is_imported(services, tmp_path):
    path = write_sheet(tmp_path / "a.xlsx", [HEADER, ["Омаров", "Нұрлан", "01.01.1980", "глава", "15.04.2026",
                                                      "Павлодар"]])
    report = services.imports.import_file(path)
    assert report.imported == 1
    (warning,) = report.rows[0].warnings
    assert warning.column == "Дата переезда" and "not recorded" in warning.message
    family = services.cases.search("Омаров")[0]
    assert services.quotas.family_quota(family).inclusions == ()
