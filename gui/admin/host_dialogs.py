"""The prompts of host mode in one place (tests patch these methods, never exec())."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox, QSpinBox, \
    QVBoxLayout

from i18n import Translator
from services.hosting.client import DEFAULT_PORT


def _buttons(dialog: QDialog, translator: Translator) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(translator._("OK"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(translator._("Cancel"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class HostDialogs:
    def __init__(self, parent, translator: Translator) -> None:
        self.parent = parent
        self.i18n = translator

    def share_password(self) -> str | None:
        """The administrator's own password: it becomes their database password too."""
        dialog = QDialog(self.parent)
        dialog.setObjectName("share_register_dialog")
        dialog.setWindowTitle(self.i18n._("Share this register on the office network"))
        text = QLabel(self.i18n._("Qandas moves the register into a database server on this PC and starts it "
                                  "now and at every sign-in. Other PCs connect to it with their own logins. "
                                  "Enter your password to confirm."), dialog)
        text.setWordWrap(True)
        password = QLineEdit(dialog)
        password.setObjectName("password_edit")
        password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.i18n._("Password"), password)
        layout = QVBoxLayout(dialog)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(_buttons(dialog, self.i18n))
        if dialog.exec() != QDialog.DialogCode.Accepted or not password.text():
            return None
        return password.text()

    def host_address(self) -> tuple[str, int] | None:
        dialog = QDialog(self.parent)
        dialog.setObjectName("connect_register_dialog")
        dialog.setWindowTitle(self.i18n._("Connect to the centre's register"))
        address = QLineEdit(dialog)
        address.setObjectName("host_edit")
        port = QSpinBox(dialog)
        port.setObjectName("port_edit")
        port.setRange(1, 65535)
        port.setValue(DEFAULT_PORT)
        form = QFormLayout()
        form.addRow(self.i18n._("Host PC's name or address"), address)
        form.addRow(self.i18n._("Port"), port)
        layout = QVBoxLayout(dialog)
        layout.addLayout(form)
        layout.addWidget(_buttons(dialog, self.i18n))
        if dialog.exec() != QDialog.DialogCode.Accepted or not address.text().strip():
            return None
        return address.text().strip(), port.value()

    def confirm_and_sign_in(self, address: str, fingerprint: str) -> tuple[str, str] | None:
        dialog = QDialog(self.parent)
        dialog.setObjectName("pin_certificate_dialog")
        dialog.setWindowTitle(self.i18n._("Connect to the centre's register"))
        text = QLabel(self.i18n.format("The host {host} shows this certificate fingerprint:\n{fingerprint}\n"
                                       "Compare it with the one shown on the host PC (Administration). Connect "
                                       "only if they are the same.", host=address, fingerprint=fingerprint), dialog)
        text.setWordWrap(True)
        login = QLineEdit(dialog)
        login.setObjectName("login_edit")
        password = QLineEdit(dialog)
        password.setObjectName("password_edit")
        password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.i18n._("Login"), login)
        form.addRow(self.i18n._("Password"), password)
        layout = QVBoxLayout(dialog)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(_buttons(dialog, self.i18n))
        if dialog.exec() != QDialog.DialogCode.Accepted or not login.text().strip():
            return None
        return login.text().strip(), password.text()

    def inform(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Qandas", text, parent=self.parent)
        box.addButton(self.i18n._("OK"), QMessageBox.ButtonRole.AcceptRole)
        box.exec()
