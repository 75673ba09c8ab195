"""Before saving: persons already registered with the same name and birth date.

The worker may open the existing case, save the new family anyway (the pair then waits
in the duplicate review list) or go back to the form.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from domain.duplicates import DuplicateReason
from gui.dialogs import translate_buttons
from i18n import Translator


class DuplicateWarningDialog(QDialog):
    open_existing = Signal(int)  # family id
    save_anyway = Signal()

    def __init__(self, hints, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicate_warning_dialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.hints = list(hints)
        self.i18n = translator
        self.message = QLabel(self)
        self.message.setObjectName("duplicate_message")
        self.message.setWordWrap(True)
        self.table = QTableWidget(len(self.hints), 5, self)
        self.table.setObjectName("duplicate_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.buttons = QDialogButtonBox(self)
        self.open_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setObjectName("open_existing_button")
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save_anyway_button")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("back_button")
        self.open_button.clicked.connect(self._on_open_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 320)
        self.retranslate_ui(translator)
        if self.hints:
            self.table.selectRow(0)

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator.gettext
        self.setWindowTitle(_("Possible duplicate"))
        self.message.setText(translator.ngettext(
            "This person may already be registered. Open the existing case, or save the new family anyway "
            "— the pair will then wait in the duplicate review list.",
            "These persons may already be registered. Open an existing case, or save the new family anyway "
            "— the pairs will then wait in the duplicate review list.", len(self.hints)))
        self.table.setHorizontalHeaderLabels([_("Case"), _("Name"), _("Birth date"), _("IIN"), _("Why")])
        for row, hint in enumerate(self.hints):
            values = (hint.case_number, hint.full_name, translator.format_date(hint.birth_date), hint.iin or "",
                      _(DuplicateReason.LABELS.get(hint.reason, hint.reason)))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, hint.family_id)
                self.table.setItem(row, column, item)
        self.open_button.setText(_("Open existing"))
        self.save_button.setText(_("Save anyway"))
        translate_buttons(self.buttons, translator)
        self.cancel_button.setText(_("Back to the form"))

    def selected_family_id(self) -> int | None:
        row = self.table.currentRow()
        return self.hints[row].family_id if 0 <= row < len(self.hints) else None

    def _on_open_clicked(self) -> None:
        family_id = self.selected_family_id()
        if family_id is not None:
            self.done(QDialog.DialogCode.Rejected)
            self.open_existing.emit(family_id)

    def _on_save_clicked(self) -> None:
        self.done(QDialog.DialogCode.Accepted)
        self.save_anyway.emit()
