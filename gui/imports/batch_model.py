"""Past import batches (a short list: a plain table model)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from i18n import Translator
from services.import_report import ImportBatchRow

COLUMNS = ("id", "imported_at", "imported_by", "file", "sheet", "rows", "families", "state")


class BatchTableModel(QAbstractTableModel):
    def __init__(self, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.translator = translator
        self._batches: list[ImportBatchRow] = []

    def set_batches(self, batches: list[ImportBatchRow]) -> None:
        self.beginResetModel()
        self._batches = list(batches)
        self.endResetModel()

    def batch(self, row: int) -> ImportBatchRow | None:
        return self._batches[row] if 0 <= row < len(self._batches) else None

    def retranslate(self, translator: Translator) -> None:
        self.translator = translator
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._batches:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._batches) - 1, len(COLUMNS) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._batches)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        _ = self.translator.gettext
        titles = {"id": _("No."), "imported_at": _("Imported"), "imported_by": _("By"), "file": _("File"),
                  "sheet": _("Sheet"), "rows": _("Persons"), "families": _("New families"), "state": _("State")}
        return titles[COLUMNS[section]] if 0 <= section < len(COLUMNS) else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._batches)):
            return None
        batch = self._batches[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return batch.id
        if role == Qt.ItemDataRole.ForegroundRole and batch.undone_at is not None:
            return QColor("#777777")
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        tr = self.translator
        column = COLUMNS[index.column()]
        if column == "state":
            if batch.undone_at is None:
                return tr._("Imported")
            return tr.format("Undone {when} by {who}", when=tr.format_datetime(batch.undone_at), who=batch.undone_by)
        if column == "imported_at":
            return tr.format_datetime(batch.imported_at)
        if column == "rows":
            return tr.format_number(batch.rows_imported)
        if column == "families":
            return tr.format_number(batch.families)
        return {"id": str(batch.id), "imported_by": batch.imported_by, "file": batch.file_name,
                "sheet": batch.sheet}[column]

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
