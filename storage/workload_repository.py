"""Who is responsible for what, and one worker's due work, selected in SQL.

``worker_id=None`` means the unassigned: families without a responsible worker and tasks
without an assignee (what a supervisor hands out).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.stages import FINISHED
from domain.workload import WorkWindows
from storage import tables

t_task, t_family, t_person = tables.task, tables.family, tables.person
t_status, t_item, t_payment, t_inclusion = (tables.kandas_status, tables.subsidy_item, tables.payment,
                                            tables.quota_inclusion)
LIMIT = 1000  # a section longer than this is a supervisor's problem, not a day's list
CHUNK = 500


def _is(column, worker_id: int | None):
    return column.is_(None) if worker_id is None else column == worker_id


class WorkloadRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- "My work" ---------------------------------------------------------------------
    def due_task_ids(self, worker_id: int | None, windows: WorkWindows) -> list[int]:
        """Open tasks of the worker due by the end of the week (overdue ones included), earliest first."""
        query = (sa.select(t_task.c.id)
                 .where(t_task.c.done_at.is_(None), _is(t_task.c.assignee_id, worker_id),
                        t_task.c.due_date <= windows.week_end)
                 .order_by(t_task.c.due_date, t_task.c.id).limit(LIMIT))
        return list(self.session.scalars(query))

    def expiring_statuses(self, worker_id: int | None, windows: WorkWindows) -> list[dict]:
        """Current kandas statuses in the worker's families that end between today and the window's end."""
        later = sa.alias(t_status)
        superseded = sa.exists().where(later.c.person_id == t_status.c.person_id, later.c.id > t_status.c.id,
                                       later.c.decision != "refused")
        query = (sa.select(t_family.c.id.label("family_id"), t_family.c.case_number, t_family.c.head_name,
                           t_person.c.surname, t_person.c.given_name, t_person.c.patronymic,
                           t_status.c.valid_until.label("day"))
                 .join(t_person, t_person.c.id == t_status.c.person_id)
                 .join(t_family, t_family.c.id == t_person.c.family_id)
                 .where(_is(t_family.c.responsible_user_id, worker_id), t_status.c.decision == "granted",
                        t_status.c.ended_on.is_(None), t_status.c.valid_until >= windows.today,
                        t_status.c.valid_until <= windows.status_until, ~superseded,
                        t_family.c.stage.not_in(sorted(FINISHED)))
                 .order_by(t_status.c.valid_until, t_family.c.id).limit(LIMIT))
        return [row._asdict() for row in self.session.execute(query)]

    def payments_due(self, worker_id: int | None, windows: WorkWindows) -> list[dict]:
        """Unpaid subsidy items of the worker's families due within the window (overdue ones first)."""
        paid = sa.func.coalesce(sa.select(sa.func.sum(t_payment.c.amount))
                                .where(t_payment.c.subsidy_item_id == t_item.c.id).scalar_subquery(), 0)
        query = (sa.select(t_family.c.id.label("family_id"), t_family.c.case_number, t_family.c.head_name,
                           t_item.c.kind, t_item.c.due_date.label("day"), t_item.c.amount_due, paid.label("paid"))
                 .join(t_inclusion, t_inclusion.c.id == t_item.c.inclusion_id)
                 .join(t_family, t_family.c.id == t_inclusion.c.family_id)
                 .where(_is(t_family.c.responsible_user_id, worker_id), t_inclusion.c.cancelled_on.is_(None),
                        t_item.c.due_date <= windows.payments_until, t_item.c.amount_due > paid)
                 .order_by(t_item.c.due_date, t_item.c.id).limit(LIMIT))
        rows = []
        for row in self.session.execute(query):
            values = row._asdict()
            values["remaining"] = Decimal(values.pop("amount_due")) - Decimal(values.pop("paid"))
            rows.append(values)
        return rows

    def silent_families(self, worker_id: int | None, windows: WorkWindows) -> list[dict]:
        """Open cases of the worker with no contact recorded since ``silent_since`` (longest silent first)."""
        since = windows.silent_since
        # a date and a timestamp: PostgreSQL widens the date, SQLite compares the ISO texts
        last = sa.func.coalesce(sa.cast(t_family.c.last_contact_date, sa.DateTime), t_family.c.created_at)
        query = (sa.select(t_family.c.id.label("family_id"), t_family.c.case_number, t_family.c.head_name,
                           t_family.c.last_contact_date.label("day"), t_family.c.created_at)
                 .where(_is(t_family.c.responsible_user_id, worker_id), t_family.c.stage.not_in(sorted(FINISHED)),
                        sa.or_(t_family.c.last_contact_date <= since,
                               sa.and_(t_family.c.last_contact_date.is_(None),
                                       t_family.c.created_at < dt.datetime.combine(since + dt.timedelta(days=1),
                                                                                   dt.time()))))
                 .order_by(last, t_family.c.id).limit(LIMIT))
        rows = []
        for row in self.session.execute(query):
            values = row._asdict()
            created = values.pop("created_at")
            values["day"] = values["day"] or (created.date() if created else None)
            rows.append(values)
        return rows

    # --- responsibility ------------------------------------------------------------------
    def responsible(self, family_ids: Sequence[int]) -> dict[int, tuple[int | None, int]]:
        """family id → (responsible worker, version) for those that exist."""
        found: dict[int, tuple[int | None, int]] = {}
        for start in range(0, len(family_ids), CHUNK):
            chunk = list(family_ids[start:start + CHUNK])
            query = sa.select(t_family.c.id, t_family.c.responsible_user_id, t_family.c.version).where(
                t_family.c.id.in_(chunk))
            found.update((row.id, (row.responsible_user_id, row.version)) for row in self.session.execute(query))
        return found

    def set_responsible(self, family_id: int, version: int, worker_id: int | None, at: dt.datetime,
                        login: str) -> bool:
        result = self.session.execute(
            t_family.update().where(t_family.c.id == family_id, t_family.c.version == version)
            .values(responsible_user_id=worker_id, version=t_family.c.version + 1, updated_at=at, updated_by=login))
        return result.rowcount == 1

    def move_open_tasks(self, family_id: int, old_worker: int | None, new_worker: int | None,
                        at: dt.datetime, login: str) -> list[int]:
        """Hand the family's open tasks that followed the old worker (or nobody) to the new one;
        a task someone gave to a colleague on purpose stays with that colleague."""
        condition = sa.and_(t_task.c.family_id == family_id, t_task.c.done_at.is_(None),
                            sa.or_(t_task.c.assignee_id.is_(None), _is(t_task.c.assignee_id, old_worker)))
        # One UPDATE that re-checks "still open" under the row lock: a task another seat marked done
        # while this hand-over ran keeps who it was done by (PostgreSQL re-evaluates the WHERE after
        # waiting for the other seat's commit).
        moved = self.session.execute(t_task.update().where(condition).values(
            assignee_id=new_worker, version=t_task.c.version + 1, updated_at=at, updated_by=login)
            .returning(t_task.c.id))
        return sorted(moved.scalars())

    def open_tasks_of(self, family_ids: Sequence[int]) -> list[dict]:
        """Open tasks of these families: id, family, title and version (for a bulk close)."""
        rows = []
        for start in range(0, len(family_ids), CHUNK):
            chunk = list(family_ids[start:start + CHUNK])
            query = (sa.select(t_task.c.id, t_task.c.family_id, t_task.c.title, t_task.c.params, t_task.c.version)
                     .where(t_task.c.family_id.in_(chunk), t_task.c.done_at.is_(None)).order_by(t_task.c.id))
            rows.extend(row._asdict() for row in self.session.execute(query))
        return rows
