"""Signing in: language, login and password, errors shown in the dialog; ``ask`` returns an Actor or None.

The database is named in words ("this computer: qandas.sqlite3"), the last login is filled in, and
the language can be chosen here, before anybody has signed in (issue 17 §4).
"""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QVBoxLayout)

from domain.errors import DomainError
from gui.session.database_words import describe_database
from gui.widgets.language_combo import language_combo
from gui.forms.inline_errors import error_line
from i18n import Translator


class LoginDialog(QDialog):
    def __init__(self, services, translator: Translator, database_label="", parent=None, *,
                 last_login: str = "", on_language=None) -> None:
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self.services = services
        self.i18n = translator
        self.actor = None
        self.place = database_label  # a DatabasePlace (named in the current language) or a ready text
        self.on_language = on_language
        self.title_label = QLabel(self)
        self.title_label.setObjectName("title_label")
        self.title_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.language_caption = QLabel(self)
        self.language_combo = language_combo(self, "language_combo", translator)
        self.language_combo.currentIndexChanged.connect(self._on_language_combo_changed)
        self.database_label = QLabel(self)
        self.database_label.setObjectName("database_label")
        self.database_label.setWordWrap(True)
        self.login_edit = QLineEdit(last_login, self)
        self.login_edit.setObjectName("login_edit")
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = error_line(self, "error_label")
        self.form = QFormLayout()
        self.login_caption, self.password_caption = QLabel(self), QLabel(self)
        self.form.addRow(self.login_caption, self.login_edit)
        self.form.addRow(self.password_caption, self.password_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.language_caption)
        top.addWidget(self.language_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.database_label)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.retranslate_ui(translator)
        # The remembered login is there: the cursor waits in the password.
        (self.password_edit if last_login else self.login_edit).setFocus()

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator.gettext
        self.setWindowTitle(_("Sign in — Qandas"))
        self.title_label.setText(_("Sign in"))
        self.language_caption.setText(_("Language:"))
        self.language_combo.setToolTip(_("The language of the window; it can be changed later in View › Language."))
        self.database_label.setText(translator.format("Database: {database}",
                                                      database=describe_database(self.place, translator)))
        self.login_caption.setText(_("Login"))
        self.password_caption.setText(_("Password"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Sign in"))
        ok.setToolTip(_("Check the login and password and open the window"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setToolTip(_("Close Qandas without signing in"))

    def _on_language_combo_changed(self, _index: int) -> None:
        translator = Translator(self.language_combo.currentData())
        if self.on_language is not None:
            self.on_language(translator)
        self.retranslate_ui(translator)
        # Qt's own LanguageChange (posted by a new QTranslator) resets the button box to "OK"/"Cancel":
        # name the buttons again once it has been delivered.
        QTimer.singleShot(0, lambda: self.retranslate_ui(self.i18n))

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
    def ask(cls, services, translator: Translator, database_label="", parent=None, **options):
        """The signed-in Actor, or None when the user cancels (the language goes to ``on_language``)."""
        dialog = cls(services, translator, database_label, parent, **options)
        return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None
