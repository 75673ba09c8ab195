"""The shape of the card's tabs: a row of buttons over one or more tables of rows, declared as data.

Every tab of the card is "tables and what can be done to their rows". ``ListSection`` builds that
once: the buttons from a list of ``ListAction``s (object name, N_() text, the method they run),
the table (``row_table``: double-click runs the ``activate`` action) or, for a tab with several,
the titled tables of ``ListTable``s, the language switch, and which buttons are shown and enabled:
an action needing a permission only for those who have it, an action that changes the family only
on an editable card, an action on a row only while a row of its table is selected, and an
``enabled_when`` method's own condition. A form a tab opens is kept in ``dialog`` so a language
switch reaches it too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtWidgets import QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from gui.family_card.card_context import CardContext, SharedReadSection
from gui.quotas.common import make_table  # a titled table: user-sized columns, alternating rows
from gui.quotas.row_model import RowTableModel  # numbered rows, a red row for an alarm
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
    table: str = ""  # on_row: the ListTable (its ``attribute``) whose row; "" the first table
    permission: str | None = None  # a domain.permissions.Action: hidden from those without it
    enabled_when: str = ""  # the tab's method (no arguments) that must also say True


@dataclass(frozen=True)
class ListTable:
    """One of several titled tables of a tab: the tab gets ``<attribute>_model`` and ``<attribute>_table``."""
    attribute: str  # "schedule": self.schedule_model, self.schedule_table
    object_name: str  # the table's object name; its title label is "<object_name>_title"
    title: str  # an N_() msgid, shown in bold above the table
    columns: Sequence[Any]  # gui.widgets.column_model.Column
    alarm: Callable[[Any], bool] | None = None  # a row painted red
    permission: str | None = None  # a domain.permissions.Action: no table (None attributes) without it


class ListSection(SharedReadSection, QWidget):
    """Subclasses set ``actions``, and either ``table_name`` and ``activate`` (the method a
    double-click runs, or "") with their model built in ``make_model``, or ``tables`` (several
    titled tables); ``retranslate_extra`` translates what else they show. They call
    ``retranslate_ui`` at the end of their own ``__init__``."""

    actions: tuple[ListAction, ...] = ()
    table_name = ""
    activate = ""
    tables: tuple[ListTable, ...] = ()

    def __init__(self, ctx: CardContext, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(object_name)
        self.action_buttons: list[tuple[ListAction, QPushButton]] = []
        for action in self.actions:
            button = push_button(self, action.object_name, getattr(self, action.method))
            setattr(self, action.attribute, button)
            self.action_buttons.append((action, button))
            if action.permission is not None and not ctx.services.actor.can(action.permission):
                button.setVisible(False)
        self.buttons = button_row(*(button for _action, button in self.action_buttons))
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.buttons)
        self.models: list[ColumnTableModel] = []
        self._tables: dict[str, QTableView] = {}
        self._titles: list[tuple[QLabel, str]] = []
        if self.tables:
            for spec in self.tables:
                self._add_titled_table(spec)
            self.model, self.table = self.models[0], next(iter(self._tables.values()))
        else:
            self.model = self.make_model(ctx)
            on_activate = getattr(self, self.activate) if self.activate else None
            self.table = row_table(self, self.model, self.table_name, on_activate)
            self._watch(self.table, self.model, "")
            self.layout_.addWidget(self.table, 1)
        self.dialog: Any = None
        self._editable = True

    def _add_titled_table(self, spec: ListTable) -> None:
        if spec.permission is not None and not self.ctx.services.actor.can(spec.permission):
            setattr(self, f"{spec.attribute}_model", None)
            setattr(self, f"{spec.attribute}_table", None)
            return
        title = QLabel(self)
        title.setObjectName(f"{spec.object_name}_title")
        self._titles.append((title, spec.title))
        model = RowTableModel(spec.columns, self.ctx.i18n, self, alarm=spec.alarm)
        table = make_table(self, model, spec.object_name)
        setattr(self, f"{spec.attribute}_model", model)
        setattr(self, f"{spec.attribute}_table", table)
        self._watch(table, model, spec.attribute)
        self.layout_.addWidget(title)
        self.layout_.addWidget(table, 1)

    def _watch(self, table: QTableView, model: ColumnTableModel, attribute: str) -> None:
        self.models.append(model)
        self._tables[attribute] = table
        # bound methods (not lambdas): Qt drops the connections when the tab is destroyed
        table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        model.modelReset.connect(self.update_buttons)

    def _on_selection_changed(self, *_args: Any) -> None:
        self.update_buttons()

    def make_model(self, ctx: CardContext) -> ColumnTableModel:  # pragma: no cover - abstract
        raise NotImplementedError

    def retranslate_ui(self, translator: Translator) -> None:
        for action, button in self.action_buttons:
            button.setText(translator.gettext(action.text))
        for label, title in self._titles:
            label.setText(f"<b>{translator.gettext(title)}</b>")
        for model in self.models:
            model.retranslate(translator)
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
        for action, button in self.action_buttons:
            button.setEnabled((self._editable or not action.edits)
                              and (not action.on_row or self.selected(action.table) is not None)
                              and (not action.enabled_when or bool(getattr(self, action.enabled_when)())))

    def selected(self, table: str = "") -> Any:
        """The selected row of the table ``table`` (a ListTable's attribute; "" the first table)."""
        view = self._tables.get(table) if table else self.table
        selection = view.selectionModel() if view is not None else None
        rows = selection.selectedRows() if selection is not None else []
        return view.model().row_at(rows[0].row()) if rows else None

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
