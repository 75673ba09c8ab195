"""One catalogue per language, built with Babel's own tools.

    python -m i18n.catalog extract        code → i18n/messages.pot (pybabel extract, i18n/babel.cfg)
    python -m i18n.catalog update         messages.pot → locale/<lang>/LC_MESSAGES/messages.po (pybabel update)
    python -m i18n.catalog compile        messages.po → messages.mo (pybabel compile; optional, faster start)
    python -m i18n.catalog build          the three above, in that order
    python -m i18n.catalog fold FILE.po…  merge an area catalogue into messages.po of its language, then build
    python -m i18n.catalog check          exit 1 on any problem of the catalogues (tests/i18n runs it)

``messages.po`` is the source of truth and is committed with ``messages.pot``; ``.mo`` files are
build output (not committed): the translator reads ``messages.mo`` when it is newer than the
``.po`` and the ``.po`` itself otherwise, so a clean checkout works without a compile step.
An area file (``<branch>.po`` beside ``messages.po``) is still read by the translator until it
is folded, but the check fails until it is: there is one catalogue per language.
"""
from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileParser, read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
LOCALE_DIR = I18N / "locale"
POT = I18N / "messages.pot"
MAPPING = I18N / "babel.cfg"
DOMAIN = "messages"
SOURCE_DIRS = ("domain", "services", "storage", "gui", "reports", "cli", "i18n")
# gettext names and our markers (domain/messages.py); "format" is Translator.format(msgid, **params).
KEYWORDS = ("_", "gettext", "N_", "NC_:1c,2", "Nn_:1,2", "ngettext:1,2", "pgettext:1c,2",
            "npgettext:1c,2,3", "format")
TRANSLATED_LANGUAGES = ("kk", "ru")
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)[^}]*\}")

Key = tuple[str | None, str]  # (context, msgid)


