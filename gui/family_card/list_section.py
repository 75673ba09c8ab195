"""The shape of the card's list tabs: a row of buttons over a table of rows, declared as data.

Members, documents, status, tasks and attachments are each "a table and what can be done to its
rows". ``ListSection`` builds that once: the buttons from a list of ``ListAction``s (object name,
N_() text, the method they run), the table (``row_table``: double-click runs the ``activate``
action), the language switch, and which buttons are enabled: an action that changes the family
only on an editable card, an action on a row only while a row is selected. A form a tab opens is
kept in ``dialog`` so a language switch reaches it too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from gui.family_card.card_context import CardContext, SharedReadSection
from gui.widgets.column_model import ColumnTableModel
from gui.widgets.tables import button_row, push_button, row_table
from i18n import Translator


@dataclass(frozen=True)
class ListAction:
    attribute: str  # the tab's attribute and the button's object name stem: "add_button"
    object_name: str  # the button's object name: "add_member_button"
    text: str  # an N_() msgid
    method: str  # the tab's method the button runs
    on_row: bool = False  # works on the selected row: enabled only while one is selected
    edits: bool = True  # changes the family: disabled on a read-only card


class ListSection(SharedReadSection, QWidget):
    """Subclasses set ``actions``, ``table_name`` and ``activate`` (the method a double-click runs,
    or "") and build their model in ``make_model``; ``retranslate_extra`` translates what else they
    show. They call ``retranslate_ui`` at the end of their own ``__init__``."""

    actions: tuple[ListAction, ...] = ()
    table_name = ""
    activate = ""

    def __init__(self, ctx: CardContext, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(object_name)
        self.model = model = self.make_model(ctx)
        on_activate = getattr(self, self.activate) if self.activate else None
        self.table = row_table(self, model, self.table_name, on_activate)
        self.action_buttons: list[tuple[ListAction, QPushButton]] = []
        for action in self.actions:
            button = push_button(self, action.object_name, getattr(self, action.method))
            setattr(self, action.attribute, button)
            self.action_buttons.append((action, button))
        self.buttons = button_row(*(button for _action, button in self.action_buttons))
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.buttons)
        self.layout_.addWidget(self.table, 1)
        self.dialog: Any = None
        self._editable = True
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        model.modelReset.connect(self.update_buttons)

    def make_model(self, ctx: CardContext) -> ColumnTableModel:  # pragma: no cover - abstract
        raise NotImplementedError

    def retranslate_ui(self, translator: Translator) -> None:
        for action, button in self.action_buttons:
            button.setText(translator.gettext(action.text))
        self.model.retranslate(translator)
        self.retranslate_extra(translator)
        if self.dialog is not None:
            self.dialog.retranslate_ui(translator)

    def retranslate_extra(self, translator: Translator) -> None:
        """What a tab shows besides its buttons and table (a legend, reminders)."""

    # --- the CardTab protocol (gui.screens): editable, and the selection ----------------------
    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.update_buttons()

    def update_buttons(self) -> None:
        chosen = self.selected() is not None
        for action, button in self.action_buttons:
            button.setEnabled((self._editable or not action.edits) and (chosen or not action.on_row))

    def selected(self) -> Any:
        selection = self.table.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        return self.model.row_at(rows[0].row()) if rows else None

    # --- the forms it opens -------------------------------------------------------------------
    def open_dialog(self, dialog: Any) -> Any:
        """Open ``dialog`` (non-modal to the card) and keep it for the language switch until it closes."""
        self.dialog = dialog
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()
        return dialog

    def _on_dialog_finished(self, _result: int) -> None:
        self.dialog = None

    def open_for_selected(self, make: Callable[[Any], Any]) -> Any:
        """The form ``make(row)`` for the selected row, opened; None when no row is selected."""
        row = self.selected()
        return self.open_dialog(make(row)) if row is not None else None

    def remove_selected_after(self, question: Callable[[Any], str], write: Callable[[Any], Any]) -> None:
        """Ask ``question(row)`` about the selected row; on yes run ``write(row)`` as the card's write job."""
        row = self.selected()
        if row is not None and self.ctx.confirm(question(row)):
            self.ctx.run_write(lambda _progress: write(row))
