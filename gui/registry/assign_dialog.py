"""Choose the worker to hand the selected families to (a supervisor's bulk action)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from gui.dialogs import translate_buttons
from i18n import Translator


class AssignWorkerDialog(QDialog):
    def __init__(self, parent, translator: Translator, workers: list, count: int) -> None:
        super().__init__(parent)
        self.setObjectName("assign_worker_dialog")
        self.setWindowTitle(translator._("Assign worker"))
        self.label = QLabel(translator.ngettext(
            "Make this worker responsible for {count} family:",
            "Make this worker responsible for {count} families:", count).format(count=translator.format_number(count)),
            self)
        self.label.setWordWrap(True)
        self.worker_edit = QComboBox(self)
        self.worker_edit.setObjectName("worker_edit")
        for worker in workers:
            self.worker_edit.addItem(worker.label, worker.id)
        self.worker_edit.addItem(translator._("Nobody (unassigned)"), None)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        translate_buttons(buttons, translator)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.worker_edit)
        layout.addWidget(buttons)

    def worker_id(self) -> int | None:
        return self.worker_edit.currentData()
