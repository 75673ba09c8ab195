"""A worker's day ("My work") and handing families from one worker to another.

Reads take a worker: the signed-in one for a case worker; a supervisor may name any worker
or ``None`` for the unassigned. Writes work on many families in one transaction: either
every selected family changes or none does.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Sequence

from domain.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from domain.messages import N_
from domain.permissions import Action
from domain.workload import WorkSection, may_reassign, task_section, work_windows
from services.changes import Changes
from services.context import ServiceContext

UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class WorkItem:
    """One line of "My work": a family, the date that matters and what is due."""
    section: str
    family_id: int | None
    case_number: str
    head_name: str
    day: dt.date | None
    detail: str = ""          # a task's title, a member's name
    kind: str = ""            # a task's kind (domain.tasks.TaskKind) or a subsidy's (domain.subsidies)
    detail_params: dict[str, Any] = field(default_factory=dict)
    amount: Decimal | None = None
    task_id: int | None = None


@dataclass(frozen=True)
class WorkSummary:
    worker_id: int | None
    today: dt.date
    items: tuple[WorkItem, ...]

    def section(self, key: str) -> list[WorkItem]:
        return [item for item in self.items if item.section == key]


@dataclass(frozen=True)
class BulkResult:
    count: int  # families (or tasks) changed
    changes: Changes


class WorkloadService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def can_reassign(self) -> bool:
        return may_reassign(self.ctx.actor.role)

    def _worker(self, worker_id: int | str | None) -> int | None:
        """Whose work to read: a case worker always reads their own."""
        own = self.ctx.actor.user_id
        if worker_id is None or not self.can_reassign():
            return own
        return None if worker_id == UNASSIGNED else int(worker_id)

    def my_work(self, worker_id: int | str | None = None, today: dt.date | None = None) -> WorkSummary:
        """Overdue and this week's tasks, statuses ending within 60 days, payments due and
        families silent for 90 days, of one worker (``UNASSIGNED``: of nobody)."""
        self.ctx.actor.require(Action.VIEW_CASES)
        worker = self._worker(worker_id)
        today = today or self.ctx.today()
        windows = work_windows(today)
        with self.ctx.reading() as uow:
            repo = uow.workload
            items: list[WorkItem] = []
            for task in uow.tasks.rows(repo.due_task_ids(worker, windows)):
                section = task_section(task["due_date"], today)
                if section is None:
                    continue
                items.append(WorkItem(section, task["family_id"], task["case_number"] or "", task["head_name"],
                                      task["due_date"], task["title"], task["kind"], dict(task["params"] or {}),
                                      task_id=task["id"]))
            for row in repo.expiring_statuses(worker, windows):
                name = " ".join(part for part in (row["surname"], row["given_name"], row["patronymic"]) if part)
                items.append(WorkItem(WorkSection.STATUS_EXPIRING, row["family_id"], row["case_number"],
                                      row["head_name"], row["day"], name))
            for row in repo.payments_due(worker, windows):
                items.append(WorkItem(WorkSection.PAYMENTS_DUE, row["family_id"], row["case_number"],
                                      row["head_name"], row["day"], kind=row["kind"], amount=row["remaining"]))
            for row in repo.silent_families(worker, windows):
                items.append(WorkItem(WorkSection.NO_CONTACT, row["family_id"], row["case_number"],
                                      row["head_name"], row["day"]))
        order = {key: index for index, key in enumerate(WorkSection.ALL)}
        items.sort(key=lambda item: order[item.section])  # stable: each section keeps its SQL order
        return WorkSummary(worker, today, tuple(items))

    # --- writes ----------------------------------------------------------------------------
    def reassign(self, family_ids: Sequence[int], worker_id: int | None) -> BulkResult:
        """Make ``worker_id`` responsible for the families (``None``: nobody); their open tasks
        that followed the old worker follow the new one. All or nothing."""
        self.ctx.actor.require(Action.EDIT_CASES)
        if not self.can_reassign():
            raise PermissionDenied(Action.EDIT_CASES)
        ids = list(dict.fromkeys(family_ids))
        with self.ctx.uow() as uow:
            if worker_id is not None and worker_id not in {w["id"] for w in uow.workers.list(False)}:
                raise ValidationError("responsible_user_id", N_("Choose an active worker."))
            current = uow.workload.responsible(ids)
            missing = [i for i in ids if i not in current]
            if missing:
                raise NotFound("family", missing[0])
            now, login = self.ctx.now(), self.ctx.actor.login
            changed = 0
            for family_id in sorted(ids):  # in id order: two bulk writers never hold each other's next family
                old, version = current[family_id]
                if old == worker_id:
                    continue
                if not uow.workload.set_responsible(family_id, version, worker_id, now, login):
                    raise ConflictError("family", changed_by="", changed_at="")
                uow.audit("update", "family", family_id, {"responsible_user_id": old},
                          {"responsible_user_id": worker_id})
                moved = uow.workload.move_open_tasks(family_id, old, worker_id, now, login)
                for task_id in moved:
                    uow.audit("update", "task", task_id, None, {"assignee_id": worker_id})
                uow.families.add_event(family_id, "responsible", N_("Responsible worker changed."), {},
                                       login, now)
                changed += 1
            uow.commit()
        return BulkResult(changed, Changes(families=True, tasks=True))

    def close_tasks(self, family_ids: Sequence[int]) -> BulkResult:
        """Mark every open task of the families done (reminders too: a reminder whose fact still
        stands comes back at the next check only if it has a new key, so this is a deliberate act)."""
        self.ctx.actor.require(Action.EDIT_CASES)
        ids = list(dict.fromkeys(family_ids))
        with self.ctx.uow() as uow:
            now, login = self.ctx.now(), self.ctx.actor.login
            # family by family in id order, as a reassignment goes: the family row, then its tasks
            tasks = sorted(uow.workload.open_tasks_of(ids), key=lambda task: (task["family_id"], task["id"]))
            for task in tasks:
                if not uow.tasks.update(task["id"], task["version"], {"done_at": now, "done_by": login,
                                                                       "updated_at": now, "updated_by": login}):
                    raise ConflictError("task", changed_by="", changed_at="")
                uow.audit("update", "task", task["id"], {"done_at": None}, {"done_at": now.isoformat()})
                uow.families.add_event(task["family_id"], "task", N_("Task done: {title}"),
                                       {"title": task["title"], "title_params": task["params"] or {}}, login, now)
            uow.commit()
        return BulkResult(len(tasks), Changes(families=bool(tasks), tasks=bool(tasks)))
