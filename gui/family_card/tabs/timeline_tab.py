"""Every event of the family, newest first: what happened, who did it and when.

Two sources in one list: the family's own events ("Stage changed …") and every recorded change of
its records from the audit log, worded by the same formatter as the audit screen
(services.history_text), so that a change reads the same in both places.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget

from domain.messages import N_
from gui.widgets.column_model import Column, ColumnTableModel
from gui.widgets.tables import row_table
from reports.message_text import event_text
from gui.family_card.card_context import CardContext, FamilyRead, SharedReadSection
from i18n import Translator
from services import history_text


@dataclass(frozen=True)
class TimelineRow:
    occurred_at: Any
    actor_login: str
    text: Callable[[Translator], str]
    tooltip: Callable[[Translator], str] | None = None
    event_first: int = 1  # at the same moment, the family's event before the audit lines that made it


def _event_row(event) -> TimelineRow:
    return TimelineRow(event.occurred_at, event.actor_login, lambda tr: event_text(event.message, event.params, tr))


def _history_row(entry, family_id: int) -> TimelineRow:
    # on the family's own card its case number need not repeat on every line
    return TimelineRow(entry.occurred_at, entry.actor_login,
                       lambda tr: history_text.sentence(entry, tr, within=family_id), event_first=0)


class TimelineTab(SharedReadSection, QWidget):
    def __init__(self, ctx: CardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("timeline_tab")
        self._events: list[TimelineRow] = []
        self._history: list[TimelineRow] = []
        columns = [
            Column("when", N_("When"), lambda e, tr: tr.format_datetime(e.occurred_at)),
            Column("who", N_("Who"), lambda e, tr: ctx.user_name(e.actor_login)),
            Column("what", N_("What happened"), lambda e, tr: e.text(tr)),
        ]
        self.model = ColumnTableModel(columns, ctx.i18n, self)
        self.table = row_table(self, self.model, "timeline_table")
        self.table.setWordWrap(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def retranslate_ui(self, translator: Translator) -> None:
        self.model.retranslate(translator)

    # --- the CardTab protocol (gui.screens), shown from the card's shared read ---
    def show_read(self, read: FamilyRead) -> None:
        self._events = [_event_row(event) for event in read.details.events]
        # the audit log's entries about the family, read in the card's one read job
        self._history = [_history_row(entry, self.ctx.family_id) for entry in read.history]
        self._show()

    def _show(self) -> None:
        rows = sorted(self._events + self._history, key=lambda r: (r.occurred_at, r.event_first), reverse=True)
        self.model.set_rows(rows)

    def set_editable(self, editable: bool) -> None:
        pass

    def texts(self) -> list[str]:
        """What the timeline shows, top to bottom (for tests and screen readers)."""
        return [self.model.data(self.model.index(row, 2)) for row in range(self.model.rowCount())]

    def history_loaded(self) -> bool:
        return bool(self._history)
