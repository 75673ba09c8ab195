"""A screen's own progress bar follows its job through ``Job.show_in`` while the job runs."""
from __future__ import annotations

import threading

from PySide6.QtWidgets import QLabel, QProgressBar

from gui.jobs import JobRunner


def test_inline_bar_and_label_follow_the_running_job(qtbot):
    runner = JobRunner()
    release = threading.Event()

    def work(progress):
        progress.step(3, 10, "Checking rows")
        release.wait(10)
        return "done"

    bar, label = QProgressBar(), QLabel()
    qtbot.addWidget(bar)
    qtbot.addWidget(label)
    job = runner.run(work, label="")
    job.show_in(bar, label, str.upper)
    qtbot.waitUntil(lambda: bar.value() == 3 and bar.maximum() == 10, timeout=5000)
    assert label.text() == "CHECKING ROWS"
    release.set()
    qtbot.waitUntil(lambda: job.outcome == "succeeded", timeout=5000)


def test_a_bar_closed_while_its_job_runs_is_let_go(qtbot):
    runner = JobRunner()
    release = threading.Event()

    def work(progress):
        progress.step(1, 4, "")
        release.wait(10)
        progress.step(2, 4, "")

    bar = QProgressBar()
    job = runner.run(work, label="")
    job.show_in(bar)
    bar.deleteLater()
    qtbot.waitUntil(lambda: job._inline is None, timeout=5000)  # the next tick found the widget gone
    release.set()
    qtbot.waitUntil(lambda: job.outcome == "succeeded", timeout=5000)
