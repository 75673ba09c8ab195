"""What the registry can be filtered on (a value object shared by services and storage)."""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from domain.name_variants import word_variant_key
from domain.names import _WORD_RE, normalize_name, search_tokens


class StatusFilter:
    VALID = "valid"
    EXPIRING = "expiring"  # valid, ends within 30 days
    EXPIRED = "expired"
    NONE = "none"
    ALL = (VALID, EXPIRING, EXPIRED, NONE)


@dataclass(frozen=True)
class FamilyFilter:
    text: str = ""
    stage: str | None = None
    region_code: str | None = None
    origin_country_code: str | None = None
    arrived_from: dt.date | None = None
    arrived_to: dt.date | None = None
    responsible_user_id: int | None = None
    status: str | None = None
    today: dt.date | None = None
    due: str | None = None  # domain.workload.DueFilter: families with an overdue / this week's open task


def filter_fields(flt: FamilyFilter) -> list[str]:
    """The fields of a filter that are set, other than the text and ``today`` (the kept filters)."""
    return [name for name in FamilyFilter.__dataclass_fields__
            if name not in ("text", "today") and getattr(flt, name) not in (None, "")]


SORT_KEYS = ("name", "case_number", "arrival_date", "stage", "region", "country", "updated_at",
             "status_valid_until", "next_due")


# --- search words: what is stored per person, and what a typed text looks for -----------------
# A person's tokens (``person_search_token``) are the name words folded by ``names.search_tokens``
# (ASCII letters and digits) plus each word's variant key (``name_variants``) behind
# ``VARIANT_MARK``, so one index serves "starts with" and "the same name in another spelling".
# Storage adds the IIN as ``#`` + digits. The marks sort outside the letters, so a prefix of one
# kind never reaches a token of another.
VARIANT_MARK = "~"
# A term ending in ``WHOLE_WORD`` must equal a token, not only start it (the "exact" group).
WHOLE_WORD = "$"


class MatchKind:
    """How a family matched what was typed, best first: results are listed in this order."""
    EXACT = 0    # every word typed is a whole word of one person's name, or the whole IIN
    PREFIX = 1   # every word typed starts a word of one person's name (or an IIN, a case number)
    VARIANT = 2  # only under another spelling of the name (name_variants)
    NEAR = 3     # only one letter off: a name word of >= NEAR_MIN_LETTERS letters one edit from a stored word
    ALL = (EXACT, PREFIX, VARIANT, NEAR)


# --- near spellings: one letter inserted, dropped, changed or two swapped -----------------------
# A typo is found through the variant keys (``name_variants``): a key is the word's consonant
# skeleton, so a vowel typed wrong or dropped leaves the key as it is (that is the VARIANT group
# already), and one consonant inserted, dropped, changed or swapped with its neighbour is one edit
# of the key. The stored keys are searched for every key one edit away from the typed word's key:
# a few hundred whole tokens, each one seek of the token index (storage keeps only those that
# exist) - no scan of the persons and no extra rows per person.
NEAR_MIN_LETTERS = 4  # shorter words have too many neighbours to be worth listing
NEAR_MIN_KEY = 2      # a key of one consonant is one edit from most short names
# Near spellings are looked for only while the closer groups found fewer families than this: a
# typo usually finds nothing or almost nothing, and past a screenful a worker refines the text
# rather than reads one-letter-off names buried under what they typed.
NEAR_ONLY_BELOW = 20


def wants_near(found_closer: int) -> bool:
    """Whether the near group is searched after ``found_closer`` exact, prefix and variant matches."""
    return found_closer < NEAR_ONLY_BELOW
# The letters of a variant key: after its first letter only consonants (vowels are dropped); the
# first keeps a vowel class (a, i, u) or a consonant (``name_variants._consonant_key``). The fold
# writes J, Q, W and X as other letters (zh, k, v, k), so no key holds them.
_KEY_CONSONANTS = "bcdfghklmnprstvz"
_KEY_FIRST_VOWELS = "aiu"
_KEY_FIRST = _KEY_FIRST_VOWELS + _KEY_CONSONANTS


