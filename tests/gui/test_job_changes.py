"""A write job announces the Changes its result carries; reads never do; ``Latest`` drops stale reads."""
from __future__ import annotations

from dataclasses import dataclass

from gui.events import AppEvents
from gui.jobs import JobRunner, Latest
from services.changes import Changes


ROUNDS, JOBS = 300, 15


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


def test_a_runner_destroyed_with_a_job_in_flight_drops_its_result(qtbot):
    """The runner (and with it the job) goes while the worker still computes; the worker's
    signals must outlive them, and the late result must reach nobody."""
    import threading

    import shiboken6
    release, delivered = threading.Event(), []
    worker_done = threading.Event()

    def slow(_p):
        release.wait(5)
        worker_done.set()
        return Changes(families=True)

    runner, heard = _runner(qtbot)
    job = runner.run(slow, write=True, on_success=delivered.append)
    release.set()
    shiboken6.delete(runner)  # waits for its pools: the worker emits while the job is being deleted
    assert worker_done.is_set() and not shiboken6.isValid(job)
    qtbot.wait(50)  # the queued signals are delivered now, to a runner and a job that are gone
    assert delivered == [] and heard == []


def test_many_quick_jobs_finishing_while_their_widgets_close(qtbot):
    """Screens closing while their jobs end: a result reaches a screen that is still open or
    nobody; every job of an open screen finishes; nothing crashes at the workers' teardown."""
    from PySide6.QtWidgets import QLabel, QWidget
    events = AppEvents()
    late, finished = [], []
    for round_ in range(ROUNDS):
        window = QWidget()
        label = QLabel(window)
        closed = []
        window.destroyed.connect(lambda *_a, closed=closed: closed.append(True))
        runner = JobRunner(window, events=events)

        def show(result, label=label, closed=closed):
            late.extend(closed)  # a callback after its window went is a bug
            label.setText(str(result))

        for n in range(JOBS):
            job = runner.run(lambda _p, n=n: Changes(tasks=True) if n % 2 else n, write=n % 2 == 1,
                             on_success=show)
            job.finished.connect(lambda round_=round_: finished.append(round_))
        qtbot.wait(round_ % 3)  # some windows close before any result, some in the middle
        window.deleteLater()
    keep = JobRunner(events=events)
    jobs = [keep.run(lambda _p: 1) for _ in range(JOBS)]
    for job in jobs:
        job.finished.connect(lambda: finished.append("kept"))
    qtbot.waitUntil(lambda: finished.count("kept") == JOBS, timeout=5000)
    assert late == []
