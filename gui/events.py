"""Application-wide signals: what changed, and the language."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    # (Changes, initiator object or None): views refresh when their flag is set and they
    # were not the initiator (Anki's operation_did_execute).
    changes_applied = Signal(object, object)
    language_changed = Signal(object)  # the new Translator
