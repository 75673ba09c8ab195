"""What a command changed, so each screen can decide whether to refresh (Anki's OpChanges)."""
from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Changes:
    families: bool = False
    persons: bool = False
    statuses: bool = False
    documents: bool = False
    tasks: bool = False
    quotas: bool = False
    payments: bool = False
    employment: bool = False
    education: bool = False
    services: bool = False
    reference: bool = False
    users: bool = False
    imports: bool = False

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})

    def any(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


NOTHING = Changes()
EVERYTHING = Changes(**{f.name: True for f in fields(Changes)})
