"""A new user (or the first administrator): login, name, role, password twice — on the form base."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit

from domain.errors import DomainError, FieldProblem
from domain.messages import N_
from domain.permissions import Role
from gui.admin.password_fields import password_pair
from gui.forms.form_dialog import FormDialogBase
from i18n import Translator

PASSWORDS_DIFFER = N_("The two passwords differ.")


def passwords_differ(password: QLineEdit, confirm: QLineEdit) -> list[FieldProblem]:
    """The repetition must match: shown under the repeated password."""
    return [] if password.text() == confirm.text() else [FieldProblem("confirm", PASSWORDS_DIFFER)]


class UserDialog(FormDialogBase):
    """Creates the user through the services itself (before sign-in there is no job runner yet),
    so errors stay in the dialog under their fields."""

    def __init__(self, services, translator: Translator, first_administrator: bool = False, parent=None) -> None:
        title = N_("First start — Qandas") if first_administrator else N_("New user")
        hint = (N_("Nobody can sign in yet. Create the administrator's account; the administrator then adds "
                   "the other users.") if first_administrator
                else N_("The person signs in with this login and password."))
        super().__init__(translator, title, parent, ok_text=N_("Create"), hint=hint)
        self.setObjectName("user_dialog")
        self.hint_label.setObjectName("intro_label")
        self.services = services
        self.first_administrator = first_administrator
        self.created = None
        password, confirm = password_pair(self)
        self.login_edit = self.add_field("login", QLineEdit(self))
        self.display_name_edit = self.add_field("display_name", QLineEdit(self))
        self.role_edit = self.add_field("role", QComboBox(self))
        self.password_edit = self.add_field("password", password, N_("Password"))
        self.confirm_edit = self.add_field("confirm", confirm, N_("Repeat the password"))
        self.role_edit.setEnabled(not first_administrator)
        self.setMinimumWidth(460)
        self.retranslate_ui(translator)

    def retranslate_ui(self, translator: Translator) -> None:
        super().retranslate_ui(translator)
        if not hasattr(self, "role_edit"):
            return
        current = self.role_edit.currentData()
        self.role_edit.clear()
        for role in Role.ALL:
            self.role_edit.addItem(translator.gettext(Role.LABELS[role]), role)
        self.role_edit.setCurrentIndex(max(0, self.role_edit.findData(
            Role.ADMINISTRATOR if self.first_administrator else (current or Role.CASE_WORKER))))

    def check(self) -> list[FieldProblem]:
        return passwords_differ(self.password_edit, self.confirm_edit)

    def values(self) -> dict[str, Any]:
        return self.field_values()

    def start_write(self, values: Any) -> None:
        users = self.services.users
        try:
            if self.first_administrator:
                created = users.create_first_administrator(values["login"], values["password"],
                                                           values["display_name"])
            else:
                created = users.create(values["login"], values["role"], values["password"], values["display_name"])
        except DomainError as error:
            self.on_failed(error)
            return
        self.created = created
        self.on_saved(created)

    _on_buttons_accepted = FormDialogBase.submit  # the name the sign-in tests drive

    @classmethod
    def ask(cls, services, translator: Translator, first_administrator: bool = False, parent=None,
            on_language=None):
        """The created UserRow, or None when cancelled. With ``on_language`` (the first start) the
        dialog offers the language at its top and reports a choice there."""
        dialog = cls(services, translator, first_administrator, parent)
        if on_language is not None:
            from gui.session.language import add_language_choice
            add_language_choice(dialog, translator, on_language)
        return dialog.created if dialog.exec() == QDialog.DialogCode.Accepted else None
