"""One read-only table model for every screen that shows rows through declared columns.

A screen declares its columns as data (a key, an N_() header, how to render a row with the
current translator) and hands the model a list of frozen rows; the model answers Qt's
questions. What differs between screens is a declaration option (``numeric``, ``tooltip``,
``value``) or a constructor argument (``colour``, ``bold``, ``background``), not a copy of
``rowCount``/``headerData``/``data``. ``PagedColumnTableModel`` is the same for long lists:
it holds the ids sorted and filtered in SQL and fetches rows a page at a time, in a read job
in a read job (no database call on the GUI thread).
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
# Plain ints: a view asks data() for about ten roles per painted cell, and int lookups are
# several times cheaper than comparisons with the enum members.
_DISPLAY, _TOOLTIP, _FOREGROUND, _BACKGROUND, _FONT, _ALIGNMENT, _USER = (int(role) for role in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.UserRole))


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
        # The roles answered from a row; any other role never fetches one (a paged model stays lazy).
        self._row_roles: dict[int, Callable[[Any, Column], Any]] = {_DISPLAY: self._text}
        if self.show_tooltips:
            self._row_roles[_TOOLTIP] = self._tooltip
        if colour is not None:
            self._row_roles[_FOREGROUND] = self._foreground
        if background is not None:
            self._row_roles[_BACKGROUND] = self._background_brush
        if bold is not None:
            self._row_roles[_FONT] = self._font

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
        # the tooltip repeats the title: a column narrowed to fit the screen elides its header
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) \
                and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.translator.gettext(self.columns[section].title)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        answer = self._row_roles.get(role)
        if answer is None and role != _USER and role != _ALIGNMENT:
            return None
        if not index.isValid() or not 0 <= index.row() < self.row_count():
            return None
        column = self.columns[index.column()]
        if answer is None:
            if role == _USER:
                return self.user_data(index.row(), column)
            return RIGHT_ALIGNED if column.numeric else None
        row = self.row_at(index.row())
        return answer(row, column) if row is not None else None

    def _text(self, row: Any, column: Column) -> str:
        return column.text(row, self.translator)

    def _tooltip(self, row: Any, column: Column) -> str:
        return (column.tooltip or column.text)(row, self.translator)

    def _foreground(self, row: Any, column: Column) -> QBrush | None:
        if self._colour_columns is not None and column.key not in self._colour_columns:
            return None
        return _brush(self._colour(row))

    def _background_brush(self, row: Any, _column: Column) -> QBrush | None:
        return _brush(self._background(row))

    def _font(self, row: Any, _column: Column) -> QFont | None:
        if not self._bold(row):
            return None
        font = QFont()
        font.setBold(True)
        return font


class PagedColumnTableModel(ColumnTableModel):
    """Ids come ordered and filtered from SQL; ``fetch_rows(ids)`` brings a page of rows the
    first time one of them is painted (Anki's browser model). ``UserRole`` is the id, known
    without fetching.

    The page is fetched in a read job of ``jobs`` (a ``gui.jobs.JobRunner``): until it arrives
    its cells are empty, then ``dataChanged`` repaints them."""

    page_size = 200
    id_attribute = "id"  # the field of a fetched row that holds its id

    def __init__(self, columns: Sequence[Column], fetch_rows: Callable[[Sequence[int]], Sequence[Any]],
                 translator: Translator, parent=None, *, jobs: Any, **options: Any) -> None:
        super().__init__(columns, translator, parent, **options)
        self._fetch_rows = fetch_rows
        self._jobs = jobs
        self._ids: list[int] = []
        self._cache: dict[int, Any] = {}
        self._pending: set[int] = set()  # first rows of the pages being fetched
        self._result = 0  # bumped by each new result: pages of an older one are dropped

    def set_ids(self, ids: Sequence[int], rows: Sequence[Any] = ()) -> None:
        """A new result; ``rows`` fetched with it (its first page) need no second trip."""
        self.beginResetModel()
        self._ids = list(ids)
        self._cache = {getattr(row, self.id_attribute): row for row in rows}
        self._pending.clear()
        self._result += 1
        self.endResetModel()

    def is_fetching(self) -> bool:
        return bool(self._pending)

    def ids(self) -> list[int]:
        return list(self._ids)

    def row_count(self) -> int:
        return len(self._ids)

    def row_at(self, row: int) -> Any | None:
        if not 0 <= row < len(self._ids):
            return None
        row_id = self._ids[row]
        if row_id not in self._cache:
            self._fetch_page(row - row % self.page_size)
        return self._cache.get(row_id)

    def _fetch_page(self, start: int) -> None:
        ids = self._ids[start:start + self.page_size]
        if start in self._pending:
            return
        self._pending.add(start)
        fetch, result = self._fetch_rows, self._result
        self._jobs.run(lambda _progress: fetch(ids), on_success=lambda page: self._on_page(result, start, page))

    def _on_page(self, result: int, start: int, page: Sequence[Any]) -> None:
        if result != self._result:
            return  # a newer result replaced the ids this page was fetched for
        self._pending.discard(start)
        self._store(page)
        last = min(start + self.page_size, len(self._ids)) - 1
        if last >= start and self.columns:
            self.dataChanged.emit(self.index(start, 0), self.index(last, len(self.columns) - 1))

    def _store(self, page: Sequence[Any]) -> None:
        self._cache.update({getattr(item, self.id_attribute): item for item in page})

    def user_data(self, row: int, column: Column) -> int:
        return self._ids[row]


def _brush(colour: QColor | None) -> QBrush | None:
    return QBrush(colour) if colour is not None else None
