"""The idle lock (issue 19 §6, issue 17 §4): after the minutes the administrator set without a key
or a mouse movement, every open window is covered and the password is asked again.

Nothing is closed or hidden: an open form or dialog (even a modal one, which a hide would end)
stays as it was under its cover, its widgets only disabled. The password goes through
``UserService.unlock``: audited, counted and locked out exactly as a sign-in.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from domain.errors import DomainError
from gui.session.lock_overlay import LockOverlay

_INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
                 QEvent.Type.TouchBegin, QEvent.Type.ShortcutOverride}


class IdleLock(QObject):
    locked = Signal()
    unlocked = Signal()

    def __init__(self, window, minutes: int) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setObjectName("idle_lock_timer")
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.overlays: list[LockOverlay] = []
        self._disabled: list = []  # widgets and actions this lock switched off (and only those)
        self._focus: QWidget | None = None
        self.set_minutes(minutes)
        QApplication.instance().installEventFilter(self)

    @property
    def is_locked(self) -> bool:
        return bool(self.overlays)

    def set_minutes(self, minutes: int) -> None:
        """0 switches the lock off; otherwise the count starts again from now."""
        self.minutes = int(minutes)
        if self.minutes > 0:
            self.timer.setInterval(self.minutes * 60_000)
            if not self.is_locked:
                self.timer.start()
        else:
            self.timer.stop()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in _INPUT_EVENTS and not self.is_locked and self.minutes > 0:
            self.timer.start()  # any key or mouse movement: the idle time counts from now
        return False

    # --- locking ------------------------------------------------------------------------
    def lock(self) -> None:
        if self.is_locked:
            return
        self.timer.stop()
        for _attempt in range(5):  # an open menu or combo list would float above the cover
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()
        self._focus = QApplication.focusWidget()
        modal = QApplication.activeModalWidget()
        answering = modal if modal is not None else self.window
        translator = self.window.i18n
        actor = self.window.services.actor
        for top in self._windows():
            self._switch_off(top)
            overlay = LockOverlay(top, top is answering, translator, actor.display_name or actor.login)
            overlay.unlock_requested.connect(self._on_overlay_unlock_requested)
            overlay.sign_out_requested.connect(self._on_overlay_sign_out_requested)
            self.overlays.append(overlay)
        self.window.events.language_changed.connect(self._retranslate)
        self.locked.emit()

    def _windows(self) -> list[QWidget]:
        """The main window and every visible window it owns (cards, dialogs), not menus or tooltips."""
        result = [self.window]
        for top in QApplication.topLevelWidgets():
            if top is self.window or not top.isVisible() or top.windowType() in (Qt.WindowType.Popup,
                                                                              Qt.WindowType.ToolTip):
                continue
            result.append(top)
        return result

    def _switch_off(self, top: QWidget) -> None:
        for child in top.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if not child.isWindow() and child.isEnabled():
                child.setEnabled(False)
                self._disabled.append(child)
        for action in top.actions():  # shortcuts of the window itself (Ctrl+N, Ctrl+F …)
            if action.isEnabled():
                action.setEnabled(False)
                self._disabled.append(action)

    def unlock_with(self, password: str) -> bool:
        """Check the password of the signed-in user; True when the windows are shown again."""
        try:
            self.window.services.users.unlock(password)
        except DomainError as error:
            text = self.window.i18n.error(error)
            for overlay in self.overlays:
                overlay.show_error(text)
            return False
        self._release()
        return True

    def _release(self) -> None:
        for overlay in self.overlays:
            overlay.hide()
            overlay.parentWidget().removeEventFilter(overlay)
            overlay.deleteLater()
        self.overlays = []
        for item in self._disabled:
            item.setEnabled(True)
        self._disabled = []
        try:
            self.window.events.language_changed.disconnect(self._retranslate)
        except (RuntimeError, TypeError):
            pass
        if self._focus is not None:
            self._focus.setFocus()
        self._focus = None
        if self.minutes > 0:
            self.timer.start()
        self.unlocked.emit()

    def _retranslate(self, translator) -> None:
        for overlay in self.overlays:
            overlay.retranslate_ui(translator)

    def _on_overlay_unlock_requested(self, password: str) -> None:
        self.unlock_with(password)

    def _on_overlay_sign_out_requested(self) -> None:
        self._release_for_sign_out()

    def _release_for_sign_out(self) -> None:
        # The windows close at once; nothing is shown again in between.
        for overlay in self.overlays:
            overlay.parentWidget().removeEventFilter(overlay)
        self.overlays = []
        self._disabled = []
        self.window.end_session("sign_out")

    def shutdown(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
