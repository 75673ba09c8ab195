"""Every writer keeps the registry row's copies on ``family`` exact.

A registry page reads ``family.head_name``, ``head_iin``, ``head_birth_date`` and
``member_count`` instead of the head's person row and a count of the members
(``storage.family_summary``), so after registration, edits (a renamed head, a new head, an
IIN or birth date changed), members added and removed, a merge, the demo, an import into new
and existing families and its undo, each family must agree with its persons."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from domain.names import full_name
from services.dto import FamilyInput, PersonInput
from tests.copy_recounts import as_date
from tests.register_files import write_sheet

BIRTH = dt.date(1987, 10, 8)


def _expected(engine) -> dict[int, tuple]:
    """family id → (head name, IIN, birth date, members) computed here from the persons."""
    with engine.connect() as connection:
        families = [row[0] for row in connection.execute(sa.text("SELECT id FROM family"))]
        persons = connection.execute(sa.text(
            "SELECT family_id, id, relation, surname, given_name, patronymic, iin, birth_date FROM person "
            "ORDER BY id")).all()
    expected = {family_id: ("", None, None, 0) for family_id in families}
    heads: set[int] = set()
    for family_id, _id, relation, surname, given, patronymic, iin, birth in persons:
        name, head_iin, head_birth, members = expected[family_id]
        if relation == "head" and family_id not in heads:
            heads.add(family_id)
            name, head_iin, head_birth = full_name(surname, given, patronymic), iin, birth
        expected[family_id] = (name, head_iin, head_birth, members + 1)
    return expected


def _stored(engine) -> dict[int, tuple]:
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT id, head_name, head_iin, head_birth_date, member_count FROM family")).all()
    return {row[0]: (row[1], row[2], as_date(row[3]), row[4]) for row in rows}


def _normalised(expected: dict[int, tuple]) -> dict[int, tuple]:
    return {key: (name, iin, as_date(birth), count) for key, (name, iin, birth, count) in expected.items()}


def assert_copies_exact(engine) -> None:
    assert _stored(engine) == _normalised(_expected(engine))


def _family(services, surname: str, given: str, child: str, **extra):
    return services.registration.register_family(FamilyInput(
        members=(PersonInput(surname, given, "Серікұлы", relation="head", birth_date=BIRTH, sex="M", **extra),
                 PersonInput(surname, child, relation="child", birth_date=dt.date(2015, 6, 1), sex="M")),
        arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI"),
        confirm_duplicates=True)


def test_registration_edits_and_members_keep_the_copies(services, engine):
    written = _family(services, "Қасымов", "Нұрлан", "Әлібек")
    assert_copies_exact(engine)
    row = services.cases.rows([written.id])[0]
    assert (row.head_name, row.head_birth_date, row.members) == ("Қасымов Нұрлан Серікұлы", BIRTH, 2)
    head, child = services.cases.details(written.id).members
    # The head renamed, given an IIN and a new birth date.
    services.registration.update_member(head.id, head.version, PersonInput(
        "Әбдіков", "Нұрлан", "", relation="head", birth_date=dt.date(1987, 10, 9), sex="M", iin="871009300011"))
    assert_copies_exact(engine)
    assert services.cases.first_page("Әлібек")[0].head_name == "Әбдіков Нұрлан"
    # Another member becomes the head (the old one first steps down: for a moment no head at all).
    head = services.cases.details(written.id).members[0]
    services.registration.update_member(head.id, head.version, PersonInput(
        "Әбдіков", "Нұрлан", relation="other", birth_date=BIRTH, sex="M"))
    assert_copies_exact(engine)
    assert services.cases.rows([written.id])[0].head_name == ""
    services.registration.update_member(child.id, child.version, PersonInput(
        "Қасымов", "Әлібек", relation="head", birth_date=dt.date(2015, 6, 1), sex="M"))
    assert_copies_exact(engine)
    assert services.cases.rows([written.id])[0].head_name == "Қасымов Әлібек"
    services.registration.add_member(written.id, PersonInput(
        "Қасымова", "Дана", relation="spouse", birth_date=dt.date(1990, 1, 1), sex="F"))
    assert_copies_exact(engine)
    assert services.cases.rows([written.id])[0].members == 3
    spouse = next(m for m in services.cases.details(written.id).members if m.given_name == "Дана")
    services.registration.remove_member(spouse.id, spouse.version)
    assert_copies_exact(engine)
    assert services.cases.rows([written.id])[0].members == 2


def test_editing_a_child_keeps_the_copies_out_of_the_audit_log(services, engine):
    written = _family(services, "Омаров", "Ержан", "Айбек")
    child = services.cases.details(written.id).members[1]
    services.registration.update_member(child.id, child.version, PersonInput(
        "Омаров", "Айбек", relation="child", birth_date=dt.date(2015, 6, 2), sex="M"))
    assert_copies_exact(engine)
    # The copies live beside the ORM's mapping: the audit log records what people changed, not them.
    with engine.connect() as connection:
        logged = " ".join(f"{before} {after}" for before, after in connection.execute(
            sa.text("SELECT before, after FROM audit_log")))
    assert "2015-06-02" in logged and not any(column in logged for column in ("head_name", "member_count"))


def test_a_merge_moves_members_and_their_count(services, engine):
    _family(services, "Сейітқали", "Нұрлан", "Айбек")
    _family(services, "Сейітқали", "Нұрлан", "Әлібек", iin="871008312347")
    pair = services.duplicates.open_pairs()[0]
    services.duplicates.merge(pair.id, pair.person_a_id, move_household=True)
    assert_copies_exact(engine)
    rows = services.cases.first_page("Әлібек")
    assert len(rows) == 1 and rows[0].members == 3


def test_demo_import_and_undo_keep_the_copies(services, engine, tmp_path):
    services.demo(families=12, seed=5)
    assert_copies_exact(engine)
    first = write_sheet(tmp_path / "a.xlsx", [["Фамилия", "Имя", "Дата рождения", "Родство"],
                                              ["Омаров", "Нұрлан", "01.01.1980", "глава"]])
    services.imports.import_file(first)
    assert_copies_exact(engine)
    second = write_sheet(tmp_path / "b.xlsx", [["Фамилия", "Имя", "Дата рождения", "Родство"],
                                               ["Омаров", "Нұрлан", "01.01.1980", "глава"],
                                               ["Омарова", "Дана", "02.02.2010", "дочь"]])
    report = services.imports.import_file(second)  # a member added to the family of the first import
    assert_copies_exact(engine)
    family_id = services.cases.search("Омарова")[0]
    assert services.cases.rows([family_id])[0].members == 2
    services.imports.undo_batch(report.batch_id)
    assert_copies_exact(engine)
    assert services.cases.rows([family_id])[0].members == 1


def test_registry_rows_on_every_engine(migrated_db_url):
    """The hand-written statements (rows by a list of ids, the name-order plans) on SQLite and
    PostgreSQL: the first page is the search's head with the rows the family card agrees with."""
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_db_url)
    try:
        services = AppServices(engine, clock=lambda: dt.datetime(2026, 11, 25, 10, 0))
        services.demo(families=30, seed=4)
        assert_copies_exact(engine)
        for text in ("", "н", "Нұрлан", "ер", "8", "2026-0", "Жұмабаева А"):
            ids = services.cases.search(text, "name", False)
            page = services.cases.first_page(text, "name", False, 12)
            assert [row.family_id for row in page] == ids[:12], text
            assert page == services.cases.rows(ids[:12])
            for row in page[:3]:
                card = services.cases.details(row.family_id)
                head = next(m for m in card.members if m.relation == "head")
                assert (row.head_name, row.head_iin, row.head_birth_date, row.members, row.case_number) == (
                    head.full_name, head.iin, head.birth_date, len(card.members), card.case_number)
                assert (row.arrival_date, row.stage, row.version) == (card.arrival_date, card.stage, card.version)
    finally:
        engine.dispose()


