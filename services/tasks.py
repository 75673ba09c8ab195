"""Tasks per family and per worker, and the reminders the data calls for.

``generate_reminders`` is idempotent: each reminder carries a unique ``auto_key`` naming
the fact behind it, so running it twice (or on two seats) never makes a second task,
and open reminders whose fact is settled close themselves.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Iterable, Sequence

from domain.errors import ConflictError, NotFound, RuleViolation
from domain.permissions import Action
from domain.tasks import (ReminderPolicy, TaskKind, TaskListFilter, may_see_all_tasks, parse_auto_key,
                          plan_reminders, standing_key, task_state, validate_task)
from domain.messages import N_
from domain.workload import default_assignee
from services.changes import NOTHING, Changes
from services.context import ServiceContext
from services.dto import WriteResult
from services.records_dto import ReminderSummary, TaskInput, TaskRow, UserRow
from storage.unit_of_work import SqlAlchemyUnitOfWork

TASKS_CHANGED = Changes(tasks=True)


def _policy(uow: SqlAlchemyUnitOfWork) -> ReminderPolicy:
    return ReminderPolicy.from_settings(lambda key: uow.reference.setting(key))


def require_version(uow: SqlAlchemyUnitOfWork, row: dict[str, Any], expected: int | None, what: str) -> None:
    """Optimistic locking for records written with SQL Core (tasks, attachments)."""
    if expected is not None and row["version"] != expected:
        raise ConflictError(what, changed_by=uow.reference.user_name(row["updated_by"]),
                            changed_at=row["updated_at"])


def close_obsolete_reminders(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork,
                             open_tasks: Sequence[tuple[int, str, int]]) -> int:
    """Close the open automatic reminders whose fact no longer stands behind them."""
    ids_by_kind: dict[str, list[int]] = {}
    for _task_id, key, _version in open_tasks:
        parsed = parse_auto_key(key)
        if parsed is not None:
            ids_by_kind.setdefault(parsed[0], []).append(parsed[1])
    facts: list[Any] = []
    loaders: dict[str, Callable[..., Iterable[Any]]] = {
        TaskKind.STATUS_EXPIRY: uow.tasks.status_facts, TaskKind.DOCUMENT_EXPIRY: uow.tasks.document_facts,
        TaskKind.PAYMENT_DUE: uow.tasks.subsidy_facts, TaskKind.NO_CONTACT: uow.tasks.contact_facts}
    for kind, ids in ids_by_kind.items():
        facts.extend(loaders[kind](ids=ids))
    standing = {key for key in map(standing_key, facts) if key}
    now, login = ctx.now(), ctx.actor.login
    closed = 0
    for task_id, key, version in open_tasks:
        if key in standing:
            continue
        if uow.tasks.update(task_id, version, {"done_at": now, "done_by": login, "updated_at": now,
                                               "updated_by": login}):
            uow.audit("update", "task", task_id, {"done_at": None},
                      {"done_at": now.isoformat(), "reason": "settled", "auto_key": key})
            closed += 1
    return closed


class TaskService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- reading ---------------------------------------------------------------------------
    def can_see_all(self) -> bool:
        return may_see_all_tasks(self.ctx.actor.role)

    def ids(self, state: str = TaskListFilter.OPEN, everyone: bool = False,
            family_id: int | None = None) -> list[int]:
        """Ids of the tasks to list: the signed-in worker's, or everyone's for a supervisor."""
        self.ctx.actor.require(Action.VIEW_CASES)
        only_mine = family_id is None and not (everyone and self.can_see_all())
        with self.ctx.reading() as uow:
            return uow.tasks.ids(today=self.ctx.today(), state=state, assignee_id=self.ctx.actor.user_id,
                                 family_id=family_id, only_assigned=only_mine)

    def rows(self, ids: Sequence[int]) -> list[TaskRow]:
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            policy = _policy(uow)
            return [self._row(r, policy) for r in uow.tasks.rows(list(ids))]

    def family_tasks(self, family_id: int) -> list[TaskRow]:
        """A family's tasks, open ones first (a short list: the card shows it whole)."""
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            policy = _policy(uow)
            today = self.ctx.today()
            ids = uow.tasks.ids(today=today, state=TaskListFilter.OPEN, family_id=family_id)
            ids += uow.tasks.ids(today=today, state=TaskListFilter.DONE, family_id=family_id)
            return [self._row(r, policy) for r in uow.tasks.rows(ids)]

    def _row(self, r: dict[str, Any], policy: ReminderPolicy) -> TaskRow:
        return TaskRow(
            id=r["id"], family_id=r["family_id"], case_number=r["case_number"] or "", head_name=r["head_name"],
            assignee_id=r["assignee_id"], assignee_name=r["assignee_name"], kind=r["kind"], title=r["title"],
            params=dict(r["params"] or {}), due_date=r["due_date"], done_at=r["done_at"], done_by=r["done_by"],
            auto_key=r["auto_key"], state=task_state(r["due_date"], r["done_at"] is not None, self.ctx.today(),
                                                     policy.due_soon_days),
            version=r["version"], updated_at=r["updated_at"], updated_by=r["updated_by"])

    def users(self) -> list[UserRow]:
        with self.ctx.reading() as uow:
            return [UserRow(u["id"], u["login"], u["display_name"], u["role"]) for u in uow.tasks.users()]

    # --- writing ---------------------------------------------------------------------------
    def add_task(self, data: TaskInput) -> WriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        title = validate_task(data.title, data.due_date, self.ctx.today())
        with self.ctx.uow() as uow:
            family = uow.families.get(data.family_id) if data.family_id is not None else None
            if data.family_id is not None and family is None:
                raise NotFound("family", data.family_id)
            now, login = self.ctx.now(), self.ctx.actor.login
            assignee = default_assignee(data.assignee_id, family.responsible_user_id if family else None,
                                        self.ctx.actor.user_id)
            values: dict[str, Any] = {"family_id": data.family_id, "assignee_id": assignee,
                      "kind": TaskKind.MANUAL, "title": title, "params": {}, "due_date": data.due_date,
                      "created_at": now, "created_by": login, "updated_at": now, "updated_by": login, "version": 1}
            task_id = uow.tasks.insert(values)
            uow.audit("insert", "task", task_id, None, {k: v for k, v in values.items() if k != "params"})
            if data.family_id is not None:
                uow.families.add_event(data.family_id, "task", N_("Task added: {title}"), {"title": title},
                                       login, now)
            uow.commit()
            return WriteResult(task_id, TASKS_CHANGED, (), "", 1)

    def _task(self, uow: SqlAlchemyUnitOfWork, task_id: int, expected_version: int | None) -> dict[str, Any]:
        row = uow.tasks.get(task_id)
        if row is None:
            raise NotFound("task", task_id)
        require_version(uow, row, expected_version, "task")
        return row

    def _write(self, uow: SqlAlchemyUnitOfWork, row: dict[str, Any], values: dict[str, Any]) -> int:
        now, login = self.ctx.now(), self.ctx.actor.login
        if not uow.tasks.update(row["id"], row["version"], {**values, "updated_at": now, "updated_by": login}):
            fresh = uow.tasks.get(row["id"]) or row
            raise ConflictError("task", changed_by=uow.reference.user_name(fresh["updated_by"]),
                                changed_at=fresh["updated_at"])
        uow.audit("update", "task", row["id"], {k: _plain(row[k]) for k in values}, {k: _plain(v) for k, v in values.items()})
        return int(row["version"]) + 1

    def update_task(self, task_id: int, expected_version: int | None, data: TaskInput) -> WriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            row = self._task(uow, task_id, expected_version)
            values: dict[str, Any] = {"assignee_id": data.assignee_id, "due_date": data.due_date}
            if row["kind"] == TaskKind.MANUAL:  # a reminder's text comes from its rule
                values["title"] = validate_task(data.title, data.due_date, self.ctx.today())
            version = self._write(uow, row, values)
            uow.commit()
            return WriteResult(task_id, TASKS_CHANGED, (), "", version)

    def set_done(self, task_id: int, expected_version: int | None, done: bool = True) -> WriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            row = self._task(uow, task_id, expected_version)
            now = self.ctx.now()
            values = {"done_at": now if done else None, "done_by": self.ctx.actor.login if done else None}
            version = self._write(uow, row, values)
            if row["family_id"] is not None:
                message = N_("Task done: {title}") if done else N_("Task reopened: {title}")
                uow.families.add_event(row["family_id"], "task", message,
                                       {"title": row["title"], "title_params": row["params"] or {}},
                                       self.ctx.actor.login, now)
            uow.commit()
            return WriteResult(task_id, TASKS_CHANGED | Changes(families=row["family_id"] is not None), (),
                               "", version)

    def delete_task(self, task_id: int, expected_version: int | None) -> WriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            row = self._task(uow, task_id, expected_version)
            if row["auto_key"] is not None:
                raise RuleViolation("delete_reminder", N_(
                    "A reminder made from the data cannot be deleted; mark it done instead."))
            if not uow.tasks.delete(task_id, row["version"]):
                raise ConflictError("task", changed_by=uow.reference.user_name(row["updated_by"]),
                                    changed_at=row["updated_at"])
            uow.audit("delete", "task", task_id, {"title": row["title"]}, None)
            uow.commit()
            return WriteResult(task_id, TASKS_CHANGED, (), "", row["version"])

    # --- reminders ---------------------------------------------------------------------------
    def generate_reminders(self, today: dt.date | None = None) -> ReminderSummary:
        """Create the reminders today's data calls for and close those it no longer does."""
        self.ctx.actor.require(Action.EDIT_CASES)
        today = today or self.ctx.today()
        try:
            return self._generate(today)
        except RuleViolation as error:
            if error.rule != "integrity":
                raise
            return self._generate(today)  # another seat made the same reminder meanwhile: once more

    def _generate(self, today: dt.date) -> ReminderSummary:
        with self.ctx.uow() as uow:
            policy = _policy(uow)
            repo = uow.tasks

            def window(days: int) -> tuple[dt.date, dt.date]:
                return today - dt.timedelta(days=days), today + dt.timedelta(days=days)

            planned = plan_reminders(
                today, policy,
                statuses=repo.status_facts(window=window(policy.status_days)),
                documents=repo.document_facts(window=window(policy.document_days)),
                subsidies=repo.subsidy_facts(due_by=today + dt.timedelta(days=policy.payment_days)),
                contacts=repo.contact_facts(silent_since=today - dt.timedelta(days=policy.contact_days)))
            existing = repo.existing_keys(planned)
            new = [reminder for key, reminder in planned.items() if key not in existing]
            assignees = repo.responsible_users(r.family_id for r in new)
            now, login = self.ctx.now(), self.ctx.actor.login
            ids = repo.insert_reminders([
                {"family_id": reminder.family_id, "assignee_id": assignees.get(reminder.family_id),
                 "kind": reminder.kind, "title": reminder.title, "params": reminder.params,
                 "due_date": reminder.due_date, "auto_key": reminder.auto_key, "created_at": now,
                 "created_by": login, "updated_at": now, "updated_by": login, "version": 1} for reminder in new])
            for reminder in new:
                uow.audit("insert", "task", ids[reminder.auto_key], None,
                          {"auto_key": reminder.auto_key, "due_date": _plain(reminder.due_date)})
            refreshed = self._refresh_params(uow, planned, existing)
            closed = close_obsolete_reminders(self.ctx, uow, repo.open_auto_tasks())
            uow.commit()
            changed = TASKS_CHANGED if (new or closed or refreshed) else NOTHING
            return ReminderSummary(len(new), closed, changed)

    def _refresh_params(self, uow: SqlAlchemyUnitOfWork, planned: dict[str, Any], existing: set[str]) -> int:
        """Keep an open reminder's sentence true: a part payment lowers the amount still due."""
        refreshed = 0
        now, login = self.ctx.now(), self.ctx.actor.login
        for key, task in uow.tasks.open_by_keys(existing).items():
            params = planned[key].params
            if task["params"] != params and uow.tasks.update(
                    task["id"], task["version"], {"params": params, "updated_at": now, "updated_by": login}):
                uow.audit("update", "task", task["id"], {"params": task["params"]}, {"params": params})
                refreshed += 1
        return refreshed


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value
