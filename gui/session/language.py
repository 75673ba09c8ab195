"""Which language the first dialog speaks: the one chosen last time, else the computer's own."""
from __future__ import annotations

from PySide6.QtCore import QLocale

from i18n import LANGUAGES

# QLocale's language → ours. Anything else (English, German, Uzbek …) gets no guess: the first
# dialog opens in English with the language choice at its top (issue 17 §4).
_FROM_QT = {QLocale.Language.Kazakh: "kk", QLocale.Language.Russian: "ru"}


def system_language(locale: QLocale | None = None) -> str | None:
    """"kk" or "ru" when the computer speaks it, else None (the user chooses)."""
    locale = locale if locale is not None else QLocale.system()
    return _FROM_QT.get(locale.language())


def initial_language(saved: str, locale: QLocale | None = None) -> str | None:
    """The language chosen last time, else the computer's; None when neither tells."""
    if saved in LANGUAGES:
        return saved
    return system_language(locale)


def add_language_choice(dialog, translator, on_language):
    """A "Language:" row on top of ``dialog`` (a first dialog, before anybody signed in): a choice
    there retranslates the dialog and goes to ``on_language(Translator)``. Returns the combo."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QHBoxLayout, QLabel

    from gui.widgets.language_combo import language_combo
    from i18n import Translator
    caption = QLabel(dialog)
    combo = language_combo(dialog, "language_combo", translator)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(caption)
    row.addWidget(combo)
    dialog.layout().insertLayout(0, row)

    def retranslate(current) -> None:
        caption.setText(current.gettext("Language:"))
        combo.setToolTip(current.gettext("The language of the window; it can be changed later in View › Language."))

    def changed(_index: int) -> None:
        new = Translator(combo.currentData())
        on_language(new)
        dialog.retranslate_ui(new)
        retranslate(new)
        # Qt's LanguageChange (posted by the new QTranslator) resets a button box to "OK"/"Cancel".
        QTimer.singleShot(0, lambda: dialog.retranslate_ui(Translator(combo.currentData())))

    combo.currentIndexChanged.connect(changed)
    retranslate(translator)
    dialog.language_combo = combo
    return combo
