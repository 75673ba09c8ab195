"""Finding the header of a hand-kept register and which rows are not data.

Centres keep registers in Excel with a title block and merged cells above the header,
headers in Kazakh, Russian or English with their usual variants, a row of column
numbers under the header, blank rows and a total row. This module recognises columns
by meaning (``FIELD_SYNONYMS``) and tells data rows from the rest; it knows nothing of
files (the reader in ``services`` hands it plain cell values).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from domain.errors import ValidationError
from domain.messages import N_

# Each field and the headers that mean it, in kk/ru/en, compared after ``header_key``.
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "row_number": ("№", "№ п/п", "№п/п", "п/п", "no", "no.", "nr", "#", "р/с", "р/с №", "реттік №", "рет саны",
                   "номер", "порядковый номер", "row"),
    "family_no": ("№ семьи", "номер семьи", "семья №", "№ семьи (группа)", "отбасы №", "отбасы нөмірі",
                  "№ отбасы", "отбасы", "семья", "family no", "family №", "family number", "family"),
    "iin": ("иин", "жсн", "iin", "иин/жсн", "жсн/иин", "ИИН (ЖСН)", "индивидуальный идентификационный номер",
            "жеке сәйкестендіру нөмірі", "individual identification number"),
    "full_name": ("фио", "ф.и.о.", "ф и о", "фамилия имя отчество", "фамилия, имя, отчество", "аты-жөні",
                  "аты жөні", "тегі аты әкесінің аты", "т.а.ә.", "таә", "full name", "name and surname"),
    "surname": ("фамилия", "тегі", "тегi", "surname", "last name", "family name"),
    "given_name": ("имя", "аты", "given name", "first name", "forename"),
    "patronymic": ("отчество", "әкесінің аты", "экесинин аты", "әкесінің аты (бар болса)",
                   "отчество (при наличии)", "patronymic", "middle name", "father's name"),
    "latin_name": ("фио латиницей", "фио на латинице", "латын әріптерімен", "name in latin", "latin name",
                   "name (latin)", "name as in passport"),
    "birth_date": ("дата рождения", "д.р.", "д/р", "дата рожд.", "туған күні", "туған күні айы жылы",
                   "туылған күні", "date of birth", "birth date", "birthdate", "dob", "born"),
    "sex": ("пол", "жынысы", "жыныс", "sex", "gender"),
    "relation": ("родство", "степень родства", "родственное отношение", "кем приходится", "туыстығы",
                 "туыстық қатынасы", "relation", "relationship", "relation to head", "kinship"),
    "arrival_date": ("дата прибытия", "дата приезда", "прибыл", "дата въезда", "келген күні", "келген уақыты",
                     "келген мерзімі", "arrival date", "date of arrival", "arrived"),
    "country": ("страна", "страна прибытия", "страна происхождения", "откуда прибыл", "страна выезда", "елі",
                "келген елі", "қай елден келді", "шыққан елі", "country", "country of origin", "came from"),
    "citizenship": ("гражданство", "азаматтығы", "азаматтық", "citizenship", "nationality"),
    "region": ("регион", "область", "регион/область", "область/город", "регион расселения", "облыс",
               "облыс/қала", "өңір", "region", "oblast", "region of settlement"),
    "address": ("адрес", "адрес проживания", "место проживания", "мекенжайы", "мекенжай", "тұратын мекенжайы",
                "address", "home address"),
    "phone": ("телефон", "тел.", "тел", "контактный телефон", "номер телефона", "телефон нөмірі", "байланыс",
              "phone", "telephone", "mobile", "phone number"),
    # The move to the receiving region (shared/domain.md §9); the ministry quota form's own header
    # ("Өңірге келген күні", reports/ministry_layouts.py) is among them, so an export reads back.
    "moved_on": ("дата переезда", "дата переезда в регион", "переехал в регион", "дата переселения",
                 "өңірге көшкен күні", "өңірге келген күні", "көшкен күні", "moved to the region on",
                 "moved on", "move date", "date of move"),
    "moved_address": ("адрес в регионе", "адрес в регионе расселения", "адрес после переезда",
                      "өңірдегі мекенжайы", "көшкен мекенжайы", "address in the region", "new address"),
    "notes": ("примечание", "примечания", "ескерту", "ескертпе", "notes", "note", "comment", "remarks"),
}

# Labels of the fields, as a message names them when the file has no such column.
FIELD_LABELS = {
    "row_number": N_("Row number"), "family_no": N_("Family number"), "iin": N_("IIN"),
    "full_name": N_("Full name"), "surname": N_("Surname"), "given_name": N_("Given name"),
    "patronymic": N_("Patronymic"), "latin_name": N_("Name in Latin letters"), "birth_date": N_("Birth date"),
    "sex": N_("Sex"), "relation": N_("Relation"), "arrival_date": N_("Arrival date"),
    "country": N_("Country"), "citizenship": N_("Citizenship"), "region": N_("Region"),
    "address": N_("Address"), "phone": N_("Phone"), "notes": N_("Notes"),
    "moved_on": N_("Moved on"), "moved_address": N_("Address in the region"),
}

TOTAL_WORDS = ("итого", "всего", "барлығы", "барлыгы", "жиыны", "жиынтығы", "total", "grand total")
HEADER_SEARCH_ROWS = 40

_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_WORD = re.compile(r"[^\w№#/]+", re.UNICODE)


def header_key(text: Any) -> str:
    """A header as compared: lower case, ё→е, no notes in brackets, single spaces."""
    value = _PARENS.sub(" ", str(text or "")).lower().replace("ё", "е").replace("\u00a0", " ")
    value = _NOT_WORD.sub(" ", value).replace("_", " ")
    return " ".join(value.split())


_FIELD_BY_KEY: dict[str, str] = {}
for _field, _synonyms in FIELD_SYNONYMS.items():
    for _synonym in _synonyms:
        _FIELD_BY_KEY.setdefault(header_key(_synonym), _field)
        _FIELD_BY_KEY.setdefault(header_key(_synonym).replace(" ", ""), _field)


_NAME_HEADERS = frozenset(s.lower() for s in FIELD_SYNONYMS["surname"] + FIELD_SYNONYMS["full_name"])


def field_for_header(text: Any) -> str | None:
    """The field a header means, or None for a column we do not know."""
    key = header_key(text)
    if not key:
        return None
    return _FIELD_BY_KEY.get(key) or _FIELD_BY_KEY.get(key.replace(" ", ""))


@dataclass(frozen=True)
class Header:
    """Where the header is and what each column means (column index → field)."""

    row: int  # the Excel row number of the header
    fields: dict[int, str]
    titles: dict[int, str]  # column index → the header as written in the file
    unknown: tuple[tuple[int, str], ...] = ()  # (column index, header) of columns not understood
    repeated: tuple[tuple[int, str], ...] = ()  # a second column for a field already mapped
    width: int = 0
    _columns: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for index, name in sorted(self.fields.items()):
            self._columns.setdefault(name, index)

    def column(self, name: str) -> int | None:
        return self._columns.get(name)

    def has(self, name: str) -> bool:
        return name in self._columns

    def title(self, name: str) -> str:
        """The header of a field as written in the file ("" when there is no such column)."""
        index = self._columns.get(name)
        return self.titles.get(index, "") if index is not None else ""


def _row_fields(values: Sequence[Any]) -> dict[int, str]:
    found: dict[int, str] = {}
    for index, value in enumerate(values):
        if isinstance(value, str):
            name = field_for_header(value)
            if name is not None:
                found[index] = name
    return found


def _is_header(fields: dict[int, str]) -> bool:
    names = set(fields.values()) - {"row_number"}
    has_name = "surname" in names or "full_name" in names
    return has_name and len(names) >= 2


def find_header(rows: Iterable[tuple[int, Sequence[Any]]]) -> Header:
    """The first row (within ``HEADER_SEARCH_ROWS``) that names a surname and another known field.

    ``rows`` yields (Excel row number, cell values); refuses with a message naming what is
    missing when no such row exists (an empty sheet, a sheet of something else).
    """
    seen_any = False
    for count, (row_number, values) in enumerate(rows):
        if count >= HEADER_SEARCH_ROWS:
            break
        if any(is_filled(v) for v in values):
            seen_any = True
        fields = _row_fields(values)
        if not _is_header(fields):
            continue
        titles = {i: " ".join(str(v).split()) for i, v in enumerate(values) if is_filled(v)}
        mapped: dict[int, str] = {}
        repeated: list[tuple[int, str]] = []
        for index, name in sorted(fields.items()):
            if name in mapped.values():
                repeated.append((index, titles[index]))
            else:
                mapped[index] = name
        unknown = tuple((i, t) for i, t in sorted(titles.items()) if i not in fields)
        if "full_name" not in mapped.values() and "given_name" not in mapped.values():
            raise ValidationError("sheet", N_(
                "The header in row {row} has no column for the given name: add «Имя» («Аты», «Given name») "
                "or use one column «ФИО» («Аты-жөні», «Full name»)."), row=row_number)
        return Header(row_number, mapped, titles, unknown, tuple(repeated), len(values))
    if not seen_any:
        raise ValidationError("sheet", N_("The sheet is empty."))
    raise ValidationError("sheet", N_(
        "No header row was found in the first {count} rows: a register needs a column «Surname» "
        "(«Фамилия», «Тегі») or «Full name» and at least one more known column."), count=HEADER_SEARCH_ROWS)


def is_filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return True


def is_column_numbering(values: Sequence[Any]) -> bool:
    """The row of column numbers (1, 2, 3 …) that forms often print under the header."""
    numbers = []
    for value in values:
        if not is_filled(value):
            continue
        if isinstance(value, bool) or isinstance(value, (dt.date, dt.datetime)):
            return False
        try:
            number = float(str(value).strip())
        except ValueError:
            return False
        if number != int(number):
            return False
        numbers.append(int(number))
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def is_total_row(values: Sequence[Any]) -> bool:
    """A row that starts (in its first filled text cell) with «Итого», «Барлығы», «Total» …"""
    for value in values:
        if not is_filled(value):
            continue
        if isinstance(value, str):
            if not value.lstrip().lower().startswith(TOTAL_WORDS):
                return False  # the common case, decided without the regular expressions below
            key = header_key(value)
            return any(key == word or key.startswith(word + " ") or key.startswith(word + ":")
                       for word in TOTAL_WORDS) or key.rstrip(":") in TOTAL_WORDS
        if isinstance(value, (int, float)):
            continue  # a row number before the word
        return False
    return False


def _repeats_header(values: Sequence[Any], header: Header) -> bool:
    name_column = header.column("surname") if header.has("surname") else header.column("full_name")
    if name_column is None or name_column >= len(values) or not isinstance(values[name_column], str):
        return False
    if values[name_column].strip().lower() not in _NAME_HEADERS:
        return False
    return field_for_header(values[name_column]) in ("surname", "full_name") and _is_header(_row_fields(values))


def skip_reason(values: Sequence[Any], header: Header) -> str | None:
    """Why a row below the header is not a data row ("blank", "numbering", "total",
    "title", "header"), or None for a data row."""
    filled = [i for i, v in enumerate(values) if v is not None and (not isinstance(v, str) or v.strip())]
    if not filled:
        return "blank"
    first_text = next((values[i] for i in filled if isinstance(values[i], str)), None)
    if first_text is not None and is_total_row(values):
        return "total"
    if first_text is None and is_column_numbering(values):
        return "numbering"
    fields = header.fields
    if len(filled) == 1 and fields.get(filled[0]) not in ("surname", "full_name", "given_name", "iin"):
        return "title"  # «Семьи, прибывшие в марте» written across merged cells
    if _repeats_header(values, header):
        return "header"  # the header repeated (printed registers repeat it on every page)
    if all(fields.get(i) in (None, "row_number", "family_no") for i in filled):
        return "title"
    return None
