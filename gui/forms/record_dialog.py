"""The base of the card's small forms: fields in a grid, inline errors, Save runs a write job."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from domain.errors import ConflictError
from gui.forms.field_labels import FIELD_LABELS
from gui.forms.form_widgets import InlineErrors
from i18n import Translator


class RecordDialog(QDialog):
    """Subclasses add fields with ``add_field`` and implement ``values()``.

    ``save`` is a function of the values that the card runs as a write job; a refusal
    comes back inline on the field, a conflict as the card's banner.
    """

    def __init__(self, card, title: str, save: Callable[[Any], Any], parent: QWidget | None = None) -> None:
        # ``card`` is a family card's CardContext (its ``window`` parents the dialog) or a screen widget
        super().__init__(parent if parent is not None else card if isinstance(card, QWidget) else card.window)
        self.card = card
        self._title = title
        self._save = save
        self.form = QFormLayout()
        self._labels: dict[str, QLabel] = {}
        self.error_label = QLabel(self)
        self.errors = InlineErrors(self, self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("save_button")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.saving = False

    def add_field(self, key: str, widget: QWidget) -> QWidget:
        widget.setObjectName(f"{key}_edit")
        label = QLabel(self)
        self._labels[key] = label
        self.form.addRow(label, widget)
        return widget

    def add_member_chooser(self) -> QComboBox:
        """A «Member» list of the card's family members (their ids as data)."""
        chooser = self.add_field("person", QComboBox(self))
        for member in self.card.details.members:
            chooser.addItem(member.full_name, member.id)
        return chooser

    def retranslate_ui(self, translator: Translator) -> None:
        self.setWindowTitle(translator._(self._title))
        for key, label in self._labels.items():
            label.setText(translator._(FIELD_LABELS.get(key, key)))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(translator._("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(translator._("Cancel"))

    def values(self) -> Any:
        raise NotImplementedError

    def submit(self) -> None:
        if self.saving:
            return
        self.errors.clear()
        values = self.values()
        self.saving = True
        self.buttons.setEnabled(False)
        self.card.run_write(lambda _progress: self._save(values), on_success=self._saved, on_failure=self._failed)

    def _saved(self, _result) -> None:
        self.saving = False
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, error: Exception) -> bool:
        self.saving = False
        self.buttons.setEnabled(True)
        if self.errors.show(error, self.card.i18n):
            return True
        if isinstance(error, ConflictError):
            self.reject()
        return False
