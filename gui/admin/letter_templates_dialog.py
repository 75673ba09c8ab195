"""The administrator's editor of letter templates: one text per kind of letter and language.

The rules (known placeholders, closed braces, a title and a text) live in domain.letters and are
checked by services.letters when saving; a refusal is shown under the field it names and nothing
is saved. The placeholders the text may use are listed beside it.
"""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QVBoxLayout)

from domain import letters
from domain.errors import DomainError, ValidationError
from gui.forms.inline_errors import error_line, mark_invalid
from i18n import Translator
from i18n.translator import LANGUAGE_NAMES


class LetterTemplatesDialog(QDialog):
    def __init__(self, services, jobs, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("letter_templates_dialog")
        self.services, self.jobs, self.i18n = services, jobs, translator
        self._templates: dict[tuple[str, str], object] = {}
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("letter_kind_combo")
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("letter_language_combo")
        for language in letters.LANGUAGES:
            self.language_combo.addItem(LANGUAGE_NAMES[language], language)
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("letter_title_edit")
        self.title_edit.setMaxLength(letters.MAX_TITLE)
        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setObjectName("letter_body_edit")
        self.placeholders = QLabel(self)
        self.placeholders.setObjectName("letter_placeholders")
        self.placeholders.setWordWrap(True)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("letter_state")
        self.error_label = error_line(self, "letter_error")
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("letter_save_button")
        self.save_button.clicked.connect(self.save)
        self.captions = [QLabel(self) for _ in range(4)]
        form = QFormLayout()
        for caption, field in zip(self.captions, (self.kind_combo, self.language_combo, self.title_edit,
                                                  self.body_edit)):
            caption.setBuddy(field)
            form.addRow(caption, field)
        body = QHBoxLayout()
        body.addLayout(form, 3)
        body.addWidget(self.placeholders, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.state_label, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.kind_combo.currentIndexChanged.connect(lambda *_: self._show())
        self.language_combo.currentIndexChanged.connect(lambda *_: self._show())
        self.resize(980, 560)
        self.retranslate_ui(translator)
        self.refresh()

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator.gettext
        self.setWindowTitle(_("Letter templates"))
        current = self.kind_combo.currentData()
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        for kind in letters.KINDS:
            self.kind_combo.addItem(_(letters.KIND_LABELS[kind]), kind)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(current)))
        self.kind_combo.blockSignals(False)
        for caption, text in zip(self.captions, (_("Letter"), _("Language"), _("Title"), _("Text"))):
            caption.setText(text + ":")
        self.save_button.setText(_("Save template"))
        self.placeholders.setText(_("The text may use:") + "\n" + "\n".join(
            "{" + name + "} — " + _(meaning) for name, meaning in letters.PLACEHOLDERS.items()))

    def refresh(self) -> None:
        letters_service = self.services.letters
        self.jobs.run(lambda _p: letters_service.templates(), on_success=self._templates_loaded)

    def _templates_loaded(self, templates) -> None:
        self._templates = {(t.kind, t.language): t for t in templates}
        self._show()

    def current(self):
        return self._templates[(self.kind_combo.currentData(), self.language_combo.currentData())]

    def _show(self) -> None:
        if not self._templates:
            return
        template = self.current()
        self.title_edit.setText(template.title)
        self.body_edit.setPlainText(template.body)
        self.error_label.setText("")
        for edit in (self.title_edit, self.body_edit):
            mark_invalid(edit, False)
        self.state_label.setText(
            self.i18n.format("The centre's own text, last saved by {user}.", user=template.updated_by)
            if template.customised else self.i18n._("The text shipped with the program."))

    def save(self) -> None:
        template = self.current()
        kind, language, version = template.kind, template.language, template.version
        title, body = self.title_edit.text(), self.body_edit.toPlainText()
        letters_service = self.services.letters
        self.error_label.setText("")
        self.jobs.run(lambda _p: letters_service.save_template(kind, language, title, body, version),
                      write=True, on_success=self._on_saved, on_failure=self._on_failed)

    def _on_saved(self, _changes) -> None:
        self.refresh()
        self.error_label.setText("")
        self.state_label.setText(self.i18n._("Saved."))

    def _on_failed(self, error: Exception) -> None:
        if not isinstance(error, DomainError):
            self.jobs.job_failed.emit(error, "")
            return
        problems = error.problems if isinstance(error, ValidationError) else [error]
        edits = {"title": self.title_edit, "body": self.body_edit}
        for problem in problems:
            if getattr(problem, "field", None) in edits:
                mark_invalid(edits[problem.field], True)
        labels = {"title": self.i18n._("Title"), "body": self.i18n._("Text")}
        self.error_label.setText("\n".join(
            (f"«{labels[p.field]}»: " if getattr(p, "field", None) in labels else "") + self.i18n.error(p)
            for p in problems))
