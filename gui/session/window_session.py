"""What the main window offers for the session and the desktop: the Account menu (change password,
switch user, sign out), Help › shortcuts and guide, the idle lock, and an Excel file dropped on the
window opening the import.

Kept out of ``gui.main_window`` so the window stays an arrangement of screens; ``install`` is
called once from the window's constructor.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence

from domain.centre import DEFAULT_IDLE_LOCK_MINUTES
from gui.session.idle_lock import IdleLock
from gui.widgets.button_tooltips import apply_action_tooltips, install_button_tooltips

EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def dropped_excel(mime) -> str | None:
    """The one local Excel file in a drag, or None (several files, a folder, text …)."""
    if not mime.hasUrls():
        return None
    paths = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
    if len(paths) != 1 or not paths[0].lower().endswith(EXCEL_SUFFIXES) or not Path(paths[0]).is_file():
        return None
    return paths[0]


class WindowSession(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.button_tooltips = install_button_tooltips()
        self._build_actions()
        self._build_menus()
        self.idle_lock = IdleLock(window, DEFAULT_IDLE_LOCK_MINUTES)
        self._read_idle_minutes()
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        window.events.language_changed.connect(self.retranslate_ui)
        window.events.changes_applied.connect(self._on_changes_applied)
        self.retranslate_ui(window.i18n)

    # --- menus -----------------------------------------------------------------------------
    def _build_actions(self) -> None:
        w = self.window
        self.change_password_action = w._action("change_password_action", None, self.change_password)
        self.switch_user_action = w._action("switch_user_action", None,
                                            lambda: w.end_session("switch_user"))
        self.sign_out_action = w._action("sign_out_action", None, lambda: w.end_session("sign_out"))
        self.lock_action = w._action("lock_action", "Ctrl+L", lambda: self.idle_lock.lock())
        self.shortcuts_action = w._action("shortcuts_action", None, self.show_shortcuts)
        self.guide_action = w._action("guide_action", QKeySequence.StandardKey.HelpContents, self.show_guide)

    def _build_menus(self) -> None:
        w = self.window
        self.account_menu = w.menuBar().addMenu("")
        self.account_menu.setObjectName("account_menu")
        w.menuBar().insertMenu(w.help_menu.menuAction(), self.account_menu)
        for action in (self.change_password_action, None, self.lock_action, self.switch_user_action,
                       self.sign_out_action):
            if action is None:
                self.account_menu.addSeparator()
            else:
                self.account_menu.addAction(action)
        first = w.help_menu.actions()[0] if w.help_menu.actions() else None
        w.help_menu.insertAction(first, self.guide_action)
        w.help_menu.insertAction(first, self.shortcuts_action)
        separator = QAction(w)
        separator.setSeparator(True)
        w.help_menu.insertAction(first, separator)

    def retranslate_ui(self, translator) -> None:
        _ = translator.gettext
        self.account_menu.setTitle(_("&Account"))
        self.change_password_action.setText(_("&Change my password…"))
        self.lock_action.setText(_("&Lock now"))
        self.switch_user_action.setText(_("S&witch user…"))
        self.sign_out_action.setText(_("Sign &out"))
        self.shortcuts_action.setText(_("&Keyboard shortcuts"))
        self.guide_action.setText(_("&User guide"))
        self.button_tooltips.set_gettext(_)
        apply_action_tooltips(self.window, _)

    # --- account ---------------------------------------------------------------------------
    def change_password(self):
        from gui.session.password_dialog import ChangePasswordDialog
        dialog = ChangePasswordDialog(self.window.services, self.window.i18n, self.window)
        dialog.accepted.connect(lambda: self.window.statusBar().showMessage(
            self.window.i18n._("Your password was changed."), 8000))
        dialog.open()
        return dialog

    # --- help --------------------------------------------------------------------------------
    def show_shortcuts(self):
        from gui.help.help_dialogs import ShortcutsDialog
        dialog = ShortcutsDialog(self.window, self.window.i18n, self.window)
        dialog.open()
        return dialog

    def show_guide(self):
        from gui.help.help_dialogs import GuideDialog
        dialog = GuideDialog(self.window.i18n, self.window)
        dialog.show()
        return dialog

    # --- idle lock ---------------------------------------------------------------------------
    def _read_idle_minutes(self) -> None:
        centre = self.window.services.centre
        self.window.jobs.run(lambda _progress: centre.idle_lock_minutes(), on_success=self.idle_lock.set_minutes)

    def _on_changes_applied(self, changes, _initiator) -> None:
        if getattr(changes, "reference", False):
            self._read_idle_minutes()  # the administrator may have changed the minutes

    # --- dropping a register ------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if dropped_excel(event.mimeData()) and self.window.screen("imports") is not None \
                    and not self.idle_lock.is_locked:
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            path = dropped_excel(event.mimeData())
            if path:
                event.acceptProposedAction()
                self.open_import(path)
                return True
        return False

    def open_import(self, path: str) -> bool:
        """Show the import screen checking ``path`` (nothing is written before «Import»)."""
        screen = self.window.show_screen("imports")
        if screen is None or self.idle_lock.is_locked:
            return False
        screen.analyse(path)
        return True

    def shutdown(self) -> None:
        self.idle_lock.shutdown()
