"""Keeping the catalogues complete: ``python -m i18n.catalog check|missing LANG|pot``.

Messages are extracted from the source with Babel (keywords ``_``, ``gettext``, ``N_``,
``ngettext``, ``pgettext``, ``format``); every msgid must be translated in ``kk`` and
``ru`` in one of the ``.po`` files of that language, with the same placeholders.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("domain", "services", "storage", "gui", "reports", "cli", "i18n")
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "format": None}
TRANSLATED_LANGUAGES = ("kk", "ru")
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)[^}]*\}")


@dataclass(frozen=True)
class SourceMessage:
    msgid: str
    plural: str | None
    context: str | None
    location: str


def extract() -> dict[tuple[str | None, str], SourceMessage]:
    found: dict[tuple[str | None, str], SourceMessage] = {}
    for folder in SOURCE_DIRS:
        path = ROOT / folder
        if not path.is_dir():
            continue
        for filename, lineno, message, _comments, context in extract_from_dir(
                str(path), method_map=[("**.py", "python")], keywords=KEYWORDS, strip_comment_tags=True):
            if isinstance(message, (tuple, list)):
                msgid, plural = message[0], message[1] if len(message) > 1 else None
            else:
                msgid, plural = message, None
            if not msgid or not isinstance(msgid, str) or not re.search(r"[A-Za-z]", msgid):
                continue
            found.setdefault((context, msgid), SourceMessage(msgid, plural, context, f"{folder}/{filename}:{lineno}"))
    return found


def load_translations(language: str) -> dict[tuple[str | None, str], object]:
    messages: dict[tuple[str | None, str], object] = {}
    folder = resources.files("i18n").joinpath("locale", language, "LC_MESSAGES")
    if not folder.is_dir():
        return messages
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".po"):
            with entry.open("rb") as handle:
                for message in read_po(handle):
                    if not message.id:
                        continue
                    key = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
                    if message.fuzzy:
                        continue
                    messages[(message.context, key)] = message.string
    return messages


def problems(language: str) -> list[str]:
    translations = load_translations(language)
    result = []
    for key, source in sorted(extract().items(), key=lambda item: item[1].location):
        value = translations.get(key)
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        if not value or not all(values):
            result.append(f"missing [{language}] {source.location}: {source.msgid!r}")
            continue
        wanted = set(PLACEHOLDER.findall(source.msgid)) | set(PLACEHOLDER.findall(source.plural or ""))
        for text in values:
            if set(PLACEHOLDER.findall(text)) - wanted:
                result.append(f"placeholder [{language}] {source.location}: {source.msgid!r} -> {text!r}")
    return result


def write_missing(language: str, target: Path) -> int:
    """Append untranslated messages to ``target`` (a .po file) for a translator to fill."""
    translations = load_translations(language)
    catalog = Catalog(locale=language)
    if target.exists():
        with target.open("rb") as handle:
            catalog = read_po(handle)
    added = 0
    for key, source in extract().items():
        if translations.get(key) or catalog.get(source.msgid, context=source.context) is not None:
            continue
        msgid = (source.msgid, source.plural) if source.plural else source.msgid
        catalog.add(msgid, "", locations=[(source.location, 0)], context=source.context)
        added += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False)
    return added


def main(argv: list[str]) -> int:
    if not argv or argv[0] == "check":
        found = [p for language in TRANSLATED_LANGUAGES for p in problems(language)]
        print("\n".join(found) or "all messages translated")
        return 1 if found else 0
    if argv[0] == "missing" and len(argv) == 3:
        count = write_missing(argv[1], Path(argv[2]))
        print(f"{count} messages added to {argv[2]}")
        return 0
    print("usage: python -m i18n.catalog check | missing LANG FILE.po", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
