"""The open duplicate pairs (a short list: a plain in-memory table model is right here)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from domain.duplicates import DuplicateReason
from i18n import Translator

COLUMNS = ("name_a", "case_a", "name_b", "case_b", "reason", "detected_at")


class DuplicateListModel(QAbstractTableModel):
    def __init__(self, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.translator = translator
        self.rows: list = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def pair_id(self, row: int) -> int | None:
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def row_of(self, pair_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.id == pair_id), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal \
                or not 0 <= section < len(COLUMNS):
            return None
        _ = self.translator.gettext
        return {"name_a": _("Person"), "case_a": _("Case"), "name_b": _("Possible duplicate"),
                "case_b": _("Case"), "reason": _("Why"), "detected_at": _("Found")}[COLUMNS[section]]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = COLUMNS[index.column()]
        tr = self.translator
        if column == "reason":
            return tr.gettext(DuplicateReason.LABELS.get(row.reason, row.reason))
        if column == "detected_at":
            return tr.format_date(row.detected_at.date())
        if column in ("name_a", "name_b"):
            side = column[-1]
            birth = getattr(row, f"birth_date_{side}")
            name = getattr(row, column)
            return f"{name} ({tr.format_date(birth)})" if birth else name
        return getattr(row, column)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def retranslate(self, translator: Translator) -> None:
        self.translator = translator
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))
