"""Signing in: login and password, errors shown in the dialog; ``ask`` returns an Actor or None."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from domain.errors import DomainError
from i18n import Translator


class LoginDialog(QDialog):
    def __init__(self, services, translator: Translator, database_label: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self.services = services
        self.i18n = translator
        self.actor = None
        self.title_label = QLabel(self)
        self.title_label.setObjectName("title_label")
        self.title_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.database_label = QLabel(database_label, self)
        self.database_label.setObjectName("database_label")
        self.database_label.setWordWrap(True)
        self.login_edit = QLineEdit(self)
        self.login_edit.setObjectName("login_edit")
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("error_label")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.form = QFormLayout()
        self.login_caption, self.password_caption = QLabel(self), QLabel(self)
        self.form.addRow(self.login_caption, self.login_edit)
        self.form.addRow(self.password_caption, self.password_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.database_label)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.retranslate_ui(translator)

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator.gettext
        self.setWindowTitle(_("Sign in — Qandas"))
        self.title_label.setText(_("Sign in"))
        self.login_caption.setText(_("Login"))
        self.password_caption.setText(_("Password"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Sign in"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def _on_buttons_accepted(self) -> None:
        try:
            self.actor = self.services.users.authenticate(self.login_edit.text(), self.password_edit.text())
        except DomainError as error:
            self.error_label.setText(self.i18n.error(error))
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        self.accept()

    @classmethod
    def ask(cls, services, translator: Translator, database_label: str = "", parent=None):
        """The signed-in Actor, or None when the user cancels."""
        dialog = cls(services, translator, database_label, parent)
        return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None
