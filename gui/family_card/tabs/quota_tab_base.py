"""What the quota area's family-card tabs share: loading through a job, tables, form dialogs."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from gui.jobs import Latest
from gui.quotas.common import fit_columns, make_table
from gui.forms.form_dialog import FormDialog, FormHost
from gui.quotas.row_model import RowTableModel
from i18n import Translator
from services.changes import Changes


class FamilyTab(FormHost, QWidget):
    """Subclasses define ``load(services)`` (worker thread) and ``show_data(data)`` (GUI thread).

    On a family card (``hosted``) ``ctx`` is the card's CardContext: the card's one read job calls
    ``load`` and ``show_loaded``, and the members come from its shared read. Built alone (``ctx``
    a ScreenContext) the tab reads them itself and loads once the event loop runs."""

    loaded = Signal()
    cares_about: tuple[str, ...] = ()

    def __init__(self, ctx, family_id: int, parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.family_id = ctx, family_id
        self.services, self.jobs, self.i18n = ctx.services, ctx.jobs, ctx.translator
        self.data: Any = None
        self.hosted = False  # set by the family card right after building the tab
        self.last_dialog: FormDialog | None = None
        self._latest = Latest()
        self._buttons: list[tuple[QPushButton, str]] = []
        self._titles: list[tuple[QLabel, str]] = []
        self.models: list[RowTableModel] = []
        self.layout_ = QVBoxLayout(self)
        self.button_row = QHBoxLayout()
        self.layout_.addLayout(self.button_row)

    # --- building ---------------------------------------------------------------------
    def add_button(self, name: str, text: str, slot, action: str | None = None) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        if action is not None and not self.services.actor.can(action):
            button.setVisible(False)
        self.button_row.addWidget(button)
        self._buttons.append((button, text))
        return button

    def add_table(self, title: str, columns, name: str, alarm=None):
        label = QLabel(self)
        label.setObjectName(f"{name}_title")
        self._titles.append((label, title))
        model = RowTableModel(columns, self.i18n, self, alarm=alarm)
        table = make_table(self, model, name)
        self.models.append(model)
        self.layout_.addWidget(label)
        self.layout_.addWidget(table, 1)
        return model, table

    def finish(self) -> None:
        self.button_row.addStretch(1)
        self.retranslate_ui(self.i18n)
        QTimer.singleShot(0, self, self._load_alone)

    def _load_alone(self) -> None:
        if not self.hosted:
            self.refresh()

    def set_editable(self, editable: bool) -> None:
        """Buttons follow the actor's permissions (set when built); nothing more to switch here."""

    # --- behaviour ----------------------------------------------------------------------
    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        for button, text in self._buttons:
            button.setText(translator._(text))
        for label, text in self._titles:
            label.setText(f"<b>{translator._(text)}</b>")
        for model in self.models:
            model.retranslate(translator)
        if self.data is not None:
            self.show_data(self.data)

    def refresh(self) -> None:
        services, family_id = self.services, self.family_id
        self.jobs.run(lambda _progress: self.load(services, family_id), on_success=self._latest.wrap(self.show_loaded))

    def show_loaded(self, data) -> None:
        self.data = data
        self.show_data(data)
        for table in self.findChildren(QTableView):
            fit_columns(table)
        self.loaded.emit()

    def on_changes(self, changes: Changes, initiator) -> None:
        if not self.hosted and initiator is not self and any(getattr(changes, flag) for flag in self.cares_about):
            self.refresh()

    def _on_form_submitted(self, _result) -> None:
        if not self.hosted:  # on a card, the card reloads every tab after the write
            self.refresh()

    def read_members(self, services, family_id: int):
        """Worker thread: the family's members, unless the card's shared read brings them."""
        return () if self.hosted else services.cases.details(family_id).members

    def members(self):
        """The family's members: the card's shared read on a card, this tab's own read alone."""
        if self.hosted and self.ctx.details is not None:
            return self.ctx.details.members
        return self.data[0] if self.data else ()

    def load(self, services, family_id: int):  # pragma: no cover - abstract
        raise NotImplementedError

    def show_data(self, data) -> None:  # pragma: no cover - abstract
        raise NotImplementedError
