"""A write job announces the Changes its result carries; reads never do; ``Latest`` drops stale reads."""
from __future__ import annotations

from dataclasses import dataclass

from gui.events import AppEvents
from gui.jobs import JobRunner, Latest
from services.changes import Changes


@dataclass(frozen=True)
class _Result:
    id: int
    changes: Changes


def _runner(qtbot):
    events = AppEvents()
    runner = JobRunner(events=events)
    heard: list[tuple[Changes, object]] = []
    events.changes_applied.connect(lambda changes, initiator: heard.append((changes, initiator)))
    return runner, heard


def test_a_write_result_announces_its_changes_before_the_callback(qtbot):
    runner, heard = _runner(qtbot)
    initiator, seen_at_callback = object(), []
    job = runner.run(lambda _p: _Result(7, Changes(families=True)), write=True, initiator=initiator,
                     on_success=lambda _r: seen_at_callback.append(list(heard)))
    qtbot.waitUntil(lambda: job.outcome == "succeeded", timeout=5000)
    assert heard == [(Changes(families=True), initiator)]
    assert seen_at_callback == [heard]  # other screens hear of it before the initiator reloads


def test_a_bare_changes_result_a_declared_fallback_and_no_change_at_all(qtbot):
    runner, heard = _runner(qtbot)
    jobs = [runner.run(lambda _p: Changes(tasks=True), write=True),
            runner.run(lambda _p: "a user row", write=True, changes=Changes(users=True)),
            runner.run(lambda _p: Changes(), write=True)]
    qtbot.waitUntil(lambda: all(job.outcome == "succeeded" for job in jobs), timeout=5000)
    assert [changes for changes, _ in heard] == [Changes(tasks=True), Changes(users=True)]


def test_a_read_or_a_failed_write_announces_nothing(qtbot):
    runner, heard = _runner(qtbot)

    def fail(_p):
        raise RuntimeError("boom")

    jobs = [runner.run(lambda _p: _Result(1, Changes(families=True))),
            runner.run(fail, write=True, changes=Changes(users=True), on_failure=lambda _e: None)]
    qtbot.waitUntil(lambda: all(job.outcome is not None for job in jobs), timeout=5000)
    assert heard == []


def test_latest_delivers_only_the_newest_result():
    latest, got = Latest(), []
    first = latest.wrap(got.append)
    second = latest.wrap(got.append)
    first("stale")
    second("fresh")
    assert got == ["fresh"]
    ticket = latest.next()
    assert latest.is_current(ticket) and not latest.is_current(ticket - 1)
