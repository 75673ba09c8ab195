"""The card's small forms: the form base (``form_dialog``) with its write run by the card.

A refusal comes back inline on the field; a conflict closes the form and the card shows its
banner with Reload (the card's data is what is stale).
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QComboBox, QWidget

from domain.errors import ConflictError
from gui.forms.form_dialog import FormDialogBase


class RecordDialog(FormDialogBase):
    """Subclasses add fields with ``add_field`` and implement ``values()``; ``save`` is a
    function of the values that the card runs as a write job."""

    def __init__(self, card, title: str, save: Callable[[Any], Any], parent: QWidget | None = None) -> None:
        # ``card`` is a family card's CardContext (its ``window`` parents the dialog) or a screen widget
        owner = parent if parent is not None else card if isinstance(card, QWidget) else card.window
        super().__init__(card.i18n, title, owner)
        self.card = card
        self._save = save

    def add_member_chooser(self) -> QComboBox:
        """A «Member» list of the card's family members (their ids as data)."""
        chooser = self.add_field("person", QComboBox(self))
        for member in self.card.details.members:
            chooser.addItem(member.full_name, member.id)
        return chooser

    def start_write(self, values: Any) -> None:
        save = self._save
        self.card.run_write(lambda _progress: save(values), on_success=self.on_saved, on_failure=self._failed)

    def _failed(self, error: Exception) -> bool:
        if isinstance(error, ConflictError):
            self.set_saving(False)
            self.close_without_asking()
            return False  # the card shows the banner
        return self.on_failed(error) and not isinstance(error, ConflictError)
