"""Reads inside ``AppServices.reading_together()`` share one unit of work on their thread only."""
from __future__ import annotations

import threading

from storage.unit_of_work import ENTER_HOOKS


def _count(services, fn) -> int:
    entered: list[int] = []
    hook = lambda _uow: entered.append(threading.get_ident())  # noqa: E731
    ENTER_HOOKS.append(hook)
    try:
        fn()
    finally:
        ENTER_HOOKS.remove(hook)
    return len(entered)


def test_reads_together_are_one_unit_of_work_and_writes_and_other_threads_are_not(services):
    def apart():
        services.reference.regions()
        services.reference.countries()
        services.users.list_users()

    def together():
        with services.reading_together():
            apart()
            with services.reading_together():  # nested: still the same one
                services.reference.regions()

    assert _count(services, apart) == 3
    assert _count(services, together) == 1

    def with_a_write_and_a_thread():
        with services.reading_together():
            services.reference.regions()
            services.users.set_lockout_policy(5, 10)  # a write gets its own unit of work
            worker = threading.Thread(target=services.reference.countries)  # so does another thread
            worker.start()
            worker.join()
            services.reference.countries()

    assert _count(services, with_a_write_and_a_thread) == 3
    assert services.users.lockout_policy() == (5, 10)
