"""The monthly PDF: rendered from hand-built summaries and from a filled database, read back with pypdf."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from i18n import Translator
from reports.monthly_report import export_monthly_report, render_monthly_report
from services.progress import Cancelled
from services.reporting_dto import (
    AccommodationSummary, ArrivalRow, CertificateSummary, CountRow, EducationRow, EmploymentSummary, LocalName,
    MonthlySummary, OverdueTask, QuotaRow, SubsidyRow,
)
from storage import tables
from tests import reporting_data


def summary(**overrides) -> MonthlySummary:
    values = dict(
        month=dt.date(2026, 3, 1), as_of=dt.date(2026, 3, 31), printed_at=dt.datetime(2026, 4, 2, 9, 30),
        centre_name="Павлодар облысының қандастарды бейімдеу орталығы",
        arrivals_by_country=(ArrivalRow("CN", LocalName("Қытай", "Китай", "China"), 3, 11, 9, 31),
                             ArrivalRow("UZ", LocalName("Өзбекстан", "Узбекистан", "Uzbekistan"), 2, 7, 8, 29)),
        arrivals_by_region=(ArrivalRow("PAVLODAR", LocalName("Павлодар облысы", "Павлодарская область",
                                                             "Pavlodar Region"), 5, 18, 17, 60),),
        certificates=CertificateSummary(12, 40, 3, 9, 2, 5, dt.date(2026, 4, 30)),
        quota=(QuotaRow("PAVLODAR", LocalName("Павлодар облысы", "Павлодарская область", "Pavlodar Region"),
                        977, 250, 1234, 300, 456, 120),
               QuotaRow("AKMOLA", LocalName("Ақмола облысы", "Акмолинская область", "Akmola Region"),
                        285, None, 17, 4, 7, 2)),
        subsidies=(SubsidyRow("relocation_per_member", Decimal("1211000.00"), Decimal("908250.00"),
                              Decimal("3027500.00"), Decimal("2724750.00"), Decimal("302750.00"), 3),),
        employment=EmploymentSummary(40, 2, 11, 1, 20, (CountRow("training", 1, 6),)),
        education=(EducationRow("university", 6, 9, 4, 2, 3, 0),),
        services=(CountRow("language_course", 14, 52, 6), CountRow("legal_consultation", 3, 20, 3)),
        accommodation=AccommodationSummary(2, 1, 7),
        overdue_total=2, overdue_by_kind=(("manual", 2),),
        overdue_oldest=(OverdueTask("manual", "Қоңырау шалу", {}, dt.date(2026, 3, 2), "2026-00017", 29),
                        OverdueTask("payment_due", "Payment of {amount} is due", {"amount": "302 750"},
                                    dt.date(2026, 3, 9), "2026-00021", 22)))
    values.update(overrides)
    return MonthlySummary(**values)


def text_of(path) -> tuple[str, int]:
    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_kazakh_report_prints_kazakh_letters_numbers_and_page_numbers(tmp_path):
    path = tmp_path / "kk.pdf"
    pages = render_monthly_report(summary(), Translator("kk"), path)
    text, count = text_of(path)
    assert pages == count >= 2
    assert "Қ" in text and "Ө" in text and "ұ" in text and "ң" in text
    assert "Айлық есеп: Наурыз 2026" in text or "Айлық есеп: наурыз 2026" in text
    assert "Павлодар облысының қандастарды бейімдеу орталығы" in text  # header with the centre's name
    assert f"{count} беттің 1-беті" in text and f"{count} беттің {count}-беті" in text
    assert "1\u00a0234" in text or "1 234" in text  # grouped in the Kazakh way
    assert "126,3" in text  # 1 234 of 977 planned, a decimal comma
    assert "302\u00a0750,00\u00a0₸" in text or "302 750,00 ₸" in text
    assert "02.04.2026 09:30" in text  # date of printing


def test_the_language_is_chosen_per_report(tmp_path):
    render_monthly_report(summary(), Translator("ru"), tmp_path / "ru.pdf")
    render_monthly_report(summary(), Translator("en"), tmp_path / "en.pdf")
    russian, pages = text_of(tmp_path / "ru.pdf")
    english, _ = text_of(tmp_path / "en.pdf")
    assert "Ежемесячный отчёт" in russian and "Павлодарская область" in russian
    assert f"Страница 1 из {pages}" in russian
    assert "Monthly report: March 2026" in english and "Pavlodar Region" in english
    assert "1,234" in english and "02.04.2026" in english
    assert "Payment of 302 750 is due" in english  # task titles are msgids with their parameters


def test_an_empty_month_still_gives_every_section(tmp_path):
    empty = summary(arrivals_by_country=(), arrivals_by_region=(), quota=(), subsidies=(), education=(),
                    services=(), overdue_total=0, overdue_by_kind=(), overdue_oldest=(),
                    employment=EmploymentSummary(None, 0, 0, 0, None, ()))
    render_monthly_report(empty, Translator("en"), tmp_path / "e.pdf")
    text, _ = text_of(tmp_path / "e.pdf")
    for heading in ("1. Arrivals", "2. Kandas status certificates", "3. Regional quota 2026", "4. Subsidies",
                    "5. Employment", "6. Adaptation", "7. Overdue tasks"):
        assert heading in text
    assert "No quota plan for 2026 has been entered." in text


def test_a_cancelled_report_leaves_the_old_file_untouched(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"old report")

    class CancelWhileWriting:
        def step(self, done, total=None, message=""):
            if message == "Writing the PDF":
                raise Cancelled()

        def check(self):
            pass

    with pytest.raises(Cancelled):
        render_monthly_report(summary(), Translator("kk"), path, CancelWhileWriting())
    assert path.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_a_failing_report_leaves_no_file(tmp_path):
    path = tmp_path / "report.pdf"
    broken = summary(quota=(QuotaRow("X", None, 1, 1, 1, 1, 1, 1),))  # a name that cannot be printed
    with pytest.raises(AttributeError):
        render_monthly_report(broken, Translator("en"), path)
    assert list(tmp_path.iterdir()) == []


def test_export_from_the_database_shows_its_figures_and_is_audited(services, engine, tmp_path):
    expected = reporting_data.fill(engine, services)
    path = tmp_path / "november.pdf"
    pages = export_monthly_report(services, dt.date(2026, 11, 1), path, Translator("kk"))
    text, count = text_of(path)
    assert pages == count
    tr = Translator("kk")
    flat = text.replace("\n", " ").replace("\u00a0", " ")
    assert tr.format_money(expected["due_month"]).replace("\u00a0", " ") in flat
    assert tr.format_money(expected["paid_month"]).replace("\u00a0", " ") in flat
    pavlodar = expected["quota"]["PAVLODAR"]
    assert "Павлодар облысы" in flat and f" {pavlodar['persons']} " in flat
    summary_ = services.reporting.monthly_summary(dt.date(2026, 11, 1))
    total = summary_.arrival_totals()
    assert f"Айда келгендер: {total.families_month} отбасы, {total.persons_month} адам" in flat
    assert f"мерзімі өткен орындалмаған тапсырмалар: {expected['overdue']}" in flat
    with engine.connect() as db:
        audit = db.execute(sa.select(tables.audit_log.c.entity_id, tables.audit_log.c.after)
                           .where(tables.audit_log.c.action == "report")).all()
    assert [(a.entity_id, a.after["file"], a.after["language"], a.after["pages"]) for a in audit] == \
        [("2026-11", "november.pdf", "kk", pages)]
