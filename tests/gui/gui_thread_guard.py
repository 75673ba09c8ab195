"""Fails a unit of work entered on the GUI thread by window code (``gui/``).

Every database call from a screen must run as a job (a worker thread). Tests themselves call
services on the main thread to set up data; that is allowed: only a unit of work whose call
stack passes through a module of ``gui/`` on the GUI thread is a violation.
"""
from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2]) + os.sep
GUI_FOLDER = ROOT + "gui" + os.sep
BELOW_THE_WINDOW = tuple(ROOT + name + os.sep for name in ("services", "storage", "domain", "i18n"))
# Before the window exists there is no event loop to freeze: signing in (and creating the first
# administrator) asks the services directly. The screenshot tool drives a demo database.
# The new-user dialog of the administration screen still creates the account itself (to do).
# Unlocking after the idle lock and changing one's own password check a password the way sign-in
# does, behind a modal prompt with the window covered (to do: move them into jobs as well).
ALLOWED = ("gui/admin/sign_in.py", "gui/admin/login_dialog.py", "gui/admin/user_dialog.py", "gui/screenshots.py",
           "gui/session/idle_lock.py", "gui/session/password_dialog.py")


def gui_caller() -> str | None:
    """``file:line function`` of the service call's caller when that is window code (gui/); None
    when a test (or a fake a test put into a screen) called the service itself."""
    frame = sys._getframe(2)  # above this function and the hook that called it
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(GUI_FOLDER):
            return f"gui/{filename[len(GUI_FOLDER):]}:{frame.f_lineno} {frame.f_code.co_name}"
        if filename.startswith(ROOT) and not filename.startswith(BELOW_THE_WINDOW):
            return None  # the test's own code
        frame = frame.f_back
    return None


class GuiThreadGuard:
    def __init__(self) -> None:
        self.violations: list[str] = []

    def __call__(self, _uow) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        caller = gui_caller()
        if caller is not None and not caller.startswith(ALLOWED):
            self.violations.append(caller)
