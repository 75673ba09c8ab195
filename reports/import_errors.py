"""The problem rows of a register import as an xlsx a worker can fix the register from.

One line per message: Excel row, status, the column as headed in the file, kind
(error, warning, repair) and the message in the translator's language. Written to a
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
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for verdict in report.problem_rows():
        status = tr._(STATUS_LABELS[verdict.status])
        messages = verdict.messages()
        if verdict.status == "duplicate":
            sheet.append([verdict.row, status, "", tr._(KIND_LABELS["warning"]),
                          duplicate_text(verdict.duplicate_of, tr)])
        for kind, message in messages:
            sheet.append([verdict.row, status, message.column, tr._(KIND_LABELS[kind]), message_text(message, tr)])
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