def near_word(word: str) -> str | None:
    """The variant key a typed word is searched near by, or None when the word is too short."""
    letters = sum(ch.isalpha() for ch in word)
    key = word_variant_key(word)
    return key if letters >= NEAR_MIN_LETTERS and len(key) >= NEAR_MIN_KEY else None


# One Cyrillic letter folds to two Latin ones (Ж zh, Ш sh, Ч ch, Ц ts): a typo on it is two edits
# of the key's letters but one of its sounds, so the edits are made on both.
_DIGRAPHS = ("shch", "zh", "sh", "ch", "ts")
# Read both ways where they overlap: «тш» is t + sh, «цх» ts + h.
_UNIT_RES = (re.compile("|".join(_DIGRAPHS) + "|."), re.compile("shch|zh|sh|ch|."))
# The key reads a word-final Д/Г as Т/К (``name_variants._FINAL``): a word typed half-way that ends
# in one («Айда…» of Айдана) also starts the keys with the voiced letter.
_DEVOICED = re.compile(r"([tk])(v?)$")


@functools.lru_cache(maxsize=1024)
def near_keys(key: str) -> tuple[str, ...]:
    """Every variant key one edit from ``key`` (a letter or a two-letter sound inserted, dropped or
    changed, two neighbours swapped), ``key`` itself excluded; only keys a word can have (no doubled
    letter, a vowel class only first), so none is looked up that the key rules never write."""
    found: set[str] = set()
    for units in (list(key), *(unit_re.findall(key) for unit_re in _UNIT_RES)):
        found.update(_one_edit(units))
    return tuple(sorted(candidate for candidate in found if candidate != key and _possible_key(candidate)))


def _one_edit(units: list[str]) -> set[str]:
    found: set[str] = set()
    consonants = (*_KEY_CONSONANTS, *_DIGRAPHS)
    for i in range(len(units) + 1):
        head, tail = "".join(units[:i]), units[i:]
        for letter in (*_KEY_FIRST_VOWELS, *consonants) if i == 0 else consonants:
            found.add(head + letter + "".join(tail))                  # inserted
            if tail:
                found.add(head + letter + "".join(tail[1:]))          # changed
        if tail:
            found.add(head + "".join(tail[1:]))                       # dropped
        if len(tail) > 1:
            found.add(head + tail[1] + tail[0] + "".join(tail[2:]))   # swapped
    return found


def _possible_key(key: str) -> bool:
    if not key or any(a == b for a, b in zip(key, key[1:])):
        return False
    return all(ch in _KEY_CONSONANTS for ch in key[1:]) and key[0] in _KEY_FIRST


def is_near(typed_key: str, stored_key: str) -> bool:
    """``stored_key`` is one edit from ``typed_key`` (the near group's rule, for the registry's mark)."""
    return stored_key in near_keys(typed_key)


def near_prefixes(key: str) -> tuple[str, ...]:
    """The variant prefixes a near term matches besides the keys one edit away: its key, and the
    key with a devoiced last letter voiced again."""
    voiced = _DEVOICED.sub(lambda m: {"t": "d", "k": "g"}[m.group(1)] + m.group(2), key)
    return (key,) if voiced == key else (key, voiced)


def near_tokens(key: str) -> list[str]:
    """The whole tokens one edit from a typed word's variant key that are not already in its
    variant prefixes (``near_prefixes``): what the near group looks up beyond them."""
    prefixes = near_prefixes(key)
    return [VARIANT_MARK + other for other in near_keys(key) if not other.startswith(prefixes)]


def name_tokens(full_name: str, latin_name: str = "") -> list[str]:
    """Every token stored for a person's name: folded words first, then their variant keys."""
    words = search_tokens(full_name) + search_tokens(latin_name)
    variants = [VARIANT_MARK + key for key in (word_variant_key(word) for text in (full_name, latin_name)
                                               for word in _WORD_RE.findall(normalize_name(text))) if key]
    return list(dict.fromkeys(words + variants))


def _digits(word: str) -> str | None:
    compact = word.replace("-", "")
    return compact if compact.isdigit() else None


