"""Before the main window: first-run administrator, sign-in, the daily automatic backup.

The first dialog speaks the language chosen last time or the computer's (``gui.session.language``)
and offers the choice at its top; a choice made there is the window's language too.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from domain.permissions import SYSTEM_ACTOR
from gui.admin.login_dialog import LoginDialog
from gui.admin.user_dialog import UserDialog
from i18n import Translator

log = logging.getLogger(__name__)


@dataclass
class Session:
    services: object
    translator: Translator


def sign_in(services, translator: Translator, database_label="", screenshot: bool = False):
    """Services acting for the signed-in user, or None when the user gave up.

    Screenshots skip the dialogs and act as the system account.
    """
    if screenshot:
        return services.for_actor(SYSTEM_ACTOR)
    session = sign_in_session(services, translator, database_label)
    if session is None:
        return None
    _record_logout_at_quit(session.services)
    return session.services


def sign_in_session(services, translator: Translator, database_label="", settings=None,
                    remember_login: bool = True) -> Session | None:
    """The first administrator (on a first run), then sign-in; the signed-in Session or None.

    ``settings`` (``UiSettings``) keeps the language chosen in the dialogs and the last login;
    ``remember_login`` False (switch user) leaves the login field empty.
    """
    from gui import settings as keys
    chosen = {"translator": translator}

    def on_language(new: Translator) -> None:
        chosen["translator"] = new
        from PySide6.QtWidgets import QApplication
        app = QApplication.instance()
        if app is not None:
            from gui.app import apply_language
            apply_language(app, new)
        if settings is not None:
            settings.set(keys.UI_LANGUAGE, new.language)
            settings.sync()

    if services.users.needs_first_administrator():
        if _ask_first_administrator(services, translator, on_language) is None:
            return None
    last_login = settings.get(keys.LAST_LOGIN) if settings is not None and remember_login else ""
    actor = LoginDialog.ask(services, chosen["translator"], database_label, last_login=last_login,
                            on_language=on_language)
    if actor is None:
        return None
    if settings is not None:
        settings.set(keys.LAST_LOGIN, actor.login)
        settings.sync()
    signed_in = services.for_actor(actor)
    try:
        signed_in.backup.auto_backup_if_due()
    except Exception:  # noqa: BLE001 - a failed automatic backup must not stop the work; it is logged
        log.exception("automatic daily backup failed")
    return Session(signed_in, chosen["translator"])


def _ask_first_administrator(services, translator: Translator, on_language):
    """The create-administrator dialog in the first dialog's language, with the language choice on top."""
    return UserDialog.ask(services, translator, first_administrator=True, on_language=on_language)


def record_logout(services) -> None:
    try:
        services.users.record_logout()
    except Exception:  # noqa: BLE001 - quitting must not fail over an audit entry; it is logged
        log.exception("could not record the sign-out")


def _record_logout_at_quit(services) -> None:
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    if app is None:
        return
    app.aboutToQuit.connect(lambda: record_logout(services))
