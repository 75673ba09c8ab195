"""Columns that step aside when a table is narrow, and a header menu to choose the shown ones.

Each column has a priority (higher stays longer; 0 never hides). When the headings of the shown
columns, each on two lines, need more than the table's width (the family card's eleven status
columns at 1280x800 at 125 % in Kazakh), the lowest-priority columns hide until the rest fit
whole; a wider table shows them again. A right click on the header lists every column with a
check box: what the worker ticks or unticks is kept (``on_chosen`` receives the choice, by
column key, to remember it) and wins over the automatic choice. The header's tooltip names the
hidden columns, so their content is one right click away.
"""
from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import QMenu, QTableView

from gui.widgets.width_fit import FLOOR, HEADING_LINES, heading_width, width_fitter

MARGIN = 8  # px: the frame and the rounding of a fractional scale


class ColumnPriorities(QObject):
    def __init__(self, table: QTableView, keys: Sequence[str], priorities: Sequence[int],
                 chosen: dict[str, bool] | None = None,
                 on_chosen: Callable[[dict[str, bool]], None] | None = None,
                 hidden_hint: Callable[[list[str]], str] | None = None) -> None:
        super().__init__(table)
        self.table, self.keys, self.priorities = table, list(keys), list(priorities)
        self.chosen = {k: bool(v) for k, v in (chosen or {}).items() if k in self.keys}
        self.on_chosen = on_chosen
        self.hidden_hint = hidden_hint or (lambda names: ", ".join(names))
        self.menu: QMenu | None = None
        self._pending = False
        header = table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.show_menu)
        table.viewport().installEventFilter(self)
        table.model().headerDataChanged.connect(self.schedule)
        self.schedule()

    # --- which columns show -------------------------------------------------------------
    def _needed(self, columns: list[int], width: int) -> int:
        """The width the headings of ``columns`` need on two lines, the stretched last column
        counted as ``width_fit`` reserves it (a fair share, at least the header's default size)."""
        header = self.table.horizontalHeader()
        needs = [max(FLOOR, heading_width(header, c, HEADING_LINES)) for c in columns]
        if header.stretchLastSection() and needs:
            needs[-1] = max(needs[-1], width // len(columns), header.defaultSectionSize())
        return sum(needs) + MARGIN

    def _optional(self, columns: list[int]) -> list[int]:
        """The columns that may step aside, the first to go first."""
        return sorted((c for c in columns if self.keys[c] not in self.chosen and self.priorities[c] > 0),
                      key=lambda c: (self.priorities[c], -c))

    def shown_columns(self) -> list[int]:
        """Chosen ones always, unchosen ones never; the rest as far as the width allows, the
        lowest priority stepping aside first."""
        columns = [c for c, key in enumerate(self.keys) if self.chosen.get(key, True)]
        width = self.table.viewport().width()
        optional = self._optional(columns)
        while optional and self._needed(columns, width) > width:
            columns.remove(optional.pop(0))
        return columns

    def _cut_headings(self, columns: list[int]) -> bool:
        header = self.table.horizontalHeader()
        return any(header.sectionSize(c) < heading_width(header, c, HEADING_LINES) - 1 for c in columns)

    def apply(self) -> None:
        self._pending = False
        if not self.table.isVisible():
            return  # no real width yet; showing it resizes the viewport
        shown = self.shown_columns()
        self._show_only(shown)
        # the width fitter gives long names their room before headings: when it still cuts a
        # heading, the next column steps aside
        fitter = width_fitter(self.table)
        if fitter is not None:
            optional = self._optional(shown)
            fitter.fit()
            while optional and self._cut_headings(shown):
                shown.remove(optional.pop(0))
                self._show_only(shown)
                fitter.fit()
        hidden = [self._title(c) for c in range(len(self.keys)) if c not in shown]
        self.table.horizontalHeader().setToolTip(self.hidden_hint(hidden) if hidden else "")

    def _show_only(self, shown: list[int]) -> None:
        header = self.table.horizontalHeader()
        for column in range(len(self.keys)):
            if header.isSectionHidden(column) == (column in shown):
                header.setSectionHidden(column, column not in shown)

    def schedule(self, *_args) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.apply)

    def _title(self, column: int) -> str:
        return str(self.table.model().headerData(column, Qt.Orientation.Horizontal) or self.keys[column])

    # --- the worker's choice ------------------------------------------------------------
    def show_menu(self, position: QPoint | None = None) -> QMenu:
        """Every column with a check box; the menu stays open for tests when ``position`` is None."""
        header = self.table.horizontalHeader()
        self.menu = menu = QMenu(header)
        menu.setObjectName("columns_menu")
        for column, key in enumerate(self.keys):
            action = menu.addAction(self._title(column))
            action.setObjectName(f"column_{key}")
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda checked, k=key: self.choose(k, checked))
        if position is not None:
            menu.popup(header.mapToGlobal(position))
        return menu

    def choose(self, key: str, shown: bool) -> None:
        self.chosen[key] = shown
        if self.on_chosen is not None:
            self.on_chosen(dict(self.chosen))
        self.apply()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.schedule()
        return False
