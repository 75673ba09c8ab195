"""Small form pieces: combo helpers and the conflict banner (dates: ``date_edit``, errors: ``inline_errors``)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from domain.errors import ConflictError
from gui.forms.inline_errors import InlineErrors
from i18n import Translator

__all__ = ["ConflictBanner", "InlineErrors", "fill_combo", "select_data"]


def fill_combo(combo: QComboBox, labels: dict[str, str], translator: Translator, blank: bool = False) -> None:
    """Codes as item data, translated labels as text; keeps the current choice."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if blank:
        combo.addItem("—", None)
    for code, label in labels.items():
        combo.addItem(translator.gettext(label), code)
    index = combo.findData(current)
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)


def select_data(combo: QComboBox, value) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else 0)


class ConflictBanner(QFrame):
    """"Changed by … at …" with a Reload button: never a silent overwrite."""

    reload_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflict_banner")
        self.setStyleSheet("#conflict_banner { background: #fff3e0; border: 1px solid #ef6c00; border-radius: 4px; }")
        self.message = QLabel(self)
        self.message.setObjectName("conflict_label")
        self.message.setWordWrap(True)
        self.reload_button = QPushButton(self)
        self.reload_button.setObjectName("reload_button")
        self.reload_button.clicked.connect(self._on_reload_clicked)
        layout = QHBoxLayout(self)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.reload_button)
        self._error: ConflictError | None = None
        self.hide()

    def show_conflict(self, error: ConflictError, translator: Translator) -> None:
        self._error = error
        self.retranslate_ui(translator)
        self.show()

    def retranslate_ui(self, translator: Translator) -> None:
        self.reload_button.setText(translator._("Reload"))
        if self._error is not None:
            self.message.setText(translator.error(self._error))

    def _on_reload_clicked(self) -> None:
        self.hide()
        self._error = None
        self.reload_requested.emit()
