"""Every button says what it does when the mouse rests on it (issue 17 §10: 5 of 724 widgets had one).

Buttons that need more than their caption get their own tooltip where they are built. For the
rest, this application-wide filter gives a button without a tooltip its own caption (without the
mnemonic "&") and its shortcut, when it is shown and again whenever a tooltip is asked for, so a
retranslated caption is never stale. A tooltip a screen set itself is never touched.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication

_AUTO = "_qandas_auto_tooltip"


def caption_tooltip(button: QAbstractButton) -> str:
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
    if not text:
        text = button.accessibleName() or button.objectName().removesuffix("_button").replace("_", " ")
    shortcut = button.shortcut()
    if not shortcut.isEmpty():
        text = f"{text} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})"
    return text


class ButtonTooltips(QObject):
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.Show, QEvent.Type.ToolTip) and isinstance(watched, QAbstractButton):
            if not watched.toolTip() or watched.property(_AUTO):
                watched.setToolTip(caption_tooltip(watched))
                watched.setProperty(_AUTO, True)
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
