"""The registry's "what is due" figures: sorting by next due / status end, the overdue filter,
a page of rows with its due dates, and one worker's "My work", beside the name-order baseline.

``python -m bench.probe_due PATH`` on a bench database (``bench/.cache``); prints JSON.
Figures are medians of ``--repeats`` runs, in ms, through the same service calls as the window.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time


def _ms(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def measure(path: str, repeats: int = 3) -> dict:
    import sqlalchemy as sa

    from domain.permissions import Actor, Role
    from domain.search import FamilyFilter
    from domain.workload import DueFilter
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(path if "://" in path else f"sqlite:///{path}")
    services = AppServices(engine)
    cases = services.cases
    with engine.connect() as connection:
        families = connection.scalar(sa.text("SELECT count(*) FROM family"))
        worker = connection.execute(sa.text(
            "SELECT responsible_user_id, count(*) FROM family WHERE responsible_user_id IS NOT NULL "
            "GROUP BY 1 ORDER BY 2 DESC LIMIT 1")).first()
    ids = cases.search()
    middle = ids[len(ids) // 2:len(ids) // 2 + 200]
    figures = {"families": families,
               "first_page_name_ms": _ms(lambda: cases.first_page(FamilyFilter(), "name", False, 200), repeats),
               "first_page_next_due_ms": _ms(lambda: cases.first_page(FamilyFilter(), "next_due", False, 200),
                                             repeats),
               "first_page_status_end_ms": _ms(
                   lambda: cases.first_page(FamilyFilter(), "status_valid_until", False, 200), repeats),
               "all_ids_name_ms": _ms(lambda: cases.search(FamilyFilter(), "name"), repeats),
               "all_ids_next_due_ms": _ms(lambda: cases.search(FamilyFilter(), "next_due"), repeats),
               "overdue_filter_ms": _ms(lambda: cases.search(FamilyFilter(due=DueFilter.OVERDUE)), repeats),
               "overdue_families": len(cases.search(FamilyFilter(due=DueFilter.OVERDUE))),
               "page_of_rows_ms": _ms(lambda: cases.rows(middle), repeats)}
    if worker is not None:
        own = services.for_actor(Actor(worker[0], "bench", Role.CASE_WORKER))
        figures["my_work_ms"] = _ms(lambda: own.workload.my_work(), repeats)
        figures["my_work_lines"] = len(own.workload.my_work().items)
        figures["worker_families"] = worker[1]
    engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(measure(args.path, args.repeats), indent=1))


if __name__ == "__main__":
    main()
