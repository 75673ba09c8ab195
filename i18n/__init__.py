"""Translations (gettext catalogues read with Babel) and locale formatting."""
from i18n.translator import LANGUAGES, Translator, translator

__all__ = ["LANGUAGES", "Translator", "translator"]
