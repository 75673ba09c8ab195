"""The administrator's editor of letter templates: one text per kind of letter and language.

The rules (known placeholders, closed braces, a title and a text) live in domain.letters and are
checked by services.letters when saving; a refusal is shown under the field it names and nothing
is saved. The placeholders the text may use are listed beside it. On the form base: the save is a
write job, a template changed by someone else meanwhile shows the conflict banner (Reload reads
the templates again), and the dialog stays open after a save to edit the next template.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout

from domain import letters
from domain.messages import N_
from gui.errors import show_error
from gui.forms.form_dialog import FormDialogBase
from i18n import Translator
from i18n.translator import LANGUAGE_NAMES


class LetterTemplatesDialog(FormDialogBase):
    label_suffix = ":"

    def __init__(self, services, jobs, translator: Translator, parent=None) -> None:
        super().__init__(translator, N_("Letter templates"), parent, ok_text=N_("Save template"))
        self.setObjectName("letter_templates_dialog")
        self.services, self.jobs = services, jobs
        self._templates: dict[tuple[str, str], Any] = {}
        self.kind_combo = self.add_field("kind", QComboBox(self), N_("Letter"))
        self.language_combo = self.add_field("language", QComboBox(self), N_("Language"))
        for language in letters.LANGUAGES:
            self.language_combo.addItem(LANGUAGE_NAMES[language], language)
        self.title_edit = self.add_field("title", QLineEdit(self), N_("Title"), required=True)
        self.title_edit.setMaxLength(letters.MAX_TITLE)
        self.body_edit = self.add_field("body", QPlainTextEdit(self), N_("Text"), required=True)
        self.placeholders = QLabel(self)
        self.placeholders.setObjectName("letter_placeholders")
        self.placeholders.setWordWrap(True)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("letter_state")
        self.save_button = self.ok_button
        # the fields beside the list of placeholders; the saved state beside the buttons
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeItem(self.form)
        body = QHBoxLayout()
        body.addLayout(self.form, 3)
        body.addWidget(self.placeholders, 2)
        layout.insertLayout(layout.indexOf(self.error_label), body, 1)
        layout.removeWidget(self.buttons)
        row = QHBoxLayout()
        row.addWidget(self.state_label, 1)
        row.addWidget(self.buttons)
        layout.addLayout(row)
        self.banner.reload_requested.disconnect()
        self.banner.reload_requested.connect(self.refresh)
        self.kind_combo.currentIndexChanged.connect(lambda *_: self._show())
        self.language_combo.currentIndexChanged.connect(lambda *_: self._show())
        self.resize(980, 560)
        self.retranslate_ui(translator)
        self.refresh()

    def retranslate_ui(self, translator: Translator) -> None:
        super().retranslate_ui(translator)
        _ = translator.gettext
        self.buttons.button(self.buttons.StandardButton.Cancel).setText(_("Close"))
        if not hasattr(self, "placeholders"):
            return
        current = self.kind_combo.currentData()
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        for kind in letters.KINDS:
            self.kind_combo.addItem(_(letters.KIND_LABELS[kind]), kind)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(current)))
        self.kind_combo.blockSignals(False)
        self.placeholders.setText(_("The text may use:") + "\n" + "\n".join(
            "{" + name + "} — " + _(meaning) for name, meaning in letters.PLACEHOLDERS.items()))

    def refresh(self) -> None:
        letters_service = self.services.letters
        self.jobs.run(lambda _p: letters_service.templates(), on_success=self._templates_loaded)

    def _templates_loaded(self, templates) -> None:
        self._templates = {(t.kind, t.language): t for t in templates}
        self.banner.hide()
        self._show()

    def current(self):
        return self._templates[(self.kind_combo.currentData(), self.language_combo.currentData())]

    def _show(self) -> None:
        if not self._templates:
            return
        template = self.current()
        self.title_edit.setText(template.title)
        self.body_edit.setPlainText(template.body)
        self.errors.clear()
        self.close_guard.mark_clean()  # the text shown is what is saved: nothing to ask about
        self.state_label.setText(
            self.i18n.format("The centre's own text, last saved by {user}.", user=template.updated_by)
            if template.customised else self.i18n._("The text shipped with the program."))

    def values(self) -> tuple[Any, str, str] | None:
        if not self._templates:  # not read yet: nothing to save over
            return None
        return self.current(), self.title_edit.text(), self.body_edit.toPlainText()

    def save(self) -> None:
        self.submit()

    def start_write(self, values: Any) -> None:
        if values is None:
            self.set_saving(False)
            return
        template, title, body = values
        kind, language, version = template.kind, template.language, template.version
        letters_service = self.services.letters
        self.jobs.run(lambda _p: letters_service.save_template(kind, language, title, body, version),
                      write=True, on_success=self._on_saved, on_failure=self._on_failed, parent_widget=self,
                      initiator=self)

    def _on_saved(self, _changes) -> None:
        """Saved: the dialog stays open for the next template (no ``accept``)."""
        self.set_saving(False)
        self.errors.clear()
        self.refresh()
        self.state_label.setText(self.i18n._("Saved."))

    def _on_failed(self, error: Exception) -> None:
        if not self.on_failed(error):
            show_error(self, error, self.i18n)
