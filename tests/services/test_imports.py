"""Register import on real files and a real SQLite database: verdicts, one transaction, batches, undo."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from domain.errors import PermissionDenied, RuleViolation, ValidationError
from domain.iin import Iin
from domain.permissions import Actor, Role
from i18n import Translator
from services.dto import FamilyFieldsInput, PersonInput
from services.progress import Cancelled
from services.register_reader import UnreadableRegisterError
from tests.register_files import (CHILD_IIN, HEAD_IIN, SPOUSE_IIN, big_register, messy_register, write_sheet)

EN = Translator("en")


def counts(db_path) -> tuple[int, int, int]:
    with sqlite3.connect(db_path) as connection:
        return tuple(connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("family", "person", "import_batch"))


def verdicts(report) -> dict[int, tuple]:
    return {r.row: (r.status, [(m.column, m.message) for m in r.errors], r.duplicate_of) for r in report.rows}


def test_messy_register_gives_exact_verdicts(services, tmp_path, db_path):
    report = services.imports.analyse(messy_register(tmp_path / "reg.xlsx"))
    assert (report.sheet, report.header_row) == ("Тізілім", 4)
    assert report.unknown_columns == ("Размер обуви",)
    assert [r.row for r in report.rows] == [6, 7, 8, 10, 11, 12, 13, 14]  # title, numbering, blank, total skipped
    got = verdicts(report)
    assert got[6] == ("ok", [], None)
    assert got[7] == ("ok", [], None)
    assert got[8] == ("ok", [], None)
    assert got[10] == ("ok", [], None)
    assert got[11] == ("duplicate", [], 6)
    assert got[12] == ("invalid", [("ЖСН", "The IIN check digit is wrong: please check every digit.")], None)
    assert got[13] == ("invalid", [("Дата рождения", "The date «{value}» does not exist.")], None)
    assert got[14] == ("invalid", [("Облыс", "Unknown region: «{value}».")], None)
    rows = {r.row: r for r in report.rows}
    assert [(m.column, m.message) for m in rows[6].repairs] == [("Облыс", "The region «{value}» was read as {region}.")]
    assert [m.column for m in rows[7].repairs] == ["Тегі"]  # "Сейітқали " had a stray space
    assert rows[8].repairs[0].params == {"iin": CHILD_IIN}  # 5031453456x typed as a number
    assert rows[10].repairs[0].params == {"before": "Oмaров", "after": "Омаров"}
    assert (report.ok, report.invalid, report.duplicate, report.imported) == (4, 3, 1, 0)
    assert counts(db_path) == (0, 0, 0)  # analyse writes nothing


def test_import_refuses_the_whole_file_when_one_row_is_invalid(services, tmp_path, db_path):
    report = services.imports.import_file(messy_register(tmp_path / "reg.xlsx"))
    assert report.refused and report.imported == 0 and report.batch_id is None
    assert counts(db_path) == (0, 0, 0)


def test_skip_invalid_imports_valid_rows_and_reimport_adds_nothing(services, tmp_path, db_path):
    path = messy_register(tmp_path / "reg.xlsx")
    report = services.imports.import_file(path, skip_invalid=True)
    assert (report.imported, report.families_imported) == (4, 2)
    assert counts(db_path) == (2, 4, 1)
    family = services.cases.details(services.cases.search("Сейітқали")[0])
    assert family.region_code == "EAST_KZ" and family.origin_country_code == "CN"
    assert family.arrival_date == dt.date(2025, 3, 15) and family.phone == "77011234567"
    assert family.case_number.startswith("2026-")
    members = {m.given_name: m for m in family.members}
    assert members["Нұрлан"].relation == "head" and members["Нұрлан"].iin == HEAD_IIN
    assert members["Айгүл"].relation == "spouse" and members["Айгүл"].iin == SPOUSE_IIN
    assert members["Ерлан"].iin == CHILD_IIN and members["Ерлан"].birth_date == dt.date(2005, 3, 14)
    assert services.cases.search("omarov")  # search tokens were written like the form writes them
    again = services.imports.import_file(path, skip_invalid=True)
    assert again.imported == 0 and again.duplicate == 5 and again.batch_id is None
    assert {r.duplicate_of for r in again.rows if r.status == "duplicate"} == {"existing", 6}
    assert counts(db_path) == (2, 4, 1)


def test_headers_in_english_and_kazakh_in_any_order_with_a_full_name_column(services, tmp_path):
    iin = Iin.build(dt.date(1990, 5, 6), "F", 77).value
    path = write_sheet(tmp_path / "en.xlsx", [
        ["Region", "Date of birth", "IIN", "Full name", "Sex", "Arrival date", "Country of origin"],
        ["Pavlodar Region", "06.05.1990", iin, "Ахметова  Сара Бекқызы", "F", "2025-02-01", "China"],
    ])
    report = services.imports.import_file(path)
    assert report.imported == 1 and report.header_row == 1
    family = services.cases.details(services.cases.search("Ахметова")[0])
    assert (family.members[0].surname, family.members[0].given_name, family.members[0].patronymic) == \
        ("Ахметова", "Сара", "Бекқызы")
    assert family.region_code == "PAVLODAR"


def test_birth_date_disagreeing_with_the_iin_is_a_warning(services, tmp_path):
    iin = Iin.build(dt.date(1990, 5, 6), "F", 77).value
    path = write_sheet(tmp_path / "w.xlsx", [["Тегі", "Аты", "ЖСН", "Туған күні", "Жынысы"],
                                            ["Ахметова", "Сара", iin, "07.05.1990", "Ж"]])
    report = services.imports.import_file(path)
    assert report.rows[0].status == "ok" and report.imported == 1
    assert [m.column for m in report.rows[0].warnings] == ["ЖСН"]


@pytest.mark.parametrize("cells, column, message", [
    (["", "Сара", "01.01.1990"], "Тегі", "The surname is required."),
    (["Ахметова", "", "01.01.1990"], "Аты", "The given name is required."),
    (["Ахметова", "Сара", "01.01.2030"], "Туған күні", "The birth date cannot be in the future."),
    (["Ахметова", "Сара", "01.01.90"], "Туған күні", "The year in «{value}» has two digits: write all four."),
    (["Ахметова", "Сара", "вчера"], "Туған күні", "«{value}» is not a date: write it as dd.mm.yyyy or yyyy-mm-dd."),
    (["Ахметова", "Сара", 1990], "Туған күні", "Only the year {value} is given: enter the whole date."),
])
def test_refusals_name_the_column(services, tmp_path, cells, column, message):
    path = write_sheet(tmp_path / "r.xlsx", [["Тегі", "Аты", "Туған күні", "Жынысы"], [*cells, "Ж"],
                                            ["Омаров", "Нұрлан", "01.01.1980", "Е"]])
    report = services.imports.analyse(path)
    assert report.rows[0].status == "invalid"
    assert [(m.column, m.message) for m in report.rows[0].errors] == [(column, message)]


def test_family_is_imported_whole_or_not_at_all(services, tmp_path):
    path = write_sheet(tmp_path / "f.xlsx", [
        ["№ семьи", "Фамилия", "Имя", "Дата рождения", "Родство"],
        [1, "Омаров", "Нұрлан", "01.01.1980", "глава"],
        [None, "Омарова", "Сара", "32.01.1982", "жена"],
        [2, "Бекова", "Айша", "01.01.1970", "глава"],
    ])
    report = services.imports.import_file(path, skip_invalid=True)
    assert [(r.row, r.status) for r in report.rows] == [(2, "invalid"), (3, "invalid"), (4, "ok")]
    assert report.rows[0].errors[0].message.startswith("Row {row} of the same family")
    assert report.imported == 1


def test_updated_register_adds_new_members_to_the_existing_family(services, tmp_path):
    first = write_sheet(tmp_path / "a.xlsx", [["Фамилия", "Имя", "Дата рождения", "Родство"],
                                              ["Омаров", "Нұрлан", "01.01.1980", "глава"]])
    services.imports.import_file(first)
    second = write_sheet(tmp_path / "b.xlsx", [["Фамилия", "Имя", "Дата рождения", "Родство"],
                                               ["Омаров", "Нұрлан", "01.01.1980", "глава"],
                                               ["Омарова", "Дана", "02.02.2010", "дочь"]])
    report = services.imports.import_file(second)
    assert [(r.status, r.duplicate_of) for r in report.rows] == [("duplicate", "existing"), ("ok", None)]
    assert report.imported == 1 and report.families_imported == 0
    family = services.cases.details(services.cases.search("Омаров")[0])
    assert [m.given_name for m in family.members] == ["Нұрлан", "Дана"]
    services.imports.undo_batch(report.batch_id)
    assert [m.given_name for m in services.cases.details(family.id).members] == ["Нұрлан"]


def test_undo_removes_the_batch_and_refuses_after_an_edit(services, tmp_path, db_path):
    batch = services.imports.import_file(messy_register(tmp_path / "reg.xlsx"), skip_invalid=True).batch_id
    result = services.imports.undo_batch(batch)
    assert (result.families_removed, result.persons_removed) == (2, 4)
    assert counts(db_path)[:2] == (0, 0)
    with pytest.raises(RuleViolation):
        services.imports.undo_batch(batch)  # already undone
    again = services.imports.import_file(messy_register(tmp_path / "reg2.xlsx"), skip_invalid=True)
    family_id = services.cases.search("Омаров")[0]
    family = services.cases.details(family_id)
    services.registration.update_family(family_id, family.version, FamilyFieldsInput(
        arrival_date=family.arrival_date, region_code=family.region_code, phone="+7 701 555 55 55"))
    with pytest.raises(RuleViolation) as refused:
        services.imports.undo_batch(again.batch_id)
    assert refused.value.params["case_number"] == family.case_number
    assert counts(db_path)[:2] == (2, 4)


def test_undo_refuses_when_records_were_added_to_imported_families(services, tmp_path):
    batch = services.imports.import_file(messy_register(tmp_path / "reg.xlsx"), skip_invalid=True).batch_id
    family = services.cases.details(services.cases.search("Омаров")[0])
    services.registration.add_member(family.id, PersonInput("Омарова", "Дана", relation="child"))
    with pytest.raises(RuleViolation) as refused:
        services.imports.undo_batch(batch)
    assert refused.value.params["case_number"] == family.case_number


def test_undo_refuses_when_a_status_was_recorded_for_an_imported_person(services, tmp_path):
    from services.dto import StatusInput
    batch = services.imports.import_file(messy_register(tmp_path / "reg.xlsx"), skip_invalid=True).batch_id
    family = services.cases.details(services.cases.search("Сейітқали")[0])
    services.registration.add_status(family.members[1].id, StatusInput(applied_on=dt.date(2025, 4, 1)))
    with pytest.raises(RuleViolation) as refused:
        services.imports.undo_batch(batch)
    assert refused.value.params["case_number"] == family.case_number


def test_cancel_rolls_everything_back(services, tmp_path, db_path):
    path, persons = big_register(tmp_path / "big.xlsx", 900)

    class CancelSoon:
        steps = 0

        def step(self, done, total=None, message=""):
            self.steps += 1
            if done >= 1500:
                raise Cancelled()

        def check(self):
            pass

    with pytest.raises(Cancelled):
        services.imports.import_file(path, progress=CancelSoon())
    assert counts(db_path) == (0, 0, 0)
    report = services.imports.import_file(path)
    assert report.imported == persons and counts(db_path)[1] == persons


def test_unreadable_files_and_sheets(services, tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("ФИО;ИИН\nОмаров;123\n", encoding="utf-8")
    for path in (text, tmp_path / "missing.xlsx", tmp_path / "reg.csv"):
        with pytest.raises(UnreadableRegisterError):
            services.imports.analyse(path)
    (tmp_path / "reg.csv").write_text("x")
    good = messy_register(tmp_path / "reg.xlsx")
    with pytest.raises(UnreadableRegisterError) as missing_sheet:
        services.imports.analyse(good, sheet="Лист2")
    assert "Тізілім" in missing_sheet.value.params["sheets"]


def test_empty_sheet_and_sheet_without_header_are_refused(services, tmp_path):
    with pytest.raises(ValidationError, match="empty"):
        services.imports.analyse(write_sheet(tmp_path / "e.xlsx", []))
    with pytest.raises(ValidationError, match="header"):
        services.imports.analyse(write_sheet(tmp_path / "n.xlsx", [["Товар", "Цена"], ["Хлеб", 100]]))


def test_the_sheet_with_the_register_is_found_and_can_be_chosen(services, tmp_path):
    path = write_sheet(tmp_path / "s.xlsx", [["Отчёт за год"]], title="Свод", extra_sheets={
        "Реестр": [["Фамилия", "Имя"], ["Омаров", "Нұрлан"]],
        "Архив": [["Фамилия", "Имя"], ["Бекова", "Айша"], ["Сеитова", "Дина"]]})
    assert services.imports.analyse(path).sheet == "Реестр"
    assert services.imports.analyse(path, sheet="архив ").ok == 2


def test_a_read_only_user_may_not_import(services, tmp_path):
    reader = services.for_actor(Actor(None, "viewer", Role.READ_ONLY))
    with pytest.raises(PermissionDenied):
        reader.imports.analyse(messy_register(tmp_path / "reg.xlsx"))


def test_batches_list_and_audit(services, tmp_path, db_path):
    report = services.imports.import_file(messy_register(tmp_path / "reg.xlsx"), skip_invalid=True)
    [batch] = services.imports.batches()
    assert (batch.id, batch.file_name, batch.rows_imported, batch.families) == (report.batch_id, "reg.xlsx", 4, 2)
    assert len(batch.sha256) == 64 and batch.imported_by == "system"
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM audit_log WHERE action = 'import'").fetchone()[0] == 1
        assert connection.execute("SELECT count(*) FROM person WHERE import_batch_id IS NULL").fetchone()[0] == 0


def test_messages_render_in_each_language(services, tmp_path):
    report = services.imports.analyse(messy_register(tmp_path / "reg.xlsx"))
    texts = {lang: report.to_json(Translator(lang))["rows"][0]["repairs"][0]["message"] for lang in ("kk", "ru", "en")}
    assert "Шығыс Қазақстан облысы" in texts["kk"] and "Восточно-Казахстанская область" in texts["ru"]
    assert "East Kazakhstan Region" in texts["en"]


@pytest.mark.postgres
def test_import_and_undo_on_postgresql(migrated_pg_url, tmp_path, clock):
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_pg_url)
    try:
        services = AppServices(engine, clock=clock)
        path, persons = big_register(tmp_path / "pg.xlsx", 300)
        report = services.imports.import_file(path)
        assert report.imported == persons
        assert services.imports.import_file(path).imported == 0
        services.imports.undo_batch(report.batch_id)
        assert services.cases.count() == 0
    finally:
        engine.dispose()


def test_same_name_and_birth_date_with_different_iins_are_two_persons(services, tmp_path):
    one = Iin.build(dt.date(1990, 5, 6), "M", 11).value
    two = Iin.build(dt.date(1990, 5, 6), "M", 22).value
    path = write_sheet(tmp_path / "twins.xlsx", [["Фамилия", "Имя", "ИИН", "Дата рождения"],
                                                ["Омаров", "Нұрлан", one, "06.05.1990"],
                                                ["Омаров", "Нұрлан", two, "06.05.1990"],
                                                ["Омаров", "Нұрлан", None, "06.05.1990"]])
    report = services.imports.import_file(path)
    assert [(r.status, r.duplicate_of) for r in report.rows] == [("ok", None), ("ok", None), ("duplicate", 2)]
    again = write_sheet(tmp_path / "again.xlsx", [["Фамилия", "Имя", "ИИН", "Дата рождения"],
                                                 ["Омаров", "Нұрлан", Iin.build(dt.date(1990, 5, 6), "M", 33).value,
                                                  "06.05.1990"], ["Омаров", "Нұрлан", None, "06.05.1990"]])
    assert [(r.status, r.duplicate_of) for r in services.imports.analyse(again).rows] == \
        [("ok", None), ("duplicate", 2)]  # the file is looked at first, then the database
    no_iin = write_sheet(tmp_path / "no_iin.xlsx", [["Фамилия", "Имя", "Дата рождения"],
                                                   ["Омаров", "Нұрлан", "06.05.1990"]])
    assert [(r.status, r.duplicate_of) for r in services.imports.analyse(no_iin).rows] == [("duplicate", "existing")]


def test_a_write_refused_by_the_database_mid_import_leaves_nothing(services, tmp_path, db_path):
    path, persons = big_register(tmp_path / "big.xlsx", 900)
    with sqlite3.connect(db_path) as connection:
        # the 1 200th person or so is refused by the database itself, chunks after the first were written
        connection.execute("CREATE TRIGGER refuse_late_person BEFORE INSERT ON person "
                           "WHEN (SELECT count(*) FROM person) >= 1200 BEGIN SELECT RAISE(ABORT, 'refused'); END")
    with pytest.raises(RuleViolation) as refused:  # a sentence to try again, not the database's text
        services.imports.import_file(path)
    assert refused.value.rule == "integrity" and "refused" not in str(refused.value)
    with sqlite3.connect(db_path) as connection:
        assert [connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("family", "person", "person_search_token", "family_event", "import_batch")] == [0] * 5
        connection.execute("DROP TRIGGER refuse_late_person")
    assert services.imports.import_file(path).imported == persons


def test_verdict_rows_keep_plain_rows_as_numbers_and_read_like_a_tuple():
    from services.import_report import ImportMessage, RowVerdict, VerdictRows
    warned = RowVerdict(7, "ok", warnings=(ImportMessage("ИИН", "iin", "The birth date differs.", {}),))
    verdicts = [RowVerdict(5, "ok"), RowVerdict(6, "duplicate", duplicate_of=5), warned, RowVerdict(9, "ok")]
    rows = VerdictRows()
    for verdict in verdicts:
        rows.append(verdict)
    assert list(rows) == verdicts and rows == tuple(verdicts) and len(rows) == 4
    assert rows[-1] == verdicts[-1] and rows[1:3] == verdicts[1:3] and rows[2] is warned
    assert len(rows._told) == 2  # the plain rows are only numbers
    with pytest.raises(IndexError):
        rows[4]
