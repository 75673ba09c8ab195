"""Help › Keyboard shortcuts and Help › User guide.

The shortcut list is read from the window's own actions, so it never lists a shortcut that does
not exist; the guide is a Markdown file per language shipped in this package (``guide_<lang>.md``).
"""
from __future__ import annotations

from importlib import resources

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QTableWidget, QTableWidgetItem,
                               QTextBrowser, QVBoxLayout)

from domain.messages import N_
from i18n import Translator

# Keys that belong to a widget rather than to a window action (the family card's are QShortcuts of
# its window; tests/gui/test_help_complete.py checks that every shortcut the code defines is here).
_FIXED_SHORTCUTS = (
    ("Ctrl+Tab", N_("Next tab of a family card")),
    ("Ctrl+Shift+Tab", N_("Previous tab of a family card")),
    (QKeySequence.StandardKey.Close, N_("Close the family card")),
    ("Enter", N_("Open the selected family or task")),
    ("Esc", N_("Close a dialog")),
)


def _keys(keys) -> str:
    return keys if isinstance(keys, str) else QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def guide_text(language: str) -> str:
    """The bundled guide in ``language`` (English when that one is missing)."""
    folder = resources.files("gui.help")
    for name in (f"guide_{language}.md", "guide_en.md"):
        item = folder.joinpath(name)
        if item.is_file():
            return item.read_text(encoding="utf-8")
    return ""


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def window_shortcuts(window, translator: Translator) -> list[tuple[str, str]]:
    """(keys, what they do) for every window action with a shortcut, then the fixed ones."""
    rows = []
    for action in window.actions():
        if action.shortcut().isEmpty() or not action.text():
            continue
        rows.append((action.shortcut().toString(QKeySequence.SequenceFormat.NativeText), _plain(action.text())))
    rows.extend((_keys(keys), translator.gettext(what)) for keys, what in _FIXED_SHORTCUTS)
    return rows


def _close_buttons(dialog: QDialog, translator: Translator) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    close.setText(translator.gettext("Close"))
    close.setToolTip(translator.gettext("Close this window"))
    buttons.rejected.connect(dialog.reject)
    return buttons


class ShortcutsDialog(QDialog):
    def __init__(self, window, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        _ = translator.gettext
        self.setWindowTitle(_("Keyboard shortcuts"))
        rows = window_shortcuts(window, translator)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcuts_table")
        self.table.setHorizontalHeaderLabels([_("Keys"), _("What they do")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, what) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(_close_buttons(self, translator))
        self.resize(560, 420)


class GuideDialog(QDialog):
    def __init__(self, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("guide_dialog")
        self.setWindowTitle(translator.gettext("Qandas user guide"))
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guide_browser")
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(guide_text(translator.language))
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(_close_buttons(self, translator))
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(720, 600)
