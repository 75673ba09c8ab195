"""Register rules without files or a database: headers by meaning, rows that are not data,
dates, sexes and relations as people type them, families and duplicates."""
from __future__ import annotations

import datetime as dt

import pytest

from domain.errors import ValidationError
from domain.iin import Iin
from domain.reference import Country, Region, RegionCatalog
from domain.register_families import DuplicateIndex, FamilyGrouper
from domain.register_header import field_for_header, find_header, skip_reason
from domain.register_rows import CountryLookup, RowReader, cell_text, parse_date

TODAY = dt.date(2026, 11, 25)
REGIONS = RegionCatalog((Region("EAST_KZ", "region", "Шығыс Қазақстан облысы", "Восточно-Казахстанская область",
                                "East Kazakhstan Region", aliases=("ВКО",)),
                         Region("ALMATY", "city", "Алматы қаласы", "г. Алматы", "Almaty city")))
COUNTRIES = CountryLookup([Country("CN", "Қытай", "Китай", "China")])


@pytest.mark.parametrize("text, field", [
    ("ИИН", "iin"), ("ЖСН", "iin"), ("IIN", "iin"), (" Тегі ", "surname"), ("ФАМИЛИЯ", "surname"),
    ("Surname", "surname"), ("Аты", "given_name"), ("Имя", "given_name"), ("Әкесінің аты", "patronymic"),
    ("Дата рождения (дд.мм.гггг)", "birth_date"), ("Туған күні", "birth_date"), ("Жынысы", "sex"),
    ("Келген күні", "arrival_date"), ("Дата прибытия", "arrival_date"), ("Елі", "country"),
    ("Регион/Область", "region"), ("Облыс", "region"), ("Туыстығы", "relation"), ("Родство", "relation"),
    ("№ семьи", "family_no"), ("Отбасы №", "family_no"), ("№ п/п", "row_number"), ("Ф.И.О.", "full_name"),
    ("Аты-жөні", "full_name"), ("Размер обуви", None), ("", None),
])
def test_headers_are_recognised_by_meaning(text, field):
    assert field_for_header(text) == field


def test_header_is_found_below_the_title_block():
    rows = [(1, ["Реестр кандасов", None]), (2, [None, None]), (3, ["№", "Тегі", "Аты", "Туған күні"])]
    header = find_header(iter(rows))
    assert header.row == 3 and header.title("surname") == "Тегі" and header.column("birth_date") == 3


def test_no_header_and_empty_sheet_are_refused():
    with pytest.raises(ValidationError):
        find_header(iter([(1, ["Товар", "Цена"])]))
    with pytest.raises(ValidationError, match="empty"):
        find_header(iter([(1, [None]), (2, [])]))


def test_rows_that_are_not_data():
    header = find_header(iter([(1, ["№", "Фамилия", "Имя", "ИИН"])]))
    assert skip_reason([None, None, None, None], header) == "blank"
    assert skip_reason([1, 2, 3, 4], header) == "numbering"
    assert skip_reason([None, "Итого:", None, None], header) == "total"
    assert skip_reason(["Барлығы 12 отбасы", None, None, None], header) == "total"
    assert skip_reason(["Семьи, прибывшие в марте", None, None, None], header) == "title"
    assert skip_reason(["№", "Фамилия", "Имя", "ИИН"], header) == "header"
    assert skip_reason([1, "Омаров", "Нұрлан", None], header) is None
    assert skip_reason([7, None, None, None], header) == "title"


@pytest.mark.parametrize("value, expected", [
    ("15.03.2025", dt.date(2025, 3, 15)), ("5.3.2025", dt.date(2025, 3, 5)), ("2025-03-15", dt.date(2025, 3, 15)),
    ("2025-03-15 00:00:00", dt.date(2025, 3, 15)), ("15/03/2025", dt.date(2025, 3, 15)),
    (dt.datetime(2025, 3, 15, 0, 0), dt.date(2025, 3, 15)), (45731.0, dt.date(2025, 3, 15)),
    ("15.03.2025 г.", dt.date(2025, 3, 15)),
])
def test_dates_as_excel_dates_or_text(value, expected):
    assert parse_date(value) == (expected, None)


@pytest.mark.parametrize("value", ["31.02.1990", "15.03.25", "вчера", 1987, "2025-13-01"])
def test_bad_dates_are_problems(value):
    day, problem = parse_date(value)
    assert day is None and problem is not None


