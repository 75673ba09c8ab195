"""Fixtures for the main-window tests: UI settings in a temporary folder, a filled database."""
from __future__ import annotations

import datetime as dt

import pytest

from i18n import Translator
from services.dto import FamilyInput, PersonInput

ENGLISH_BUTTONS = {"OK", "&OK", "Cancel", "&Cancel", "Save", "&Save", "Yes", "&Yes", "No", "&No", "Close",
                   "&Close", "Open", "Apply", "Discard", "Don't Save", "Retry", "Ignore", "Abort"}


@pytest.fixture(autouse=True)
def ui_config(tmp_path, monkeypatch):
    """Every window of these tests keeps its UI state in a fresh folder."""
    folder = tmp_path / "config"
    monkeypatch.setenv("QANDAS_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def filled(services):
    rows = (("Сейітқали", "Нұрлан", "871008401427", "UZ", "ABAI", dt.date(2026, 1, 10)),
            ("Омаров", "Бауыржан", None, "CN", "PAVLODAR", dt.date(2025, 6, 1)),
            ("Әлиева", "Айгүл", None, "UZ", "ABAI", dt.date(2024, 3, 5)))
    for surname, given, iin, country, region, arrival in rows:
        services.registration.register_family(FamilyInput(
            members=(PersonInput(surname, given, birth_date=dt.date(1987, 10, 8), sex="F", iin=iin),),
            arrival_date=arrival, origin_country_code=country, region_code=region))
    return services


def make_window(qtbot, services, language: str = "en", settings=None):
    from gui.app import apply_language, ensure_application
    from gui.main_window import MainWindow
    app = ensure_application()
    translator = Translator(language)
    apply_language(app, translator)
    window = MainWindow(services, translator, database_label="test.sqlite3", settings=settings)
    qtbot.addWidget(window)
    window.show()
    return window


def wait_idle(qtbot, window, timeout: int = 10000) -> None:
    qtbot.waitUntil(lambda: not window.jobs.busy(), timeout=timeout)


@pytest.fixture
def window(qtbot, filled):
    window = make_window(qtbot, filled)
    qtbot.waitUntil(lambda: window.registry.model.rowCount() == 3, timeout=10000)
    wait_idle(qtbot, window)
    yield window
    from gui.app import apply_language, ensure_application
    apply_language(ensure_application(), Translator("en"))
