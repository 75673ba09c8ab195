"""A table whose columns stay within its visible width (issue 17 §5: at 1366x768 at 125 % the
last columns of several lists were off-screen behind a horizontal scroll bar).

When the columns need more than the table shows, each gives up part of its width beyond
``FLOOR`` in proportion to that part, so every column stays in sight; a cut cell ends in "…" and
its tooltip (``ColumnTableModel``'s ToolTipRole, the whole text by default) holds the rest.
It runs after the rows arrive (after a screen's own ``resizeColumnsToContents``) and when the
table is resized; a column the worker widens by hand afterwards is left as they made it.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QTableView

FLOOR = 56  # px: below this a column shows nothing useful


def shrunk_widths(widths: list[int], available: int, floor: int = FLOOR) -> list[int]:
    """``widths`` made to sum to at most ``available`` where the floors allow, wider columns
    giving up more."""
    excess = sum(widths) - available
    if excess <= 0:
        return list(widths)
    spare = [max(0, width - floor) for width in widths]
    total_spare = sum(spare)
    if total_spare == 0:
        return list(widths)
    ratio = min(1.0, excess / total_spare)
    return [width - int(-(-part * ratio // 1)) for width, part in zip(widths, spare)]


def width_shown(table: QTableView) -> int:
    return table.viewport().width()


class ColumnsFitWidth(QObject):
    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self._pending = False
        self._natural: list[int] | None = None  # the widths the screen or the worker chose
        self._applied: list[int] | None = None  # what this fitter made of them last time
        table.viewport().installEventFilter(self)
        # a narrowed column's caption ends in "…" rather than losing both its ends
        table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        model = table.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self.schedule)

    def schedule(self, *_args) -> None:
        """Fit once the current event is done (the screen sizes its columns to the rows first)."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.fit)  # not after the table is gone

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
        width = width_shown(self.table)
        # the stretched last column (often the text of a row: a task, a message) keeps a fair share
        # (and never less than the header's default size, below which Qt no longer shrinks it)
        reserve = max(FLOOR, width // len(columns), header.defaultSectionSize()) if last is not None else 0
        available = width - reserve
        current = [header.sectionSize(c) for c in sized]
        if self._applied is None or current != self._applied:
            self._natural = current  # new rows sized the columns, or the worker dragged one
        natural = self._natural or current
        # always from the natural widths, so a window made wider again gives the columns back
        for _attempt in range(4):  # again if Qt kept the stretched last column wider than reserved
            for column, width in zip(sized, shrunk_widths(natural, available)):
                if width != header.sectionSize(column):
                    header.resizeSection(column, width)
            overflow = header.length() - width_shown(self.table)
            if overflow <= 0:
                break
            available -= overflow
        self._applied = [header.sectionSize(c) for c in sized]

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.schedule()
        return False


def fit_columns_to_width(table: QTableView) -> ColumnsFitWidth:
    fitter = ColumnsFitWidth(table)
    table._columns_fit_width = fitter  # kept alive with the table
    return fitter
