"""How a list of tasks shows: its columns and colours (the family card and the Tasks screen)."""
from __future__ import annotations

from domain.messages import N_
from domain.tasks import TaskState
from reports.message_text import kind_label, task_text
from gui.widgets.column_model import Column
from gui.widgets.rows_model import MUTED_COLOUR, OVERDUE_COLOUR
from services.records_dto import TaskRow


def task_colour(task: TaskRow):
    if task.state == TaskState.OVERDUE:
        return OVERDUE_COLOUR
    if task.state == TaskState.DONE:
        return MUTED_COLOUR
    return None


def task_columns(with_family: bool) -> list[Column]:
    columns = [
        Column("due_date", N_("Due date"), lambda t, tr: tr.format_date(t.due_date)),
        Column("state", N_("State"), lambda t, tr: tr.gettext(TaskState.LABELS[t.state])),
        Column("title", N_("Task"), lambda t, tr: task_text(t, tr)),
        Column("assignee", N_("Assigned to"), lambda t, tr: t.assignee_name),
        Column("kind", N_("Kind"), lambda t, tr: kind_label(t.kind, tr)),
        Column("done", N_("Completed on"), lambda t, tr: f"{tr.format_datetime(t.done_at)} {t.done_by or ''}".strip()),
    ]
    if with_family:
        columns[2:2] = [Column("case_number", N_("Case"), lambda t, tr: t.case_number),
                        Column("head", N_("Head of family"), lambda t, tr: t.head_name)]
    return columns


HIGHLIGHTED_COLUMNS = ("due_date", "state")
