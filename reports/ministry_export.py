"""Ministry Excel exports: openpyxl in write-only mode, streamed page by page.

The file is written under a temporary name in the target folder and renamed at the end,
so a failed, cancelled or killed export never leaves a half file under the chosen name.
Data rows skip openpyxl's per-cell work: each column's style is taken once and a row is built as
one lxml element with the bytes openpyxl would write (``reports.xlsx_rows``), which makes the
writer faster than a plain openpyxl dump of the same cells.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from typing import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from domain.centre import CentreDetails
from domain.messages import N_
from i18n import Translator
from reports.atomic import atomic_path
from reports.xlsx_rows import RowWriter, fast_rows_possible, openpyxl_cells
from reports.ministry_layouts import EXTRA_SHEETS, INTEGER, LAYOUTS, YEAR, ExportContext, Layout, sheet_title
from services.progress import NullProgress, Progress
from services.reporting_dto import ExportRequest, ReferenceNames

TITLE_ROWS = 4  # title, centre, period, prepared; then a blank row; then the header
HEADER_ROW = TITLE_ROWS + 2
BLANK = "_" * 16  # a line to fill in by hand (outgoing number, signature, date)
PROGRESS_EVERY = 2000
FAST_ROWS = True  # data rows through reports.xlsx_rows.RowWriter (tests switch it off to compare)


def period_text(tr: Translator, year: int | None, month: dt.date | None) -> str:
    if month is not None:
        return tr.format_month(month)
    if year is not None:
        return tr.format("year {year}", year=year)
    return tr._("all records")


def header_height(layout: Layout, language: str) -> float:
    """Points for the header row: write-only sheets cannot grow a row to fit wrapped text, so the
    height is the most lines any header needs at its column's width (about one character per unit)."""
    lines = 1
    for column in layout.columns:
        per_line = max(4, int(column.width * 1.05) - 1)
        words, count, used = column.header(language).split(), 1, 0
        for word in words:
            if used and used + 1 + len(word) > per_line:
                count, used = count + 1, len(word)
            else:
                used += len(word) + (1 if used else 0)
        lines = max(lines, count)
    return 15.0 * lines + 3


def _styled(ws, value, **style) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    for key, item in style.items():
        setattr(cell, key, item)
    return cell


def _column_cells(ws, layout: Layout) -> list[Cell]:
    """One reusable cell per column carrying that column's number format (and alignment).

    openpyxl's own path makes a new styled cell for every date or formatted number and finds it by
    a caught exception; the writer consumes each cell before the next is bound, so one cell per
    column is enough (``reports.xlsx_rows``)."""
    cells = []
    for column in layout.columns:
        cell = Cell(ws, row=1, column=1)
        if column.number_format is not None:
            cell.number_format = column.number_format
        if column.number_format in (INTEGER, YEAR):  # short codes and counts read better centred
            cell.alignment = Alignment(horizontal="center")
        cells.append(cell)
    return cells


def _data_rows(ws, layout: Layout) -> None:
    """From here on the sheet's rows are data rows: values in the layout's columns, written by
    ``RowWriter`` (openpyxl's bytes, without its per-cell work) or, without lxml or when
    ``FAST_ROWS`` is off, bound into the reusable cells for openpyxl's own writer."""
    cells = _column_cells(ws, layout)
    if FAST_ROWS and fast_rows_possible():
        ws._values_to_row = _as_is
        ws._writer.write_row = RowWriter(ws, cells).write_row
    else:
        ws._values_to_row = lambda values, row_index: openpyxl_cells(cells, values, row_index)


def _end_data_rows(ws) -> None:
    """openpyxl's own cells again (the totals row is styled)."""
    del ws._values_to_row
    ws._writer.__dict__.pop("write_row", None)


def _as_is(values, _row_index):
    return values


def render_xlsx(layout: Layout, rows: Iterable[list[dict]], translator: Translator, path: str | os.PathLike,
                progress: Progress | None = None, period: str = "", centre: CentreDetails | str = "",
                names: ReferenceNames | None = None, total: int | None = None,
                prepared_at: dt.datetime | None = None,
                extra_sheets: Iterable[tuple[Layout, Iterable[list[dict]]]] = ()) -> int:
    """Write ``rows`` (pages of plain dicts) in ``layout``, then each extra sheet; returns the number of
    data rows of the first sheet. Every sheet ends with a totals row (``_totals_row``)."""
    progress = progress or NullProgress()
    context = ExportContext(translator, names or ReferenceNames({}, {}))
    prepared = prepared_at or dt.datetime.now().replace(microsecond=0)
    workbook = Workbook(write_only=True)
    sheets = [(layout, rows, total, progress)]
    sheets += [(extra, extra_rows, None, NullProgress()) for extra, extra_rows in extra_sheets]
    counts = []
    for sheet_layout, sheet_rows, sheet_total, sheet_progress in sheets:
        ws = workbook.create_sheet(sheet_title(sheet_layout.sheet_name(translator.language)))
        try:
            counts.append(_write_sheet(ws, sheet_layout, sheet_rows, context, sheet_progress, period, centre,
                                       sheet_total, prepared))
        except BaseException:
            for sheet in workbook.worksheets:
                _abandon(sheet)
            raise
    with atomic_path(path) as temp:
        workbook.save(str(temp))
    progress.step(counts[0], total or counts[0], N_("Saved"))
    return counts[0]


