"""A question whose answers the caller reads: a form on the base that writes nothing itself.

Host mode's address and sign-in, a new password, a backup passphrase and the role of a user are
asked with it, so a prompt looks and refuses like every other form (labels, required marks,
the refusal under its field) while the caller does the work with what was typed.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QLineEdit, QWidget

from domain.messages import N_
from gui.forms.form_dialog import FormDialogBase
from i18n import Translator


def password_edit(parent: QWidget) -> QLineEdit:
    """A field whose text is hidden as it is typed."""
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class PromptDialog(FormDialogBase):
    """Fields added with ``add_field``; ``ask()`` gives their values by key, or None when cancelled."""

    guards_changes = False  # nothing typed into a prompt is worth a "save the changes?" question

    def __init__(self, translator: Translator, title: str, parent: QWidget | None = None, *,
                 ok_text: str = N_("OK"), hint: str = "", object_name: str = "prompt_dialog") -> None:
        super().__init__(translator, title, parent, ok_text=ok_text, hint=hint)
        self.setObjectName(object_name)
        self.setMinimumWidth(420)

    def set_hint_text(self, text: str) -> None:
        """A hint that is already worded (it names a host or a file), shown above the fields."""
        self._hint = ""
        self.hint_label.setText(text)
        self.hint_label.setVisible(bool(text))

    def values(self) -> dict[str, Any]:
        return self.field_values()

    def start_write(self, values: Any) -> None:
        self.on_saved(values)

    def ask(self) -> dict[str, Any] | None:
        self.retranslate_ui(self.i18n)
        return self.result_value if self.exec() == QDialog.DialogCode.Accepted else None


def ask_secret(parent: QWidget | None, translator: Translator, title: str, text: str,
               object_name: str, label: str = N_("Passphrase")) -> str | None:
    """A passphrase or password typed once (``title`` and ``label`` msgids, ``text`` worded), or None."""
    dialog = PromptDialog(translator, title, parent, object_name=object_name)
    dialog.set_hint_text(text)
    dialog.add_field("secret", password_edit(dialog), label, required=True)
    answer = dialog.ask()
    return answer["secret"] if answer else None