def test_cell_text_keeps_numbers_whole():
    assert cell_text(77011234567.0) == "77011234567" and cell_text(dt.datetime(2020, 1, 2)) == "2020-01-02"


def reader(*titles):
    return RowReader(find_header(iter([(1, list(titles))])), TODAY, REGIONS, COUNTRIES)


def test_a_row_is_repaired_and_said():
    iin = Iin.build(dt.date(2005, 3, 14), "M", 3456).value
    row = reader("Тегі", "Аты", "ЖСН", "Туған күні", "Жынысы", "Облыс", "Елі").read(
        5, ["Oмaров ", "Ерлан", int(iin), "14.03.2005", "ер", "ВКО", "Китай"])
    assert not row.errors
    assert row.values["surname"] == "Омаров" and row.values["iin"] == iin and row.values["sex"] == "M"
    assert row.values["region_code"] == "EAST_KZ" and row.values["country_code"] == "CN"
    assert [p.field for p in row.repairs] == ["surname", "iin", "region"]


def test_a_row_is_refused_field_by_field():
    row = reader("Тегі", "Аты", "ЖСН", "Туған күні", "Жынысы", "Облыс", "Елі").read(
        5, ["", "Ерлан", "123", "01.01.2030", "x", "Атлантида", "Марс"])
    assert {p.field for p in row.errors} == {"surname", "iin", "birth_date", "sex", "region", "country"}


def test_families_by_number_with_merged_cells_and_by_head_rows():
    read = reader("№ семьи", "Фамилия", "Имя", "Родство")
    grouper = FamilyGrouper(read.header)
    rows = [read.read(2, [1, "Омаров", "Нұрлан", "глава"]), read.read(3, [None, "Омарова", "Сара", "жена"]),
            read.read(4, [2, "Бекова", "Айша", None]), read.read(5, [None, "Беков", "Ерлан", "сын"])]
    groups = [g for row in rows for g in grouper.add(row)] + list(grouper.finish())
    assert [[r.row for r in g.rows] for g in groups] == [[2, 3], [4, 5]]
    assert groups[1].head.row == 4 and groups[1].head.values["relation"] == "head"
    by_head = reader("Фамилия", "Имя", "Родство")
    grouper = FamilyGrouper(by_head.header)
    rows = [by_head.read(2, ["Омаров", "Нұрлан", "глава"]), by_head.read(3, ["Омарова", "Дана", "дочь"]),
            by_head.read(4, ["Бекова", "Айша", "басшысы"])]
    groups = [g for row in rows for g in grouper.add(row)] + list(grouper.finish())
    assert [[r.row for r in g.rows] for g in groups] == [[2, 3], [4]]


def test_duplicates_by_iin_or_by_name_and_birth_date():
    read = reader("Фамилия", "Имя", "ИИН", "Дата рождения")
    iin = Iin.build(dt.date(1980, 1, 1), "M", 5).value
    index = DuplicateIndex()
    rows = [read.read(2, ["Омаров", "Нұрлан", iin, "01.01.1980"]), read.read(3, ["Omarov", "Nurlan", None, "01.01.1980"]),
            read.read(4, ["Другой", "Человек", iin, "01.01.1980"]), read.read(5, ["Омаров", "Нұрлан", None, None])]
    for row in rows:
        index.check(row)
    assert [r.duplicate_of for r in rows] == [None, 2, 2, None]


def test_duplicate_index_keeps_iins_with_a_leading_zero_apart():
    """The index keeps an IIN as the number its digits spell and packs it with the row: an IIN
    starting with 0 (born in the 2000s) is still told from another, and a name and birth date
    with two different IINs stay two persons."""
    read = reader("Фамилия", "Имя", "ИИН", "Дата рождения")
    first, second = Iin.build(dt.date(2001, 1, 1), "M", 5).value, Iin.build(dt.date(2001, 1, 1), "M", 6).value
    assert first.startswith("0")
    index = DuplicateIndex()
    rows = [read.read(2, ["Омаров", "Нұрлан", first, "01.01.2001"]),
            read.read(3, ["Омаров", "Нұрлан", second, "01.01.2001"]),
            read.read(4, ["Omarov", "Nurlan", first, "01.01.2001"]),
            read.read(5, ["Омаров", "Нұрлан", None, "01.01.2001"])]
    for row in rows:
        index.check(row)
    assert [r.duplicate_of for r in rows] == [None, None, 2, 2]
