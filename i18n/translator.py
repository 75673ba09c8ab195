"""One translation mechanism for the window, the command line, PDFs and Excel files.

Catalogues are gettext ``.po`` files under ``i18n/locale/<lang>/LC_MESSAGES/``, one per
area of the application (``core.po``, ``gui.po``, ``reports.po`` …) so that areas can be
translated independently; Babel reads them at first use, so there is no compile step
and nothing to keep in sync. A ``Translator`` is passed explicitly: a report's language
is chosen per report, not taken from the window.
"""
from __future__ import annotations

import datetime as dt
import decimal
import functools
from importlib import resources
from typing import Any

from babel import Locale
from babel.dates import format_date as _babel_date, format_datetime as _babel_datetime
from babel.messages.pofile import read_po
from babel.numbers import format_decimal as _babel_decimal

LANGUAGES = ("kk", "ru", "en")
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
_LOCALES = {"kk": "kk_KZ", "ru": "ru_KZ", "en": "en_GB"}
# DD.MM.YYYY in every language, English too: every document in Kazakhstan writes 25.11.1980 (issue 17 §10).
_DATE_PATTERNS = {"kk": "dd.MM.yyyy", "ru": "dd.MM.yyyy", "en": "dd.MM.yyyy"}


@functools.lru_cache(maxsize=None)
def _catalogue(language: str) -> tuple[dict, Any]:
    """(messages, plural rule) for a language; messages map (context, msgid) → msgstr or list."""
    messages: dict[tuple[str | None, str], Any] = {}
    plural = Locale.parse(_LOCALES.get(language, language)).plural_form
    folder = resources.files("i18n").joinpath("locale", language, "LC_MESSAGES")
    if folder.is_dir():
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if not entry.name.endswith(".po"):
                continue
            with entry.open("rb") as handle:
                catalog = read_po(handle, locale=_LOCALES.get(language, language))
            for message in catalog:
                if not message.id or message.fuzzy:
                    continue
                key = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
                value = message.string
                if isinstance(value, (list, tuple)):
                    if any(value):
                        messages[(message.context, key)] = list(value)
                elif value:
                    messages[(message.context, key)] = value
    return messages, plural


class Translator:
    def __init__(self, language: str = "en") -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language: {language}")
        self.language = language
        self.locale = _LOCALES[language]
        self._messages, self._plural = _catalogue(language) if language != "en" else ({}, None)

    # --- messages -----------------------------------------------------------------
    def gettext(self, message: str) -> str:
        value = self._messages.get((None, message))
        return value if isinstance(value, str) else message

    _ = gettext

    def pgettext(self, context: str, message: str) -> str:
        value = self._messages.get((context, message))
        return value if isinstance(value, str) else message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        forms = self._messages.get((None, singular))
        if isinstance(forms, list) and self._plural is not None:
            index = self._plural_index(count)
            if index < len(forms) and forms[index]:
                return forms[index]
        return singular if count == 1 else plural

    def _plural_index(self, count: int) -> int:
        tag = self._plural(count)
        # Babel orders plural tags as CLDR does; gettext's Plural-Forms for kk/ru follow it.
        order = {"kk": ["one", "other"], "ru": ["one", "few", "many", "other"]}[self.language]
        index = order.index(tag) if tag in order else len(order) - 1
        return min(index, 2) if self.language == "ru" else index

    def format(self, message: str, **params: Any) -> str:
        """Translate and fill named placeholders."""
        return self.gettext(message).format(**params)

    def error(self, error) -> str:
        """The text of a DomainError (or FieldProblem) in this language."""
        params = {key: self._param(value) for key, value in getattr(error, "params", {}).items()}
        try:
            return self.gettext(error.message).format(**params)
        except (KeyError, IndexError, ValueError):
            return self.gettext(error.message)

    def _param(self, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return self.format_datetime(value)
        if isinstance(value, dt.date):
            return self.format_date(value)
        return value

    # --- formatting -----------------------------------------------------------------
    def format_date(self, value: dt.date | None, style: str = "short") -> str:
        if value is None:
            return ""
        pattern = _DATE_PATTERNS[self.language] if style == "short" else style
        return _babel_date(value, pattern, locale=self.locale)

    def format_datetime(self, value: dt.datetime | None) -> str:
        if value is None:
            return ""
        return _babel_datetime(value, _DATE_PATTERNS[self.language] + " HH:mm", locale=self.locale)

    def format_month(self, value: dt.date) -> str:
        return _babel_date(value, "LLLL yyyy", locale=self.locale)

    def format_number(self, value: int | float | decimal.Decimal | None, digits: int | None = None) -> str:
        if value is None:
            return ""
        pattern = "#,##0" if digits is None else "#,##0." + "0" * digits
        return _babel_decimal(value, pattern, locale=self.locale)

    def format_money(self, value: decimal.Decimal | int | None) -> str:
        if value is None:
            return ""
        return self.format_number(value, 2) + "\u00a0₸"


def translator(language: str) -> Translator:
    return Translator(language)
