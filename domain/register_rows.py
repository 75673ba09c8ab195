"""Reading one row of a legacy register: values as people typed them, repairs, refusals.

What is unambiguous is repaired and said (an IIN that lost its leading zero, stray
spaces, Latin look-alike letters in Cyrillic names, a region in any usual spelling);
what the law allows is a warning (birth date or sex differing from the IIN), and so is
the removal of invisible characters from a name (zero-width, direction marks, control
characters); what is wrong is refused (bad checksum, impossible or future dates, unknown
region or country, missing surname or given name, a name with digits, emoji or symbols or
one starting with =, +, - or @: ``domain.names.name_problem``). The person rules are those of the registration form
(``domain.families.validate_person_fields``).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from domain.errors import FieldProblem, ValidationError
from domain.families import Person, Relation, validate_person_fields
from domain.iin import Sex, clean as clean_iin_text, repair_lost_leading_zero, validate as iin_problem
from domain.messages import N_
from domain.names import full_name, name_problem, normalize_name, normalize_spaces, search_key, strip_invisible
from domain.reference import Country, RegionCatalog
from domain.register_header import Header, is_filled

# Column sizes of the register tables: longer text is refused, never cut.
MAX_LENGTH = {"surname": 100, "given_name": 100, "patronymic": 100, "latin_name": 200, "address": 500,
              "phone": 64, "notes": 4000, "family_no": 64, "full_name": 300, "moved_address": 500}
EXCEL_EPOCH = dt.date(1899, 12, 30)

_SEX_WORDS = {
    Sex.MALE: ("м", "м.", "муж", "муж.", "мужской", "мужчина", "е", "ер", "ер.", "еркек", "ер адам", "m", "male",
               "man", "1"),
    Sex.FEMALE: ("ж", "ж.", "жен", "жен.", "женский", "женщина", "ә", "әйел", "әйел адам", "қ", "қыз", "f",
                 "female", "woman", "w", "2"),
}
_RELATION_WORDS = {
    Relation.HEAD: ("глава", "глава семьи", "заявитель", "сам", "сама", "сам заявитель", "отбасы басшысы",
                    "басшысы", "отбасы басы", "өтініш беруші", "өзі", "head", "head of family", "applicant", "self"),
    Relation.SPOUSE: ("супруг", "супруга", "жена", "муж", "супруг(а)", "жұбайы", "зайыбы", "әйелі", "күйеуі",
                      "spouse", "wife", "husband"),
    Relation.CHILD: ("сын", "дочь", "ребенок", "ребёнок", "дети", "ұлы", "қызы", "баласы", "бала", "child", "son",
                     "daughter"),
    Relation.PARENT: ("мать", "отец", "мама", "папа", "родитель", "анасы", "әкесі", "ата-анасы", "parent",
                      "mother", "father"),
    Relation.SIBLING: ("брат", "сестра", "ағасы", "інісі", "әпкесі", "апасы", "қарындасы", "сіңлісі", "бауыры",
                       "brother", "sister", "sibling"),
    Relation.GRANDCHILD: ("внук", "внучка", "немересі", "немере", "grandchild", "grandson", "granddaughter"),
    Relation.OTHER: ("другое", "иное", "родственник", "родственница", "басқа", "туысы", "other", "relative"),
}
_SEX_BY_WORD = {w: sex for sex, words in _SEX_WORDS.items() for w in words}
_RELATION_BY_WORD = {w: rel for rel, words in _RELATION_WORDS.items() for w in words}

_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?:\s*(?:г\.?|ж\.?))?$")
_YMD = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


def cell_text(value: Any) -> str:
    """What a cell shows, as text: 77011234567.0 → '77011234567', a date → 'yyyy-mm-dd'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def parse_date(value: Any) -> tuple[dt.date | None, FieldProblem | None]:
    """An Excel date, or text dd.mm.yyyy / yyyy-mm-dd; (None, problem) when it is not a date.
    The problem's field is left empty for the caller to fill."""
    if not is_filled(value):
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1900 <= value <= 2100:
            return None, FieldProblem("", N_("Only the year {value} is given: enter the whole date."),
                                      {"value": int(value)})
        if 1 <= value < 2958466:  # a date stored as a plain number (the cell lost its date format)
            return EXCEL_EPOCH + dt.timedelta(days=int(value)), None
        return None, FieldProblem("", N_("«{value}» is not a date: write it as dd.mm.yyyy or yyyy-mm-dd."),
                                  {"value": cell_text(value)})
    text = " ".join(str(value).split())
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            return None, FieldProblem("", N_("The year in «{value}» has two digits: write all four."),
                                      {"value": text})
    else:
        match = _YMD.match(text)
        if not match:
            return None, FieldProblem("", N_("«{value}» is not a date: write it as dd.mm.yyyy or yyyy-mm-dd."),
                                      {"value": text[:60]})
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day), None
    except ValueError:
        return None, FieldProblem("", N_("The date «{value}» does not exist."), {"value": text})


