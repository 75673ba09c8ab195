"""The registry table: ordered family ids from SQL, rows fetched a page at a time.

Like Anki's browser ``DataModel``: the model holds only the ids a search returned and
fetches ``CaseRow`` values for the visible part in pages of ``PAGE_SIZE``; sorting is
a new search in SQL, never a proxy over everything.
"""
from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from domain.stages import Stage
from i18n import Translator
from services.dto import CaseRow

PAGE_SIZE = 200

COLUMNS = ("case_number", "name", "iin", "members", "stage", "region", "country", "arrival_date", "responsible")
SORT_FOR_COLUMN = {"case_number": "case_number", "name": "name", "stage": "stage", "region": "region",
                   "country": "country", "arrival_date": "arrival_date"}


class CaseTableModel(QAbstractTableModel):
    def __init__(self, fetch_rows: Callable[[Sequence[int]], list[CaseRow]], translator: Translator,
                 region_names: dict[str, str] | None = None, country_names: dict[str, str] | None = None,
                 parent=None) -> None:
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self.translator = translator
        self._ids: list[int] = []
        self._cache: dict[int, CaseRow] = {}
        self.region_names = region_names or {}
        self.country_names = country_names or {}
        self.worker_names: dict[int, str] = {}

    # --- data management -----------------------------------------------------------
    def set_ids(self, ids: Sequence[int], rows: Sequence[CaseRow] = ()) -> None:
        """A new result; ``rows`` already fetched with it (the first page) need no second trip."""
        self.beginResetModel()
        self._ids = list(ids)
        self._cache = {row.family_id: row for row in rows}
        self.endResetModel()

    def extend_ids(self, ids: Sequence[int]) -> None:
        """The full result after its first page: append the rest without resetting the view
        (the selection and the scroll position stay); anything else is a new result."""
        ids = list(ids)
        shown = len(self._ids)
        if shown and len(ids) >= shown and ids[:shown] == self._ids:
            if len(ids) > shown:
                self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
                self._ids = ids
                self.endInsertRows()
            return
        self.set_ids(ids)

    def mark_stale(self) -> None:
        self._cache.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    def family_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, family_id: int) -> int | None:
        try:
            return self._ids.index(family_id)
        except ValueError:
            return None

    def ids(self) -> list[int]:
        return list(self._ids)

    def _row(self, row: int) -> CaseRow | None:
        family_id = self._ids[row]
        cached = self._cache.get(family_id)
        if cached is not None:
            return cached
        start = (row // PAGE_SIZE) * PAGE_SIZE
        for item in self._fetch_rows(self._ids[start:start + PAGE_SIZE]):
            self._cache[item.family_id] = item
        return self._cache.get(family_id)

    # --- Qt model API ----------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        _ = self.translator.gettext
        titles = {"case_number": _("Case"), "name": _("Head of family"), "iin": _("IIN"),
                  "members": _("Members"), "stage": _("Stage"), "region": _("Region"),
                  "country": _("Country of origin"), "arrival_date": _("Arrived"),
                  "responsible": _("Responsible worker")}
        return titles[COLUMNS[section]] if 0 <= section < len(COLUMNS) else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._row(index.row())
        if row is None:
            return None
        column = COLUMNS[index.column()]
        tr = self.translator
        if column == "case_number":
            return row.case_number
        if column == "name":
            return row.head_name
        if column == "iin":
            return row.head_iin or ""
        if column == "members":
            return str(row.members)
        if column == "stage":
            return tr.gettext(Stage.LABELS.get(row.stage, row.stage))
        if column == "region":
            return self.region_names.get(row.region_code or "", row.region_code or "")
        if column == "country":
            return self.country_names.get(row.origin_country_code or "", row.origin_country_code or "")
        if column == "arrival_date":
            return tr.format_date(row.arrival_date)
        if column == "responsible":
            return self.worker_names.get(row.responsible_user_id, "") if row.responsible_user_id else ""
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def retranslate(self, translator: Translator, region_names: dict[str, str], country_names: dict[str, str],
                    worker_names: dict[int, str] | None = None) -> None:
        self.translator = translator
        self.region_names, self.country_names = region_names, country_names
        if worker_names is not None:
            self.worker_names = worker_names
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.mark_stale()
