"""The members of a new family: a small list model, one line per member (the form of the
selected member is ``gui.forms.person_form.PersonForm``)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from domain.families import Relation
from domain.names import full_name
from gui.forms.inline_errors import ERROR_COLOUR
from i18n import Translator


class MemberListModel(QAbstractListModel):
    """The members being entered, one line each; lines with a refused field are red."""

    def __init__(self, members: list[dict], translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.members = members
        self.translator = translator
        self.invalid: set[int] = set()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.members)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.members):
            return None
        member = self.members[index.row()]
        _ = self.translator.gettext
        if role == Qt.ItemDataRole.DisplayRole:
            name = full_name(member["surname"], member["given_name"], member["patronymic"]) or _("New member")
            return f"{index.row() + 1}. {name} — {_(Relation.LABELS.get(member['relation'], member['relation']))}"
        if role == Qt.ItemDataRole.ForegroundRole and index.row() in self.invalid:
            return QBrush(QColor(ERROR_COLOUR))
        if role == Qt.ItemDataRole.ToolTipRole and index.row() in self.invalid:
            return _("This member has a field to correct.")
        return None

    def row_changed(self, row: int) -> None:
        if 0 <= row < len(self.members):
            index = self.index(row, 0)
            self.dataChanged.emit(index, index)

    def insert_member(self, member: dict) -> int:
        row = len(self.members)
        self.beginInsertRows(QModelIndex(), row, row)
        self.members.append(member)
        self.endInsertRows()
        return row

    def remove_member(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.members[row]
        self.invalid = {r if r < row else r - 1 for r in self.invalid if r != row}
        self.endRemoveRows()

    def retranslate(self, translator: Translator) -> None:
        self.translator = translator
        if self.members:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.members) - 1, 0))