def test_an_import_writes_the_copies_and_token_keys_on_every_engine(migrated_db_url, tmp_path):
    """The import writes a new family's copies with its row and its tokens' keys without reading
    them back (and COPYs its rows on PostgreSQL): what it wrote is what a refresh would compute."""
    from services import AppServices
    from services.database import prepare_database
    from storage import family_summary
    engine, _ = prepare_database(migrated_db_url)
    try:
        services = AppServices(engine, clock=lambda: dt.datetime(2026, 11, 25, 10, 0))
        services.demo(families=3, seed=7)
        rows = [["Фамилия", "Имя", "Отчество", "ИИН", "Дата рождения", "Родство"]]
        for number in range(40):  # 80 persons: over storage.bulk_insert_pg.COPY_FROM_ROWS
            rows += [[f"Әбілов{'аеиоу'[number % 5]}{chr(0x430 + number % 20)}", "Қайрат", "Серікұлы" if number % 2 else "",
                      "", f"{1 + number % 28:02d}.03.1970", "глава"],
                     [f"Әбілова{chr(0x430 + number % 20)}", "Дана", "", "", f"{1 + number % 28:02d}.04.2001", "дочь"]]
        report = services.imports.import_file(write_sheet(tmp_path / "many.xlsx", rows))
        assert (report.imported, report.families_imported) == (80, 40)
        assert_copies_exact(engine)
        with engine.begin() as connection:
            families = connection.execute(sa.text("SELECT id FROM family")).scalars().all()
            assert family_summary.refresh(connection, families) == 0
            wrong = connection.execute(sa.text(
                "SELECT count(*) FROM person_search_token t JOIN person p ON p.id = t.person_id "
                "JOIN family f ON f.id = p.family_id "
                "WHERE t.family_id <> p.family_id OR t.head_sort_key <> f.head_sort_key")).scalar()
            iin_tokens = connection.execute(sa.text(
                "SELECT count(*) FROM person_search_token WHERE token LIKE '#%'")).scalar()
            with_iin = connection.execute(sa.text("SELECT count(*) FROM person WHERE iin IS NOT NULL "
                                                  "AND iin <> ''")).scalar()
        assert wrong == 0 and iin_tokens == with_iin
        again = services.imports.import_file(write_sheet(tmp_path / "again.xlsx", rows))
        assert (again.duplicate, again.imported) == (80, 0)  # each found registered by name and birth date
    finally:
        engine.dispose()
