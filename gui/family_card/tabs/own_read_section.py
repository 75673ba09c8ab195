"""A card tab with a read of its own: quota and subsidies, employment, education, adaptation
services, personal data.

These tabs show more than the card's shared read of the family (``FamilyRead``): their ``load``
runs inside the card's one read job (a worker thread, the same unit of work as the shared read)
and its result arrives in ``show_loaded`` with the rest of the card. The family's members still
come from the shared read (``members``). Their buttons, tables and forms are a ``ListSection``'s;
a form's write tells the window what changed, and the card reloads every tab with it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from gui.family_card.card_context import CardContext, FamilyRead
from gui.family_card.list_section import ListSection
from gui.forms.form_dialog import FormDialog, FormDialogSpec
from gui.quotas.common import fit_columns
from i18n import Translator

if TYPE_CHECKING:
    from services import AppServices


class OwnReadSection(ListSection):
    """Subclasses declare ``actions`` and ``tables`` and define ``load(services, family_id)``
    (worker thread) and ``show_data(data)`` (GUI thread, again after a language switch). The
    texts are set here; what a subclass adds shows text only from its data (``show_data``)."""

    loaded = Signal()  # the newest data are shown

    def __init__(self, ctx: CardContext, family_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "", parent)  # the card names the tab after its FamilyTabSpec key
        self.family_id = family_id
        self.data: Any = None  # what ``load`` returned last
        self.last_dialog: FormDialog | None = None  # the newest form, for tests
        self.retranslate_ui(ctx.i18n)

    @property
    def services(self) -> "AppServices":
        return self.ctx.services

    @property
    def i18n(self) -> Translator:
        return self.ctx.i18n

    def members(self) -> Any:
        """The family's members, from the card's shared read."""
        details = self.ctx.details
        return details.members if details is not None else ()

    # --- the CardTab protocol (gui.screens) ----------------------------------------------
    def load(self, services: "AppServices", family_id: int) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def show_loaded(self, data: Any = None) -> None:
        self.data = data
        self.show_data(data)
        for table in self._tables.values():
            fit_columns(table)
        self.update_buttons()
        self.loaded.emit()

    def show_read(self, read: FamilyRead) -> None:
        """Shown from ``show_loaded``: what this tab reads comes with ``load``."""

    def show_data(self, data: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def retranslate_extra(self, translator: Translator) -> None:
        if self.data is not None:  # texts built from the data (a summary, names) in the new language
            self.show_data(self.data)

    # --- forms -------------------------------------------------------------------------------
    def open_form(self, spec: FormDialogSpec) -> FormDialog:
        """A form declared as data, its write announced with this tab as the initiator."""
        self.last_dialog = FormDialog(spec, self.ctx.jobs, self.ctx.i18n, self)
        return self.open_dialog(self.last_dialog)
