"""The prompts of host mode in one place (tests patch these methods, never exec())."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QMessageBox, QSpinBox

from domain.messages import N_
from gui.forms.prompt_dialog import PromptDialog, password_edit
from i18n import Translator
from services.hosting.client import DEFAULT_PORT


class HostDialogs:
    def __init__(self, parent, translator: Translator) -> None:
        self.parent = parent
        self.i18n = translator

    def share_password(self) -> str | None:
        """The administrator's own password: it becomes their database password too."""
        dialog = PromptDialog(self.i18n, N_("Share this register on the office network"), self.parent,
                              object_name="share_register_dialog",
                              hint=N_("Qandas moves the register into a database server on this PC and starts it "
                                      "now and at every sign-in. Other PCs connect to it with their own logins. "
                                      "Enter your password to confirm."))
        dialog.add_field("password", password_edit(dialog), N_("Password"), required=True)
        answer = dialog.ask()
        return answer["password"] if answer else None

    def host_address(self) -> tuple[str, int] | None:
        dialog = PromptDialog(self.i18n, N_("Connect to the centre's register"), self.parent,
                              object_name="connect_register_dialog")
        dialog.add_field("host", QLineEdit(dialog), N_("Host PC's name or address"), required=True)
        port = dialog.add_field("port", QSpinBox(dialog), N_("Port"))
        port.setRange(1, 65535)
        port.setValue(DEFAULT_PORT)
        answer = dialog.ask()
        return (answer["host"].strip(), answer["port"]) if answer else None

    def confirm_and_sign_in(self, address: str, fingerprint: str) -> tuple[str, str] | None:
        dialog = PromptDialog(self.i18n, N_("Connect to the centre's register"), self.parent,
                              object_name="pin_certificate_dialog")
        dialog.set_hint_text(self.i18n.format(
            "The host {host} shows this certificate fingerprint:\n{fingerprint}\n"
            "Compare it with the one shown on the host PC (Administration). Connect "
            "only if they are the same.", host=address, fingerprint=fingerprint))
        dialog.add_field("login", QLineEdit(dialog), N_("Login"), required=True)
        dialog.add_field("password", password_edit(dialog), N_("Password"))
        answer = dialog.ask()
        return (answer["login"].strip(), answer["password"]) if answer else None

    def inform(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Qandas", text, parent=self.parent)
        box.addButton(self.i18n._("OK"), QMessageBox.ButtonRole.AcceptRole)
        box.exec()