def catalogue_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def area_files(language: str, locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Catalogues of an area (another branch's ``<branch>.po``) not folded into messages.po yet."""
    folder = locale_dir / language / "LC_MESSAGES"
    return sorted(p for p in folder.glob("*.po") if p.name != f"{DOMAIN}.po") if folder.is_dir() else []


# --- Babel's tools ------------------------------------------------------------------------------
def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(output: Path = POT, root: Path = ROOT) -> None:
    """pybabel extract of the source folders under ``root`` into ``output``."""
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    dirs = [str(root / d) for d in SOURCE_DIRS if (root / d).is_dir()]
    _pybabel("extract", "-F", str(MAPPING), "--no-default-keywords", *keywords, "--no-wrap",
             "--sort-output", "--add-location=file", "--project=Qandas", "--copyright-holder=Qandas",
             "-o", str(output), *dirs)
    # Locations relative to the root, so the .pot does not depend on where the checkout lives.
    text = output.read_text(encoding="utf-8").replace(str(root) + "/", "")
    output.write_text(text, encoding="utf-8")


def update() -> None:
    _pybabel("update", "-i", str(POT), "-d", str(LOCALE_DIR), "-D", DOMAIN, "--no-wrap",
             "--no-fuzzy-matching", "--ignore-obsolete")


def compile_mo() -> None:
    _pybabel("compile", "-d", str(LOCALE_DIR), "-D", DOMAIN)


def build() -> None:
    extract()
    update()
    compile_mo()


# --- reading catalogues, keeping every duplicate ----------------------------------------------------
@dataclass(frozen=True)
class Entry:
    key: Key
    plural: str | None
    value: str | tuple[str, ...]
    fuzzy: bool
    where: str


class _RecordingCatalog(Catalog):
    """A Catalog that remembers every message it was given, duplicates included."""

    def __init__(self) -> None:
        super().__init__()
        self.given: list[Message] = []

    def __setitem__(self, id: str | tuple[str, ...], message: Message) -> None:
        if message.id:
            self.given.append(message)
        super().__setitem__(id, message)


def entries(path: Path) -> list[Entry]:
    """Every message of a .po file in order, duplicates included (a Catalog keeps only the last)."""
    catalog = _RecordingCatalog()
    with path.open("rb") as handle:
        PoFileParser(catalog, ignore_obsolete=True).parse(handle)
    return [_entry(message, str(path)) for message in catalog.given]


def _entry(message: Message, where: str) -> Entry:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    plural = message.id[1] if isinstance(message.id, (list, tuple)) else None
    value = tuple(message.string) if isinstance(message.string, (list, tuple)) else (message.string or "")
    return Entry((message.context, msgid), plural, value, message.fuzzy, where)


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


# --- the check ---------------------------------------------------------------------------------
def _label(key: Key) -> str:
    return f"{key[0]}|{key[1]!r}" if key[0] else repr(key[1])


def _is_translated(value: str | tuple[str, ...]) -> bool:
    return all(value) if isinstance(value, tuple) else bool(value)


def _placeholders(text: str | None) -> set[str]:
    return set(PLACEHOLDER.findall(text or ""))


def translation_problems(pot: Catalog, language: str, files: Sequence[Path]) -> list[str]:
    """Problems of one language's catalogue files against the template."""
    result: list[str] = []
    by_key: dict[Key, Entry] = {}
    for path in files:
        for entry in entries(path):
            earlier = by_key.get(entry.key)
            if earlier is None or not _is_translated(earlier.value):
                by_key[entry.key] = entry
            if earlier is not None and _is_translated(earlier.value) and _is_translated(entry.value):
                kind = "conflict" if earlier.value != entry.value else "duplicate"
                result.append(f"{kind} [{language}] {_label(entry.key)}: {earlier.value!r} in {earlier.where}, "
                              f"{entry.value!r} in {entry.where}")
    nplurals = get_plural(language).num_plurals
    for message in pot:
        if not message.id:
            continue
        source = _entry(message, str(POT))
        entry = by_key.get(source.key)
        label = f"[{language}] {_label(source.key)}"
        if entry is not None and not entry.fuzzy and isinstance(entry.value, tuple) and any(entry.value) \
                and not all(entry.value):
            result.append(f"plural forms {label}: {sum(map(bool, entry.value))} of {nplurals} filled")
            continue
        if entry is None or entry.fuzzy or not _is_translated(entry.value):
            result.append(f"untranslated {label}")
            continue
        if source.plural is not None:
            forms = entry.value if isinstance(entry.value, tuple) else (entry.value,)
            if len(forms) != nplurals:
                result.append(f"plural forms {label}: {len(forms)} of {nplurals}")
                continue
            allowed = _placeholders(source.key[1]) | _placeholders(source.plural)
            for index, form in enumerate(forms):
                have = _placeholders(form)
                if have - allowed or (index and _placeholders(source.plural) - have):
                    result.append(f"placeholder {label}: {form!r} (form {index})")
        elif isinstance(entry.value, tuple):
            result.append(f"plural forms {label}: the template has no plural")
        elif _placeholders(entry.value) != _placeholders(source.key[1]):
            result.append(f"placeholder {label}: {entry.value!r}")
    return result


def template_problems(pot: Catalog, code: Catalog) -> list[str]:
    """The template must be what extraction gives today."""
    wanted = {_entry(m, "").key: _entry(m, "").plural for m in code if m.id}
    have = {_entry(m, "").key: _entry(m, "").plural for m in pot if m.id}
    hint = "run python -m i18n.catalog build"
    result = [f"not in messages.pot {_label(key)} ({hint})" for key in wanted if key not in have]
    result += [f"no longer in the code {_label(key)} ({hint})" for key in have if key not in wanted]
    result += [f"plural changed {_label(key)} ({hint})" for key in wanted
               if key in have and have[key] != wanted[key]]
    return result


def problems() -> list[str]:
    pot = _read(POT) if POT.exists() else Catalog()
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / "code.pot"
        extract(fresh)
        found = template_problems(pot, _read(fresh))
    for language in TRANSLATED_LANGUAGES:
        areas = area_files(language)
        found += [f"not folded [{language}] {p.relative_to(ROOT)} (run python -m i18n.catalog fold "
                  f"{p.relative_to(ROOT)})" for p in areas]
        found += translation_problems(pot, language, [catalogue_path(language), *areas])
    return found


# --- folding an area catalogue into the one catalogue ----------------------------------------------
class FoldConflict(Exception):
    pass


def _language_of(path: Path) -> str:
    parts = path.resolve().parts
    if "LC_MESSAGES" in parts:
        return parts[parts.index("LC_MESSAGES") - 1]
    locale = _read(path).locale
    if locale is None:
        raise FoldConflict(f"{path}: no language in its path or header")
    return str(locale)


def fold(paths: Iterable[Path], locale_dir: Path = LOCALE_DIR) -> dict[str, int]:
    """Merge area .po files into messages.po of their language; refuse on any conflicting translation.

    Nothing is written when one file conflicts. The folded files are deleted.
    """
    paths = list(paths)
    targets: dict[str, Catalog] = {}
    added: dict[str, int] = {}
    conflicts: list[str] = []
    for path in paths:
        language = _language_of(path)
        if language not in targets:
            targets[language] = _read(catalogue_path(language, locale_dir))
            added[language] = 0
        target = targets[language]
        for entry in entries(path):
            if entry.fuzzy or not _is_translated(entry.value):
                continue
            msgid: str | tuple[str, str] = (entry.key[1], entry.plural) if entry.plural else entry.key[1]
            existing = target.get(entry.key[1], context=entry.key[0])
            if existing is not None and existing.string and not existing.fuzzy:
                current = tuple(existing.string) if isinstance(existing.string, (list, tuple)) else existing.string
                if _is_translated(current) and current != entry.value:
                    conflicts.append(f"{path}: {_label(entry.key)} is {entry.value!r}, "
                                     f"messages.po has {current!r}")
                    continue
            value = list(entry.value) if isinstance(entry.value, tuple) else entry.value
            if existing is not None:
                existing.string = value
                existing.flags.discard("fuzzy")
            else:
                target.add(msgid, value, context=entry.key[0])
            added[language] += 1
    if conflicts:
        raise FoldConflict("\n".join(conflicts))
    for language, catalog in targets.items():
        with catalogue_path(language, locale_dir).open("wb") as handle:
            write_po(handle, catalog, width=0, sort_output=True)
    for path in paths:
        Path(path).unlink()
    return added


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "check":
        found = problems()
        print("\n".join(found) or "catalogues complete")
        return 1 if found else 0
    if command in ("extract", "update", "build") and len(argv) == 1:
        {"extract": extract, "update": update, "build": build}[command]()
        return 0
    if command == "compile" and len(argv) == 1:
        compile_mo()
        return 0
    if command == "fold" and len(argv) > 1:
        files = [Path(name) for name in argv[1:]]
        try:
            counts = fold(files)
        except FoldConflict as conflict:
            print(f"nothing folded, conflicting translations:\n{conflict}", file=sys.stderr)
            return 1
        build()
        print(", ".join(f"{language}: {count} messages folded" for language, count in counts.items()))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
