"""Every button says what it does when the mouse rests on it (issue 17 §10: 5 of 724 widgets had one).

A button without a tooltip of its own gets, from this application-wide filter, the sentence
``gui.widgets.tooltip_texts`` holds for it (in the window's language) and its shortcut, when it is
shown and again whenever a tooltip is asked for, so a retranslated text is never stale. A button the
table does not know falls back to its caption (a test lists those). A tooltip a screen set itself is
never touched. ``apply_action_tooltips`` does the same for menu commands.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication, QMenu, QWidget

from gui.widgets.tooltip_texts import TOOLTIPS, tooltip_msgid

_AUTO = "_qandas_auto_tooltip"


def _with_shortcut(text: str, shortcut: QKeySequence) -> str:
    if shortcut.isEmpty():
        return text
    return f"{text} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})"


def button_tooltip(button: QAbstractButton, gettext=None) -> str:
    """The table's sentence for ``button`` translated with ``gettext``, else its caption."""
    msgid = tooltip_msgid(button)
    if msgid is None:
        return caption_tooltip(button)
    return _with_shortcut((gettext or str)(msgid), button.shortcut())


def apply_action_tooltips(root: QWidget, gettext) -> None:
    """Menu commands of ``root`` get the table's sentence (and their shortcut) and their menus show it."""
    for action in root.findChildren(QAction):
        msgid = TOOLTIPS.get(action.objectName())
        if msgid is not None:
            action.setToolTip(_with_shortcut(gettext(msgid), action.shortcut()))
            action.setStatusTip(gettext(msgid))
    for menu in root.findChildren(QMenu):
        menu.setToolTipsVisible(True)


def caption_tooltip(button: QAbstractButton) -> str:
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
    if not text:
        text = button.accessibleName() or button.objectName().removesuffix("_button").replace("_", " ")
    return _with_shortcut(text, button.shortcut())


class ButtonTooltips(QObject):
    gettext = None  # the window's language; set by ``set_gettext``

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # the buttons whose tooltip this filter wrote, until they are destroyed: walking
        # QApplication.allWidgets() instead met widgets already being deleted (a crash)
        self._written: dict[int, QAbstractButton] = {}

    def set_gettext(self, gettext) -> None:
        """A new language: the tooltips this filter wrote follow at once."""
        self.gettext = gettext
        for button in list(self._written.values()):  # a destroyed button has left (its destroyed signal)
            button.setToolTip(button_tooltip(button, gettext))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.Show, QEvent.Type.ToolTip) and isinstance(watched, QAbstractButton):
            if not watched.toolTip() or watched.property(_AUTO):
                watched.setToolTip(button_tooltip(watched, self.gettext))
                if not watched.property(_AUTO):
                    watched.setProperty(_AUTO, True)
                    key = id(watched)
                    self._written[key] = watched
                    watched.destroyed.connect(lambda _object=None, key=key: self._written.pop(key, None))
        return False


def install_button_tooltips(app: QApplication | None = None) -> ButtonTooltips:
    """Once per application; later calls return the filter already installed."""
    app = app or QApplication.instance()
    existing = getattr(app, "_qandas_button_tooltips", None)
    if existing is not None:
        return existing
    tooltips = ButtonTooltips(app)
    app.installEventFilter(tooltips)
    app._qandas_button_tooltips = tooltips
    return tooltips
