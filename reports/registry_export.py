"""The registry as the worker sees it (its filter, sort and shown columns) in an .xlsx file.

The caller hands over the header texts and the rows as plain values in the reader's language;
this module only writes them: openpyxl's write-only mode (constant memory), a temporary name
renamed into place at the end (``reports.atomic``), progress and cancel every ``STEP`` rows.
Dates stay dates so that Excel sorts and filters them.
"""
from __future__ import annotations

import datetime as dt
import os
from typing import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from domain.messages import N_
from reports.atomic import atomic_path
from reports.ministry_export import _abandon as abandon_sheet
from reports.ministry_layouts import sheet_title
from services.progress import NullProgress, Progress

STEP = 500
DATE_FORMAT = "DD.MM.YYYY"


def render_registry_xlsx(title: str, headers: Sequence[str], rows: Iterable[Sequence], path: str | os.PathLike,
                         progress: Progress | None = None, total: int | None = None,
                         widths: Sequence[int] = ()) -> int:
    """Write ``rows`` under ``headers`` on one sheet named ``title``; returns the number of rows."""
    progress = progress or NullProgress()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    for index, width in enumerate(widths):
        sheet.column_dimensions[_letter(index)].width = max(6, width // 7)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    try:
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
            count += 1
            if count % STEP == 0:
                progress.check()
                progress.step(count, total, N_("Writing rows"))
        progress.check()
    except BaseException:
        abandon_sheet(sheet)  # the half-written stream goes now, not noisily at garbage collection
        raise
    with atomic_path(path) as temp:
        workbook.save(str(temp))
    progress.step(count, total or count, N_("Saved"))
    return count


def _cell(sheet, value):
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(index + 1)
