"""Audit entries as an id-based lazy model: the ids come sorted and filtered from SQL,
rows are fetched a page at a time as they become visible."""
from __future__ import annotations

from typing import Callable, Sequence

from domain.messages import N_
from gui.widgets.column_model import Column, PagedColumnTableModel
from i18n import Translator
from services.dto_admin import AuditRow

ACTION_LABELS = {"insert": N_("created"), "update": N_("changed"), "delete": N_("deleted"),
                 "login": N_("signed in"), "login_failed": N_("failed sign-in"), "logout": N_("signed out"),
                 "backup": N_("backup"), "restore": N_("restore"), "export": N_("export"), "report": N_("report"),
                 "import": N_("import"), "demo": N_("demo data")}


def _action_text(entry: AuditRow, tr: Translator) -> str:
    label = ACTION_LABELS.get(entry.action)
    return tr.gettext(label) if label else entry.action


AUDIT_COLUMNS = (
    Column("id", N_("No."), lambda e, tr: str(e.id)),
    Column("occurred_at", N_("When"), lambda e, tr: tr.format_datetime(e.occurred_at)),
    Column("actor_login", N_("User"), lambda e, tr: e.actor_login),
    Column("action", N_("Action"), _action_text),
    Column("record", N_("Record"), lambda e, tr: f"{e.entity} {e.entity_id}" if e.entity_id else e.entity),
)
COLUMNS = tuple(column.key for column in AUDIT_COLUMNS)
SORT_FOR_COLUMN = {"id": "id", "occurred_at": "occurred_at", "actor_login": "actor_login", "action": "action",
                   "record": "entity"}


class AuditTableModel(PagedColumnTableModel):
    show_tooltips = False

    def __init__(self, fetch_rows: Callable[[Sequence[int]], list[AuditRow]], translator: Translator,
                 parent=None, *, jobs) -> None:
        super().__init__(AUDIT_COLUMNS, fetch_rows, translator, parent, jobs=jobs)

    entry = PagedColumnTableModel.row_at
