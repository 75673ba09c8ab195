"""One read-only table model for every screen that shows rows through declared columns.

A screen declares its columns as data (a key, an N_() header, how to render a row with the
current translator) and hands the model a list of frozen rows; the model answers Qt's
questions. What differs between screens is a declaration option (``numeric``, ``tooltip``,
``value``) or a constructor argument (``colour``, ``bold``, ``background``), not a copy of
``rowCount``/``headerData``/``data``. ``PagedColumnTableModel`` is the same for long lists:
it holds the ids sorted and filtered in SQL and fetches rows a page at a time.
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
        """A copy of all rows (a paged model fetches every page for this)."""
        return [self.row_at(row) for row in range(self.row_count())]

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


class PagedColumnTableModel(ColumnTableModel):
    """Ids come ordered and filtered from SQL; ``fetch_rows(ids)`` brings a page of rows the
    first time one of them is painted (Anki's browser model). ``UserRole`` is the id, known
    without fetching."""

    page_size = 200

    def __init__(self, columns: Sequence[Column], fetch_rows: Callable[[Sequence[int]], Sequence[Any]],
                 translator: Translator, parent=None, **options: Any) -> None:
        super().__init__(columns, translator, parent, **options)
        self._fetch_rows = fetch_rows
        self._ids: list[int] = []
        self._cache: dict[int, Any] = {}

    def set_ids(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._cache.clear()
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def row_count(self) -> int:
        return len(self._ids)

    def row_at(self, row: int) -> Any | None:
        if not 0 <= row < len(self._ids):
            return None
        row_id = self._ids[row]
        if row_id not in self._cache:
            start = row - row % self.page_size
            self._cache.update({item.id: item for item in self._fetch_rows(self._ids[start:start + self.page_size])})
        return self._cache.get(row_id)

    def user_data(self, row: int, column: Column) -> int:
        return self._ids[row]


def _brush(colour: QColor | None) -> QBrush | None:
    return QBrush(colour) if colour is not None else None
