"""The small prompts of the Administration screen in one place, so tests patch them (never exec())."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLineEdit, QMessageBox

from domain.errors import FieldProblem
from domain.messages import N_
from domain.permissions import Role
from gui.admin.password_fields import password_pair
from gui.admin.user_dialog import passwords_differ
from gui.dialogs import ask
from gui.forms.form_dialog import FormDialogBase
from i18n import Translator


class PasswordDialog(FormDialogBase):
    """A password typed twice; the caller reads it (nothing is written here, nothing to guard)."""

    guards_changes = False

    def __init__(self, translator: Translator, login: str, parent=None) -> None:
        super().__init__(translator, "", parent, ok_text=N_("OK"))
        self.setObjectName("password_dialog")
        password, confirm = password_pair(self)
        self.password_edit = self.add_field("password", password, N_("Password"))
        self.confirm_edit = self.add_field("confirm", confirm, N_("Repeat the password"))
        self.retranslate_ui(translator)
        self.setWindowTitle(translator.format("New password for {login}", login=login))

    def check(self) -> list[FieldProblem]:
        return passwords_differ(self.password_edit, self.confirm_edit)

    def values(self) -> str:
        return self.password_edit.text()

    def start_write(self, values: Any) -> None:
        self.on_saved(values)


class AdminDialogs:
    def __init__(self, parent, translator: Translator) -> None:
        self.parent = parent
        self.i18n = translator

    def new_password(self, login: str) -> str | None:
        dialog = PasswordDialog(self.i18n, login, self.parent)
        return dialog.password_edit.text() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def choose_role(self, login: str, current: str) -> str | None:
        labels = [self.i18n._(Role.LABELS[r]) for r in Role.ALL]
        dialog = QInputDialog(self.parent)
        dialog.setWindowTitle(self.i18n.format("Role of {login}", login=login))
        dialog.setLabelText(self.i18n._("Role"))
        dialog.setComboBoxItems(labels)
        dialog.setTextValue(labels[Role.ALL.index(current)])
        dialog.setOkButtonText(self.i18n._("OK"))
        dialog.setCancelButtonText(self.i18n._("Cancel"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return Role.ALL[labels.index(dialog.textValue())]

    def new_passphrase(self) -> str | None:
        """The backup passphrase, typed twice."""
        dialog = PasswordDialog(self.i18n, "", self.parent)
        dialog.setObjectName("passphrase_dialog")
        dialog.setWindowTitle(self.i18n._("Backup passphrase"))
        return dialog.password_edit.text() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def backup_passphrase(self, name: str) -> str | None:
        """The passphrase of an encrypted backup being restored."""
        dialog = QInputDialog(self.parent)
        dialog.setWindowTitle(self.i18n._("Backup passphrase"))
        dialog.setLabelText(self.i18n.format("The backup {name} is encrypted. Its passphrase:", name=name))
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.setOkButtonText(self.i18n._("OK"))
        dialog.setCancelButtonText(self.i18n._("Cancel"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.textValue() or None

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
