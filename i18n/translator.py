"""One translation mechanism for the window, the command line, PDFs and Excel files.

There is one gettext catalogue per language, ``i18n/locale/<lang>/LC_MESSAGES/messages.po``,
built from ``i18n/messages.pot`` with Babel's tools (``python -m i18n.catalog``, see there).
The compiled ``messages.mo`` is read when it is at least as new as the ``.po`` (faster start);
otherwise the ``.po`` is read directly, so a clean checkout needs no compile step. Area
catalogues that a merge brought in and that are not folded yet only fill in what
``messages.po`` lacks. A ``Translator`` is passed explicitly: a report's language is chosen
per report, not taken from the window.
"""
from __future__ import annotations

import datetime as dt
import decimal
import functools
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from i18n.catalogue_cache import cached

# Babel is imported where it is used: a start whose catalogue comes from the cache and whose
# first screen shows only DD.MM.YYYY dates does not load it at all.

LANGUAGES = ("kk", "ru", "en")
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
_LOCALES = {"kk": "kk_KZ", "ru": "ru_KZ", "en": "en_GB"}
# DD.MM.YYYY in every language, English too: every document in Kazakhstan writes 25.11.1980 (issue 17 §10).
_DATE_PATTERNS = {"kk": "dd.MM.yyyy", "ru": "dd.MM.yyyy", "en": "dd.MM.yyyy"}
# CLDR's grouping separators (tests/i18n/test_plural_rules.py holds them equal to Babel's)
_GROUP_SEPARATORS = {"kk": "\u00a0", "ru": "\u00a0", "en": ","}
_DECIMAL_SEPARATORS = {"kk": ",", "ru": ",", "en": "."}
_HERE: Traversable = resources.files("i18n")
_DOMAIN = "messages"


def _read_catalogue(path: Traversable, language: str) -> Any:
    with path.open("rb") as handle:
        if path.name.endswith(".mo"):
            from babel.messages.mofile import read_mo
            return read_mo(handle)
        from babel.messages.pofile import read_po
        return read_po(handle, locale=_LOCALES.get(language, language))


def _mo_is_fresh(mo: Traversable, po: Traversable) -> bool:
    if not mo.is_file():
        return False
    if not po.is_file():
        return True
    # In a checkout a .mo older than its .po is stale; resources that are not files on disk have no age.
    return not (isinstance(mo, Path) and isinstance(po, Path)) or mo.stat().st_mtime >= po.stat().st_mtime


def _catalogue_files(language: str) -> list[Traversable]:
    """messages.mo (when fresh) or messages.po first, then area files not folded yet."""
    folder = _HERE.joinpath("locale", language, "LC_MESSAGES")
    if not folder.is_dir():
        return []
    po, mo = folder.joinpath(f"{_DOMAIN}.po"), folder.joinpath(f"{_DOMAIN}.mo")
    main = [mo] if _mo_is_fresh(mo, po) else [po] if po.is_file() else []
    areas = sorted((p for p in folder.iterdir() if p.name.endswith(".po") and p.name != po.name),
                   key=lambda p: p.name)
    return main + areas


@functools.lru_cache(maxsize=None)
def _catalogue(language: str) -> dict[tuple[str | None, str], Any]:
    """A language's messages: (context, msgid) → msgstr or list of plural forms; parsed once
    per process, and kept between starts by ``i18n.catalogue_cache``."""
    files = _catalogue_files(language)
    return cached(f"messages-{language}", files, lambda: _parse_catalogue(files, language))


def _parse_catalogue(files: list[Traversable], language: str) -> dict[tuple[str | None, str], Any]:
    messages: dict[tuple[str | None, str], Any] = {}
    for path in files:
        for message in _read_catalogue(path, language):
            if not message.id or message.fuzzy:
                continue
            key = (message.context or None, message.id[0] if isinstance(message.id, (list, tuple)) else message.id)
            value = message.string
            if key in messages:
                continue  # messages.po wins over an area file not folded yet
            if isinstance(value, (list, tuple)):
                if any(value):
                    messages[key] = list(value)
            elif value:
                messages[key] = value
    return messages


def _plural_tag(language: str, count: int) -> str:
    """CLDR's plural category of a whole count (Babel's rules for kk and ru, written out: loading
    Babel's locale data for the first "{count} rows" cost a third of a second of every start;
    tests/i18n/test_plural_rules.py holds them equal to Babel's)."""
    n = abs(count)
    if language == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    return "one" if n == 1 else "other"


