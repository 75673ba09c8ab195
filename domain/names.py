"""Names as centre staff type them: Kazakh and Russian Cyrillic, passport Latin, Kazakh Latin.

``normalize_name`` tidies what is stored (spaces, Latin look-alike letters inside a
Cyrillic word). ``search_key`` folds every spelling of a name onto one ASCII key so that
«Nurlan», «Нурлан» and «Нұрлан» meet; ``sort_key`` orders names in the Kazakh alphabet
with an ASCII key that sorts the same in SQLite and PostgreSQL (collation "C").
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from domain.messages import N_

KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"

# Kazakh letters fold to their nearest Russian ones first (Ә→А, Ғ→Г, Қ→К, Ң→Н, Ө→О,
# Ұ/Ү→У, Һ→Х, І→И); then Cyrillic goes to a passport-style Latin skeleton.
_KAZAKH_TO_RUSSIAN = str.maketrans("әғқңөұүһі", "агкноуухи")
_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
}
# Letters of Kazakh Latin (2017-2021 alphabets) and Turkic spellings, before stripping accents.
_LATIN_SPECIAL = {
    "ı": "i", "ğ": "g", "ǵ": "g", "ş": "sh", "ç": "ch", "ñ": "n", "ń": "n", "q": "k",
    "w": "u", "x": "kh", "j": "zh", "ä": "a", "á": "a", "ö": "o", "ó": "o", "ü": "u",
    "ú": "u", "ū": "u", "ý": "i", "c": "ts",
}
_LATIN_FOLDS = (
    (re.compile(r"\b(ye|yo|ie|io)"), "e"),  # Yerlan / Ерлан, Yolkin / Ёлкин
    (re.compile(r"yu"), "iu"),
    (re.compile(r"ya"), "ia"),
    (re.compile(r"(?<![kzcs])h"), "kh"),  # lone h is Х/Һ; keep zh, sh, ch, kh
    (re.compile(r"iy\b|yi\b|ii\b"), "i"),  # Дмитрий / Dmitriy / Dmitrii
    (re.compile(r"(?<=[aeiou])y(?![aeiou])"), "i"),  # Aygul / Айгүл, Sergey
    (re.compile(r"ts"), "c"),
    (re.compile(r"(.)\1+"), r"\1"),  # Алла / Ala, Zhannat / Жанат
)

# Latin letters that look like Cyrillic ones: typed by mistake in a Cyrillic word.
_LOOKALIKE_LATIN_TO_CYRILLIC = str.maketrans(
    "AaBCcEeHiKMOoPpTXxYy", "АаВСсЕеНіКМОоРрТХхУу")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_SPACES_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)


def normalize_spaces(text: str | None) -> str:
    return _SPACES_RE.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def fix_lookalikes(word: str) -> str:
    """Replace Latin look-alike letters in a word that is otherwise Cyrillic."""
    if _CYRILLIC_RE.search(word) and _LATIN_RE.search(word):
        return word.translate(_LOOKALIKE_LATIN_TO_CYRILLIC)
    return word


@functools.lru_cache(maxsize=8192)  # pure; name parts repeat thousands of times in a register import
def normalize_name(text: str | None) -> str:
    """The stored form of a name: NFC, single spaces, no stray Latin letters in Cyrillic words."""
    cleaned = normalize_spaces(text)
    return " ".join(fix_lookalikes(word) for word in cleaned.split(" ")) if cleaned else ""


@functools.lru_cache(maxsize=8192)  # names repeat: a register import meets each word many times
def _latin_skeleton(word: str) -> str:
    word = word.lower().translate(_KAZAKH_TO_RUSSIAN)
    out = []
    for ch in word:
        if ch in _CYRILLIC_TO_LATIN:
            out.append(_CYRILLIC_TO_LATIN[ch])
        elif ch in _LATIN_SPECIAL:
            out.append(_LATIN_SPECIAL[ch])
        else:
            out.append(ch)
    text = unicodedata.normalize("NFKD", "".join(out))
    text = "".join(ch for ch in text if ch.isascii() and ch.isalnum())
    for pattern, replacement in _LATIN_FOLDS:
        text = pattern.sub(replacement, text)
    return text


def search_tokens(text: str | None) -> list[str]:
    """Each word of a name as a search key, in order, without empties."""
    words = _WORD_RE.findall(normalize_name(text))
    return [key for key in (_latin_skeleton(w) for w in words) if key]


@functools.lru_cache(maxsize=8192)  # pure; an import asks for the same full name's key more than once
def search_key(text: str | None) -> str:
    """One key for a whole name: every spelling of it gives the same key."""
    return " ".join(search_tokens(text))


class _SortCodes(dict[int, str | None]):
    """Character code -> its three-digit sort code (None drops the character); filled on first use."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        index = KAZAKH_ALPHABET.find(ch)
        if index >= 0:
            value = f"1{index:02d}"
        elif ch == " ":
            value = "000"
        elif ch.isdigit():
            value = f"01{ch}"
        elif "a" <= ch <= "z":
            value = f"2{ord(ch) - 97:02d}"
        else:
            value = None
        self[code] = value
        return value


