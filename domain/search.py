"""What the registry can be filtered on (a value object shared by services and storage)."""
from __future__ import annotations

import datetime as dt
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
    ALL = (EXACT, PREFIX, VARIANT)


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
    has no name word: the variant search would repeat the prefix one)."""
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
        if kind == MatchKind.VARIANT:
            keys = [word_variant_key(part) for part in _WORD_RE.findall(normalize_name(word))]
            terms.extend(("token", VARIANT_MARK + key) for key in keys if key)
            names = names or any(keys)
        else:
            suffix = WHOLE_WORD if kind == MatchKind.EXACT else ""
            terms.extend(("token", token + suffix) for token in search_tokens(word))
    if kind == MatchKind.VARIANT and not names:
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


# --- how a shown name matched what was typed (the registry's highlight and mark) --------------
def match_spans(typed: str, name: str) -> list[tuple[int, int, int]]:
    """(start, end, ``MatchKind``) of each word of ``name`` that a name word typed meets: the same
    word (EXACT), a word it starts (PREFIX) or another spelling of it (VARIANT). Offsets are into
    ``name`` as given, so the caller can mark them in the text it shows."""
    typed_words = [(token, word_variant_key(word)) for word in _WORD_RE.findall(normalize_name(typed))
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
        for typed_token, typed_key in typed_words:
            if token == typed_token:
                kind = MatchKind.EXACT
            elif token.startswith(typed_token):
                kind = MatchKind.PREFIX
            elif typed_key and key.startswith(typed_key):
                kind = MatchKind.VARIANT
            else:
                continue
            best = kind if best is None else min(best, kind)
        if best is not None:
            spans.append((found.start(), found.end(), best))
    return spans
