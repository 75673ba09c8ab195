"""The spellings under which one Kazakh name reaches a centre, folded onto one variant key.

A kandas brings papers from Uzbekistan, China, Mongolia, Russia or Turkmenistan, and each
country spells the same name its own way. ``names.search_key`` already folds the letters
(Kazakh and Russian Cyrillic, passport and Kazakh Latin); a *variant key* goes further and
forgets what those spellings disagree on, so that «Әбдірахманов», «Абдрахманов»,
«Abdrakhmanov», «Äbdırahmanov» and the Uzbek «Abdurahmonov» meet. The rules, each with the
reason it exists:

1. **Letters** (``names._latin_skeleton``): Kazakh Cyrillic → Russian Cyrillic as Soviet and
   Russian documents write it (Ә→А, Ғ→Г, Қ→К, Ң→Н, Ө→О, Ұ/Ү→У, Һ→Х, І→И), Cyrillic → ICAO
   Doc 9303 Latin (Kh, Zh, Ts, Ch, Sh, Iu, Ia), Russian-passport Latin (Kh/Zh/Sh/Ch/Y),
   the Kazakh Latin alphabet of 2021 (Ä Ğ Q Ñ Ö Ū Ü Ş I/Ы), Uzbek Latin (Oʻ, Gʻ, Q, X, J).
2. **Х and К** (``kh`` → ``k``): Mongolian Cyrillic writes Kazakh Қ as Х (Қайрат → Хайрат),
   Uzbek writes Х as X and Қ as Q; Russian forms drop the difference between Қ and К.
3. **Vowels after the first letter are dropped**: the vowel letters are where the spellings
   disagree most — І and Ы are written И, Ы or dropped in Russian forms (Әбдірахман → Абдрахман),
   Uzbek writes Kazakh А as O (Абдурахман → Abdurahmon, -бай → -boy), Chinese passports give the
   pinyin of the characters chosen for the name and add vowels between consonants (Нұрлан →
   Nu'erlan 努尔兰, Ахмет → Aihemaiti 艾合买提). The first letter keeps a vowel class (А/Ә/Е/Э,
   И/І/Ы/Й, О/Ө/У/Ұ/Ү) because an initial vowel is rarely lost (Ерлан, Ыскақов, Өмірзақ).
4. **Patronymics**: the Kazakh -ұлы/-қызы and the Russian -ович/-евич/-овна/-евна forms of the
   same father's name meet on the father's name (Серікұлы = Серикович).
5. **Surname endings**: the feminine -ова/-ева/-ина and Turkmen -ýew/-ow spellings meet the
   masculine -ов/-ев/-ин (Мамырбаева is the same surname as Мамырбаев).
6. **Given-name variants** that no letter rule explains are a table (``GIVEN_NAME_VARIANTS``):
   Булат/Болат, Тимур/Темір, Мухаммед/Магомед, Гульнара/Гүлнар …

Sources: ICAO Doc 9303 part 3 (transliteration of Cyrillic in machine-readable passports);
Decree of the President of the Republic of Kazakhstan on the Kazakh Latin alphabet (2017, as
amended 2018; the 2021 letter set Ä Ğ I Ñ Ö Ū Ü Ş Y); Uzbek Latin alphabet law of 1993 (as amended
1995); Hanyu Pinyin (GB/T 16159) for names in PRC passports; the Mongolian Cyrillic spelling of
Bayan-Ölgii Kazakh names. The tests measure the rules on ``tests/domain/data/name_variants.tsv``
(``python -m tests.domain.name_variant_quality`` prints recall and precision).
"""
from __future__ import annotations

import functools
import re

from domain.names import _WORD_RE, _latin_skeleton, normalize_name

_VOWELS = frozenset("aeiouy")
_FIRST_VOWEL_CLASS = {"a": "a", "e": "a", "i": "i", "y": "i", "o": "u", "u": "u"}

# Turkmen and English-style -ýew/-ew/-ow for -ев/-ов, before the letters are folded (w would
# otherwise become the vowel u and the ending's consonant would be lost).
_TURKMEN_ENDING = re.compile(r"[yý]?([eo])w\b")
# Read off the word as written, before letters fold: folding merges double letters, which would
# eat the root's last letter in Ермекқызы (ermek + kyzy).
_PATRONYMIC = re.compile(r"(?:ұлы|улы|uly|ūly|ugli|ogli|oglu|қызы|кызы|kyzy|qyzy|kizi|"
                         r"ович|евич|овна|евна|ична|ич|ovich|evich|ovna|evna|ichna|ich)$")
# How a Russian document spells each Kazakh letter, one letter for one (Ә→А … І→И).
_KAZAKH_AS_RUSSIAN = str.maketrans("әғқңөұүһі", "агкноуухи")
# Word-final voiced consonants are written voiceless in Kazakh and voiced in Russian and Uzbek
# (Ахмет/Ахмед, Бекзат/Bekzod, Мұрат/Murod); pinyin ends a Kazakh -н in -ng (Нұржан → Nuerjiang).
# The same holds before a surname's -ов/-ев (Ахметов/Ахмедов).
_FINAL = ((re.compile(r"ng$"), "n"), (re.compile(r"d(?=v?$)"), "t"), (re.compile(r"g(?=v?$)"), "k"))
# Russian writes a Kazakh word-initial Уә/Уа as Ва (Уәлиханов → Валиханов, Уәли → Вали).
_INITIAL = ((re.compile(r"^ua"), "va"),)