_SORT_CODES = _SortCodes()


def sort_key(text: str | None) -> str:
    """An ASCII key that sorts names in Kazakh alphabet order (А Ә Б … Ү Ф Х Һ … І … Я)."""
    return normalize_name(text).lower().translate(_SORT_CODES)


def full_name(surname: str, given_name: str, patronymic: str | None = None) -> str:
    return " ".join(part for part in (surname, given_name, patronymic or "") if part)


# --- what a name may hold -------------------------------------------------------------------
# A name typed into a form or read from a register is shown on screens, printed in reports
# and written into Excel files. Invisible characters (zero-width spaces and joiners, direction
# marks and overrides that make «Омаров» display as something else, control characters) are
# removed with a note; digits, emoji and other symbols, and a leading =, +, - or @ (which a
# spreadsheet would read as a formula) are refused.
FORMULA_STARTS = ("=", "+", "-", "@")


def _is_invisible(char: str) -> bool:
    category = unicodedata.category(char)
    # Cf: format characters (ZWSP, ZWJ, LRM, RLO, BOM, soft hyphen …); Cc: control characters
    # (whitespace among them is left to normalize_spaces); Zl/Zp: line and paragraph separators
    return category in ("Cf", "Zl", "Zp") or (category == "Cc" and not char.isspace())


def _only_letters(text: str) -> bool:
    """Letters (any script), with single spaces, hyphens and apostrophes between them: the names
    of nearly every register row, recognised by ``str.isalpha`` in C instead of a Python loop
    over ``unicodedata.category`` (a third of a 100 000-row import's checking time before)."""
    return text.replace(" ", "").replace("-", "").replace("'", "").replace("’", "").isalpha()


def strip_invisible(text: str) -> str:
    """``text`` without invisible characters (a control character that is whitespace stays for
    ``normalize_spaces`` to turn into a space)."""
    if (text.isascii() and text.isprintable()) or _only_letters(text):
        return text  # the common case, decided without looking at each character
    return "".join(c for c in text if not _is_invisible(c))


def name_problem(text: str) -> tuple[str, dict[str, Any]] | None:
    """Why a name (after ``strip_invisible`` and ``normalize_spaces``) is refused, as (msgid, params),
    or None."""
    if not text:
        return None
    if text[0] in FORMULA_STARTS:
        return _FORMULA, {"char": text[0]}
    if _only_letters(text):
        return None  # letters are never digits, symbols nor invisible
    for char in text:
        category = unicodedata.category(char)
        if category[0] == "N":
            return _DIGITS, {"char": char}
        if _is_invisible(char):
            return _INVISIBLE, {"code": f"U+{ord(char):04X}"}
        if category[0] == "S" or category in ("Co", "Cs", "Cn"):
            return _SYMBOLS, {"char": char}
    return None


_FORMULA = N_("A name cannot start with «{char}» (a spreadsheet would take it for a formula).")
_DIGITS = N_("A name cannot contain digits («{char}»).")
_INVISIBLE = N_("A name cannot hold invisible characters (here {code}: a zero-width space, a direction mark "
                "or a control character).")
_SYMBOLS = N_("A name can hold letters, spaces, hyphens and apostrophes, not «{char}».")
