"""Qt's own button texts in our languages, and small message boxes built on them.

PySide6 ships ``qtbase_ru.qm`` but no Kazakh file, so in Kazakh a ``QMessageBox`` would
show "OK"/"Cancel". Two layers keep English off the screen: ``QtCatalogueTranslator``
answers Qt's own ``tr()`` calls (standard buttons, the line-edit context menu) from our
gettext catalogue, and ``translate_buttons`` sets the texts of a box's standard buttons
explicitly, so a dialog is right even when no Qt translator is installed.
"""
from __future__ import annotations

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget

from domain.messages import N_
from i18n import Translator

_SB = QDialogButtonBox.StandardButton
_MB = QMessageBox.StandardButton

# One msgid per standard button; QMessageBox and QDialogButtonBox share the enum values.
BUTTON_TEXTS: dict[int, str] = {
    _SB.Ok.value: N_("OK"), _SB.Cancel.value: N_("Cancel"), _SB.Save.value: N_("Save"),
    _SB.Yes.value: N_("Yes"), _SB.No.value: N_("No"), _SB.Close.value: N_("Close"),
    _SB.Discard.value: N_("Don't save"), _SB.Apply.value: N_("Apply"), _SB.Reset.value: N_("Reset"),
    _SB.Retry.value: N_("Retry"), _SB.Ignore.value: N_("Ignore"), _SB.Abort.value: N_("Abort"),
    _SB.Open.value: N_("Open"), _SB.Help.value: N_("Help"), _SB.YesToAll.value: N_("Yes to all"),
    _SB.NoToAll.value: N_("No to all"), _SB.RestoreDefaults.value: N_("Restore defaults"),
}

# Qt's own source strings (context, text) that appear in our windows → our msgids.
QT_STRINGS: dict[tuple[str, str], str] = {
    ("QPlatformTheme", "OK"): N_("OK"), ("QPlatformTheme", "Cancel"): N_("Cancel"),
    ("QPlatformTheme", "Save"): N_("Save"), ("QPlatformTheme", "&Yes"): N_("Yes"),
    ("QPlatformTheme", "&No"): N_("No"), ("QPlatformTheme", "Close"): N_("Close"),
    ("QPlatformTheme", "Discard"): N_("Don't save"), ("QPlatformTheme", "Don't Save"): N_("Don't save"),
    ("QPlatformTheme", "Apply"): N_("Apply"), ("QPlatformTheme", "Reset"): N_("Reset"),
    ("QPlatformTheme", "Retry"): N_("Retry"), ("QPlatformTheme", "Ignore"): N_("Ignore"),
    ("QPlatformTheme", "Abort"): N_("Abort"), ("QPlatformTheme", "Open"): N_("Open"),
    ("QPlatformTheme", "Help"): N_("Help"), ("QPlatformTheme", "Yes to &All"): N_("Yes to all"),
    ("QPlatformTheme", "N&o to All"): N_("No to all"),
    ("QPlatformTheme", "Restore Defaults"): N_("Restore defaults"),
    ("QMessageBox", "Show Details..."): N_("Show details…"),
    ("QMessageBox", "Hide Details..."): N_("Hide details…"),
    ("QLineEdit", "&Undo"): N_("Undo"), ("QLineEdit", "&Redo"): N_("Redo"),
    ("QLineEdit", "Cu&t"): N_("Cut"), ("QLineEdit", "&Copy"): N_("Copy"),
    ("QLineEdit", "&Paste"): N_("Paste"), ("QLineEdit", "Delete"): N_("Delete"),
    ("QLineEdit", "Select All"): N_("Select all"),
    ("QWidgetTextControl", "&Undo"): N_("Undo"), ("QWidgetTextControl", "&Redo"): N_("Redo"),
    ("QWidgetTextControl", "Cu&t"): N_("Cut"), ("QWidgetTextControl", "&Copy"): N_("Copy"),
    ("QWidgetTextControl", "&Paste"): N_("Paste"), ("QWidgetTextControl", "Delete"): N_("Delete"),
    ("QWidgetTextControl", "Select All"): N_("Select all"),
    ("QProgressDialog", "Cancel"): N_("Cancel"),
}


class QtCatalogueTranslator(QTranslator):
    """Answers Qt's built-in strings from our catalogue (for Kazakh, which Qt does not ship)."""

    def __init__(self, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.translator = translator

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D401 - Qt API
        msgid = QT_STRINGS.get((context, source_text))
        if msgid is None:
            return None
        return self.translator.gettext(msgid)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False


def translate_buttons(box: QDialogButtonBox | QMessageBox, translator: Translator) -> None:
    """Set every standard button's text of ``box`` from our catalogue."""
    for value, msgid in BUTTON_TEXTS.items():
        button = box.button(_SB(value) if isinstance(box, QDialogButtonBox) else _MB(value))
        if button is not None:
            button.setText(translator.gettext(msgid))


def message_box(parent: QWidget | None, translator: Translator, icon: QMessageBox.Icon, text: str,
                buttons: QMessageBox.StandardButton = _MB.Ok, informative: str = "",
                object_name: str = "message_box") -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName(object_name)
    box.setWindowTitle("Qandas")
    box.setIcon(icon)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    box.setStandardButtons(buttons)
    translate_buttons(box, translator)
    return box


def ask(parent: QWidget | None, translator: Translator, text: str, informative: str = "",
        yes_text: str = "", icon: QMessageBox.Icon = QMessageBox.Icon.Question) -> bool:
    """The one yes/no question of the window, in the UI language; "No" is the default answer.
    ``yes_text`` names the action on the Yes button ("Undo the import") when a bare Yes is vague;
    ``icon`` is a warning where the answer removes data for good."""
    box = message_box(parent, translator, icon, text, _MB.Yes | _MB.No, informative,
                      object_name="question_box")
    if yes_text:
        box.button(_MB.Yes).setText(yes_text)
    box.setDefaultButton(_MB.No)
    return box.exec() == _MB.Yes.value
