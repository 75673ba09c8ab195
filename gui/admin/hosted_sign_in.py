"""Signing in to the centre's shared register: the login and password open the database too.

On a hosted register each user's database credentials are their own Qandas login and password
(storage.pg_roles), so the sign-in dialog connects with them: a wrong password is refused by the
database, an unreachable host gets a sentence naming it and the dialog stays open to try again.
"""
from __future__ import annotations

import dataclasses

from gui.admin.login_dialog import LoginDialog
from gui.admin.sign_in import _record_logout_at_quit
from i18n import Translator


class HostedAccount:
    """Looks like ``services`` to LoginDialog: ``users.authenticate`` connects and signs in."""

    def __init__(self, profile) -> None:
        self.profile = profile
        self.users = self
        self.engine = None

    def authenticate(self, login: str, password: str):
        from services.hosting.client import connect
        profile = dataclasses.replace(self.profile, login=(login or self.profile.login).strip().lower())
        if self.engine is not None:
            self.engine.dispose()
        self.engine, actor = connect(profile, password, retries=2, wait=0.5)
        return actor


def sign_in_hosted(profile, translator: Translator, parent=None):
    """Services of the signed-in user on the shared register, or None when the user gave up."""
    from services import AppServices
    account = HostedAccount(profile)
    address = f"{profile.host}:{profile.port}"
    label = translator.format("The centre's register at {host}", host=address)
    dialog = LoginDialog(account, translator, label, parent)
    dialog.login_edit.setText(profile.login)
    dialog.password_edit.setFocus()
    if dialog.exec() != LoginDialog.DialogCode.Accepted or dialog.actor is None:
        if account.engine is not None:
            account.engine.dispose()
        return None
    services = AppServices(account.engine, dialog.actor)
    _record_logout_at_quit(services)
    return services
