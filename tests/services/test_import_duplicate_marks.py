"""An import row whose person is registered under another spelling is flagged in the verdict
with the duplicates screen's scorer, not silently added as a new family."""
from __future__ import annotations

import datetime as dt

from services.dto import FamilyInput, PersonInput
from services.import_duplicates import POSSIBLE_DUPLICATE
from tests.register_files import write_sheet


def _register(services, surname, given, patronymic, born):
    return services.registration.register_family(FamilyInput(
        members=(PersonInput(surname, given, patronymic, relation="head", birth_date=born, sex="M"),),
        arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI"), confirm_duplicates=True)


def test_other_spelling_and_swapped_date_are_flagged(services, tmp_path):
    _register(services, "Әбдірахманов", "Нұрсұлтан", "Серікұлы", dt.date(1985, 3, 7))
    case_number = services.cases.details(services.cases.search("Әбдірахманов")[0]).case_number
    path = write_sheet(tmp_path / "v.xlsx", [
        ["Фамилия", "Имя", "Отчество", "Дата рождения", "Пол"],
        ["Абдрахманов", "Нурсултан", "Серикович", "07.03.1985", "М"],   # Russian passport spelling
        ["Abdrakhmanov", "Nursultan", "", "03.07.1985", "М"],           # Latin, day and month swapped
        ["Абдрахманов", "Ерлан", "", "07.03.1985", "М"],                # another given name: not him
        ["Омаров", "Нұрлан", "", "07.03.1985", "М"]])
    report = services.imports.analyse(path)
    flagged = [[(m.message, m.params) for m in row.warnings if m.message == POSSIBLE_DUPLICATE] for row in report.rows]
    assert [bool(marks) for marks in flagged] == [True, True, False, False]
    message, params = flagged[0][0]
    assert params["case_number"] == case_number and params["name"] == "Әбдірахманов Нұрсұлтан Серікұлы"
    assert params["score"] >= 60
    assert [row.status for row in report.rows] == ["ok"] * 4  # flagged, still importable: merged on review


def test_flags_survive_a_look_up_that_forgets_between_chunks(services, tmp_path, monkeypatch):
    """The look-up keeps persons of recent days only (``HELD_PERSONS``): a day it forgot is read
    again, and each warning names the registered person's own case."""
    import services.import_duplicates as import_duplicates
    import services.imports as imports
    monkeypatch.setattr(import_duplicates, "HELD_PERSONS", 1)
    monkeypatch.setattr(imports, "CHUNK", 1)
    _register(services, "Әбдірахманов", "Нұрсұлтан", "Серікұлы", dt.date(1985, 3, 7))
    _register(services, "Сейітқали", "Айгүл", "Маратқызы", dt.date(1990, 11, 23))
    cases = {services.cases.details(services.cases.search(surname)[0]).case_number: surname
             for surname in ("Әбдірахманов", "Сейітқали")}
    path = write_sheet(tmp_path / "v.xlsx", [
        ["Фамилия", "Имя", "Отчество", "Дата рождения", "Пол"],
        ["Абдрахманов", "Нурсултан", "Серикович", "07.03.1985", "М"],
        ["Сеиткали", "Айгуль", "Маратовна", "23.11.1990", "Ж"],
        ["Омаров", "Нұрлан", "", "07.03.1985", "М"],
        ["Abdrakhmanov", "Nursultan", "", "03.07.1985", "М"]])
    report = services.imports.analyse(path)
    flagged = [[m.params for m in row.warnings if m.message == POSSIBLE_DUPLICATE] for row in report.rows]
    assert [len(marks) for marks in flagged] == [1, 1, 0, 1]
    assert [cases[marks[0]["case_number"]] for marks in flagged if marks] == \
        ["Әбдірахманов", "Сейітқали", "Әбдірахманов"]


def test_held_persons_give_back_what_was_read():
    """The look-up's flat arrays (``_Held``) return each person as read: an IIN with a leading
    zero, one that is not 12 digits and none at all, names shared by several persons."""
    from services.import_duplicates import _Held
    from domain.duplicate_lookup import word_keys
    held = _Held()
    day, other = dt.date(1985, 3, 7), dt.date(1985, 7, 3)
    held.add_day(day, [(4, "Омаров", "Нұрлан", "", "012345678901"), (9, "Омаров", "Айгүл", None, None)])
    held.add_day(other, [(12, "Abdrakhmanov", "Nursultan", "Serikovich", "12-34")])
    held.add_day(dt.date(1990, 1, 1), [])
    assert [held.person(p) for p in range(*held.days[day])] == [
        (4, word_keys("Омаров"), word_keys("Нұрлан"), "Омаров", "Нұрлан", "", "012345678901"),
        (9, word_keys("Омаров"), word_keys("Айгүл"), "Омаров", "Айгүл", "", None)]
    assert [held.person(p) for p in range(*held.days[other])] == [
        (12, word_keys("Abdrakhmanov"), word_keys("Nursultan"), "Abdrakhmanov", "Nursultan", "Serikovich", "12-34")]
    assert held.days[dt.date(1990, 1, 1)] == (3, 3) and len(held) == 3
    assert held.name_text.count("Омаров") == 1
