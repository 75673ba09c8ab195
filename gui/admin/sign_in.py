"""Before the main window: first-run administrator, sign-in, the daily automatic backup."""
from __future__ import annotations

import logging

from domain.permissions import SYSTEM_ACTOR
from gui.admin.login_dialog import LoginDialog
from gui.admin.user_dialog import UserDialog
from i18n import Translator

log = logging.getLogger(__name__)


def sign_in(services, translator: Translator, database_label: str = "", screenshot: bool = False):
    """Services acting for the signed-in user, or None when the user gave up.

    Screenshots skip the dialogs and act as the system account.
    """
    if screenshot:
        return services.for_actor(SYSTEM_ACTOR)
    if services.users.needs_first_administrator():
        if UserDialog.ask(services, translator, first_administrator=True) is None:
            return None
    actor = LoginDialog.ask(services, translator, database_label)
    if actor is None:
        return None
    signed_in = services.for_actor(actor)
    _record_logout_at_quit(signed_in)
    try:
        signed_in.backup.auto_backup_if_due()
    except Exception:  # noqa: BLE001 - a failed automatic backup must not stop the work; it is logged
        log.exception("automatic daily backup failed")
    return signed_in


def _record_logout_at_quit(services) -> None:
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    if app is None:
        return

    def record() -> None:
        try:
            services.users.record_logout()
        except Exception:  # noqa: BLE001 - quitting must not fail over an audit entry; it is logged
            log.exception("could not record the sign-out")

    app.aboutToQuit.connect(record)
