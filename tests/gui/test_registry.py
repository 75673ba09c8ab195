"""The registry window driven with qtbot on real services and a real SQLite file."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from i18n import Translator
from services.dto import FamilyInput, PersonInput

pytestmark = pytest.mark.gui


@pytest.fixture
def filled(services):
    for surname, given, iin in (("Сейітқали", "Нұрлан", "871008401427"), ("Омаров", "Бауыржан", None),
                                ("Әлиева", "Айгүл", None)):
        services.registration.register_family(FamilyInput(
            members=(PersonInput(surname, given, birth_date=dt.date(1987, 10, 8), sex="F", iin=iin),),
            arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI"))
    return services


@pytest.fixture
def window(qtbot, filled):
    from gui.app import ensure_application, register_fonts
    from gui.main_window import MainWindow
    ensure_application()
    register_fonts()
    window = MainWindow(filled, Translator("en"), database_label="test")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.registry.model.rowCount() == 3, timeout=10000)
    return window


@pytest.mark.parametrize("typed", ["nurlan", "нурлан", "Нұрлан", "8710"])
def test_typing_any_spelling_finds_the_person(qtbot, window, typed):
    registry = window.registry
    if typed.isascii():
        qtbot.keyClicks(registry.search_edit, typed)
    else:  # QTest cannot synthesise non-Latin key events; insert() is what an input method does
        registry.search_edit.insert(typed)
    qtbot.waitUntil(lambda: registry.model.rowCount() == 1, timeout=10000)
    index = registry.model.index(0, 1)
    assert registry.model.data(index).startswith("Сейітқали Нұрлан")


def test_model_passes_qt_model_tester(qtmodeltester, window):
    qtmodeltester.check(window.registry.model)


def test_switching_to_kazakh_changes_the_labels(qtbot, window):
    english = window.navigation.item(0).text()
    header = window.registry.model.headerData(1, Qt.Orientation.Horizontal)
    window.set_language(Translator("kk"))
    assert window.navigation.item(0).text() != english
    assert window.registry.model.headerData(1, Qt.Orientation.Horizontal) != header
    assert "Registry" not in window.windowTitle()