@functools.lru_cache(maxsize=1)
def _english_plurals() -> dict[str, str]:
    """msgid → msgid_plural from the template: the English plural of a stored message."""
    pot = _HERE.joinpath("messages.pot")
    if not pot.is_file():
        return {}

    def parse() -> dict[str, str]:
        from babel.messages.pofile import read_po
        with pot.open("rb") as handle:
            return {m.id[0]: m.id[1] for m in read_po(handle) if isinstance(m.id, (list, tuple)) and not m.context}
    return cached("plurals", [pot], parse)


class Translator:
    def __init__(self, language: str = "en") -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language: {language}")
        self.language = language
        self.locale = _LOCALES[language]
        self._messages = _catalogue(language) if language != "en" else {}

    # --- messages -----------------------------------------------------------------
    def gettext(self, message: str) -> str:
        value = self._messages.get((None, message))
        return value if isinstance(value, str) else message

    _ = gettext

    def pgettext(self, context: str, message: str) -> str:
        value = self._messages.get((context, message))
        return value if isinstance(value, str) else message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.npgettext(None, singular, plural, count)

    def npgettext(self, context: str | None, singular: str, plural: str, count: int) -> str:
        forms = self._messages.get((context, singular))
        if isinstance(forms, list) and self.language != "en":
            index = self._plural_index(count)
            if index < len(forms) and forms[index]:
                return forms[index]
        return singular if count == 1 else plural

    def message(self, msgid: str, params: dict[str, Any] | None = None) -> str:
        """A stored or raised msgid (not yet filled): the plural form for ``params["count"]``
        when the message was marked with ``Nn_(singular, plural)``, else its translation."""
        count = (params or {}).get("count")
        if isinstance(count, int) and not isinstance(count, bool):
            plural = _english_plurals().get(msgid)
            if plural is not None:
                return self.ngettext(msgid, plural, count)
        return self.gettext(msgid)

    def _plural_index(self, count: int) -> int:
        tag = _plural_tag(self.language, count)
        # Babel orders plural tags as CLDR does; gettext's Plural-Forms for kk/ru follow it.
        order = {"kk": ["one", "other"], "ru": ["one", "few", "many", "other"]}[self.language]
        index = order.index(tag) if tag in order else len(order) - 1
        return min(index, 2) if self.language == "ru" else index

    def format(self, message: str, **params: Any) -> str:
        """Translate and fill named placeholders."""
        return self.gettext(message).format(**params)

    def error(self, error) -> str:
        """The text of a DomainError (or FieldProblem) in this language."""
        raw = getattr(error, "params", {})
        params = {key: self._param(value) for key, value in raw.items()}
        text = self.message(error.message, raw)
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text

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
        if style == "short":  # DD.MM.YYYY in every language (_DATE_PATTERNS): no locale data needed
            return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
        from babel.dates import format_date
        return format_date(value, style, locale=self.locale)

    def format_datetime(self, value: dt.datetime | None) -> str:
        if value is None:
            return ""
        if value.tzinfo is None:  # what Babel's pattern gives for a naive time, without loading it
            return f"{self.format_date(value)} {value.hour:02d}:{value.minute:02d}"
        from babel.dates import format_datetime
        return format_datetime(value, _DATE_PATTERNS[self.language] + " HH:mm", locale=self.locale)

    def format_month(self, value: dt.date) -> str:
        from babel.dates import format_date
        return format_date(value, "LLLL yyyy", locale=self.locale)

    def format_number(self, value: int | float | decimal.Decimal | None, digits: int | None = None) -> str:
        if value is None:
            return ""
        if type(value) is int or type(value) is decimal.Decimal and value.is_finite():
            # counts and money: grouped and rounded as Babel does (half to even), without loading it
            text = f"{value:,}" if digits is None and type(value) is int else f"{decimal.Decimal(value):,.{digits or 0}f}"
            return text.translate({ord(","): _GROUP_SEPARATORS[self.language],
                                   ord("."): _DECIMAL_SEPARATORS[self.language]})
        pattern = "#,##0" if digits is None else "#,##0." + "0" * digits
        from babel.numbers import format_decimal
        return format_decimal(value, pattern, locale=self.locale)

    def format_money(self, value: decimal.Decimal | int | None) -> str:
        if value is None:
            return ""
        return self.format_number(value, 2) + "\u00a0₸"


def translator(language: str) -> Translator:
    return Translator(language)
