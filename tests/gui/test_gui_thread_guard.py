"""The guard of every GUI test: window code that enters a unit of work on the GUI thread is caught."""
from __future__ import annotations

import threading


def test_window_code_on_the_gui_thread_is_caught_and_a_test_or_a_worker_is_not(
        services, no_database_call_on_the_gui_thread):
    from gui.admin.admin_view import read_admin_state
    guard = no_database_call_on_the_gui_thread
    services.users.list_users()  # the test's own setup call
    worker = threading.Thread(target=read_admin_state, args=(services,))
    worker.start()
    worker.join()
    assert guard.violations == []
    read_admin_state(services)  # what a screen did in refresh() before it became a job
    assert guard.violations and all(v.startswith("gui/admin/admin_view.py") for v in guard.violations)
    guard.violations.clear()  # caught: the fixture itself must not fail this test
