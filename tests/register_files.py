"""Messy registers as centres keep them, built with openpyxl for the import tests."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Sequence

import openpyxl

from domain.iin import Iin

HEAD_IIN = Iin.build(dt.date(1985, 4, 12), "M", 1234).value
SPOUSE_IIN = Iin.build(dt.date(1988, 9, 3), "F", 2345).value
CHILD_IIN = Iin.build(dt.date(2005, 3, 14), "M", 3456).value  # starts with 0
SECOND_HEAD_IIN = Iin.build(dt.date(1979, 1, 30), "F", 4567).value


def bad_checksum(iin: str) -> str:
    return iin[:11] + str((int(iin[11]) + 1) % 10)


def write_sheet(path: Path, rows: Sequence[Sequence[Any]], *, title: str = "Тізілім",
                merges: Sequence[str] = (), extra_sheets: dict[str, Sequence[Sequence[Any]]] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for merge in merges:
        sheet.merge_cells(merge)
    for name, other in (extra_sheets or {}).items():
        extra = book.create_sheet(name)
        for row in other:
            extra.append(list(row))
    book.save(path)
    return path


def messy_register(path: Path) -> Path:
    """Title block with merged cells, Russian/Kazakh headers out of order, a numbering row,
    numbered and blank rows, text dates, a lost leading zero, look-alike letters, a person
    entered twice, an unknown column and a total row."""
    rows = [
        ["Реестр кандасов, прибывших в 2025 году"],                                     # 1 title
        ["ЦАИК Абайской области"],                                                      # 2
        [],                                                                             # 3
        ["№", "Отбасы №", "Тегі", "Имя", "Отчество", "ЖСН", "Дата рождения", "Пол",     # 4 header
         "Родство", "Келген күні", "Страна", "Облыс", "Адрес", "Телефон", "Размер обуви"],
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],                            # 5 numbering
        [1, 1, "Сейітқали", "Нұрлан", "Бекұлы", HEAD_IIN, dt.date(1985, 4, 12), "М",    # 6 head
         "глава", "15.03.2025", "Китай", "ВКО", "Өскемен, Абай даңғылы 5", 77011234567, 42],
        [2, None, "Сейітқали ", "Айгүл", "Серікқызы", SPOUSE_IIN, "03.09.1988", "Ж",     # 7 spouse, space
         "жена", None, None, None, None, None, 38],
        [3, None, "Сейітқали", "Ерлан", "Нұрланұлы", int(CHILD_IIN), "2005-03-14", "м", # 8 child, lost zero
         "сын", None, None, None, None, None, None],
        [],                                                                             # 9 blank
        [4, 2, "Oмaров", "Бауыржан", "", None, "1979-01-30", "Е",                       # 10 look-alikes
         "басшысы", dt.date(2025, 6, 1), "Узбекистан", "область Абай", "Семей", None, None],
        [5, 3, "Сейітқали", "Нұрлан", "Бекұлы", HEAD_IIN, "12.04.1985", "М",            # 11 twice
         "глава", "15.03.2025", "Китай", "ВКО", None, None, None],
        [6, 4, "Әлиева", "Гүлнар", None, bad_checksum(SECOND_HEAD_IIN), "30.01.1979",   # 12 bad checksum
         "Ж", "глава", "01.07.2025", "Монголия", "Павлодарская", None, None, None],
        [7, 5, "Жақсылықов", "Марат", None, None, "31.02.1990", "М", "глава",           # 13 impossible date
         "01.07.2025", "Монголия", "Павлодар", None, None, None],
        [8, 6, "Тұрсынов", "Әлібек", None, None, "10.10.1990", "М", "глава",            # 14 unknown region
         "01.07.2025", "Монголия", "Атлантида", None, None, None],
        [None, None, "Итого", None, None, None, None, None, None, None, None, None, None, None, None],  # 15 total
    ]
    return write_sheet(path, rows, merges=("A1:O1", "A2:O2", "B6:B8"))


def big_register(path: Path, families: int, seed: int = 1) -> tuple[Path, int]:
    """A clean register of ``families`` families (1–4 members each) written in write-only mode;
    returns the path and the number of person rows."""
    import random

    from services.demo import names
    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Реестр")
    sheet.append(["Реестр кандасов"])
    sheet.append([])
    sheet.append(["№", "№ семьи", "Фамилия", "Имя", "Отчество", "ИИН", "Дата рождения", "Пол", "Родство",
                  "Дата прибытия", "Страна", "Область", "Адрес", "Телефон"])
    used: set[str] = set()
    people: set[tuple] = set()
    count = 0
    for family in range(1, families + 1):
        root = rng.choice(names.SURNAME_ROOTS)
        for member in range(rng.choice((1, 2, 2, 3, 4))):
            sex = "M" if rng.random() < 0.5 else "F"
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 26000))
            surname = names.male_surname(root) if sex == "M" else names.female_surname(root)
            given = rng.choice(names.MALE_NAMES if sex == "M" else names.FEMALE_NAMES)
            father = rng.choice(names.FATHER_NAMES)
            while (surname, given, father, birth) in people:  # a clean register: no one twice
                birth += dt.timedelta(days=1)
            people.add((surname, given, father, birth))
            iin = None
            while iin is None or iin in used:
                built = Iin.build(birth, sex, rng.randrange(10000))
                iin = built.value if built else None
            used.add(iin)
            count += 1
            sheet.append([count, family if member == 0 else None, surname, given, father,
                          iin, birth, "М" if sex == "M" else "Ж", "глава" if member == 0 else "ребенок",
                          dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 600)),
                          rng.choice(("Китай", "Узбекистан", "Монголия")), rng.choice(("ВКО", "Павлодарская", "Абай")),
                          "ул. Абая, 1", "+7 701 000 00 00"])
    book.save(path)
    return path, count
