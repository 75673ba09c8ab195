"""Choose the worker to hand the selected families to (a supervisor's bulk action)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from domain.messages import N_
from gui.forms.prompt_dialog import PromptDialog
from i18n import Translator


class AssignWorkerDialog(PromptDialog):
    def __init__(self, parent, translator: Translator, workers: list, count: int) -> None:
        super().__init__(translator, N_("Assign worker"), parent, object_name="assign_worker_dialog")
        self.set_hint_text(translator.ngettext(
            "Make this worker responsible for {count} family:",
            "Make this worker responsible for {count} families:", count).format(count=translator.format_number(count)))
        self.label = self.hint_label
        self.worker_edit = self.add_field("responsible_user_id", QComboBox(self))
        for worker in workers:
            self.worker_edit.addItem(worker.label, worker.id)
        self.worker_edit.addItem(translator._("Nobody (unassigned)"), None)
        self.retranslate_ui(translator)

    def worker_id(self) -> int | None:
        return self.worker_edit.currentData()