def _write_sheet(ws, layout: Layout, rows: Iterable[list[dict]], context: ExportContext, progress: Progress,
                 period: str, centre: str, total: int | None, prepared: dt.datetime) -> int:
    tr = context.tr
    language = tr.language
    columns = layout.columns
    last_letter = get_column_letter(len(columns))
    for index, column in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[HEADER_ROW].height = header_height(layout, language)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = tr._("Page &P of &N")
    details = centre if isinstance(centre, CentreDetails) else CentreDetails(name_kk=centre)
    if details.name(language):
        ws.oddHeader.left.text = details.name(language).replace("&", "&&")  # "&" starts a code in Excel headers

    ws.append([_styled(ws, layout.title(language), font=Font(bold=True, size=14))])
    ws.append([_styled(ws, tr.format("Centre: {centre}", centre=centre_line(details, tr)), font=Font(size=11))])
    ws.append([_styled(ws, tr.format("Period: {period}", period=period), font=Font(size=11))])
    ws.append([_styled(ws, tr.format("Prepared on {date}", date=tr.format_datetime(prepared)) + ".   "
                       + tr.format("Outgoing No. {number} of {date}", number=BLANK, date=BLANK),
                       font=Font(italic=True, color="555555"))])
    ws.append([])
    thin = Side(style="thin", color="8EA9C1")
    header_style = {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="DDE7F1"),
                    "alignment": Alignment(wrap_text=True, vertical="center", horizontal="center"),
                    "border": Border(top=thin, bottom=thin, left=thin, right=thin)}
    ws.append([_styled(ws, column.header(language), **header_style) for column in columns])

    getters = [column.value for column in columns]
    summed = [index for index, column in enumerate(columns) if column.total]
    sums: list = [0] * len(summed)
    _data_rows(ws, layout)
    written = 0
    progress.step(0, total, N_("Writing rows"))
    for page in rows:
        for row in page:
            written += 1
            row["_n"] = written
            values = [getter(row, context) for getter in getters]
            for slot, index in enumerate(summed):  # the totals row is summed as the rows stream by
                if values[index] is not None:
                    sums[slot] += values[index]
            ws.append(values)
        progress.step(written, total, N_("Writing rows"))
    _end_data_rows(ws)
    last_row = HEADER_ROW + max(written, 1)
    ws.append(_totals_row(ws, layout, tr, written, dict(zip(summed, sums))))
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_letter}{last_row}"
    footer = signature_lines(details, tr)
    ws.append([])  # one empty row ends the data: the signatures are not part of the table
    for line in footer:
        ws.append([_styled(ws, line, font=Font(size=11))])
    totals_row = HEADER_ROW + written + 1
    ws.print_area = f"A1:{last_letter}{totals_row + 1 + len(footer)}"
    return written


def centre_line(details: CentreDetails, tr: Translator) -> str:
    """The centre's name in the form's language, then its address and phone when they are set."""
    parts = [details.name(tr.language) or tr._("Centre name not set (Administration → Centre details)")]
    parts += [item for item in (details.address, tr.format("tel. {phone}", phone=details.phone)
                                if details.phone else "") if item]
    return ", ".join(parts)


def signature_lines(details: CentreDetails, tr: Translator) -> list[str]:
    """The lines under a form: director (position, a line to sign, name), executor and phone, date.
    A detail not set prints as a blank line to fill in by hand."""
    return [f"{details.director_position or tr._('Director')}   {BLANK}   {details.director_name or BLANK}",
            f"{tr._('Executor')}: {details.executor_name or BLANK}, "
            + tr.format("tel. {phone}", phone=details.executor_phone or BLANK),
            f"{tr._('Date')}: {BLANK}"]


def _totals_row(ws, layout: Layout, tr: Translator, written: int, sums: dict[int, object]) -> list:
    """The last row of a sheet: the number of rows under "№", the word "Total" in the next column,
    and under each summed column the sum of its values, as numbers in the column's format."""
    top = Side(style="thin", color="000000")
    cells = []
    for index, column in enumerate(layout.columns):
        if index == 0:
            value = written
        elif index == 1:
            value = tr._("Total")
        else:
            value = sums.get(index)
        style = {"font": Font(bold=True), "border": Border(top=top)}
        if value is not None and index != 1 and column.number_format is not None:
            style["number_format"] = column.number_format
        cells.append(_styled(ws, value, **style))
    return cells


def _abandon(ws) -> None:
    """Close openpyxl's half-written sheet stream and remove its temporary file now, rather than
    leaving the generator to fail noisily when it is garbage-collected."""
    with contextlib.suppress(Exception):
        if ws._rows is not None:
            ws._rows.close()
    with contextlib.suppress(Exception):
        if ws._writer is not None:
            ws._writer.close()
            ws._writer.cleanup()


def export_ministry_xlsx(services, kind: str, path: str | os.PathLike, translator: Translator,
                         year: int | None = None, month: dt.date | None = None,
                         progress: Progress | None = None) -> int:
    """Export ``kind`` for a year or a month (or everything) to ``path``; returns the number of rows."""
    progress = progress or NullProgress()
    request = ExportRequest(kind, year, month.replace(day=1) if month else None)
    names, centre, total = services.reporting.export_header(request)
    layout = LAYOUTS[kind]
    extra = [(sheet, services.reporting.export_pages(request, sheet.kind)) for sheet in EXTRA_SHEETS.get(kind, ())]
    written = render_xlsx(layout, services.reporting.export_pages(request), translator, path, progress,
                          period=period_text(translator, year, request.month), centre=centre, names=names,
                          total=total, prepared_at=services.ctx.now(), extra_sheets=extra)
    services.reporting.record_export(request, Path(path).name, translator.language, written)
    return written
