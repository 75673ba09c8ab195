"""Administration → "Shared register": share this PC's register, or connect to the centre's.

Both are jobs off the GUI thread (moving a register takes a while; a host may not answer). The
prompts live in gui/admin/host_dialogs.py so tests patch them.
"""
from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from gui.admin.host_dialogs import HostDialogs
from i18n import Translator


class HostPanel(QGroupBox):
    def __init__(self, hosting, jobs, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.hosting = hosting
        self.jobs = jobs
        self.i18n = translator
        self.dialogs = HostDialogs(self, translator)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("host_state_label")
        self.state_label.setWordWrap(True)
        self.share_button = QPushButton(self)
        self.share_button.setObjectName("share_register_button")
        self.share_button.clicked.connect(self._on_share_button_clicked)
        self.connect_button = QPushButton(self)
        self.connect_button.setObjectName("connect_register_button")
        self.connect_button.clicked.connect(self._on_connect_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.share_button)
        row.addWidget(self.connect_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addLayout(row)
        self.retranslate_ui(translator)

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        self.dialogs.i18n = translator
        _ = translator.gettext
        self.setTitle(_("Shared register"))
        self.share_button.setText(_("Share this register on the office network…"))
        self.connect_button.setText(_("Connect to the centre's register…"))
        self.refresh()

    def refresh(self) -> None:
        state = self.hosting.status()
        shared = self.hosting.is_shared_register()
        self.share_button.setEnabled(not shared and not state.hosted)
        if state.hosted:
            text = self.i18n.format("This PC shares the register on port {port} ({state}). Certificate "
                                    "fingerprint: {fingerprint}", port=state.port, fingerprint=state.fingerprint,
                                    state=self.i18n._("running") if state.running else self.i18n._("stopped"))
        elif shared:
            text = self.i18n._("This PC works in the centre's shared register.")
        else:
            text = self.i18n._("The register is kept on this PC only. Share it so that colleagues on other "
                               "PCs work in it too, each with their own login.")
        self.state_label.setText(text)

    def _on_share_button_clicked(self) -> None:
        password = self.dialogs.share_password()
        if password is None:
            return
        self.jobs.run(lambda _progress: self.hosting.share(password), on_success=self._on_shared, write=True,
                      label=self.i18n._("Moving the register into the shared server…"), parent_widget=self)

    def _on_shared(self, report) -> None:
        self.dialogs.inform(self.i18n.format(
            "The register is shared on port {port}: {rows} rows moved and the audit log verified. Certificate "
            "fingerprint (compare it on each PC that connects): {fingerprint}. Set each colleague's password "
            "under Users, then start Qandas again.", port=report.port, rows=report.rows,
            fingerprint=report.fingerprint))
        self.window().close()

    def _on_connect_button_clicked(self) -> None:
        target = self.dialogs.host_address()
        if target is None:
            return
        address, port = target
        self.jobs.run(lambda _progress: self.hosting.host_certificate(address, port),
                      on_success=lambda found: self._on_certificate(address, port, *found), parent_widget=self,
                      label=self.i18n._("Reaching the centre's register…"))

    def _on_certificate(self, address: str, port: int, certificate: bytes, fingerprint: str) -> None:
        credentials = self.dialogs.confirm_and_sign_in(address, fingerprint)
        if credentials is None:
            return
        login, password = credentials
        self.jobs.run(lambda _progress: self.hosting.connect(address, port, login, password, certificate),
                      on_success=self._on_connected, parent_widget=self,
                      label=self.i18n._("Reaching the centre's register…"))

    def _on_connected(self, _role) -> None:
        self.dialogs.inform(self.i18n._("This PC is connected to the centre's register. Start Qandas again "
                                        "to work in it."))
        self.refresh()
