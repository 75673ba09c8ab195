"""How well the name-variant rules and the duplicate scorer do on the labelled pairs.

    python -m tests.domain.name_variant_quality

Prints recall and precision of the variant key (same key = same name), of the search closeness
(the right name found as exact, variant or near), and of the duplicate scorer on person records
built from the pairs. ``tests/domain/test_name_variants.py`` holds the same figures to their floors.
"""
from __future__ import annotations

import csv
import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from domain.duplicate_scoring import PersonFacts, STRONG, score
from domain.name_variants import Closeness, closeness, word_variant_key

DATA = Path(__file__).resolve().parent / "data" / "name_variants.tsv"
TYPOS = Path(__file__).resolve().parent / "data" / "name_typos.tsv"
# Kazakh Cyrillic letters a typo may put anywhere (Ъ and Ь are not typed in Kazakh names).
TYPED_LETTERS = "абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщыіэюяә"
_PATRONYMIC_ENDINGS = ("ұлы", "қызы", "ович", "евич", "овна", "евна", "uly", "kyzy", "qyzy", "ovich", "evich",
                       "ovna", "evna", "ūly", "o'g'li")
_SURNAME_ENDINGS = ("ов", "ев", "ова", "ева", "ин", "ov", "ev", "ova", "eva", "ow", "ew", "yev", "yeva")


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    same: bool
    how: str


def pairs() -> list[Pair]:
    with DATA.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return [Pair(row["a"], row["b"], row["same"] == "1", row["how"]) for row in rows]


@dataclass(frozen=True)
class Rates:
    recall: float
    precision: float
    true_positives: int
    positives: int
    predicted: int


def typo_pairs() -> list[Pair]:
    """A registered name and the same name typed with one letter wrong (``name_typos.tsv``)."""
    with TYPOS.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return [Pair(row["a"], row["b"], True, row["how"]) for row in rows]


def search_kind(typed: str, stored: str) -> int | None:
    """The first search group (``MatchKind``) whose terms all meet a token stored for ``stored``, as
    the token indexes are searched (None: not found)."""
    from domain.search import VARIANT_MARK, MatchKind, bounds, name_tokens, near_prefixes, near_tokens, query_terms
    tokens = name_tokens(stored)

    def meets(term_kind: str, value: str) -> bool:
        if term_kind == "near":  # the ranges of ``domain.search.term_ranges``, as sets
            prefixes = tuple(VARIANT_MARK + prefix for prefix in near_prefixes(value))
            return any(token.startswith(prefixes) for token in tokens) or bool(set(near_tokens(value)) & set(tokens))
        low, high = bounds("#" + value if term_kind == "iin" else value)
        return any(low <= token < high for token in tokens)

    for kind in MatchKind.ALL:
        terms = query_terms(typed, kind)
        if terms and all(meets(term_kind, value) for term_kind, value in terms):
            return kind
    return None


def _typo_words() -> list[str]:
    """Surnames and given names of the labelled set (Kazakh or Russian Cyrillic, 5+ letters; not
    the patronymics, whose endings the key strips, nor the given-name table's entries)."""
    from domain.name_variants import _GIVEN_NAME_CANONICAL, _PATRONYMIC, _letters, _lowered
    from domain.names import _WORD_RE, normalize_name
    words = set()
    for pair in pairs():
        for text in (pair.a, pair.b):
            for word in _WORD_RE.findall(normalize_name(text)):
                word = word.lower()
                if (len(word) >= 5 and all(ch in TYPED_LETTERS for ch in word)
                        and not _PATRONYMIC.search(_lowered(word)) and _letters(word) not in _GIVEN_NAME_CANONICAL):
                    words.add(word)
    return sorted(words)


def near_miss_rate(limit: int | None = None) -> tuple[float, int]:
    """(share found, typos tried) over every one-letter typo — a letter of ``TYPED_LETTERS``
    inserted or put in place of one, a letter dropped, two neighbours swapped — of the labelled
    surnames and given names (the first ``limit`` of them)."""
    words = _typo_words()[:limit]
    found = total = 0
    for word in words:
        typos = set()
        for i in range(len(word) + 1):
            for letter in TYPED_LETTERS:
                typos.add(word[:i] + letter + word[i:])
                typos.add(word[:i] + letter + word[i + 1:])
            typos.add(word[:i] + word[i + 1:])
            typos.add(word[:i] + word[i + 1:i + 2] + word[i:i + 1] + word[i + 2:])
        typos.discard(word)
        total += len(typos)
        found += sum(search_kind(typo, word) is not None for typo in typos)
    return found / total, total


def rates(predicted_same: list[bool], labelled: list[Pair]) -> Rates:
    tp = sum(1 for p, pair in zip(predicted_same, labelled) if p and pair.same)
    positives = sum(1 for pair in labelled if pair.same)
    predicted = sum(predicted_same)
    return Rates(tp / positives if positives else 1.0, tp / predicted if predicted else 1.0, tp, positives, predicted)


def key_rates(labelled: list[Pair]) -> Rates:
    return rates([_keys_equal(p.a, p.b) for p in labelled], labelled)


