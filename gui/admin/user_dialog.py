"""A new user (or the first administrator): login, name, role, password twice."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from domain.errors import DomainError, ValidationError
from domain.permissions import Role
from gui.admin.password_fields import password_pair
from gui.forms.inline_errors import error_line
from i18n import Translator


class UserDialog(QDialog):
    """Creates the user through the services itself, so errors stay in the dialog."""

    def __init__(self, services, translator: Translator, first_administrator: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("user_dialog")
        self.services = services
        self.first_administrator = first_administrator
        self.created = None
        self.intro_label = QLabel(self)
        self.intro_label.setObjectName("intro_label")
        self.intro_label.setWordWrap(True)
        self.login_edit = QLineEdit(self)
        self.login_edit.setObjectName("login_edit")
        self.display_name_edit = QLineEdit(self)
        self.display_name_edit.setObjectName("display_name_edit")
        self.role_edit = QComboBox(self)
        self.role_edit.setObjectName("role_edit")
        self.password_edit, self.confirm_edit = password_pair(self)
        self.error_label = error_line(self, "error_label")
        self.captions = [QLabel(self) for _ in range(5)]
        form = QFormLayout()
        for caption, field in zip(self.captions, (self.login_edit, self.display_name_edit, self.role_edit,
                                                  self.password_edit, self.confirm_edit)):
            form.addRow(caption, field)
        self.role_edit.setEnabled(not first_administrator)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.retranslate_ui(translator)

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator.gettext
        current = self.role_edit.currentData()
        self.role_edit.clear()
        for role in Role.ALL:
            self.role_edit.addItem(_(Role.LABELS[role]), role)
        self.role_edit.setCurrentIndex(max(0, self.role_edit.findData(
            Role.ADMINISTRATOR if self.first_administrator else (current or Role.CASE_WORKER))))
        if self.first_administrator:
            self.setWindowTitle(_("First start — Qandas"))
            self.intro_label.setText(_("Nobody can sign in yet. Create the administrator's account; the "
                                       "administrator then adds the other users."))
        else:
            self.setWindowTitle(_("New user"))
            self.intro_label.setText(_("The person signs in with this login and password."))
        for caption, text in zip(self.captions, (_("Login"), _("Full name"), _("Role"), _("Password"),
                                                 _("Repeat the password"))):
            caption.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def _on_buttons_accepted(self) -> None:
        if self.password_edit.text() != self.confirm_edit.text():
            self.error_label.setText(self.i18n._("The two passwords differ."))
            self.confirm_edit.setFocus()
            return
        try:
            if self.first_administrator:
                self.created = self.services.users.create_first_administrator(
                    self.login_edit.text(), self.password_edit.text(), self.display_name_edit.text())
            else:
                self.created = self.services.users.create(self.login_edit.text(), self.role_edit.currentData(),
                                                          self.password_edit.text(), self.display_name_edit.text())
        except DomainError as error:
            problems = error.problems if isinstance(error, ValidationError) else [error]
            self.error_label.setText("\n".join(self.i18n.error(p) for p in problems))
            return
        self.accept()

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
