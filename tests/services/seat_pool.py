"""Several seats as real operating-system processes, released at the same instant.

``SeatPool`` starts its processes once (forked from a fork server that imported Qandas once and
holds nothing of the test process: a fresh process each, as a second computer would be) and then runs rounds: every seat receives its task, opens its own engine
on the database (a real SQLite file or a real PostgreSQL database) and connects, then all
seats wait on one ``multiprocessing.Barrier`` and call the service at the same moment. Each
seat reports what happened: ``ok`` with a value, ``refused`` with the domain error's class,
rule and English sentence, or ``raw`` with any other exception (what a user must never see).
"""
from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import queue
from dataclasses import dataclass
from typing import Any

NOW = dt.datetime(2026, 11, 25, 10, 0, 0)  # the tests' fixed clock (tests/conftest.py FIXED_NOW)
WAIT = 120  # seconds; only reached when a seat hangs, and then the test fails


@dataclass(frozen=True)
class Outcome:
    seat: int
    kind: str  # "ok", "refused", "raw", "idle"
    value: Any = None
    error: str = ""  # the domain error's class name, or repr of a raw exception
    rule: str = ""  # a RuleViolation's rule, a ValidationError's field
    message: str = ""


PRELOAD = ["services", "services.database", "services.privacy", "services.retention", "storage.engine",
           "sqlalchemy.dialects.postgresql.psycopg"]


def seat_context():
    """Seats fork from a fork server that imported Qandas once, not from the test process (no
    connection or thread of the test is inherited): each starts in milliseconds, where a spawned
    interpreter spends a second importing."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _in_environment(environment: dict[str, str], target, *args) -> None:
    os.environ.clear()  # the fork server keeps the environment it started with: take the test's
    os.environ.update(environment)
    target(*args)


def start_seat(target, *args):
    """``target(*args)`` in a new seat process, with the test's environment of this moment."""
    process = seat_context().Process(target=_in_environment, args=(dict(os.environ), target, *args), daemon=True)
    process.start()
    return process


# --- what a seat does (module-level functions: the child process imports them by name) ------------
def pay(services, item_id: int, amount: str, document: str):
    from decimal import Decimal
    return services.payments.record_payment(item_id, NOW.date(), Decimal(amount), document).id


def register(services, family_input):
    return services.registration.register_family(family_input, confirm_duplicates=True).case_number


def include(services, inclusion_input):
    return services.quotas.include_family(inclusion_input).id


def admit(services, person_id: int, line_id: int):
    return services.education.apply(person_id, 2026, line_id, dt.date(2026, 7, 1), "admitted",
                                    dt.date(2026, 8, 1)).id


def import_register(services, path: str):
    report = services.imports.import_file(path)
    return report.imported, report.families_imported, report.duplicate


def amend(services, inclusion_id: int, persons: int, number: str, version: int):
    services.quotas.amend_inclusion(inclusion_id, persons, number, version)
    return number


def delete_placement(services, placement_id: int):
    return services.employment.delete_placement(placement_id) is not None


def _as(services, actor: tuple):
    from domain.permissions import Actor
    return services.for_actor(Actor(*actor))


def reassign(services, actor: tuple, family_ids: list[int], worker_id: int | None):
    return _as(services, actor).workload.reassign(family_ids, worker_id).count


def close_tasks(services, actor: tuple, family_ids: list[int]):
    return _as(services, actor).workload.close_tasks(family_ids).count


ACTIONS = {f.__name__: f for f in (pay, register, include, admit, import_register, delete_placement, amend,
                                   reassign, close_tasks)}


def _outcome(seat: int, action: str, services, args: tuple) -> Outcome:
    from domain.errors import DomainError, RuleViolation, ValidationError
    try:
        return Outcome(seat, "ok", ACTIONS[action](services, *args))
    except DomainError as error:
        rule = error.rule if isinstance(error, RuleViolation) else (
            error.field if isinstance(error, ValidationError) else "")
        return Outcome(seat, "refused", error=type(error).__name__, rule=rule, message=str(error))
    except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
        return Outcome(seat, "raw", error=repr(error)[:500])


def _seat_loop(seat: int, inbox, results, barrier) -> None:
    from services import AppServices
    from services.database import prepare_database
    opened: dict[str, tuple] = {}
    while True:
        task = inbox.get()
        if task is None:
            break
        kind, url, action, args = task
        if kind == "close":
            engine_and_services = opened.pop(url, None)
            if engine_and_services is not None:
                engine_and_services[0].dispose()
            results.put(Outcome(seat, "closed"))
            continue
        try:
            if url not in opened:
                engine, _ = prepare_database(url)
                opened[url] = (engine, AppServices(engine, clock=lambda: NOW))
            engine, services = opened[url]
            engine.connect().close()  # connected before the start, so all seats really start together
        except Exception as error:  # noqa: BLE001
            barrier.abort()
            results.put(Outcome(seat, "raw", error="opening: " + repr(error)[:500]))
            continue
        try:
            barrier.wait(WAIT)
        except Exception as error:  # noqa: BLE001 - a broken barrier: another seat failed to open
            results.put(Outcome(seat, "raw", error="barrier: " + repr(error)))
            continue
        results.put(_outcome(seat, action, services, args) if action else Outcome(seat, "idle"))


class SeatPool:
    def __init__(self, seats: int = 6) -> None:
        context = seat_context()
        self.seats = seats
        self.barrier = context.Barrier(seats)
        self.results = context.Queue()
        self.inboxes = [context.Queue() for _ in range(seats)]
        self.processes = [context.Process(target=_in_environment, daemon=True, name=f"seat-{n}",
                                          args=(dict(os.environ), _seat_loop, n, inbox, self.results, self.barrier))
                          for n, inbox in enumerate(self.inboxes)]
        for process in self.processes:
            process.start()

    def _collect(self) -> list[Outcome]:
        found = []
        for _ in self.inboxes:
            try:
                found.append(self.results.get(timeout=WAIT))
            except queue.Empty:
                raise AssertionError("a seat did not answer (hung or died)") from None
        return sorted(found, key=lambda outcome: outcome.seat)

    def round(self, url: str, action: str | list[str], args_per_seat: list[tuple]) -> list[Outcome]:
        """Every seat with arguments calls ``action`` (or its own of a list) at the same instant;
        the outcomes of those seats."""
        assert len(args_per_seat) <= self.seats
        actions = action if isinstance(action, list) else [action] * len(args_per_seat)
        if self.barrier.broken:
            self.barrier.reset()
        for n, inbox in enumerate(self.inboxes):
            inbox.put(("run", url, actions[n] if n < len(args_per_seat) else None,
                       args_per_seat[n] if n < len(args_per_seat) else ()))
        return [o for o in self._collect() if o.kind != "idle"]

    def release(self, url: str) -> None:
        """Every seat closes its connections to ``url`` (before a PostgreSQL test database is dropped)."""
        for inbox in self.inboxes:
            inbox.put(("close", url, None, ()))
        self._collect()

    def stop(self) -> None:
        for inbox in self.inboxes:
            inbox.put(None)
        for process in self.processes:
            process.join(30)
            if process.is_alive():
                process.terminate()
