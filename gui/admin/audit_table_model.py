"""Audit entries as an id-based lazy model: the ids come sorted and filtered from SQL,
rows are fetched a page at a time as they become visible."""
from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from domain.messages import N_
from i18n import Translator
from services.dto_admin import AuditRow

PAGE_SIZE = 200
COLUMNS = ("id", "occurred_at", "actor_login", "action", "record")
HEADERS = {"id": N_("No."), "occurred_at": N_("When"), "actor_login": N_("User"), "action": N_("Action"),
           "record": N_("Record")}
SORT_FOR_COLUMN = {"id": "id", "occurred_at": "occurred_at", "actor_login": "actor_login", "action": "action",
                   "record": "entity"}
ACTION_LABELS = {"insert": N_("created"), "update": N_("changed"), "delete": N_("deleted"),
                 "login": N_("signed in"), "login_failed": N_("failed sign-in"), "logout": N_("signed out"),
                 "backup": N_("backup"), "restore": N_("restore"), "export": N_("export"), "report": N_("report"),
                 "import": N_("import"), "demo": N_("demo data")}


class AuditTableModel(QAbstractTableModel):
    def __init__(self, fetch_rows: Callable[[Sequence[int]], list[AuditRow]], translator: Translator,
                 parent=None) -> None:
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self.translator = translator
        self._ids: list[int] = []
        self._cache: dict[int, AuditRow] = {}

    def set_ids(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._cache.clear()
        self.endResetModel()

    def entry(self, row: int) -> AuditRow | None:
        if not 0 <= row < len(self._ids):
            return None
        entry_id = self._ids[row]
        if entry_id not in self._cache:
            start = row - row % PAGE_SIZE
            page = self._ids[start:start + PAGE_SIZE]
            self._cache.update({r.id: r for r in self._fetch_rows(page)})
        return self._cache.get(entry_id)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return self.translator.gettext(HEADERS[COLUMNS[section]])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole):
            return None
        entry = self.entry(index.row())
        if entry is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return entry.id
        column = COLUMNS[index.column()]
        if column == "id":
            return str(entry.id)
        if column == "occurred_at":
            return self.translator.format_datetime(entry.occurred_at)
        if column == "actor_login":
            return entry.actor_login
        if column == "action":
            label = ACTION_LABELS.get(entry.action)
            return self.translator.gettext(label) if label else entry.action
        return f"{entry.entity} {entry.entity_id}" if entry.entity_id else entry.entity
