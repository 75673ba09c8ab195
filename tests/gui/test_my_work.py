""""My work" through real widgets: the first screen of a case worker, a click from each card."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from domain.permissions import Actor, Role
from domain.workload import WorkSection
from services.dto import FamilyInput, PersonInput
from services.records_dto import TaskInput
from services.workload import UNASSIGNED
from tests.gui.shell_fixtures import make_window, wait_idle
from tests.services.test_task_service import add_user

pytestmark = pytest.mark.gui
TODAY = dt.date(2026, 11, 25)


def _register(services, surname: str) -> int:
    return services.registration.register_family(FamilyInput(
        members=(PersonInput(surname, "Ерлан", birth_date=dt.date(1985, 1, 2), sex="M"),),
        arrival_date=dt.date(2026, 3, 1), origin_country_code="CN", region_code="PAVLODAR"),
        confirm_duplicates=True).id


@pytest.fixture
def worker(services):
    user_id = add_user(services.engine, "aigerim", Role.CASE_WORKER)
    signed_in = services.for_actor(Actor(user_id, "aigerim", Role.CASE_WORKER, "Aigerim"))
    late = _register(signed_in, "Әлиев")
    signed_in.tasks.add_task(TaskInput(family_id=late, title="Visit the family", due_date=TODAY - dt.timedelta(days=2)))
    signed_in.tasks.add_task(TaskInput(family_id=late, title="Call about school", due_date=TODAY + dt.timedelta(days=1)))
    return signed_in, late


def test_case_worker_starts_on_my_work_and_opens_a_card_from_it(qtbot, worker):
    services, late = worker
    window = make_window(qtbot, services)
    view = window.screen("my_work")
    assert window.stack.currentWidget() is view
    qtbot.waitUntil(lambda: len(view.lines(WorkSection.OVERDUE_TASKS)) == 1, timeout=10000)
    wait_idle(qtbot, window)
    overdue, = view.lines(WorkSection.OVERDUE_TASKS)
    assert overdue.text(3) == "Visit the family" and overdue.toolTip(3) == "Visit the family"
    assert overdue.foreground(2).color().red() > 150  # an overdue date is red
    assert [line.text(3) for line in view.lines(WorkSection.WEEK_TASKS)] == ["Call about school"]
    assert not view.worker_edit.isVisible()  # a case worker sees only their own day
    view.tree.setCurrentItem(overdue)
    with qtbot.waitSignal(view.family_opened, timeout=5000) as opened:
        qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    assert opened.args == [late]


def test_supervisor_looks_at_a_worker_and_at_the_unassigned(qtbot, worker):
    services, late = worker
    boss_id = add_user(services.engine, "sara", Role.SUPERVISOR)
    boss = services.for_actor(Actor(boss_id, "sara", Role.SUPERVISOR, "Sara"))
    boss.tasks.add_task(TaskInput(title="Nobody's yet", due_date=TODAY))

    with services.engine.begin() as connection:
        from storage import tables
        connection.execute(tables.task.update().where(tables.task.c.title == "Nobody's yet").values(assignee_id=None))
    window = make_window(qtbot, boss)
    view = window.screen("my_work")
    window.show_screen("my_work")
    qtbot.waitUntil(lambda: view.worker_edit.count() >= 3, timeout=10000)
    assert view.worker_edit.isVisible()
    view.worker_edit.setCurrentIndex(view.worker_edit.findData(services.actor.user_id))
    qtbot.waitUntil(lambda: len(view.lines(WorkSection.OVERDUE_TASKS)) == 1, timeout=10000)
    view.worker_edit.setCurrentIndex(view.worker_edit.findData(UNASSIGNED))
    qtbot.waitUntil(lambda: [line.text(3) for line in view.lines(WorkSection.WEEK_TASKS)] == ["Nobody's yet"],
                    timeout=10000)
    wait_idle(qtbot, window)


def test_an_empty_day_says_why(qtbot, services):
    user_id = add_user(services.engine, "bolat", Role.CASE_WORKER)
    window = make_window(qtbot, services.for_actor(Actor(user_id, "bolat", Role.CASE_WORKER)))
    view = window.screen("my_work")
    qtbot.waitUntil(lambda: view.empty_label.isVisible(), timeout=10000)
    assert view.tree.topLevelItemCount() == 0 and "Nothing is due" in view.empty_label.text()
    wait_idle(qtbot, window)
