"""A table whose columns stay within its visible width: at 1280x800, and at 1366x768 at 125 %,
no column a worker needs hides behind a horizontal scroll bar.

While the columns fit they keep their natural widths (what the screen set, what their contents
want, or what the worker dragged). When they do not, the widest give way first, down to one
common cap, so narrow columns (dates, amounts, numbers) stay whole and long names give up their
extra; none goes under ``FLOOR``. A cut cell or heading ends in "…" and its tooltip holds the
whole text (``ColumnTableModel``'s ToolTipRole). Fitting runs after the rows arrive (after a
screen's own sizing) and when the table is resized or shown; a wider window gives the columns back.
"""
from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView

FLOOR = 56  # px: below this a column shows only "…"
PADDING = 12  # px beside a column's contents when its natural width is measured


def share_width(wanted: Sequence[int], available: int, floor: int = FLOOR) -> list[int]:
    """Widths for columns that want ``wanted`` within ``available`` pixels: all as wanted when they
    fit, otherwise the widest cut down to one common cap (never under ``floor``)."""
    if not wanted or sum(wanted) <= available:
        return list(wanted)
    low, high = floor, max(wanted)
    while low < high:  # the largest cap whose total fits
        cap = (low + high + 1) // 2
        if sum(min(width, max(cap, floor)) for width in wanted) <= available:
            low = cap
        else:
            high = cap - 1
    return [min(width, max(low, floor)) for width in wanted]


class ColumnsFitWidth(QObject):
    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self._pending = False
        self._natural: list[int] | None = None  # the widths the screen, the contents or the worker chose
        self._applied: list[int] | None = None  # what this fitter made of them last time
        header = table.horizontalHeader()
        # columns sized to their contents by Qt cannot be narrowed: measure them here instead
        self._to_contents = any(header.sectionResizeMode(c) == QHeaderView.ResizeMode.ResizeToContents
                                for c in range(header.count())) or \
            header.sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents
        if self._to_contents:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # "Capt…", not a caption cut at both ends
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.viewport().installEventFilter(self)
        model = table.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.headerDataChanged):
            signal.connect(self._contents_changed)

    def _contents_changed(self, *_args) -> None:
        if self._to_contents:
            self._natural = None  # measure the new rows
        self.schedule()

    def schedule(self, *_args) -> None:
        """Fit once the current event is done (the screen sizes its columns to the rows first)."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.fit)  # not after the table is gone

    def _measured(self, columns: list[int]) -> list[int]:
        header, table = self.table.horizontalHeader(), self.table
        return [max(header.sectionSizeHint(c), table.sizeHintForColumn(c)) + PADDING for c in columns]

    def fit(self) -> None:
        self._pending = False
        if not self.table.isVisible():
            return  # a page not laid out yet has no real width; showing it resizes the viewport
        header = self.table.horizontalHeader()
        columns = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        if not columns:
            return
        last = columns[-1] if header.stretchLastSection() else None
        sized = [c for c in columns if c != last]  # the stretched last column takes what is left
        width = self.table.viewport().width()
        # the stretched last column (often the text of a row: a task, a message) keeps a fair share
        # (never less than the header's default size, below which Qt no longer shrinks it)
        reserve = max(FLOOR, width // len(columns), header.defaultSectionSize()) if last is not None else 0
        if last is not None and self._to_contents:
            reserve = max(FLOOR, min(reserve, self._measured([last])[0]))
        available = width - reserve
        current = [header.sectionSize(c) for c in sized]
        if self._to_contents and self._natural is None:
            self._natural = self._measured(sized)
        elif self._applied is None or current != self._applied:
            self._natural = current  # the screen sized the columns to new rows, or the worker dragged one
        natural = self._natural or current
        # always from the natural widths, so a window made wider again gives the columns back
        for _attempt in range(4):  # again if Qt kept the stretched last column wider than reserved
            for column, fitted in zip(sized, share_width(natural, available)):
                if fitted != header.sectionSize(column):
                    header.resizeSection(column, fitted)
            overflow = header.length() - self.table.viewport().width()
            if overflow <= 0:
                break
            available -= overflow
        self._applied = [header.sectionSize(c) for c in sized]

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.schedule()
        return False


def fit_columns_to_width(table: QTableView) -> ColumnsFitWidth:
    """Keep ``table``'s columns within its width from now on; once per table."""
    fitter = getattr(table, "_columns_fit_width", None)
    if fitter is None:
        fitter = ColumnsFitWidth(table)
        table._columns_fit_width = fitter  # kept alive with the table
    return fitter
