"""A choice of Қазақша / Русский / English, e.g. for the language of a report or a file."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from i18n import Translator
from i18n.translator import LANGUAGE_NAMES, LANGUAGES


def language_combo(parent: QWidget, object_name: str, translator: Translator) -> QComboBox:
    """Each language in its own name, the window's language chosen first."""
    combo = QComboBox(parent)
    combo.setObjectName(object_name)
    for language in LANGUAGES:
        combo.addItem(LANGUAGE_NAMES[language], language)
    combo.setCurrentIndex(LANGUAGES.index(translator.language))
    return combo
