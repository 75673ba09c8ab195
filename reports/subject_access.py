"""A person's own file as a PDF (kk or ru, DejaVu Sans) and as an xlsx of the same parts.

``export_subject_access`` asks the service for the data (which logs the production), then
writes each file atomically and owner-only: it holds everything about a person.
"""
from __future__ import annotations

import datetime as dt
import decimal
import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from i18n import Translator
from reports.atomic import atomic_path
from reports.pdf_tables import grid_table
from reports.pdf_theme import PAGE_MARGIN, register_fonts, styles
from reports.subject_access_labels import CODE_LABELS, COLUMNS, SECTION_KIND_LABELS, SECTION_TITLES
from services.privacy_dto import AccessSection, SubjectAccessFile

FRAME_WIDTH = A4[0] - 2 * PAGE_MARGIN
FORBIDDEN_IN_SHEET_TITLES = str.maketrans({ch: " " for ch in "[]:*?/\\"})


def _label(section: AccessSection, column: str, value, tr: Translator):
    """A code as its translated label; other values unchanged."""
    table = SECTION_KIND_LABELS.get(section.key) if column == "kind" else CODE_LABELS.get(column)
    if table is not None and isinstance(value, str) and value in table:
        return tr.gettext(table[value])
    return value


def _key_value_rows(section: AccessSection, tr: Translator) -> list[tuple]:
    return [(tr.gettext(COLUMNS.get(field, field)), _label(section, field, value, tr))
            for field, value in section.rows]


def _text(value, tr: Translator) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return tr._("yes") if value else tr._("no")
    if isinstance(value, dt.datetime):
        return tr.format_datetime(value)
    if isinstance(value, dt.date):
        return tr.format_date(value)
    if isinstance(value, decimal.Decimal):
        return tr.format_money(value)
    return str(value)


def _table_rows(section: AccessSection, tr: Translator) -> list[list]:
    if section.columns == ("field", "value"):
        return [list(row) for row in _key_value_rows(section, tr)]
    return [[_label(section, column, value, tr) for column, value in zip(section.columns, row)]
            for row in section.rows]


def _heading(section: AccessSection, tr: Translator) -> list[str]:
    return [tr.gettext(COLUMNS.get(c, c)) for c in section.columns]


def render_pdf(file: SubjectAccessFile, tr: Translator, path: str | os.PathLike) -> None:
    register_fonts()
    st = styles()
    story: list = [Paragraph(tr.format("Personal data held about {name}", name=file.full_name), st["title"]),
                   Paragraph(tr.format("Case {case}. Produced on {when} by {user} (Law of the Republic of Kazakhstan "
                                       "«On personal data and their protection»).", case=file.case_number,
                                       when=tr.format_datetime(file.produced_at), user=file.produced_by),
                             st["subtitle"])]
    for section in file.sections:
        story.append(Paragraph(tr.gettext(SECTION_TITLES[section.key]), st["h1"]))
        rows = [[_text(v, tr) for v in row] for row in _table_rows(section, tr)]
        if not rows:
            story.append(Paragraph(tr._("Nothing is held."), st["small"]))
            continue
        shares = [1.0 / len(section.columns)] * len(section.columns)
        story.append(grid_table(_heading(section, tr), rows, shares, FRAME_WIDTH, numeric_from=len(section.columns)))
        story.append(Spacer(1, 2 * mm))
    with atomic_path(path) as temp:
        SimpleDocTemplate(str(temp), pagesize=A4, leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN,
                          topMargin=16 * mm, bottomMargin=16 * mm, lang=tr.language, creator="Qandas",
                          title=tr.format("Personal data held about {name}", name=file.full_name)).build(story)
    os.chmod(path, 0o600)


def _sheet_title(text: str, used: set[str]) -> str:
    title = text.translate(FORBIDDEN_IN_SHEET_TITLES).strip()[:31] or "Sheet"
    base, number = title, 2
    while title.lower() in used:
        suffix = f" {number}"
        title, number = base[:31 - len(suffix)] + suffix, number + 1
    used.add(title.lower())
    return title


def render_xlsx(file: SubjectAccessFile, tr: Translator, path: str | os.PathLike) -> None:
    """One sheet per part; dates and amounts as real dates and numbers."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for section in file.sections:
        sheet = book.create_sheet(_sheet_title(tr.gettext(SECTION_TITLES[section.key]), used))
        sheet.append(_heading(section, tr))
        for cell in sheet[1]:
            cell.font = bold
        for row in _table_rows(section, tr):
            sheet.append([tr._("yes") if v is True else tr._("no") if v is False else v for v in row])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, decimal.Decimal):
                    cell.number_format = "#,##0.00"
        for letter, width in zip("ABCDEFGHIJ", (24, 24, 18, 18, 18, 18, 18, 18, 18, 18)):
            sheet.column_dimensions[letter].width = width
    with atomic_path(path) as temp:
        book.save(temp)
    os.chmod(path, 0o600)


def export_subject_access(services, person_id: int, translator: Translator, pdf_path: str | os.PathLike | None,
                          xlsx_path: str | os.PathLike | None = None) -> SubjectAccessFile:
    """Collect (the service logs it) and write the PDF and/or the xlsx; returns what was written."""
    file = services.subject_access.collect(person_id)
    if pdf_path is not None:
        render_pdf(file, translator, Path(pdf_path))
    if xlsx_path is not None:
        render_xlsx(file, translator, Path(xlsx_path))
    return file