IIN_LENGTH = 12


def query_terms(text: str, kind: int = MatchKind.PREFIX) -> list[tuple[str, str]]:
    """('iin', digits) or ('token', key) for every word typed, for one ``MatchKind``.

    EXACT: whole words and a whole IIN (empty when a word cannot be whole: a partial IIN);
    PREFIX: every word a prefix; VARIANT: name words by their variant key (empty when the text
    has no name word: the variant search would repeat the prefix one); NEAR: as VARIANT, but a
    name word of ``NEAR_MIN_LETTERS`` letters or more is ('near', its variant key): its variant
    prefix or a whole key one edit away (empty when no word is that long)."""
    terms: list[tuple[str, str]] = []
    names = False
    for word in text.split():
        digits = _digits(word)
        if digits is not None:
            if kind == MatchKind.EXACT:
                if len(digits) != IIN_LENGTH:
                    return []
                digits += WHOLE_WORD
            terms.append(("iin", digits))
            continue
        if kind in (MatchKind.VARIANT, MatchKind.NEAR):
            for part in _WORD_RE.findall(normalize_name(word)):
                key = word_variant_key(part)
                near = near_word(part) if kind == MatchKind.NEAR else None
                if near:
                    terms.append(("near", near))
                    names = True
                elif key:
                    terms.append(("token", VARIANT_MARK + key))
                    names = names or kind == MatchKind.VARIANT
        else:
            suffix = WHOLE_WORD if kind == MatchKind.EXACT else ""
            terms.extend(("token", token + suffix) for token in search_tokens(word))
    if kind in (MatchKind.VARIANT, MatchKind.NEAR) and not names:
        return []
    return terms


def bounds(value: str) -> tuple[str, str]:
    """The index range [low, high) of the tokens a term value matches: a prefix, or one whole
    word when it ends in ``WHOLE_WORD`` (stored tokens are printable ASCII above U+0020, so
    nothing lies between a word and the word + U+0001 but the word itself)."""
    if value.endswith(WHOLE_WORD):
        word = value[:-1]
        return word, word + "\x01"
    return value, value[:-1] + chr(ord(value[-1]) + 1)


def term_ranges(kind: str, value: str) -> list[tuple[str, str]]:
    """Every index range of the tokens a ('token' or 'near') term matches: one for a prefix or a
    whole word; for 'near' its variant prefixes and each whole key one edit away (storage looks up
    only those that exist)."""
    if kind == "near":
        return [bounds(VARIANT_MARK + prefix) for prefix in near_prefixes(value)] + [
            bounds(token + WHOLE_WORD) for token in near_tokens(value)]
    return [bounds(value)]


# --- how a shown name matched what was typed (the registry's highlight and mark) --------------
def match_spans(typed: str, name: str) -> list[tuple[int, int, int]]:
    """(start, end, ``MatchKind``) of each word of ``name`` that a name word typed meets: the same
    word (EXACT), a word it starts (PREFIX), another spelling of it (VARIANT) or a word one letter
    off (NEAR). Offsets are into ``name`` as given, so the caller can mark them in the text it shows."""
    typed_words = [(token, word_variant_key(word), near_word(word)) for word in _WORD_RE.findall(normalize_name(typed))
                   for token in search_tokens(word)[:1]]
    if not typed_words:
        return []
    spans = []
    for found in _WORD_RE.finditer(name or ""):
        tokens = search_tokens(found.group())
        if not tokens:
            continue
        token, key = tokens[0], word_variant_key(found.group())
        best = None
        for typed_token, typed_key, near in typed_words:
            if token == typed_token:
                kind = MatchKind.EXACT
            elif token.startswith(typed_token):
                kind = MatchKind.PREFIX
            elif typed_key and key.startswith(typed_key):
                kind = MatchKind.VARIANT
            elif near and is_near(near, key):
                kind = MatchKind.NEAR
            else:
                continue
            best = kind if best is None else min(best, kind)
        if best is not None:
            spans.append((found.start(), found.end(), best))
    return spans
