"""Change own password: the current one, the new one twice. Rules in ``services.users``."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from domain.errors import DomainError
from gui.admin.password_fields import password_pair
from gui.forms.inline_errors import error_line
from i18n import Translator


class ChangePasswordDialog(QDialog):
    def __init__(self, services, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("change_password_dialog")
        self.services = services
        self.changed = False
        self.old_password_edit = QLineEdit(self)
        self.old_password_edit.setObjectName("old_password_edit")
        self.old_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit, self.confirm_edit = password_pair(self)
        self.error_label = error_line(self, "error_label")
        self.captions = [QLabel(self) for _ in range(3)]
        form = QFormLayout()
        for caption, field in zip(self.captions, (self.old_password_edit, self.password_edit, self.confirm_edit)):
            form.addRow(caption, field)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.retranslate_ui(translator)

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator.gettext
        self.setWindowTitle(_("Change my password"))
        for caption, text in zip(self.captions, (_("Current password"), _("New password"),
                                                 _("Repeat the new password"))):
            caption.setText(text)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Change password"))
        ok.setToolTip(_("Save the new password; the next sign-in needs it"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setToolTip(_("Keep the current password"))

    def _on_buttons_accepted(self) -> None:
        if self.password_edit.text() != self.confirm_edit.text():
            self.error_label.setText(self.i18n._("The two passwords differ."))
            self.confirm_edit.setFocus()
            return
        try:
            self.services.users.change_own_password(self.old_password_edit.text(), self.password_edit.text())
        except DomainError as error:
            self.error_label.setText(self.i18n.error(error))
            field = getattr(error, "field", "")
            (self.old_password_edit if field == "old_password" else self.password_edit).setFocus()
            return
        self.changed = True
        self.accept()
