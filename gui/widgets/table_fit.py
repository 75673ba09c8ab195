"""Columns that share a table's width: each as wide as its contents while they fit, the widest
ones narrowed (their text elided, the whole text in the cell's tooltip) when they do not.

A table of ResizeToContents columns grows wider than the card at 1280 px and hides its last
columns behind a scroll bar; here every column stays on screen (issue 17 §5).
"""
from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView

MIN_COLUMN = 48  # narrower than this a column shows only "…"
PADDING = 12


def share_width(wanted: Sequence[int], available: int, floor: int = MIN_COLUMN) -> list[int]:
    """Widths for columns that want ``wanted`` in ``available`` pixels: all as wanted when they fit,
    otherwise the widest cut down to one common cap (never under ``floor``), so narrow columns
    (dates, numbers) stay whole and long names give up their extra."""
    if sum(wanted) <= available or not wanted:
        return list(wanted)
    low, high = floor, max(wanted)
    while low < high:  # the largest cap whose total fits
        cap = (low + high + 1) // 2
        if sum(min(width, max(cap, floor)) for width in wanted) <= available:
            low = cap
        else:
            high = cap - 1
    return [min(width, max(low, floor)) for width in wanted]


class _WidthFit(QObject):
    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self._pending = False
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # a narrowed title ends in "…", not cut both sides
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setWordWrap(False)
        table.viewport().installEventFilter(self)
        model = table.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.headerDataChanged):
            signal.connect(self.schedule)
        self.schedule()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize:
            self.schedule()
        return False

    def schedule(self, *_args) -> None:
        # after the model's other listeners (a screen that sizes its columns itself), once per burst
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.fit)

    def fit(self) -> None:
        self._pending = False
        table, header = self.table, self.table.horizontalHeader()
        columns = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        if not columns:
            return
        wanted = [max(header.sectionSizeHint(c), table.sizeHintForColumn(c)) + PADDING for c in columns]
        for column, width in zip(columns, share_width(wanted, table.viewport().width())):
            header.resizeSection(column, width)


def fit_table_to_width(table: QTableView) -> None:
    """Keep ``table``'s columns within its width from now on (after every reset and resize)."""
    if table.model() is not None and getattr(table, "_width_fit", None) is None:
        table._width_fit = _WidthFit(table)  # kept alive with the table
