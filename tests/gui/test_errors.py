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
