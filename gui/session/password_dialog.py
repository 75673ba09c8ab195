"""Change own password: the current one, the new one twice — on the form base. Rules in ``services.users``."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit

from domain.errors import DomainError, FieldProblem
from domain.messages import N_
from gui.admin.password_fields import password_pair
from gui.admin.user_dialog import passwords_differ
from gui.forms.form_dialog import FormDialogBase
from i18n import Translator


class ChangePasswordDialog(FormDialogBase):
    guards_changes = False  # typed passwords are not worth keeping

    def __init__(self, services, translator: Translator, parent=None) -> None:
        super().__init__(translator, N_("Change my password"), parent, ok_text=N_("Change password"))
        self.setObjectName("change_password_dialog")
        self.services = services
        self.changed = False
        old = QLineEdit(self)
        old.setEchoMode(QLineEdit.EchoMode.Password)
        password, confirm = password_pair(self)
        self.old_password_edit = self.add_field("old_password", old, N_("Current password"))
        self.password_edit = self.add_field("password", password, N_("New password"))
        self.confirm_edit = self.add_field("confirm", confirm, N_("Repeat the new password"))
        self.setMinimumWidth(440)
        self.retranslate_ui(translator)

    def retranslate_ui(self, translator: Translator) -> None:
        super().retranslate_ui(translator)
        _ = translator.gettext
        self.ok_button.setToolTip(_("Save the new password; the next sign-in needs it"))
        self.buttons.button(self.buttons.StandardButton.Cancel).setToolTip(_("Keep the current password"))

    def check(self) -> list[FieldProblem]:
        return passwords_differ(self.password_edit, self.confirm_edit)

    def values(self) -> dict[str, Any]:
        return self.field_values()

    def start_write(self, values: Any) -> None:
        """Before the idle lock or a sign-out the check is quick and local to this user: done here."""
        try:
            self.services.users.change_own_password(values["old_password"], values["password"])
        except DomainError as error:
            self.on_failed(error)
            return
        self.changed = True
        self.on_saved(None)

    _on_buttons_accepted = FormDialogBase.submit  # the name the session tests drive
