"""Administration: encrypting the database file at rest (SQLCipher) and back, administrators only.

The conversion runs as a write job with the progress dialog (off the GUI thread): it closes the
session's connections, converts, checks and swaps the file (``services.register_encryption``).
The session's engine was opened on the file as it was, so Qandas then closes; the next start
asks for the passphrase (``unlock_at_start``)."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton

from domain.errors import DomainError
from domain.messages import N_
from domain.permissions import Action
from gui.admin.admin_dialogs import PasswordDialog
from gui.admin.translated_progress import TranslatedProgress
from gui.forms.prompt_dialog import ask_secret
from i18n import Translator


def ask_passphrase(parent, tr: Translator, text: str) -> str | None:
    return ask_secret(parent, tr, N_("Database passphrase"), text, "database_passphrase_dialog")


def unlock_at_start(url: str, tr: Translator, ask=None, tell=None) -> bool:
    """Before the session opens an encrypted register: its passphrase, asked until it fits or the
    user gives up (False: nothing was opened, nothing changed). A plain file: True at once."""
    from services import register_encryption
    if not register_encryption.is_encrypted(url) or register_encryption.current_passphrase():
        return True
    ask = ask or (lambda text: ask_passphrase(None, tr, text))
    tell = tell or (lambda text: QMessageBox.warning(None, "Qandas", text))
    while True:
        passphrase = ask(tr._("The database file is encrypted. Its passphrase:"))
        if passphrase is None:
            return False
        try:
            register_encryption.unlock(url, passphrase)
            return True
        except DomainError as error:
            tell(tr.error(error))


class RegisterEncryptionPanel:
    """The button in Administration's backup row; tests replace ``ask_new``/``ask_old``/``inform``/``quit``."""

    def __init__(self, view) -> None:
        self.view = view
        self.services = view.services
        self.button = QPushButton(view)
        self.button.setObjectName("encrypt_database_button")
        self.button.clicked.connect(self.convert)
        self.button.setVisible(self.services.actor.can(Action.RESTORE))
        self.encrypted: bool | None = None
        self.last_result = None

    def retranslate_ui(self, tr: Translator) -> None:
        self.button.setText(tr._("Decrypt the database file…") if self.encrypted
                            else tr._("Encrypt the database file…"))
        self.button.setToolTip(tr._("Encrypt the database file at rest with a passphrase (SQLCipher): a stolen "
                                    "disk or copied file cannot be read without it."))

    def refresh(self) -> None:
        state = self.services.register_encryption.state
        self.view.jobs.run(lambda _p: state(), on_success=self._shown)

    def _shown(self, state) -> None:
        local, self.encrypted, available = state
        self.button.setEnabled(local and available)
        self.retranslate_ui(self.view.i18n)

    def ask_new(self) -> str | None:
        dialog = PasswordDialog(self.view.i18n, "", self.view)
        dialog.setObjectName("database_passphrase_dialog")
        dialog.setWindowTitle(self.view.i18n._("Database passphrase"))
        return dialog.password_edit.text() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_old(self) -> str | None:
        return ask_passphrase(self.view, self.view.i18n, self.view.i18n._("The passphrase of the database:"))

    def inform(self, text: str) -> None:
        QMessageBox.information(self.view, "Qandas", text)

    def quit(self) -> None:
        QApplication.quit()

    def convert(self) -> None:
        tr = self.view.i18n
        decrypting = bool(self.encrypted)
        passphrase = self.ask_old() if decrypting else self.ask_new()
        if passphrase is None:
            return
        service = self.services.register_encryption
        run = service.decrypt if decrypting else service.encrypt
        self.view.jobs.run(lambda progress: run(passphrase, TranslatedProgress(progress, tr)),
                           on_success=self._done, write=True, initiator=self.view,
                           label=tr._("Converting the database…"), parent_widget=self.view)

    def _done(self, result) -> None:
        tr = self.view.i18n
        self.last_result = result
        text = tr._("The database file is encrypted.") if result.encrypted \
            else tr._("The database file is no longer encrypted.")
        self.inform(text + " " + tr.format(
            "{rows} rows in {tables} tables checked, audit log verified. The copy of the database as it was is "
            "kept as {path}. Qandas closes now: start it again.", rows=result.rows, tables=result.tables,
            path=result.kept_copy))
        self.quit()
