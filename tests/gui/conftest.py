"""Fixtures of every GUI test: a fresh UI-state folder, a filled database, the main window."""
import pytest

from tests.gui.shell_fixtures import filled, ui_config, window  # noqa: F401  (fixtures, found by name)



@pytest.fixture(autouse=True)
def no_database_call_on_the_gui_thread():
    """A screen that queries the database on the GUI thread freezes the window on a slow server:
    every test through real widgets fails if window code enters a unit of work on that thread."""
    from storage.unit_of_work import ENTER_HOOKS
    from tests.gui.gui_thread_guard import GuiThreadGuard
    guard = GuiThreadGuard()
    ENTER_HOOKS.append(guard)
    yield guard
    ENTER_HOOKS.remove(guard)
    assert not guard.violations, f"database calls on the GUI thread from: {sorted(set(guard.violations))}"


@pytest.fixture(autouse=True)
def dirty_forms_discard_when_closed_by_a_test(monkeypatch):
    """A test (or pytest-qt's teardown) closing a form it typed into must not wait on a modal
    "Save the changes?" box; tests of that question set their own asker on the form."""
    from gui.forms import close_guard
    answers: list[str] = []

    def discard(_parent, _translator) -> str:
        answers.append(close_guard.DISCARD)
        return close_guard.DISCARD

    monkeypatch.setattr(close_guard, "ASKER", discard)
    return answers