def _keys_equal(a: str, b: str) -> bool:
    return [word_variant_key(w) for w in a.split()] == [word_variant_key(w) for w in b.split()] or \
        word_variant_key(a.replace(" ", "")) == word_variant_key(b.replace(" ", ""))


def closeness_rates(labelled: list[Pair], up_to: int) -> Rates:
    return rates([closeness(p.a.replace(" ", ""), p.b.replace(" ", "")) <= up_to for p in labelled], labelled)


def field_of(name: str) -> str:
    lowered = name.lower()
    if lowered.endswith(_PATRONYMIC_ENDINGS):
        return "patronymic"
    if lowered.endswith(_SURNAME_ENDINGS) and len(lowered) > 5:
        return "surname"
    return "given_name"


_OTHER = {"surname": ["Омаров", "Сейітов", "Байжанова", "Қасымов", "Nurmagambetov"],
          "given_name": ["Ерлан", "Айгүл", "Nurlan", "Данияр", "Меруерт"],
          "patronymic": ["Серікұлы", "Болатқызы", "Ерланович", "", ""]}


def _shifted(day: dt.date, rng: random.Random) -> dt.date:
    kind = rng.random()
    if kind < 0.7:
        return day
    if kind < 0.85 and day.day <= 12 and day.day != day.month:
        return dt.date(day.year, day.day, day.month)  # day and month swapped
    try:
        return day.replace(day=day.day + 1 if day.day < 28 else day.day - 1)  # one digit off
    except ValueError:
        return day


def person_pairs(labelled: list[Pair], seed: int = 2026) -> list[tuple[PersonFacts, PersonFacts]]:
    """Two person records per labelled pair: the pair's names in one field, the rest alike, the
    birth date equal or slipped as typists slip (same person) or equal half the time (not)."""
    rng = random.Random(seed)
    built = []
    for pair in labelled:
        field = field_of(pair.a) if pair.same else "given_name"
        base = {name: rng.choice(values) for name, values in _OTHER.items()}
        born = dt.date(rng.randint(1950, 2015), rng.randint(1, 12), rng.randint(1, 28))
        first = PersonFacts(**{**base, field: pair.a}, birth_date=born)
        other_birth = _shifted(born, rng) if pair.same else (born if rng.random() < 0.5 else
                                                            born + dt.timedelta(days=rng.randint(400, 4000)))
        other_patronymic = base["patronymic"] if rng.random() < 0.7 else ""
        second = PersonFacts(**{**base, "patronymic": other_patronymic, field: pair.b}, birth_date=other_birth)
        built.append((first, second))
    return built


def scorer_rates(labelled: list[Pair]) -> Rates:
    return rates([score(a, b).value >= STRONG for a, b in person_pairs(labelled)], labelled)


def misses(labelled: list[Pair]) -> list[Pair]:
    return [p for p in labelled if p.same and not _keys_equal(p.a, p.b)]


def main(typo_words: int | None = None) -> int:
    """Print every figure; ``typo_words`` limits the every-typo sweep (150 000 typos: ~40 s) to
    that many names, as the test does: the script itself sweeps them all."""
    labelled = pairs()
    counts = Counter("same" if p.same else "different" for p in labelled)
    print(f"{len(labelled)} labelled pairs ({counts['same']} same name, {counts['different']} different)")
    for title, found in (("variant key equal", key_rates(labelled)),
                         ("search: exact or variant", closeness_rates(labelled, Closeness.VARIANT)),
                         ("search: exact, variant or near", closeness_rates(labelled, Closeness.NEAR)),
                         (f"duplicate scorer >= {STRONG}", scorer_rates(labelled))):
        print(f"{title:32} recall {found.recall:6.1%}  precision {found.precision:6.1%}  "
              f"({found.true_positives}/{found.positives} found, {found.predicted} flagged)")
    typos = typo_pairs()
    kinds = Counter(search_kind(p.b, p.a) for p in typos)
    from domain.search import MatchKind
    print(f"{len(typos)} one-typo pairs (name_typos.tsv): search finds {1 - kinds[None] / len(typos):.1%} "
          f"(exact/prefix {kinds[MatchKind.EXACT] + kinds[MatchKind.PREFIX]}, variant {kinds[MatchKind.VARIANT]}, "
          f"near {kinds[MatchKind.NEAR]}, missed {kinds[None]}); duplicate scorer >= {STRONG} on them: "
          f"recall {scorer_rates(typos).recall:.1%}")
    for pair in typos:
        if search_kind(pair.b, pair.a) is None:
            print(f"  typo missed: {pair.a} / {pair.b} ({pair.how})")
    rate, total = near_miss_rate(typo_words)
    print(f"every one-letter typo of the labelled surnames and given names: {rate:.1%} of {total} found")
    by_how = Counter(p.how for p in labelled if p.same)
    missed = Counter(p.how for p in misses(labelled))
    print("variant-key recall by document form: " + ", ".join(
        f"{how} {1 - missed[how] / total:.0%}" for how, total in sorted(by_how.items())))
    for pair in misses(labelled):
        print(f"  missed: {pair.a} / {pair.b} ({pair.how}): {word_variant_key(pair.a)} ≠ {word_variant_key(pair.b)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
