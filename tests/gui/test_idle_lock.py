"""The idle lock (issue 19 §6, issue 17 §4) on real windows: it covers every window, keeps open forms and
dialogs as they were, and its password is checked, audited and locked out as a sign-in is."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from domain.permissions import Role
from tests.gui.shell_fixtures import make_window, wait_idle

pytestmark = pytest.mark.gui


@pytest.fixture
def boss(services):
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password", "Әсел Нұрова")
    return services.for_actor(services.users.authenticate("boss", "boss-password"))


def _go_idle(qtbot, window, ms: int = 60) -> None:
    """A short idle time, then wait without touching anything until the lock comes."""
    window.session.idle_lock.timer.setInterval(ms)
    window.session.idle_lock.timer.start()
    qtbot.waitUntil(lambda: window.session.idle_lock.is_locked, timeout=5000)


def test_the_window_reads_the_administrators_minutes(qtbot, boss):
    boss.centre.set_idle_lock_minutes(3)
    window = make_window(qtbot, boss)
    wait_idle(qtbot, window)
    lock = window.session.idle_lock
    assert lock.minutes == 3 and lock.timer.interval() == 180_000 and lock.timer.isActive()
    form = window.show_screen("administration").centre_form  # the administrator's centre form
    form.refresh()  # loads in a read job
    qtbot.waitUntil(lambda: form.idle_lock_edit.value() == 3, timeout=5000)
    form.idle_lock_edit.setValue(0)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert lock.minutes == 0 and not lock.timer.isActive()  # 0: never locks


def test_idle_lock_covers_the_window_and_keeps_an_open_form(qtbot, boss, services):
    window = make_window(qtbot, boss)
    wait_idle(qtbot, window)
    dialog = window.new_family()
    qtbot.addWidget(dialog)
    typed = dialog.address  # a field of the half-typed family
    typed.setText("Павлодар, Торайғыров көшесі 1")
    _go_idle(qtbot, window)
    lock = window.session.idle_lock
    covers = {overlay.parentWidget(): overlay for overlay in lock.overlays}
    assert window in covers and dialog in covers  # every open window is covered
    for covered, overlay in covers.items():
        assert overlay.isVisible() and overlay.geometry() == covered.rect()
    assert not window.centralWidget().isEnabled() and not window.new_family_action.isEnabled()
    answering = covers[window]
    assert answering.password_edit is not None and covers[dialog].password_edit is None
    assert "Әсел Нұрова" in answering.text_label.text()

    qtbot.keyClicks(answering.password_edit, "wrong-password")
    qtbot.mouseClick(answering.unlock_button, Qt.MouseButton.LeftButton)
    assert lock.is_locked and answering.error_label.text() == "Wrong login or password."
    assert services.users.get("boss").failed_logins == 1  # counted as a sign-in is

    qtbot.keyClicks(answering.password_edit, "boss-password")
    qtbot.keyClick(answering.password_edit, Qt.Key.Key_Return)
    assert not lock.is_locked
    assert dialog.isVisible() and typed.text() == "Павлодар, Торайғыров көшесі 1" and typed.isEnabled()  # the form was kept
    assert window.centralWidget().isEnabled() and window.new_family_action.isEnabled()
    assert services.users.get("boss").failed_logins == 0
    purposes = [(e.action, (e.after or {}).get("reason")) for e in services.audit.list()
                if isinstance(e.after, dict) and e.after.get("purpose") == "unlock"]
    assert sorted(purposes, key=str) == sorted([("login", None), ("login_failed", "password")], key=str)
    assert lock.timer.isActive()  # the idle time counts again
    window.close()


def test_a_modal_dialog_answers_the_lock_and_stays_open(qtbot, boss):
    window = make_window(qtbot, boss)
    wait_idle(qtbot, window)
    window.session.change_password_action.trigger()
    dialog = window.findChild(QDialog, "change_password_dialog")
    dialog.old_password_edit.setText("typed-before-the-lock")
    qtbot.waitUntil(lambda: dialog.isVisible())
    _go_idle(qtbot, window)
    covers = {overlay.parentWidget(): overlay for overlay in window.session.idle_lock.overlays}
    assert covers[dialog].password_edit is not None  # the modal dialog is where input can go
    assert covers[window].password_edit is None
    qtbot.keyClick(covers[dialog].password_edit, Qt.Key.Key_Escape)  # Esc does not close the covered dialog
    qtbot.keyClick(covers[dialog].password_edit, Qt.Key.Key_Return)  # nor does Enter accept it
    assert dialog.isVisible() and dialog.result() == 0
    covers[dialog].password_edit.setText("boss-password")
    qtbot.mouseClick(covers[dialog].unlock_button, Qt.MouseButton.LeftButton)
    assert not window.session.idle_lock.is_locked
    assert dialog.isVisible() and dialog.old_password_edit.text() == "typed-before-the-lock"
    dialog.reject()
    window.close()


def test_wrong_passwords_lock_the_account_and_sign_out_stays_possible(qtbot, boss, services):
    services.users.set_lockout_policy(2, 15)
    window = make_window(qtbot, boss)
    wait_idle(qtbot, window)
    window.session.lock_action.trigger()  # Account › Lock now
    overlay = window.session.idle_lock.overlays[0]
    for password in ("wrong-1", "wrong-2", "boss-password"):
        overlay.password_edit.setText(password)
        qtbot.mouseClick(overlay.unlock_button, Qt.MouseButton.LeftButton)
    assert window.session.idle_lock.is_locked  # locked out: the right password waits too
    assert services.users.get("boss").locked_until is not None
    qtbot.mouseClick(overlay.sign_out_button, Qt.MouseButton.LeftButton)
    assert window.session_end == "sign_out" and not window.isVisible()


def test_input_restarts_the_idle_time(qtbot, boss):
    window = make_window(qtbot, boss)
    wait_idle(qtbot, window)
    lock = window.session.idle_lock
    lock.timer.setInterval(400)
    lock.timer.start()
    for _step in range(4):  # keep typing for longer than the idle time: no lock
        qtbot.wait(150)
        qtbot.keyClick(window.registry.search_edit, Qt.Key.Key_A)
        assert not lock.is_locked
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)  # then stop: it locks
    window.close()
