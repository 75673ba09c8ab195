"""The case stage control: only the moves domain.stages allows, and a reason when closing."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from domain.stages import TRANSITIONS, CloseReason, Stage
from domain.messages import N_
from gui.forms.prompt_dialog import PromptDialog
from i18n import Translator


class StageControl(QWidget):
    def __init__(self, card) -> None:
        super().__init__(card)
        self.card = card
        self.caption = QLabel(self)
        self.stage_edit = QComboBox(self)
        self.stage_edit.setObjectName("stage_edit")
        self.stage_edit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.button = QPushButton(self)
        self.button.setObjectName("change_stage_button")
        self.button.clicked.connect(self.change_stage)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.stage_edit)
        layout.addWidget(self.button)
        self._current: str | None = None

    def retranslate_ui(self, translator: Translator) -> None:
        self.caption.setText(translator._("Move the case to:"))
        self.button.setText(translator._("Change stage…"))
        self.show_stage(self._current, translator)

    def show_stage(self, current: str | None, translator: Translator) -> None:
        """Offer the stages the case may move to from ``current``."""
        self._current = current
        chosen = self.stage_edit.currentData()
        self.stage_edit.clear()
        for target in TRANSITIONS.get(current or "", ()):
            self.stage_edit.addItem(translator.gettext(Stage.LABELS[target]), target)
        # Nothing chosen until the worker chooses: a next stage shown beside the header's current
        # one read as the case's stage (issue 17 §5).
        self.stage_edit.setPlaceholderText(translator._("choose the next stage"))
        self.stage_edit.setCurrentIndex(self.stage_edit.findData(chosen))

    def set_editable(self, editable: bool) -> None:
        self.button.setEnabled(editable and self.stage_edit.count() > 0)

    def ask_close_reason(self) -> str | None:
        tr = self.card.i18n
        dialog = PromptDialog(tr, N_("Close the case"), self, ok_text=N_("Close the case"),
                              object_name="close_reason_dialog")
        reasons = dialog.add_field("close_reason", QComboBox(dialog), N_("Why is the case closed?"))
        for code in CloseReason.ALL:
            reasons.addItem(tr.gettext(CloseReason.LABELS[code]), code)
        answer = dialog.ask()
        return answer["close_reason"] if answer else None

    def change_stage(self) -> None:
        details = self.card.details
        target = self.stage_edit.currentData()
        if details is None or target is None:
            return
        reason = None
        if target == Stage.CLOSED:
            reason = self.ask_close_reason()
            if reason is None:
                return
        registration = self.card.services.registration
        self.card.run_write(lambda _p: registration.change_stage(details.id, details.version, target, reason))
