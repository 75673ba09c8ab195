"""Signing in: language, login and password, errors shown in the dialog; ``ask`` returns an Actor or None.

The database is named in words ("this computer: qandas.sqlite3"), the last login is filled in, and
the language can be chosen here, before anybody has signed in (issue 17 §4).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from domain.errors import DomainError
from domain.messages import N_
from gui.forms.form_dialog import FormDialogBase
from gui.session.database_words import describe_database
from gui.widgets.language_combo import language_combo
from i18n import Translator


class LoginDialog(FormDialogBase):
    """On the form base: the login and password rows, the refusal in the form's error line.
    The check runs here, not in a job: before sign-in there is no job runner yet."""

    guards_changes = False  # a typed password is not worth keeping

    def __init__(self, services, translator: Translator, database_label="", parent=None, *,
                 last_login: str = "", on_language=None) -> None:
        super().__init__(translator, N_("Sign in — Qandas"), parent, ok_text=N_("Sign in"))
        self.setObjectName("login_dialog")
        self.services = services
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
        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.language_caption)
        top.addWidget(self.language_combo)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, top)
        layout.insertWidget(1, self.database_label)
        self.login_edit = self.add_field("login", QLineEdit(last_login, self), N_("Login"))
        self.password_edit = self.add_field("password", QLineEdit(self), N_("Password"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.login_caption = self._labels["login"][0]
        self.password_caption = self._labels["password"][0]
        self.setMinimumWidth(460)
        self.retranslate_ui(translator)
        # The remembered login is there: the cursor waits in the password.
        (self.password_edit if last_login else self.login_edit).setFocus()

    def retranslate_ui(self, translator: Translator) -> None:
        super().retranslate_ui(translator)
        if not hasattr(self, "password_caption"):
            return
        _ = translator.gettext
        self.title_label.setText(_("Sign in"))
        self.language_caption.setText(_("Language:"))
        self.language_combo.setToolTip(_("The language of the window; it can be changed later in View › Language."))
        self.database_label.setText(translator.format("Database: {database}",
                                                      database=describe_database(self.place, translator)))
        self.ok_button.setToolTip(_("Check the login and password and open the window"))
        cancel = self.buttons.button(self.buttons.StandardButton.Cancel)
        cancel.setToolTip(_("Close Qandas without signing in"))

    def _on_language_combo_changed(self, _index: int) -> None:
        translator = Translator(self.language_combo.currentData())
        if self.on_language is not None:
            self.on_language(translator)
        self.retranslate_ui(translator)
        # Qt's own LanguageChange (posted by a new QTranslator) resets the button box to "OK"/"Cancel":
        # name the buttons again once it has been delivered.
        QTimer.singleShot(0, lambda: self.retranslate_ui(self.i18n))

    def values(self) -> dict[str, Any]:
        return self.field_values()

    def start_write(self, values: Any) -> None:
        try:
            actor = self.services.users.authenticate(values["login"], values["password"])
        except DomainError as error:
            self.on_failed(error)
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        self.actor = actor
        self.on_saved(actor)

    _on_buttons_accepted = FormDialogBase.submit  # the name the sign-in tests drive

    @classmethod
    def ask(cls, services, translator: Translator, database_label="", parent=None, **options):
        """The signed-in Actor, or None when the user cancels (the language goes to ``on_language``)."""
        dialog = cls(services, translator, database_label, parent, **options)
        return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None
