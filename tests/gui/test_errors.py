"""Error boxes: conflicts offer Reload, refusals are warnings, bugs get an apology."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from domain.errors import ConflictError, FieldProblem, PermissionDenied, ValidationError
from gui.errors import build_error_box
from i18n import Translator

pytestmark = pytest.mark.gui


def test_conflict_box_names_who_and_when_and_reloads(qtbot):
    reloaded = []
    box = build_error_box(None, ConflictError("family", "Айгүл Омарова", "25.11.2026 10:00"), Translator("en"),
                          on_reload=lambda: reloaded.append(True))
    qtbot.addWidget(box)
    assert "Айгүл Омарова" in box.text() and "25.11.2026 10:00" in box.text()
    reload_button = next(b for b in box.buttons() if b.objectName() == "reload_button")
    assert reload_button.text() == "Reload"
    reload_button.click()
    assert reloaded == [True]


def test_refusals_are_warnings_and_list_every_field(qtbot):
    error = ValidationError([FieldProblem("surname", "The surname is required."),
                             FieldProblem("given_name", "The given name is required.")])
    box = build_error_box(None, error, Translator("ru"))
    qtbot.addWidget(box)
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text().count("\n") == 1
    denied = build_error_box(None, PermissionDenied("edit_cases"), Translator("kk"))
    qtbot.addWidget(denied)
    assert "edit_cases" in denied.text()


def test_unexpected_errors_get_an_apology_and_details(qtbot):
    box = build_error_box(None, RuntimeError("boom"), Translator("kk"), trace="Traceback: boom")
    qtbot.addWidget(box)
    assert box.icon() == QMessageBox.Icon.Critical
    assert box.detailedText() == "Traceback: boom"
    assert "Sorry" not in box.text()


def _database_locked_error():
    """What SQLAlchemy raises when another seat holds the write lock; the statement carries an IIN."""
    import sqlite3

    import sqlalchemy as sa
    return sa.exc.OperationalError("INSERT INTO person (iin) VALUES (?)", ("871008312347",),
                                   sqlite3.OperationalError("database is locked"))


def test_a_database_error_is_a_translated_warning_without_sql(qtbot):
    from storage.db_errors import BUSY, MESSAGES
    box = build_error_box(None, _database_locked_error(), Translator("ru"), trace="Traceback: INSERT …")
    qtbot.addWidget(box)
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text() == Translator("ru").gettext(MESSAGES[BUSY]) != MESSAGES[BUSY]
    assert box.detailedText() == ""  # no statement, no values


def test_a_job_failing_on_the_database_hands_its_sentence_to_the_screen(qtbot):
    from domain.errors import DomainError
    from gui.jobs import JobRunner
    runner = JobRunner()
    failures = []

    def work(_progress):
        raise _database_locked_error()

    job = runner.run(work, on_failure=failures.append, write=True)
    qtbot.waitUntil(lambda: job.outcome == "failed", timeout=5000)
    assert isinstance(failures[0], DomainError) and "INSERT" not in str(failures[0])
    assert Translator("kk").error(failures[0]) != str(failures[0])  # a Kazakh sentence
    runner.shutdown()
