"""The problem rows of a register import as an xlsx a worker can fix the register from.

One line per message: Excel row, status, the column as headed in the file, kind
(error, warning, repair) and the message in the translator's language. Every text is written
as a text cell, never as a formula: a header or a value from the register that starts with
``=`` is data typed by someone, and a spreadsheet must not run it. Past the rows whose
messages the report kept (``MAX_DETAILED_ROWS``), the problems are listed with their counts. Written to a
temporary file beside the target and renamed, so a failure never leaves half a file.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from domain.messages import N_
from services.import_report import ImportReport, message_text

STATUS_LABELS = {"ok": N_("ok"), "invalid": N_("invalid"), "duplicate": N_("duplicate")}
KIND_LABELS = {"error": N_("error"), "warning": N_("warning"), "repair": N_("repair")}
_BAD_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def duplicate_text(duplicate_of, tr) -> str:
    if duplicate_of == "existing":
        return tr._("Already in the database")
    if duplicate_of is None:
        return ""
    return tr.format("Same person as row {row}", row=duplicate_of)


def _text_cell(sheet, cell_class, value):
    """A string as a text cell (openpyxl would make «=…» a formula); numbers and blanks as they are."""
    if not isinstance(value, str):
        return value
    cell = cell_class(sheet, value=value)
    cell.data_type = "s"
    return cell


def write_error_list(report: ImportReport, tr, path: str | Path) -> Path:
    import openpyxl  # here, not at the top: the import screen loads with the window, openpyxl costs 0.25 s
    from openpyxl.styles import Font
    target = Path(path)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(tr._("Import problems").translate(_BAD_SHEET_CHARS)[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    headers = [tr._("Row"), tr._("Status"), tr._("Column"), tr._("Kind"), tr._("Message")]
    for letter, width in zip("ABCDE", (8, 14, 24, 12, 90)):
        sheet.column_dimensions[letter].width = width
    from openpyxl.cell import WriteOnlyCell
    header_cells = []
    for text in headers:
        cell = _text_cell(sheet, WriteOnlyCell, text)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    def line(*values) -> None:
        sheet.append([_text_cell(sheet, WriteOnlyCell, v) for v in values])

    for verdict in report.problem_rows():
        status = tr._(STATUS_LABELS[verdict.status])
        messages = verdict.messages()
        if verdict.status == "duplicate":
            line(verdict.row, status, "", tr._(KIND_LABELS["warning"]), duplicate_text(verdict.duplicate_of, tr))
        for kind, message in messages:
            line(verdict.row, status, message.column, tr._(KIND_LABELS[kind]), message_text(message, tr))
    if report.dropped_rows:
        line()
        line(None, None, None, None, tr.ngettext(
            "{count} more row with remarks is not listed one by one; the remarks of all rows, by problem:",
            "{count} more rows with remarks are not listed one by one; the remarks of all rows, by problem:",
            report.dropped_rows).format(count=report.dropped_rows))
        for problem in report.problems:
            line(problem.first_row, None, problem.example.column, tr._(KIND_LABELS[problem.kind]),
                 tr.ngettext("{text} — {count} row", "{text} — {count} rows", problem.rows).format(
                     text=message_text(problem.example, tr), count=problem.rows))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".~" + target.stem, suffix=".xlsx", dir=target.parent)
    os.close(handle)
    try:
        book.save(temporary)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return target
