"""One read-only table model for every screen that shows rows through declared columns.

A screen declares its columns as data (a key, an N_() header, how to render a row with the
current translator) and hands the model a list of frozen rows; the model answers Qt's
questions. What differs between screens is a declaration option (``numeric``, ``tooltip``,
``value``) or a constructor argument (``colour``, ``bold``, ``background``), not a copy of
``rowCount``/``headerData``/``data``. A lazy, id-based list overrides ``row_count`` and
``row_at`` (see ``gui/tasks/task_table_model.py``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Collection, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from i18n import Translator

Index = QModelIndex | QPersistentModelIndex
RowColour = Callable[[Any], "QColor | None"]
RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# Roles answered from the row itself; any other role never fetches a row (lazy models stay lazy).
_ROW_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
              Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole)


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # an N_() msgid, translated each time the header is painted
    text: Callable[[Any, Translator], str]
    value: Callable[[Any], Any] | None = None  # the raw value behind the text (a sort key), if a model wants it
    numeric: bool = False  # numbers align right
    tooltip: Callable[[Any, Translator], str] | None = None  # when the tooltip says more than the cell


class ColumnTableModel(QAbstractTableModel):
    """Rows of any frozen type shown through ``columns``.

    ``colour(row)`` gives the text colour of a row (only in ``colour_columns`` when given: a
    red date is enough, a whole red row shouts), ``background(row)`` its background,
    ``bold(row)`` whether it is bold. ``UserRole`` is the row's ``id``.
    """

    show_tooltips = True  # a cell's tooltip repeats its text (long names are cut off in narrow columns)

    def __init__(self, columns: Sequence[Column], translator: Translator, parent=None, *,
                 colour: RowColour | None = None, colour_columns: Collection[str] | None = None,
                 background: RowColour | None = None, bold: Callable[[Any], bool] | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.translator = translator
        self._rows: list[Any] = []
        self._colour = colour
        self._colour_columns = set(colour_columns) if colour_columns else None
        self._background = background
        self._bold = bold

    # --- rows -------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_count(self) -> int:
        return len(self._rows)

    def row_at(self, row: int) -> Any | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def user_data(self, row: int, column: Column) -> Any:
        """What ``UserRole`` answers: the row's id, so views can keep a selection by id."""
        return getattr(self.row_at(row), "id", None)

    # --- language ---------------------------------------------------------------------
    def retranslate(self, translator: Translator) -> None:
        self.translator = translator
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.row_count() and self.columns:
            self.dataChanged.emit(self.index(0, 0), self.index(self.row_count() - 1, len(self.columns) - 1))

    # --- Qt's questions ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return self.translator.gettext(self.columns[section].title)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.row_count():
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return self.user_data(index.row(), column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT_ALIGNED if column.numeric else None
        if role not in _ROW_ROLES:
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row, self.translator)
        if role == Qt.ItemDataRole.ToolTipRole:
            if not self.show_tooltips:
                return None
            return (column.tooltip or column.text)(row, self.translator)
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._colour is None or (self._colour_columns is not None and column.key not in self._colour_columns):
                return None
            return _brush(self._colour(row))
        if role == Qt.ItemDataRole.BackgroundRole:
            return _brush(self._background(row)) if self._background is not None else None
        if self._bold is not None and self._bold(row):  # FontRole
            font = QFont()
            font.setBold(True)
            return font
        return None


def _brush(colour: QColor | None) -> QBrush | None:
    return QBrush(colour) if colour is not None else None
