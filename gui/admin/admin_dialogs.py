"""The small prompts of the Administration screen in one place, so tests patch them (never exec())."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QMessageBox

from domain.errors import FieldProblem
from domain.messages import N_
from domain.permissions import Role
from gui.admin.password_fields import password_pair
from gui.admin.user_dialog import passwords_differ
from gui.dialogs import ask
from gui.forms.form_widgets import select_data
from gui.forms.prompt_dialog import PromptDialog, ask_secret
from i18n import Translator


class PasswordDialog(PromptDialog):
    """A password typed twice; the caller reads it (nothing is written here, nothing to guard)."""

    def __init__(self, translator: Translator, login: str, parent=None) -> None:
        super().__init__(translator, "", parent, object_name="password_dialog")
        password, confirm = password_pair(self)
        self.password_edit = self.add_field("password", password, N_("Password"))
        self.confirm_edit = self.add_field("confirm", confirm, N_("Repeat the password"))
        self.retranslate_ui(translator)
        self.setWindowTitle(translator.format("New password for {login}", login=login))

    def check(self) -> list[FieldProblem]:
        return passwords_differ(self.password_edit, self.confirm_edit)

    def values(self) -> str:  # type: ignore[override] - the caller wants the password, not both fields
        return self.password_edit.text()


class AdminDialogs:
    def __init__(self, parent, translator: Translator) -> None:
        self.parent = parent
        self.i18n = translator

    def new_password(self, login: str) -> str | None:
        dialog = PasswordDialog(self.i18n, login, self.parent)
        return dialog.password_edit.text() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def choose_role(self, login: str, current: str) -> str | None:
        dialog = PromptDialog(self.i18n, "", self.parent, object_name="role_dialog")
        roles = dialog.add_field("role", QComboBox(dialog))
        for role in Role.ALL:
            roles.addItem(self.i18n._(Role.LABELS[role]), role)
        select_data(roles, current)
        dialog.retranslate_ui(self.i18n)
        dialog.setWindowTitle(self.i18n.format("Role of {login}", login=login))
        answer = dialog.exec() == QDialog.DialogCode.Accepted
        return roles.currentData() if answer else None

    def new_passphrase(self) -> str | None:
        """The backup passphrase, typed twice."""
        dialog = PasswordDialog(self.i18n, "", self.parent)
        dialog.setObjectName("passphrase_dialog")
        dialog.setWindowTitle(self.i18n._("Backup passphrase"))
        return dialog.password_edit.text() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def backup_passphrase(self, name: str) -> str | None:
        """The passphrase of an encrypted backup being restored."""
        return ask_secret(self.parent, self.i18n, N_("Backup passphrase"),
                          self.i18n.format("The backup {name} is encrypted. Its passphrase:", name=name),
                          "restore_passphrase_dialog")

    def backup_path(self, suggested: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(self.parent, self.i18n._("Save the backup as"), suggested,
                                                    self.i18n._("Qandas backups (*.qbak)"))
        return path or None

    def restore_path(self, folder: str) -> str | None:
        path, _filter = QFileDialog.getOpenFileName(self.parent, self.i18n._("Restore from a backup"), folder,
                                                    self.i18n._("Qandas backups (*.qbak)"))
        return path or None

    def confirm(self, text: str) -> bool:
        return ask(self.parent, self.i18n, text)

    def inform(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Qandas", text, parent=self.parent)
        box.addButton(self.i18n._("OK"), QMessageBox.ButtonRole.AcceptRole)
        box.exec()
