"""``--screenshot``: every main screen and the new-family form with its error, as PNG files."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from gui.screenshots import take_screenshots
from i18n import Translator

pytestmark = pytest.mark.gui


def test_screenshots_of_every_screen_and_the_form(qtbot, services, tmp_path, capsys):
    from gui.app import ensure_application
    ensure_application()
    services.demo(families=12, seed=3)
    assert take_screenshots(services, Translator("kk"), str(tmp_path / "shots")) == 0
    names = sorted(p.name for p in (tmp_path / "shots").glob("*.png"))
    assert "01_my_work_kk.png" in names  # a case worker's first screen comes first
    assert any(n.endswith("_registry_kk.png") for n in names) and any(n.endswith("_new_family_kk.png") for n in names)
    assert any("duplicates" in name for name in names)
    card_groups = [n for n in names if "_card_" in n]  # the first family's card, every group at both sizes
    assert card_groups and len([n for n in card_groups if n.endswith("_1366x768.png")]) * 2 == len(card_groups)
    for name in names:
        image = QImage(str(tmp_path / "shots" / name))
        assert image.width() > 600 and image.height() > 400
    assert capsys.readouterr().out.count(".png") == len(names)
    registry = QImage(str(next((tmp_path / "shots").glob("*_registry_kk.png"))))
    assert (registry.width(), registry.height()) == (1280, 800)  # no screen widened the window


def test_the_size_option():
    from gui.screenshots import SIZE, parse_size
    assert parse_size(None) == SIZE == (1280, 800)
    assert parse_size("1366x768") == (1366, 768)
    with pytest.raises(ValueError):
        parse_size("13x7")


def test_each_tab_of_a_family_card_is_photographed(qtbot, services, tmp_path, monkeypatch, capsys):
    """A stand-in card with the agreed shape (a ``tabs`` QTabWidget) shows that every tab gets its
    own picture at both screen sizes. ``take_screenshots`` takes the card's pictures with this
    step (the test above finds them); the other screens are not photographed again here."""
    from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget
    from gui import screenshots
    from gui.app import ensure_application
    from gui.main_window import MainWindow
    from gui.settings import UiSettings
    ensure_application()
    services.demo(families=3, seed=5)
    opened = []

    def open_family(self, family_id):
        card = QWidget()
        card.tabs = QTabWidget(card)
        for name in ("members", "timeline"):
            page = QLabel(name)
            page.setObjectName(name)
            card.tabs.addTab(page, name)
        QVBoxLayout(card).addWidget(card.tabs)
        card.resize(700, 500)
        card.show()
        opened.append((family_id, card))
        return card

    monkeypatch.setattr(MainWindow, "open_family", open_family)
    window = MainWindow(services, Translator("ru"), database_label="test", settings=UiSettings(str(tmp_path / "ui")))
    qtbot.addWidget(window)
    window.resize(*screenshots.logical_size(screenshots.SIZE))
    window.show()
    qtbot.waitUntil(lambda: window.registry.model.rowCount() > 0 and not window.jobs.busy(), timeout=20000)
    screenshots._family_card(window, tmp_path, "ru")
    names = sorted(p.name for p in tmp_path.glob("*card*.png"))
    assert names == ["30_card_members_ru.png", "30_card_members_ru_1366x768.png",  # every group at both screens
                     "31_card_timeline_ru.png", "31_card_timeline_ru_1366x768.png"]
    assert len(opened) == 1
