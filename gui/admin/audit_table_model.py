"""Audit entries as an id-based lazy model: the ids come sorted and filtered from SQL, entries are
fetched a page at a time as they become visible, with their names resolved (services.history) and
put into words by the one history formatter (services.history_text)."""
from __future__ import annotations

from typing import Callable, Sequence

from domain.messages import N_
from gui.widgets.column_model import Column, PagedColumnTableModel
from i18n import Translator
from services import history_text
from services.history import HistoryEntry

AUDIT_COLUMNS = (
    Column("id", N_("No."), lambda e, tr: str(e.id)),
    Column("occurred_at", N_("When"), lambda e, tr: tr.format_datetime(e.occurred_at)),
    Column("actor_login", N_("User"), lambda e, tr: history_text.user(e.actor_login, e)),
    Column("action", N_("Action"), history_text.action),
    Column("record", N_("Record"), history_text.subject),
    Column("details", N_("Details"), history_text.summary),
)
COLUMNS = tuple(column.key for column in AUDIT_COLUMNS)
SORT_FOR_COLUMN = {"id": "id", "occurred_at": "occurred_at", "actor_login": "actor_login", "action": "action",
                   "record": "entity", "details": "id"}


class AuditTableModel(PagedColumnTableModel):
    show_tooltips = True  # the details column is long: its whole text in the tooltip

    def __init__(self, fetch_rows: Callable[[Sequence[int]], list[HistoryEntry]], translator: Translator,
                 parent=None, *, jobs) -> None:
        super().__init__(AUDIT_COLUMNS, fetch_rows, translator, parent, jobs=jobs)

    entry = PagedColumnTableModel.row_at
