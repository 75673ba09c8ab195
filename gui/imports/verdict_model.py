"""The verdict of every row of an analysed register: row, status, columns, messages, colour.

The rows live in the ``ImportReport`` (plain values in memory, not the database), so a
plain table model over them is enough; text is made when a cell is painted.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from i18n import Translator
from reports.import_errors import KIND_LABELS, STATUS_LABELS, duplicate_text
from services.import_report import ImportReport, RowVerdict, message_text

COLUMNS = ("row", "status", "column", "message")
COLOURS = {"invalid": QColor("#f8d7da"), "duplicate": QColor("#fff3cd"), "warning": QColor("#fff8e1"),
           "repair": QColor("#e3f2e7")}


class VerdictTableModel(QAbstractTableModel):
    def __init__(self, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.translator = translator
        self.report: ImportReport | None = None
        self._rows: list[RowVerdict] = []
        self.problems_only = False

    def set_report(self, report: ImportReport | None) -> None:
        self.beginResetModel()
        self.report = report
        self._apply_filter()
        self.endResetModel()

    def set_problems_only(self, value: bool) -> None:
        self.beginResetModel()
        self.problems_only = value
        self._apply_filter()
        self.endResetModel()

    def _apply_filter(self) -> None:
        rows = list(self.report.rows) if self.report is not None else []
        if self.problems_only:
            rows = [r for r in rows if r.status != "ok" or r.warnings or r.repairs]
        self._rows = rows

    def verdict(self, row: int) -> RowVerdict | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def retranslate(self, translator: Translator) -> None:
        self.translator = translator
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        _ = self.translator.gettext
        titles = {"row": _("Row"), "status": _("Status"), "column": _("Column"), "message": _("Message")}
        return titles[COLUMNS[section]] if 0 <= section < len(COLUMNS) else None

    def _lines(self, verdict: RowVerdict) -> list[tuple[str, str, str]]:
        tr = self.translator
        lines = [(kind, m.column, message_text(m, tr)) for kind, m in verdict.messages()]
        if verdict.status == "duplicate":
            lines.insert(0, ("warning", "", duplicate_text(verdict.duplicate_of, tr)))
        return lines

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        verdict = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            kinds = {kind for kind, _m in verdict.messages()}
            key = verdict.status if verdict.status != "ok" else next(
                (k for k in ("warning", "repair") if k in kinds), None)
            return COLOURS.get(key) if key else None
        if role == Qt.ItemDataRole.UserRole:
            return verdict.row
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "row":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        tr = self.translator
        if column == "row":
            return str(verdict.row)
        if column == "status":
            return tr.gettext(STATUS_LABELS[verdict.status])
        lines = self._lines(verdict)
        if column == "column":
            return ", ".join(dict.fromkeys(c for _k, c, _t in lines if c))
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(f"{tr.gettext(KIND_LABELS[k])}: {f'«{c}» ' if c else ''}{t}" for k, c, t in lines)
        return " • ".join(t for _k, _c, t in lines)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