class CountryLookup:
    """Country code for any of its names (kk/ru/en, in any spelling) or its two-letter code."""

    def __init__(self, countries: Iterable[Country]) -> None:
        self._by_key: dict[str, str] = {}
        self.codes: set[str] = set()
        for country in countries:
            self.codes.add(country.code)
            for name in (country.name_kk, country.name_ru, country.name_en):
                key = search_key(name)
                if key:
                    self._by_key.setdefault(key, country.code)

    def resolve(self, text: str) -> str | None:
        raw = text.strip()
        if raw.upper() in self.codes:
            return raw.upper()
        return self._by_key.get(search_key(raw))


@dataclass(eq=False, slots=True)
class ParsedRow:
    """One data row, read and checked; ``values`` holds clean values by field name."""

    row: int
    values: dict[str, Any]
    errors: list[FieldProblem] = field(default_factory=list)
    warnings: list[FieldProblem] = field(default_factory=list)
    repairs: list[FieldProblem] = field(default_factory=list)
    duplicate_of: int | str | None = None  # an earlier Excel row, or "existing"
    existing_person_id: int | None = None
    existing_family_id: int | None = None
    relation_given: bool = False
    _name_key: str | None = None
    # (full name, search key, sort key, search words) of the person, as ``domain.families.Person``
    # computes them, when computed ahead (``person_keys``: the import's reader process does it)
    keys: "PersonKeys | None" = None

    @property
    def ok(self) -> bool:
        return not self.errors and self.duplicate_of is None

    @property
    def name_key(self) -> str:
        if self._name_key is None:
            v = self.values
            self._name_key = search_key(" ".join((v["surname"], v["given_name"], v["patronymic"])))
        return self._name_key


PersonKeys = tuple[str, str, str, list[str]]


class _KeyedNames:
    """The name fields ``Person.refresh_keys`` and ``Person.search_words`` read, on a plain object."""

    search_key: str
    sort_key: str

    def __init__(self, values: dict[str, Any]) -> None:
        self.surname, self.given_name = values["surname"], values["given_name"]
        self.patronymic, self.latin_name = values["patronymic"], values["latin_name"]
        self.full_name = full_name(self.surname, self.given_name, self.patronymic)


def person_keys(values: dict[str, Any]) -> PersonKeys:
    """(full name, search key, sort key, search words) of a row's person: the same methods of
    ``Person`` that registration uses, so an imported person is found like a registered one."""
    names = _KeyedNames(values)
    Person.refresh_keys(names)  # type: ignore[arg-type]
    return names.full_name, names.search_key, names.sort_key, Person.search_words(names)  # type: ignore[arg-type]


