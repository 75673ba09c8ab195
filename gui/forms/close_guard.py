"""A form with unsaved changes asks before it closes: Save, Discard or Cancel.

The guard compares a snapshot of the form's values with the one taken when the form was
last clean, so typing and undoing the typing leaves a clean form that closes silently.
Esc, the Cancel button and the window's close button all end in ``QDialog.reject``; a
dialog asks ``may_close`` there. ``asker`` is the test seam: a function of (parent,
translator) answering "save", "discard" or "cancel" (the module default ``ASKER`` shows
the question box; tests replace it).
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from domain.messages import N_
from gui.dialogs import message_box
from i18n import Translator

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
Asker = Callable[[QWidget, Translator], str]


def ask_save_changes(parent: QWidget, translator: Translator) -> str:
    buttons = QMessageBox.StandardButton
    box = message_box(parent, translator, QMessageBox.Icon.Question,
                      translator.gettext(N_("Save the changes before closing?")),
                      buttons.Save | buttons.Discard | buttons.Cancel, object_name="close_question")
    box.setDefaultButton(buttons.Save)
    box.setEscapeButton(buttons.Cancel)
    answer = box.exec()
    return {buttons.Save.value: SAVE, buttons.Discard.value: DISCARD}.get(answer, CANCEL)


ASKER: Asker = ask_save_changes


class CloseGuard:
    def __init__(self, snapshot: Callable[[], Any], save: Callable[[], None]) -> None:
        self._snapshot = snapshot
        self._save = save
        self._clean: Any = None
        self.asker: Asker | None = None  # None: the module's ASKER
        self.mark_clean()

    def _current(self) -> Any:
        try:
            return repr(self._snapshot())
        except Exception:  # noqa: BLE001 - a half-typed value that cannot be read is a change
            return object()

    def mark_clean(self) -> None:
        self._clean = self._current()

    def is_dirty(self) -> bool:
        return self._current() != self._clean

    def may_close(self, parent: QWidget, translator: Translator) -> bool:
        """True when the form may close now; on "save" the form saves and closes itself when done."""
        if not self.is_dirty():
            return True
        answer = (self.asker or ASKER)(parent, translator)
        if answer == DISCARD:
            return True
        if answer == SAVE:
            self._save()
        return False
