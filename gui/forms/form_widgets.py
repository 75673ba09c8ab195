"""Small form pieces: combo helpers, inline field errors, the conflict banner (dates: ``date_edit``)."""
from __future__ import annotations


from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from domain.errors import ConflictError, ValidationError
from gui.forms.field_labels import field_key, field_label
from i18n import Translator

ERROR_STYLE = "border: 2px solid #c62828; border-radius: 3px;"


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


class InlineErrors:
    """Marks the widgets named ``<field>_edit`` inside ``form`` and lists the messages in ``label``."""

    def __init__(self, form: QWidget, label: QLabel) -> None:
        self.form = form
        self.label = label
        self.label.setObjectName("error_label")
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: #b71c1c;")
        self.label.hide()
        self._marked: list[QWidget] = []

    def clear(self) -> None:
        for widget in self._marked:
            widget.setStyleSheet("")
            widget.setToolTip("")
        self._marked = []
        self.label.clear()
        self.label.hide()

    def show(self, error: Exception, translator: Translator) -> bool:
        """Show a ValidationError on its fields; False for any other error (the caller decides)."""
        if not isinstance(error, ValidationError):
            return False
        self.clear()
        lines = []
        for problem in error.problems:
            text = translator.error(problem)
            lines.append(f"«{field_label(problem.field, translator)}»: {text}")
            widget = self.form.findChild(QWidget, f"{field_key(problem.field)}_edit")
            if widget is not None:
                widget.setStyleSheet(ERROR_STYLE)
                widget.setToolTip(text)
                self._marked.append(widget)
        if self._marked:
            self._marked[0].setFocus()
        self.label.setText("\n".join(lines))
        self.label.show()
        return True


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
