"""A table whose columns stay within its visible width (issue 17 §5: at 1366x768 at 125 % the
last columns of several lists were off-screen behind a horizontal scroll bar).

When the columns need more than the table shows, each gives up part of its width beyond
``FLOOR`` in proportion to that part, so every column stays in sight; a cut cell ends in "…" and
its tooltip (``ColumnTableModel``'s ToolTipRole, the whole text by default) holds the rest.
It runs after the rows arrive (after a screen's own ``resizeColumnsToContents``) and when the
table is resized; a column the worker widens by hand afterwards is left as they made it.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
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


class ColumnsFitWidth(QObject):
    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self._pending = False
        table.viewport().installEventFilter(self)
        model = table.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self.schedule)

    def schedule(self, *_args) -> None:
        """Fit once the current event is done (the screen sizes its columns to the rows first)."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self.fit)

    def fit(self) -> None:
        self._pending = False
        header = self.table.horizontalHeader()
        columns = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        if not columns:
            return
        last = columns[-1] if header.stretchLastSection() else None
        sized = [c for c in columns if c != last]  # the stretched last column takes what is left
        width = self.table.viewport().width()
        # the stretched last column (often the text of a row: a task, a message) keeps a fair share
        # (and never less than the header's default size, below which Qt no longer shrinks it)
        reserve = max(FLOOR, width // len(columns), header.defaultSectionSize()) if last is not None else 0
        available = width - reserve
        widths = [header.sectionSize(c) for c in sized]
        for column, width in zip(sized, shrunk_widths(widths, available)):
            if width != header.sectionSize(column):
                header.resizeSection(column, width)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize:
            self.schedule()
        return False


def fit_columns_to_width(table: QTableView) -> ColumnsFitWidth:
    fitter = ColumnsFitWidth(table)
    table._columns_fit_width = fitter  # kept alive with the table
    return fitter
