"""What covers a window while Qandas is locked: nothing of the window shows through.

One overlay per open window; the one that can take input (the modal dialog if one is open, else
the main window) asks for the password, the others only say that Qandas is locked.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QVBoxLayout,
                               QWidget)

from gui.forms.inline_errors import error_line
from i18n import Translator


class LockOverlay(QWidget):
    unlock_requested = Signal(str)
    sign_out_requested = Signal()

    def __init__(self, window: QWidget, interactive: bool, translator: Translator, user_name: str) -> None:
        super().__init__(window)
        self.setObjectName("lock_overlay")
        self.interactive = interactive
        self.user_name = user_name
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lock_overlay { background: #2b3a4a; } "
                           "#lock_panel { background: palette(window); border-radius: 8px; }")
        self.panel = QFrame(self)
        self.panel.setObjectName("lock_panel")
        self.panel.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
        self.title_label = QLabel(self.panel)
        self.title_label.setObjectName("lock_title_label")
        self.title_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.text_label = QLabel(self.panel)
        self.text_label.setObjectName("lock_text_label")
        self.text_label.setWordWrap(True)
        self.text_label.setMinimumWidth(min(380, max(200, window.width() - 80)))
        panel_layout = QVBoxLayout(self.panel)
        panel_layout.setContentsMargins(24, 20, 24, 20)
        panel_layout.addWidget(self.title_label)
        panel_layout.addWidget(self.text_label)
        self.password_edit = self.error_label = self.unlock_button = self.sign_out_button = None
        if interactive:
            self.password_edit = QLineEdit(self.panel)
            self.password_edit.setObjectName("lock_password_edit")
            self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
            self.password_edit.returnPressed.connect(self._on_unlock_button_clicked)
            self.error_label = error_line(self.panel, "lock_error_label")
            self.unlock_button = QPushButton(self.panel)
            self.unlock_button.setObjectName("unlock_button")
            self.unlock_button.setDefault(True)
            self.unlock_button.clicked.connect(self._on_unlock_button_clicked)
            self.sign_out_button = QPushButton(self.panel)
            self.sign_out_button.setObjectName("lock_sign_out_button")
            self.sign_out_button.clicked.connect(self.sign_out_requested)
            buttons = QHBoxLayout()
            buttons.addWidget(self.sign_out_button)
            buttons.addStretch(1)
            buttons.addWidget(self.unlock_button)
            panel_layout.addWidget(self.password_edit)
            panel_layout.addWidget(self.error_label)
            panel_layout.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.panel)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.retranslate_ui(translator)
        window.installEventFilter(self)  # follow the window's size
        self.setGeometry(window.rect())
        self.show()
        self.raise_()
        if self.password_edit is not None:
            self.password_edit.setFocus()

    def retranslate_ui(self, translator: Translator) -> None:
        _ = translator.gettext
        self.title_label.setText(_("Qandas is locked"))
        if not self.interactive:
            self.text_label.setText(_("Unlock it in the window that asks for the password."))
            return
        self.text_label.setText(translator.format(
            "Nobody used Qandas for a while, so personal data are hidden. Enter the password of {user} "
            "to continue: open forms are kept as they were.", user=self.user_name))
        self.unlock_button.setText(_("Unlock"))
        self.unlock_button.setToolTip(_("Check the password and show the window again"))
        self.sign_out_button.setText(_("Sign out"))
        self.sign_out_button.setToolTip(_("Close the window (unsaved forms are lost) so another person can sign in"))

    def show_error(self, text: str) -> None:
        if self.error_label is not None:
            self.error_label.setText(text)
            self.password_edit.clear()
            self.password_edit.setFocus()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        # Keys stop here: Esc or Enter passed on to a covered dialog would close it (losing its form).
        event.accept()

    def _on_unlock_button_clicked(self) -> None:
        self.unlock_requested.emit(self.password_edit.text())
