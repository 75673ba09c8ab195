"""Help is complete (issue 17 §10): every keyboard shortcut the code defines — the window's actions
and the QShortcuts of the window and of a family card — is in Help › Keyboard shortcuts and in the
short guide of every language."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence, QShortcut

from gui.help.help_dialogs import guide_text, window_shortcuts
from i18n import Translator
from tests.gui.shell_fixtures import make_window

pytestmark = pytest.mark.gui


def _defined_shortcuts(*roots) -> set[str]:
    keys = set()
    for root in roots:
        for item in [*root.findChildren(QAction), *root.findChildren(QShortcut)]:
            sequence = item.shortcut() if isinstance(item, QAction) else item.key()
            if not sequence.isEmpty():
                keys.add(sequence.toString(QKeySequence.SequenceFormat.NativeText))
    return keys


@pytest.mark.parametrize("language", ["en", "kk", "ru"])
def test_every_shortcut_is_in_the_list_and_the_guide(qtbot, filled, language):
    window = make_window(qtbot, filled, language)
    qtbot.waitUntil(lambda: window.registry.model.rowCount() == 3, timeout=10000)
    card = window.open_family(window.registry.model.family_id(0))
    qtbot.waitExposed(card)
    defined = _defined_shortcuts(window, card.window())
    assert {"Ctrl+N", "Ctrl+F", "F5", "Ctrl+L", "F1", "Ctrl+Tab", "Ctrl+Shift+Tab"} <= defined
    listed = {keys for keys, _what in window_shortcuts(window, Translator(language))}
    assert defined - listed == set()
    guide = guide_text(language)
    assert [keys for keys in sorted(defined) if keys not in guide] == []
    card.close()
    window.close()


def test_a_new_shortcut_missing_from_help_is_noticed(qtbot, filled):
    """The check above can fail: a shortcut nobody wrote down is found."""
    window = make_window(qtbot, filled)
    QShortcut(QKeySequence("Ctrl+Shift+F9"), window)
    listed = {keys for keys, _what in window_shortcuts(window, Translator("en"))}
    assert "Ctrl+Shift+F9" in _defined_shortcuts(window) - listed
    window.close()