class RowReader:
    """Turns the cells of one data row into a ``ParsedRow`` (no database, no clock: ``today``)."""

    def __init__(self, header: Header, today: dt.date, regions: RegionCatalog, countries: CountryLookup) -> None:
        self.header = header
        self.today = today
        self.regions = regions
        self.countries = countries
        self._official = {}
        for region in regions.regions:
            for name in (region.code, region.name_kk, region.name_ru, region.name_en):
                self._official[name.casefold()] = region.code
        self._columns = {name: header.column(name) for name in set(header.fields.values())}
        # a register writes its region the same way on thousands of rows: one repair note each
        self._region_notes: dict[str, FieldProblem] = {}

    def _cell(self, cells: Sequence[Any], name: str) -> Any:
        index = self._columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    def read(self, row: int, cells: Sequence[Any]) -> ParsedRow:
        parsed = ParsedRow(row, {})
        values = parsed.values
        self._names(parsed, cells)
        for name in ("address", "phone", "notes", "family_no", "moved_address"):
            values[name] = self._text(parsed, name, self._cell(cells, name))
        values["iin"] = self._iin(parsed, self._cell(cells, "iin"))
        for name in ("birth_date", "arrival_date", "moved_on"):
            values[name] = self._date(parsed, name, self._cell(cells, name))
        values["sex"] = self._choice(parsed, "sex", self._cell(cells, "sex"), _SEX_BY_WORD, N_(
            "«{value}» is not a sex: write М/Ж, Е/Ә or M/F."))
        values["relation"] = self._choice(parsed, "relation", self._cell(cells, "relation"), _RELATION_BY_WORD, N_(
            "«{value}» is not a known relation to the head of family."))
        parsed.relation_given = values["relation"] is not None
        values["region_code"] = self._region(parsed, self._cell(cells, "region"))
        values["country_code"] = self._country(parsed, "country", self._cell(cells, "country"))
        values["citizenship_code"] = self._country(parsed, "citizenship", self._cell(cells, "citizenship"))
        if values["arrival_date"] and values["arrival_date"] > self.today:
            parsed.errors.append(FieldProblem("arrival_date", N_("The arrival date cannot be in the future.")))
        if values["moved_on"] and values["moved_on"] > self.today:
            parsed.errors.append(FieldProblem("moved_on", N_("The date cannot be in the future.")))
        self._person_rules(parsed)
        return parsed

    # --- fields -----------------------------------------------------------------------
    def _too_long(self, parsed: ParsedRow, name: str, text: str) -> bool:
        limit = MAX_LENGTH.get(name)
        if limit is not None and len(text) > limit:
            parsed.errors.append(FieldProblem(name, N_(
                "The text is too long ({length} characters; at most {limit})."), {"length": len(text),
                                                                                  "limit": limit}))
            return True
        return False

    def _text(self, parsed: ParsedRow, name: str, value: Any) -> str:
        text = normalize_spaces(cell_text(value))
        return "" if self._too_long(parsed, name, text) else text

    def _name_part(self, parsed: ParsedRow, name: str, value: Any) -> str:
        if not is_filled(value):
            return ""
        if not isinstance(value, str):
            parsed.errors.append(FieldProblem(name, N_("A name is expected here, not «{value}»."),
                                              {"value": cell_text(value)[:60]}))
            return ""
        visible = strip_invisible(value)
        if visible != value:
            parsed.warnings.append(FieldProblem(name, N_(
                "Invisible characters (zero-width spaces, direction marks or control characters) were removed "
                "from the name.")))
        spaced = normalize_spaces(visible)
        if self._too_long(parsed, name, spaced):
            return ""
        refused = name_problem(spaced)  # digits, emoji, a leading «=» (domain.names)
        if refused is not None:
            parsed.errors.append(FieldProblem(name, refused[0], refused[1]))
            return ""
        fixed = normalize_name(spaced)
        if fixed != spaced:
            parsed.repairs.append(FieldProblem(name, N_(
                "Latin letters that look like Cyrillic ones were replaced: «{before}» → «{after}»."),
                {"before": spaced, "after": fixed}))
        elif spaced != visible:
            parsed.repairs.append(FieldProblem(name, N_("Extra spaces were removed.")))
        return fixed

    def _names(self, parsed: ParsedRow, cells: Sequence[Any]) -> None:
        values = parsed.values
        for name in ("surname", "given_name", "patronymic", "latin_name"):
            values[name] = self._name_part(parsed, name, self._cell(cells, name))
        if not self.header.has("surname") and self.header.has("full_name"):
            whole = self._name_part(parsed, "full_name", self._cell(cells, "full_name"))
            words = whole.split(" ") if whole else []
            values["surname"] = words[0] if words else ""
            values["given_name"] = words[1] if len(words) > 1 else ""
            values["patronymic"] = values["patronymic"] or " ".join(words[2:])

    def _iin(self, parsed: ParsedRow, value: Any) -> str | None:
        if not is_filled(value):
            return None
        if isinstance(value, float) and not value.is_integer():
            parsed.errors.append(FieldProblem("iin", N_("The IIN must have exactly 12 digits.")))
            return None
        text = cell_text(value).strip()
        digits = clean_iin_text(text)
        if len(digits) == 11 and digits.isdigit():
            repaired = repair_lost_leading_zero(digits)
            if repaired is not None:
                parsed.repairs.append(FieldProblem("iin", N_(
                    "The leading zero lost by Excel was restored: {iin}."), {"iin": repaired}))
                return repaired
        if digits != text and iin_problem(digits) is None:
            parsed.repairs.append(FieldProblem("iin", N_("Spaces and dashes were removed from the IIN.")))
        return digits if len(digits) <= 40 else digits[:40]

    def _date(self, parsed: ParsedRow, name: str, value: Any) -> dt.date | None:
        day, problem = parse_date(value)
        if problem is not None:
            parsed.errors.append(FieldProblem(name, problem.message, problem.params))
        return day

    def _choice(self, parsed: ParsedRow, name: str, value: Any, words: dict[str, str], message: str) -> str | None:
        if not is_filled(value):
            return None
        text = " ".join(cell_text(value).split())
        found = words.get(text.casefold().replace("ё", "е")) or words.get(text.casefold())
        if found is None:
            parsed.errors.append(FieldProblem(name, message, {"value": text[:60]}))
        return found

    def _region(self, parsed: ParsedRow, value: Any) -> str | None:
        if not is_filled(value):
            return None
        text = normalize_spaces(cell_text(value))
        code = self._official.get(text.casefold())
        if code is not None:
            return code
        code = self.regions.resolve(text)
        if code is None:
            parsed.errors.append(FieldProblem("region", N_("Unknown region: «{value}»."), {"value": text[:100]}))
            return None
        note = self._region_notes.get(text)
        if note is None:
            region = self.regions.get(code)
            note = FieldProblem("region", N_("The region «{value}» was read as {region}."), {
                "value": text, "region": region.name_en, "region_kk": region.name_kk, "region_ru": region.name_ru,
                "region_en": region.name_en})
            self._region_notes[text] = note
        parsed.repairs.append(note)
        return code

    def _country(self, parsed: ParsedRow, name: str, value: Any) -> str | None:
        if not is_filled(value):
            return None
        text = normalize_spaces(cell_text(value))
        code = self.countries.resolve(text)
        if code is None:
            parsed.errors.append(FieldProblem(name, N_("Unknown country: «{value}»."), {"value": text[:100]}))
        return code

    def _person_rules(self, parsed: ParsedRow) -> None:
        """The registration form's rules for a person, with problems named by column."""
        values = parsed.values
        name_field = "surname" if self.header.has("surname") or not self.header.has("full_name") else "full_name"
        already = {p.field for p in parsed.errors}
        try:
            iin, warnings = validate_person_fields(
                surname=values["surname"], given_name=values["given_name"], birth_date=values["birth_date"],
                sex=values["sex"], iin=values["iin"], relation=values["relation"] or Relation.HEAD,
                today=self.today)
        except ValidationError as error:
            for problem in error.problems:
                target = problem.field
                if target in ("surname", "given_name") and name_field == "full_name":
                    target = "full_name"
                if target not in already:  # a cell already refused as unreadable is not refused twice
                    already.add(target)
                    parsed.errors.append(FieldProblem(target, problem.message, problem.params))
            return
        values["iin"] = iin
        parsed.warnings.extend(warnings)


def family_fields(rows: Sequence[ParsedRow]) -> dict[str, Any]:
    """The family's own fields, from the head's row first, then from the other rows."""
    result: dict[str, Any] = {}
    for name in ("arrival_date", "country_code", "region_code", "address", "phone", "notes", "moved_on",
                 "moved_address"):
        result[name] = next((r.values[name] for r in rows if r.values.get(name)), None)
    return result
