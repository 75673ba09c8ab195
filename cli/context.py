"""What a command handler receives: the translator, the database and the services."""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any

from i18n import Translator


def operating_system_account() -> str:
    """The account this process really runs as, from the system, never from the environment.

    ``getpass.getuser()`` reads ``USER``/``LOGNAME`` first, which anyone can set (``USER=boss
    qandas …``); on POSIX the real user id names the account. Windows has no uid: its account
    API (GetUserNameW) is asked, and ``getpass`` only if that fails."""
    import os
    if os.name == "posix":
        import pwd
        try:
            return pwd.getpwuid(os.getuid()).pw_name
        except KeyError:  # a uid without a passwd entry (containers): still the real one
            return f"uid{os.getuid()}"
    try:
        import ctypes
        size = ctypes.c_ulong(257)
        buffer = ctypes.create_unicode_buffer(size.value)
        if ctypes.windll.advapi32.GetUserNameW(buffer, ctypes.byref(size)):  # type: ignore[attr-defined]
            return buffer.value
    except (AttributeError, OSError):
        pass
    import getpass
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def command_line_actor():
    """Commands act as the operating-system user, recorded as ``cli:<os user>`` (see docs/admin.md)."""
    from domain.permissions import command_line_actor as actor_for
    return actor_for(operating_system_account())


@dataclass
class CliContext:
    tr: Translator
    db_url: str
    _services: Any = field(default=None, repr=False)
    upgrade_result: Any = None
    profile: Any = None  # services.hosting.client.ConnectionProfile: the centre's shared register

    def services(self):
        """Open the database (upgrading it first) on first use."""
        if self._services is None and self.profile is not None:
            self._services = self._signed_in_services()
        if self._services is None:
            from services import AppServices
            from services.database import prepare_database
            engine, self.upgrade_result = prepare_database(self.db_url)
            self._services = AppServices(engine, actor=command_line_actor())
            if self.upgrade_result.backup is not None:
                self.err(self.tr.format("The database was backed up to {path} before the upgrade.",
                                        path=str(self.upgrade_result.backup)))
        return self._services

    def _signed_in_services(self):
        """A hosted register signs in like the window: the user's own login and password, which
        are also their database credentials; the services act as that user."""
        from cli.host import read_password
        from domain.errors import ValidationError
        from services import AppServices
        from services.hosting.client import connect
        password = read_password(self, self.tr.format("Password of {login}: ", login=self.profile.login))
        if password is None:
            raise ValidationError("password", "No password was given; nothing was changed.")
        engine, actor = connect(self.profile, password, on_retry=lambda attempt: self.err(self.tr.format(
            "The centre's register does not answer; trying again ({attempt})…", attempt=attempt)))
        return AppServices(engine, actor=actor)

    def close(self) -> None:
        if self._services is not None:
            self._services.engine.dispose()

    def out(self, text: str = "") -> None:
        print(text)

    def err(self, text: str) -> None:
        print(text, file=sys.stderr)

    def json(self, payload: Any) -> None:
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
