"""Opening a family card is one read job of at most 8 units of work; saving a member at most 6.

Counted by a hook on every unit of work entered (storage.unit_of_work.ENTER_HOOKS), on any thread,
and by recording the jobs the window's runner starts."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QLineEdit

from tests.gui.test_family_card import family_id, window  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui

MAX_UNITS_TO_OPEN = 2  # the card's one shared read and the view log's row (issue 16 asks at most 8)
MAX_UNITS_TO_SAVE_A_MEMBER = 6


class Counter:
    def __init__(self, jobs) -> None:
        self.units = 0
        self.jobs: list[bool] = []  # write flag of each job started
        self._lock = threading.Lock()
        run = jobs.run

        def counting_run(fn, **options):
            self.jobs.append(bool(options.get("write")))
            return run(fn, **options)
        jobs.run = counting_run

    def __call__(self, _uow) -> None:
        with self._lock:
            self.units += 1

    def reset(self) -> None:
        self.units, self.jobs = 0, []


@pytest.fixture
def counter(qtbot, window):  # noqa: F811
    from storage.unit_of_work import ENTER_HOOKS
    qtbot.waitUntil(lambda: not window.jobs.busy(), timeout=20000)  # the window's own start-up jobs
    counter = Counter(window.jobs)
    ENTER_HOOKS.append(counter)
    yield counter
    ENTER_HOOKS.remove(counter)


def test_opening_a_card_is_one_read_job_and_saving_a_member_a_few_units(qtbot, window, family_id,  # noqa: F811
                                                                          counter):
    card = window.open_family(family_id)
    qtbot.addWidget(card)
    qtbot.waitUntil(lambda: card.details is not None and not window.jobs.busy(), timeout=20000)
    qtbot.wait(50)  # a tab that loaded itself would have started its job by now
    qtbot.waitUntil(lambda: not window.jobs.busy(), timeout=20000)
    assert counter.jobs == [False]
    assert 1 <= counter.units <= MAX_UNITS_TO_OPEN
    assert all(tab.data is not None for _spec, tab in card.plugged)  # the plugged tabs came with it

    counter.reset()
    card.members_tab.table.selectRow(1)
    dialog = card.members_tab.edit_member()
    dialog.findChild(QLineEdit, "given_name_edit").setText("Айгерім")
    dialog.submit()
    qtbot.waitUntil(lambda: not window.jobs.busy() and card.details.members[1].given_name == "Айгерім",
                    timeout=20000)
    assert counter.jobs[0] is True and counter.jobs.count(True) == 1
    assert 1 <= counter.units <= MAX_UNITS_TO_SAVE_A_MEMBER, counter.units
