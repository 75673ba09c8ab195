"""Every event of the family, newest first: what happened, who did it and when."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from domain.messages import N_
from gui.widgets.column_model import Column, ColumnTableModel
from reports.message_text import event_text
from i18n import Translator


class TimelineTab(QWidget):
    def __init__(self, card) -> None:
        super().__init__(card)
        self.card = card
        self.setObjectName("timeline_tab")
        columns = [
            Column("when", N_("When"), lambda e, tr: tr.format_datetime(e.occurred_at)),
            Column("who", N_("Who"), lambda e, tr: card.user_name(e.actor_login)),
            Column("what", N_("What happened"), lambda e, tr: event_text(e.message, e.params, tr)),
        ]
        self.model = ColumnTableModel(columns, card.i18n, self)
        self.table = QTableView(self)
        self.table.setObjectName("timeline_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def retranslate_ui(self, translator: Translator) -> None:
        self.model.retranslate(translator)

    def set_details(self, details) -> None:
        self.model.set_rows(details.events)

    def set_editable(self, editable: bool) -> None:
        pass

    def texts(self) -> list[str]:
        """What the timeline shows, top to bottom (for tests and screen readers)."""
        return [self.model.data(self.model.index(row, 2)) for row in range(self.model.rowCount())]
