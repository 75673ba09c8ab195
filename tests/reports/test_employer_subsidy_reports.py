"""A claimed employer subsidy in the monthly PDF and the ministry payments export (files read back)."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D

import openpyxl
from pypdf import PdfReader

from i18n import Translator
from reports.ministry_export import HEADER_ROW, export_ministry_xlsx
from reports.monthly_report import export_monthly_report
from services.quota_dto import InclusionInput
from tests.services.quota_helpers import family_with_status

BIN = "050140001238"


def claimed_and_paid(services) -> int:
    family = family_with_status(services, members=2)
    services.quotas.include_family(InclusionInput(family, 2026, "PAVLODAR", dt.date(2026, 3, 10), "КВ-1", D("15"),
                                                  arrived_on=dt.date(2026, 3, 10), arrived_address="Павлодар"))
    head = services.cases.details(family).members[0].id
    services.employment.add_placement(head, "«Ертіс Агро» ЖШС", BIN, "агроном", dt.date(2026, 5, 12), None, True)
    item = [i for i in services.quotas.family_quota(family).schedule if i.kind == "employer"][0]
    services.payments.record_payment(item.id, dt.date(2026, 6, 3), D("1000000.00"), "ПП-400")
    return family


def test_monthly_report_shows_employer_subsidy_owed_and_paid(services, tmp_path):
    claimed_and_paid(services)
    path = tmp_path / "june.pdf"
    export_monthly_report(services, dt.date(2026, 6, 1), path, Translator("ru"))
    text = "\n".join(page.extract_text() for page in PdfReader(str(path)).pages).replace("\u00a0", " ")
    flat = " ".join(text.split())
    start = flat.index("Субсидия работодателю")  # the table row (its label may wrap in the cell)
    row = flat[start:flat.index("Субсидия на аренду", start)]
    amounts = re.findall(r"([\d ]+,\d\d) ₸", row)
    # owed in June, paid in June, owed this year, paid this year, still owed
    assert [a.strip() for a in amounts] == ["0,00", "1 000 000,00", "1 730 000,00", "1 000 000,00", "730 000,00"]
    may = tmp_path / "may.pdf"
    export_monthly_report(services, dt.date(2026, 5, 1), may, Translator("kk"))
    text = "\n".join(page.extract_text() for page in PdfReader(str(may)).pages).replace("\u00a0", " ")
    assert Translator("kk").format_money(D("1730000.00")).replace("\u00a0", " ") in text  # due in May


def test_payments_export_names_the_employer_and_the_exact_amount(services, tmp_path):
    claimed_and_paid(services)
    path = tmp_path / "payments.xlsx"
    rows = export_ministry_xlsx(services, "payments", path, Translator("ru"), month=dt.date(2026, 6, 1))
    ws = openpyxl.load_workbook(path).active
    headers = [c.value for c in ws[HEADER_ROW]]
    [paid] = [dict(zip(headers, row)) for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + 1)]
    assert rows == 1
    assert paid["Вид субсидии"].value == "Субсидия работодателю"
    assert D(str(paid["Выплачено, ₸"].value)) == D("1000000.00")
    # the amount due is on the items sheet, for the items falling due in the period (the claim fell
    # due in May): tests/services/test_figures_property.py recounts that sheet
    assert "Начислено, ₸" not in headers
    assert paid["Коэффициент МРП"].value == 400 and paid["Год МРП"].value == 2026
    assert paid["Работодатель"].value == "«Ертіс Агро» ЖШС"
    assert paid["БИН работодателя"].value == BIN and paid["БИН работодателя"].number_format == "@"
    assert paid["Дата выплаты"].value.date() == dt.date(2026, 6, 3)
