"""The Import screen driven with qtbot on real services, real files and a real SQLite database."""
from __future__ import annotations

import sqlite3

import openpyxl
import pytest
from PySide6.QtCore import Qt

from i18n import Translator
from tests.register_files import big_register, messy_register

pytestmark = pytest.mark.gui


@pytest.fixture
def screen(qtbot, services):
    from gui.app import ensure_application, register_fonts
    from gui.events import AppEvents
    from gui.imports.import_screen import ImportScreen
    from gui.jobs import JobRunner
    ensure_application()
    register_fonts()
    events = AppEvents()
    jobs = JobRunner(events=events)
    widget = ImportScreen(services, jobs, events, Translator("en"))
    qtbot.addWidget(widget)
    widget.resize(1100, 720)
    widget.show()
    yield widget
    jobs.shutdown()


def persons(db_path) -> int:
    with sqlite3.connect(db_path) as connection:
        return connection.execute("SELECT count(*) FROM person").fetchone()[0]


def choose(qtbot, screen, monkeypatch, path):
    monkeypatch.setattr(screen.dialogs, "open_register", lambda tr: str(path))
    qtbot.mouseClick(screen.choose_button, Qt.MouseButton.LeftButton)
    assert screen.report is None and screen.job is None  # choosing a file reads nothing yet
    qtbot.mouseClick(screen.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.report is not None and screen.job is None, timeout=20000)


def test_verdicts_are_shown_before_anything_is_written(qtbot, screen, monkeypatch, tmp_path, db_path,
                                                       qtmodeltester):
    choose(qtbot, screen, monkeypatch, messy_register(tmp_path / "reg.xlsx"))
    model = screen.model
    assert model.rowCount() == 8
    statuses = [model.data(model.index(r, 1)) for r in range(model.rowCount())]
    assert statuses.count("invalid") == 3 and statuses.count("duplicate") == 1
    row12 = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == "12")
    assert model.data(model.index(row12, 2)) == "ЖСН, Облыс"  # the error first, then the repair
    assert "check digit" in model.data(model.index(row12, 3))
    assert model.data(model.index(row12, 0), Qt.ItemDataRole.BackgroundRole) is not None
    assert "Размер обуви" in screen.summary_label.text()
    assert not screen.import_button.isEnabled()  # invalid rows and «skip invalid» not ticked
    assert persons(db_path) == 0
    qtmodeltester.check(model)
    screen.problems_only_check.setChecked(True)
    assert model.rowCount() == 8  # every row here has a remark (repairs included)
    qtmodeltester.check(model)


def test_import_with_skip_invalid_then_undo(qtbot, screen, monkeypatch, tmp_path, db_path, qtmodeltester):
    choose(qtbot, screen, monkeypatch, messy_register(tmp_path / "reg.xlsx"))
    screen.skip_invalid_check.setChecked(True)
    assert screen.import_button.isEnabled()
    qtbot.mouseClick(screen.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.job is None and screen.report.imported == 4, timeout=20000)
    assert persons(db_path) == 4
    qtbot.waitUntil(lambda: screen.batch_model.rowCount() == 1, timeout=10000)
    qtmodeltester.check(screen.batch_model)
    screen.batch_table.selectRow(0)
    monkeypatch.setattr(screen.dialogs, "confirm", lambda tr, text: True)
    qtbot.mouseClick(screen.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.job is None and persons(db_path) == 0, timeout=20000)
    qtbot.waitUntil(lambda: screen.batch_model.batch(0) is not None
                    and screen.batch_model.batch(0).undone_at is not None, timeout=10000)
    assert "Undone" in screen.batch_model.data(screen.batch_model.index(0, 7))


def test_export_the_problems(qtbot, screen, monkeypatch, tmp_path):
    choose(qtbot, screen, monkeypatch, messy_register(tmp_path / "reg.xlsx"))
    target = tmp_path / "problems.xlsx"
    monkeypatch.setattr(screen.dialogs, "save_errors", lambda tr, suggested: str(target))
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: target.exists() and screen.job is None, timeout=20000)
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert {r[0] for r in rows[1:]} == {11, 12, 13, 14}


def test_cancel_writes_nothing(qtbot, screen, monkeypatch, tmp_path, db_path):
    path, _count = big_register(tmp_path / "big.xlsx", 1500)
    choose(qtbot, screen, monkeypatch, path)
    qtbot.mouseClick(screen.import_button, Qt.MouseButton.LeftButton)
    assert screen.cancel_button.isVisible()
    qtbot.mouseClick(screen.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.job is None, timeout=20000)
    assert "nothing was written" in screen.status_label.text()
    assert persons(db_path) == 0


def test_choosing_a_file_does_not_read_it_and_the_check_can_be_cancelled(qtbot, screen, monkeypatch, tmp_path):
    path, _count = big_register(tmp_path / "big.xlsx", 1500)
    monkeypatch.setattr(screen.dialogs, "open_register", lambda tr: str(path))
    assert not screen.check_button.isEnabled()
    qtbot.mouseClick(screen.choose_button, Qt.MouseButton.LeftButton)
    assert screen.job is None and screen.report is None and screen.check_button.isEnabled()
    qtbot.mouseClick(screen.check_button, Qt.MouseButton.LeftButton)
    assert screen.cancel_button.isVisible() and not screen.check_button.isEnabled()
    qtbot.mouseClick(screen.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.job is None, timeout=20000)
    assert screen.report is None and "Cancelled" in screen.status_label.text()


def test_unreadable_file_is_said_on_the_screen(qtbot, screen, monkeypatch, tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("hello")
    monkeypatch.setattr(screen.dialogs, "open_register", lambda tr: str(text))
    qtbot.mouseClick(screen.choose_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.job is None and "notes.xlsx" in screen.status_label.text(), timeout=20000)
    assert screen.report is None and not screen.import_button.isEnabled()


def test_language_switch_changes_the_labels(qtbot, screen, monkeypatch, tmp_path):
    choose(qtbot, screen, monkeypatch, messy_register(tmp_path / "reg.xlsx"))
    english = (screen.import_button.text(), screen.model.headerData(1, Qt.Orientation.Horizontal),
               screen.model.data(screen.model.index(0, 3)))
    screen.retranslate_ui(Translator("kk"))
    kazakh = (screen.import_button.text(), screen.model.headerData(1, Qt.Orientation.Horizontal),
              screen.model.data(screen.model.index(0, 3)))
    assert all(a != b for a, b in zip(english, kazakh))
    assert "Шығыс Қазақстан облысы" in kazakh[2]
