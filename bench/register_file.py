"""A legacy register as centres keep it in Excel, for the import benchmark.

A title block above the header, Russian headers, numbered rows, dates as Excel dates,
IINs as text; one person per row with a family number so that members group into
families. Written once per (rows, seed) with openpyxl's write-only mode and cached.
"""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from domain.iin import Iin, Sex
from services.demo import names

HEADERS = ("№", "№ семьи", "Фамилия", "Имя", "Отчество", "ИИН", "Дата рождения", "Пол", "Родство",
           "Страна происхождения", "Регион", "Дата прибытия")
RELATIONS = ("глава семьи", "супруг(а)", "ребёнок", "ребёнок", "ребёнок")
COUNTRIES = ("Узбекистан", "Китай", "Туркменистан", "Монголия", "Россия")
REGIONS = ("Павлодарская область", "Акмолинская область", "область Абай", "Восточно-Казахстанская область",
           "Северо-Казахстанская область", "Костанайская область")


def register_rows(count: int, seed: int = 7):
    """Rows of the register (values only), with IINs that the generated databases do not hold."""
    rng = random.Random(seed)
    serials: dict[tuple[dt.date, str], int] = {}
    family = 0
    member = 0
    family_size = 0
    root = father = ""
    arrival = dt.date(2025, 1, 1)
    for number in range(1, count + 1):
        if member >= family_size:
            family += 1
            member = 0
            family_size = rng.choice((1, 2, 3, 3, 4, 5))
            root = rng.choice(names.SURNAME_ROOTS)
            father = rng.choice(names.FATHER_NAMES)
            arrival = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 600))
        relation = RELATIONS[min(member, len(RELATIONS) - 1)]
        sex = Sex.MALE if (member == 0) == (rng.random() < 0.85) else Sex.FEMALE
        low, high = (22, 60) if member < 2 else (1, 17)
        birth = dt.date(2026, 1, 1) - dt.timedelta(days=rng.randrange(low * 365, high * 365))
        given = rng.choice(names.MALE_NAMES if sex == Sex.MALE else names.FEMALE_NAMES)
        surname = root if sex == Sex.MALE else names.female_surname(root)
        # Serials from 9000 up: the generated databases draw theirs below 5000 + a few thousand.
        key = (birth, sex)
        serial = serials.get(key, 9000)
        iin = None
        while iin is None and serial < 10000:
            iin = Iin.build(birth, sex, serial)
            serial += 1
        serials[key] = serial
        member += 1
        yield (number, family, surname, given, father + ("ұлы" if sex == Sex.MALE else "қызы"),
               iin.value if iin else "", birth, "М" if sex == Sex.MALE else "Ж", relation,
               rng.choice(COUNTRIES), rng.choice(REGIONS), arrival)


def write_register(path: Path, count: int, seed: int = 7) -> Path:
    if path.exists():
        return path
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Реестр")
    sheet.append(["Реестр кандасов, прибывших в регион"])
    sheet.append(["Центр адаптации и интеграции кандасов"])
    sheet.append([])
    sheet.append(list(HEADERS))
    for row in register_rows(count, seed):
        cells = []
        for index, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, dt.date):
                cell.number_format = "DD.MM.YYYY"
            cells.append(cell)
        sheet.append(cells)
    partial = path.with_name(path.name + ".part")
    workbook.save(str(partial))
    partial.replace(path)
    return path
