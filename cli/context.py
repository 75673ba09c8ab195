"""What a command handler receives: the translator, the database and the services."""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any

from i18n import Translator


def command_line_actor():
    """Commands act as the operating-system user, recorded as ``cli:<os user>`` (see docs/admin.md)."""
    import getpass
    from domain.permissions import command_line_actor as actor_for
    try:
        return actor_for(getpass.getuser())
    except (KeyError, OSError):
        return actor_for("unknown")


@dataclass
class CliContext:
    tr: Translator
    db_url: str
    _services: Any = field(default=None, repr=False)
    upgrade_result: Any = None

    def services(self):
        """Open the database (upgrading it first) on first use."""
        if self._services is None:
            from services import AppServices
            from services.database import prepare_database
            engine, self.upgrade_result = prepare_database(self.db_url)
            self._services = AppServices(engine, actor=command_line_actor())
            if self.upgrade_result.backup is not None:
                self.err(self.tr.format("The database was backed up to {path} before the upgrade.",
                                        path=str(self.upgrade_result.backup)))
        return self._services

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
