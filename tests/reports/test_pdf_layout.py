"""The printed report as a supervisor signs it: the centre's details in the report's language,
formatted money and dates everywhere, tables inside the frame, one term per figure, plural forms."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader
from reportlab.platypus import KeepTogether, Table

from domain.centre import CentreDetails
from i18n import Translator
from reports.monthly_report import FRAME_WIDTH, monthly_story, render_monthly_report
from reports.pdf_tables import fit_widths
from services.reporting_dto import LocalName, OverdueTask, QuotaRow, SubsidyRow
from tests.reports.test_monthly_report import summary as base_summary

CENTRE = CentreDetails(
    name_kk="Павлодар облысының қандастарды бейімдеу және кіріктіру орталығы",
    name_ru="Центр адаптации и интеграции кандасов Павлодарской области",
    name_en="Pavlodar Region Kandas Adaptation and Integration Centre",
    address="Павлодар, Естай көшесі, 54", phone="+7 7182 55 12 34", director_name="Ахметов Серік Қайратұлы",
    director_position="Директор", executor_name="Жұмабаева Айгүл", executor_phone="+7 7182 55 12 40")
RAW_ISO_DATE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
RAW_DECIMAL = re.compile(r"(?<![\d.,\u00a0 ])\d{4,}\.\d{2}(?!\d)")  # 78640.00, not 78 640,00 or 78,640.00


def hard_summary():
    """Big sums, long names and raw reminder parameters: what overflowed or printed raw before."""
    big = Decimal("123456789.00")
    return base_summary(
        centre=CENTRE, centre_name=CENTRE.name_kk,
        subsidies=(SubsidyRow("housing_monthly", big, big, big, big, big, 4),
                   SubsidyRow("relocation_per_member", big, big, big, big, big, 2)),
        quota=tuple(QuotaRow(f"R{i}", LocalName("Солтүстік Қазақстан облысы", "Северо-Казахстанская область",
                                                "North Kazakhstan Region"), 12345, 12000, 11000, 3000, 2900, 2800)
                    for i in range(14)),
        overdue_total=2, overdue_by_kind=(("payment_due", 2),),
        overdue_oldest=(OverdueTask("payment_due", "Subsidy payment of {amount} is due on {date}.",
                                    {"amount": "78640.00", "date": "2025-04-30", "kind": "housing_monthly"},
                                    dt.date(2025, 4, 30), "2025-00017", 184),
                        OverdueTask("status_expiry",
                                    "Kandas certificate of {name} is valid until {date}: arrange the extension.",
                                    {"name": "Омаров Ерлан", "date": "2025-05-02"}, dt.date(2025, 5, 2),
                                    "2025-00018", 182)))


def _tables(flowables):
    for item in flowables:
        if isinstance(item, Table):
            yield item
        elif isinstance(item, KeepTogether):
            yield from _tables(item._content)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_table_fits_the_frame(language):
    tables = list(_tables(monthly_story(hard_summary(), Translator(language))))
    assert len(tables) >= 8
    for table in tables:
        assert sum(table._colWidths) <= FRAME_WIDTH + 0.01, [round(w) for w in table._colWidths]


def test_column_widths_keep_the_minima_that_fit_and_never_exceed_the_width():
    widths = fit_widths([100, 20, 20], [10, 45, 45], 300)
    assert widths[0] == 100 and abs(sum(widths) - 300) < 0.01
    squeezed = fit_widths([200, 200, 200], [1, 1, 1], 300)  # cannot fit: shared in proportion
    assert abs(sum(squeezed) - 300) < 0.01


@pytest.mark.parametrize("language, name, executor, outgoing, moved", [
    ("kk", CENTRE.name_kk, "Орындаушы", "Шығыс №", "Өңірге көшті"),
    ("ru", CENTRE.name_ru, "Исполнитель", "Исх. №", "Переехали в регион"),
    ("en", CENTRE.name_en, "Executor", "Outgoing No.", "Moved to the region"),
])
def test_the_report_carries_the_centre_signatures_and_formatted_values(tmp_path, language, name, executor,
                                                                        outgoing, moved):
    path = tmp_path / f"{language}.pdf"
    render_monthly_report(hard_summary(), Translator(language), path)
    text = "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)
    flat = " ".join(text.split())
    assert name in flat  # the name in the report's language, not one name for every language
    for other in {CENTRE.name_kk, CENTRE.name_ru, CENTRE.name_en} - {name}:
        assert other not in flat
    assert outgoing in flat and CENTRE.director_position in flat and executor in flat
    assert CENTRE.director_name in flat and CENTRE.executor_name in flat and CENTRE.executor_phone in flat
    assert not RAW_ISO_DATE.findall(text), RAW_ISO_DATE.findall(text)
    assert not RAW_DECIMAL.findall(text), RAW_DECIMAL.findall(text)
    assert Translator(language).format_money(Decimal("78640")).replace("\u00a0", " ") in flat.replace("\u00a0", " ")
    assert Translator(language).format_date(dt.date(2025, 4, 30)) in flat
    assert flat.count(moved) >= 2  # the same term in the quota table's header and in the chart's legend
    assert "…" not in flat  # no label cut short
    assert "Северо-Казахстанская область" in flat or language != "ru"


def test_counts_take_the_plural_form_of_the_language(tmp_path):
    from services.reporting_dto import AccommodationSummary
    path = tmp_path / "ru.pdf"
    render_monthly_report(base_summary(accommodation=AccommodationSummary(2, 1, 5)), Translator("ru"), path)
    flat = " ".join("\n".join(p.extract_text() for p in PdfReader(str(path)).pages).split())
    assert "заселено 2 семьи" in flat and "выселено 1 семья" in flat and "5 семей" in flat
    assert "2 семей" not in flat


def test_a_report_without_centre_details_says_so_instead_of_printing_another_name(tmp_path):
    path = tmp_path / "en.pdf"
    render_monthly_report(base_summary(centre_name=""), Translator("en"), path)
    flat = " ".join("\n".join(p.extract_text() for p in PdfReader(str(path)).pages).split())
    assert "Centre name not set" in flat and "орталығы" not in flat
    assert "Director" in flat and "Executor" in flat and "(signature)" in flat  # lines to fill in by hand
