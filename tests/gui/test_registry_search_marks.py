"""The registry shows how a row matched, keeps filters visible as chips, and says which one hides rows."""
from __future__ import annotations

import pytest

from domain.search import MatchKind
from gui.registry.search_marks import VARIANT_MARK, marked_html
from tests.gui.shell_fixtures import wait_idle

pytestmark = pytest.mark.gui


def _name_index(registry, row: int = 0):
    return registry.model.index(row, 1)


def test_another_spelling_is_marked_and_explained(qtbot, window):
    registry = window.registry
    qtbot.keyClicks(registry.search_edit, "Saitkali")  # a Latin spelling of «Сейітқали»
    qtbot.waitUntil(lambda: registry.model.rowCount() == 1, timeout=10000)
    family_id = registry.model.family_id(0)
    assert registry.marks.kind(family_id) == MatchKind.VARIANT
    tip = registry.match_delegate.tooltip(_name_index(registry))
    assert "another spelling" in tip and tip.startswith("Сейітқали Нұрлан")
    registry.table.viewport().repaint()  # the delegate paints the marked name without error


def test_exact_words_are_highlighted(qtbot, window):
    registry = window.registry
    registry.search_edit.insert("сейітқали нұр")
    qtbot.waitUntil(lambda: registry.model.rowCount() == 1, timeout=10000)
    assert registry.marks.kind(registry.model.family_id(0)) == MatchKind.PREFIX
    assert marked_html("Сейітқали Нұрлан", [(0, 9, MatchKind.EXACT), (10, 16, MatchKind.PREFIX)], MatchKind.PREFIX) \
        == "<b>Сейітқали</b> <b>Нұрлан</b>"
    assert marked_html("Әбдірахманов", [(0, 12, MatchKind.VARIANT)], MatchKind.VARIANT).startswith(VARIANT_MARK)


def _choose(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_kept_filter_is_a_removable_chip_and_zero_results_name_it(qtbot, window):
    registry, bar = window.registry, window.registry.filter_bar
    qtbot.waitUntil(lambda: bar.reference_loaded, timeout=10000)
    _choose(bar.region_combo, "PAVLODAR")
    qtbot.waitUntil(lambda: registry.model.rowCount() == 1, timeout=10000)
    chip = registry.filter_chips.chips["region_code"]
    assert registry.filter_chips.isVisible() and chip.text().startswith("Region: ")
    registry.search_edit.insert("Сейітқали")  # in Abai, hidden by the Pavlodar filter
    qtbot.waitUntil(lambda: "hidden by the filter" in registry.count_label.text(), timeout=10000)
    assert "Region: " in registry.count_label.text() and registry.model.rowCount() == 0
    wait_idle(qtbot, window)
    chip = registry.filter_chips.chips["region_code"]
    chip.click()
    qtbot.waitUntil(lambda: registry.model.rowCount() == 1, timeout=10000)
    assert bar.values()["region_code"] is None and "region_code" not in registry.filter_chips.chips


def test_a_near_spelling_is_marked_and_explained(qtbot, window):
    from gui.registry.search_marks import NEAR_MARK
    registry = window.registry
    registry.search_edit.insert("Сейітқари")  # Р for Л: one letter off «Сейітқали»
    qtbot.waitUntil(lambda: registry.model.rowCount() == 1, timeout=10000)
    family_id = registry.model.family_id(0)
    assert registry.marks.kind(family_id) == MatchKind.NEAR
    tip = registry.match_delegate.tooltip(_name_index(registry))
    assert tip.startswith("Сейітқали Нұрлан") and "near spelling" in tip
    assert marked_html("Сейітқали Нұрлан", [(0, 9, MatchKind.NEAR)], MatchKind.NEAR) \
        == f'{NEAR_MARK} <b style="text-decoration: underline dotted;">Сейітқали</b> Нұрлан'
    registry.table.viewport().repaint()
