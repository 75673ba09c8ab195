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
    zero, ones that are not 12 ASCII digits and none at all, names shared by several persons."""
    from services.import_duplicates import _Held
    from domain.duplicate_lookup import word_keys
    held = _Held()
    day, other = dt.date(1985, 3, 7), dt.date(1985, 7, 3)
    held.add_day(day, [(4, "Омаров", "Нұрлан", "", "012345678901"), (9, "Омаров", "Айгүл", None, None)])
    held.add_day(other, [(12, "Abdrakhmanov", "Nursultan", "Serikovich", "12-34")])
    held.add_day(dt.date(1990, 1, 1), [])
    wide = "０１２３４５６７８９０１"  # full-width digits: kept as typed, not turned into ASCII ones
    held.add_day(dt.date(1991, 1, 1), [(15, "Омаров", "Ерлан", "", wide)])
    assert held.person(held.days[dt.date(1991, 1, 1)][0])[6] == wide
    assert [held.person(p) for p in range(*held.days[day])] == [
        (4, word_keys("Омаров"), word_keys("Нұрлан"), "Омаров", "Нұрлан", "", "012345678901"),
        (9, word_keys("Омаров"), word_keys("Айгүл"), "Омаров", "Айгүл", "", None)]
    assert [held.person(p) for p in range(*held.days[other])] == [
        (12, word_keys("Abdrakhmanov"), word_keys("Nursultan"), "Abdrakhmanov", "Nursultan", "Serikovich", "12-34")]
    assert held.days[dt.date(1990, 1, 1)] == (3, 3) and len(held) == 4
    assert held.name_text.count("Омаров") == 1


# --- the look-up against an independent recount (hypothesis) ------------------------------------

_SURNAMES = ("Әбдірахманов", "Абдрахманов", "Abdrakhmanov", "Омаров", "Omarov", "Сейітқали", "Сеиткали")
_GIVEN = ("Нұрсұлтан", "Нурсултан", "Nursultan", "Нұрлан", "Айгүл", "Айгуль", "Ерлан")
_PATRONYMICS = ("", "Серікұлы", "Серикович", "Маратқызы")
_DAYS = (dt.date(1985, 3, 7), dt.date(1985, 7, 3), dt.date(1990, 11, 23), dt.date(1985, 3, 3), dt.date(1979, 1, 2))


class _Registered:
    """The repository calls the look-up makes, over a plain list of registered persons."""

    def __init__(self, persons):
        self.persons = persons  # (id, surname, given name, patronymic, IIN, birth date)
        self.reads = 0

    def persons_born_on(self, days, up_to=None):
        days = set(days)
        self.reads += len(days)
        found = {}
        for person_id, surname, given, patronymic, iin, born in sorted(self.persons):
            if born in days and (up_to is None or person_id <= up_to):
                found.setdefault(born, []).append((person_id, surname, given, patronymic, iin))
        return found

    def case_numbers(self, person_ids):
        return {person_id: f"C-{person_id}" for person_id in person_ids}


def _recount(row_values, persons, last_id):
    """What the warning must say, from the rule alone: the strongest registered person born on the
    row's day or on it with day and month swapped, that day's persons first, each in id order."""
    from domain.duplicate_lookup import days_to_look_up, strongest
    from domain.duplicate_scoring import PersonFacts
    facts = PersonFacts(row_values["surname"], row_values["given_name"], row_values["patronymic"],
                        row_values["birth_date"], row_values["iin"])
    others = [((person_id, surname, given, patronymic), PersonFacts(surname, given, patronymic, day, iin))
              for day in days_to_look_up(row_values["birth_date"])
              for person_id, surname, given, patronymic, iin, born in sorted(persons)
              if born == day and person_id <= last_id]
    best = strongest(facts, others)
    if best is None:
        return None
    (person_id, surname, given, patronymic), match = best
    return {"name": " ".join(p for p in (surname, given, patronymic) if p), "case_number": f"C-{person_id}",
            "score": match.value}


def _person_strategy():
    from hypothesis import strategies as st
    return st.tuples(st.sampled_from(_SURNAMES), st.sampled_from(_GIVEN), st.sampled_from(_PATRONYMICS),
                     st.sampled_from((None, "850307300123", "012345678901")), st.sampled_from(_DAYS))


def test_the_look_up_flags_what_an_independent_recount_flags():
    """Random registers against random databases, read in random chunks with a random cap on the
    persons held: every row's warning is the recount's, whatever was held or read again."""
    from hypothesis import given, settings, strategies as st
    from domain.register_rows import ParsedRow
    from services.import_duplicates import PossibleDuplicates

    @settings(max_examples=150, deadline=None)
    @given(st.lists(_person_strategy(), max_size=25), st.lists(_person_strategy(), min_size=1, max_size=25),
           st.integers(1, 6), st.integers(0, 8), st.integers(0, 30))
    def check(registered, register, chunk, held, last_id):
        persons = [(person_id, *person) for person_id, person in enumerate(registered, start=1)]
        uow = type("Uow", (), {})()
        uow.imports = _Registered(persons)
        look_up = PossibleDuplicates(uow, last_id, held=held)
        rows = [ParsedRow(number, {"surname": s, "given_name": g, "patronymic": p, "iin": i, "birth_date": b})
                for number, (s, g, p, i, b) in enumerate(register, start=2)]
        for start in range(0, len(rows), chunk):
            look_up.mark(rows[start:start + chunk])
        for row in rows:
            flagged = [w.params for w in row.warnings if w.message == POSSIBLE_DUPLICATE]
            expected = _recount(row.values, persons, last_id) if last_id else None
            assert flagged == ([expected] if expected else []), row.values

    check()