# Given names whose spellings differ by more than the rules above explain: each group's spellings
# meet on the group's first. Arabic and Persian names in their Kazakh, Russian, Uzbek, Turkmen
# and Tatar forms; the rules already join Болат/Булат, Темір/Тимур, Гүлнар/Гульнара.
GIVEN_NAME_GROUPS = (
    ("Мұхаммед", "Магомед", "Мохаммед", "Mohammed", "Magomed", "Махамбет", "Мамбет"),
    ("Жүсіп", "Юсуп", "Юсуф", "Yusuf", "Yusup", "Jusup"),
    ("Ыбырайым", "Ибрагим", "Ибрахим", "Ibrahim", "Ibragim", "Ibroxim"),
    ("Смайыл", "Исмаил", "Ismail", "Ismoil", "Smail"),
    ("Ілияс", "Ильяс", "Илияс", "Елияс", "Ilyas", "Iliyas", "Ilias"),
    ("Ғайса", "Иса", "Isa", "Gaisa"),
    ("Жақып", "Якуб", "Yakub", "Yoqub", "Jakyp"),
    ("Ысқақ", "Исхак", "Исаак", "Ishaq", "Iskhak", "Is'hoq"),
    ("Мұса", "Муса", "Musa", "Muso"),
    ("Сүлеймен", "Сулейман", "Sulaiman", "Sulaymon", "Suleiman"),
    ("Ибадолла", "Убайдулла", "Ubaydulla", "Ubaidulla"),
    ("Әлі", "Али", "Ali", "Alii"),
    ("Зейнеп", "Зейнаб", "Зайнаб", "Zaynab", "Zeynep"),
    ("Фатима", "Патима", "Fatima", "Patima"),
)


def _lowered(word: str) -> str:
    return word.lower().replace("ʻ", "").replace("'", "").replace("’", "")


@functools.lru_cache(maxsize=16384)
def _letters(word: str) -> str:
    lowered = _TURKMEN_ENDING.sub(r"\1v", _lowered(word))
    folded = _latin_skeleton(lowered)
    return folded.replace("dzh", "zh").replace("kh", "k")


_GIVEN_NAME_CANONICAL = {_letters(spelling): _letters(group[0])
                         for group in GIVEN_NAME_GROUPS for spelling in group}


def _given_name_canonical(folded: str) -> str:
    return _GIVEN_NAME_CANONICAL.get(folded, folded)


def _root(word: str) -> str:
    """The father's name in a patronymic, whichever language formed it; other words as they are.
    (Feminine surname endings need no rule: -ова and -ов differ only by a vowel.) The ending is
    looked for with Kazakh letters read as the Russian ones (one letter for one), so «-іч» or
    «-өвич» is the patronymic «-ич» or «-ович» as a Russian passport would spell it."""
    lowered = _lowered(word)
    ending = _PATRONYMIC.search(lowered.translate(_KAZAKH_AS_RUSSIAN))
    stripped = lowered[:ending.start()] if ending else lowered
    return stripped if len(stripped) >= 3 else lowered


def _consonant_key(folded: str) -> str:
    if not folded:
        return ""
    for pattern, replacement in _INITIAL:
        folded = pattern.sub(replacement, folded)
    first = _FIRST_VOWEL_CLASS.get(folded[0], folded[0])
    rest = "".join(ch for ch in folded[1:] if ch not in _VOWELS)
    key = re.sub(r"(.)\1+", r"\1", first + rest)
    for pattern, replacement in _FINAL:
        key = pattern.sub(replacement, key)
    return key


@functools.lru_cache(maxsize=16384)
def word_variant_key(word: str) -> str:
    """One word's variant key ('' for a word with no letters)."""
    folded = _letters(_root(word))
    if not folded:
        return ""
    return _consonant_key(_given_name_canonical(folded))


def variant_keys(text: str | None) -> list[str]:
    """The variant key of each word of a name, in order."""
    words = _WORD_RE.findall(normalize_name(text))
    return [key for key in (word_variant_key(word) for word in words) if key]


def variant_key(text: str | None) -> str:
    """One key for a whole name (its words' keys joined by spaces)."""
    return " ".join(variant_keys(text))


def spelling_key(word: str) -> str:
    """The letters of a word as the transliteration rules fold them (stricter than the variant key)."""
    return _given_name_canonical(_letters(word))


def within_one_edit(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with at most one letter added, dropped or changed."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


class Closeness:
    """How one typed word meets a stored word, strongest first (the registry says which)."""
    EXACT = 0        # the same letters once folded (Нұрлан = Нурлан = Nurlan)
    VARIANT = 1      # another country's spelling of the same name (Абдрахманов = Әбдірахманов)
    NEAR = 2         # one letter off, or a vowel dropped (Абдрахманв, Нурлн)
    NONE = 3


def closeness(typed: str, stored: str) -> int:
    """How close one typed word is to one stored word (a ``Closeness`` value)."""
    a, b = spelling_key(typed), spelling_key(stored)
    if not a or not b:
        return Closeness.NONE
    if a == b:
        return Closeness.EXACT
    ka, kb = word_variant_key(typed), word_variant_key(stored)
    if ka == kb:
        return Closeness.VARIANT
    if within_one_edit(a, b) or (len(ka) >= 3 and within_one_edit(ka, kb)):
        return Closeness.NEAR
    return Closeness.NONE
