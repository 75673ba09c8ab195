"""A person's own file: everything held, read back from the PDF (pypdf) and the xlsx (openpyxl), on
SQLite and PostgreSQL; producing it is logged; a case worker is refused; the command writes it."""
from __future__ import annotations

import datetime as dt
import io
import stat
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from domain.errors import PermissionDenied
from domain.permissions import Actor, Role
from i18n import Translator
from reports.subject_access import export_subject_access
from services.dto import DocumentInput, FamilyInput, PersonInput, StatusInput
from services.privacy_dto import ConsentInput
from services.quota_dto import InclusionInput


def _world(services):
    family = services.registration.register_family(FamilyInput(
        members=(PersonInput("Сейітқалиева", "Әйгерім", relation="head", birth_date=dt.date(1987, 10, 8),
                             sex="F", iin="871008401427"),
                 PersonInput("Сейітқалиев", "Нұрлан", relation="spouse", birth_date=dt.date(1985, 1, 2), sex="M")),
        arrival_date=dt.date(2026, 3, 1), origin_country_code="CN", region_code="PAVLODAR",
        address="Павлодар, Қайырбаев к-сі 12"), confirm_duplicates=True)
    head, spouse = (m.id for m in services.cases.details(family.id).members)
    services.registration.add_document(head, DocumentInput("passport", "E12345678", "ҚХР", dt.date(2020, 1, 1),
                                                           dt.date(2030, 1, 1), "CN"))
    services.registration.add_status(head, StatusInput(channel="egov", applied_on=dt.date(2026, 3, 2),
                                                       decision="granted", granted_on=dt.date(2026, 3, 10)))
    services.quotas.include_family(InclusionInput(
        family_id=family.id, year=2026, region_code="PAVLODAR", decision_date=dt.date(2026, 4, 1),
        decision_number="Q-17", housing_coefficient=Decimal("15")))
    item = services.quotas.family_quota(family.id).schedule[0]
    services.payments.record_payment(item.id, dt.date(2026, 4, 20), Decimal("1000"), "PP-42")
    services.employment.add_placement(head, "«Павлодар Жылу» ЖШС", "", "Есепші", dt.date(2026, 5, 4))
    services.adaptation.record_service(family.id, "language_course", dt.date(2026, 4, 5), person_id=head)
    services.adaptation.record_service(family.id, "legal_consultation", dt.date(2026, 4, 6), person_id=spouse)
    services.privacy.record_consent(head, ConsentInput(dt.date(2026, 3, 2), "written", scan_name="келісім.pdf",
                                                       scan_content=b"%PDF-1.4 signed"))
    services.cases.details(family.id, record_view=True)
    return family.id, head, spouse


def _pdf_text(path) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
    return " ".join(text.split())  # table cells wrap: compare with single spaces


def test_person_file_holds_everything_and_is_logged(db_services, tmp_path):
    services = db_services
    family_id, head, _spouse = _world(services)
    supervisor = services.for_actor(Actor(None, "t_supervisor", Role.SUPERVISOR, "Supervisor"))
    pdf, xlsx = tmp_path / "file.pdf", tmp_path / "file.xlsx"
    written = export_subject_access(supervisor, head, Translator("kk"), pdf, xlsx)

    text = _pdf_text(pdf)
    for expected in ("Сейітқалиева", "871008401427", "E12345678", "Q-17", "PP-42", "Павлодар Жылу",
                     "келісім.pdf", "Қайырбаев", "t_supervisor"):
        assert expected in text, expected
    assert "legal_consultation" not in text and "Заң консультациясы" not in text  # the spouse's service
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600

    book = load_workbook(xlsx)
    assert len(book.sheetnames) == len(written.sections) == 15
    payments = book[book.sheetnames[[s.key for s in written.sections].index("payments")]]
    paid_on, amount = payments.cell(2, 4).value, payments.cell(2, 5).value
    assert (paid_on.date(), float(amount)) == (dt.date(2026, 4, 20), 1000.0)
    views = written.section("views").rows
    assert [v[2] for v in views] == ["card", "subject_access"]  # the card opened, then this file itself
    changes = written.section("changes").rows
    assert {c[3] for c in changes} >= {"person", "family", "identity_document", "kandas_status",
                                       "processing_basis", "attachment", "job_placement"}

    logged = services.view_log.for_family(family_id)
    assert (logged[0].kind, logged[0].person_id, logged[0].actor_login) == ("subject_access", head, "t_supervisor")
    assert any(r.action == "subject_access" and r.entity_id == str(head) for r in services.audit.list())


def test_a_case_worker_may_not_produce_a_person_file(db_services, tmp_path):
    services = db_services
    _family_id, head, _spouse = _world(services)
    worker = services.for_actor(Actor(None, "t_worker", Role.CASE_WORKER, "Worker"))
    audit_before = len(services.audit.list())
    with pytest.raises(PermissionDenied):
        export_subject_access(worker, head, Translator("ru"), tmp_path / "f.pdf")
    assert not (tmp_path / "f.pdf").exists()
    assert len(services.audit.list()) == audit_before


def test_person_file_command_writes_pdf_and_xlsx_in_russian(services, db_path, tmp_path):
    from cli.app import main
    _family_id, head, _spouse = _world(services)
    pdf, xlsx = tmp_path / "person.pdf", tmp_path / "person.xlsx"
    code = main(["--db", str(db_path), "person", "file", "--person", str(head), "--lang", "ru",
                 "--out", str(pdf), "--xlsx", str(xlsx)])
    assert code == 0
    text = _pdf_text(pdf)
    assert "Сейітқалиева" in text and "Основание обработки" in text and "Письменное, с подписью" in text
    assert load_workbook(xlsx).sheetnames[0] == Translator("ru").gettext("Personal details")
    assert main(["--db", str(db_path), "person", "file", "--person", "999999", "--lang", "kk",
                 "--out", str(tmp_path / "x.pdf")]) == 1


def test_the_administrator_keeps_the_list_of_laws_from_the_command_line(services, db_path, capsys):
    from cli.app import main
    assert main(["--db", str(db_path), "legal-grounds", "set", "Labour_Code", "--kk", "Еңбек кодексі",
                 "--ru", "Трудовой кодекс", "--en", "Labour Code"]) == 0
    assert main(["--db", str(db_path), "legal-grounds", "set", "social_code", "--kk", "Әлеуметтік кодекс",
                 "--ru", "Социальный кодекс", "--en", "Social Code", "--retire"]) == 0
    assert main(["--db", str(db_path), "legal-grounds", "set", "бад код", "--kk", "a", "--ru", "b",
                 "--en", "c"]) == 1
    capsys.readouterr()
    assert main(["--db", str(db_path), "--lang", "ru", "legal-grounds", "list"]) == 0
    listed = capsys.readouterr().out
    assert "labour_code          Трудовой кодекс" in listed and "Социальный кодекс (выведен из употребления)" in listed
    assert [g.code for g in services.privacy.legal_grounds()] == ["labour_code", "migration_law"]


def test_person_file_follows_a_merge_to_the_removed_record(services):
    def register(surname, given, iin):
        family = services.registration.register_family(FamilyInput(
            members=(PersonInput(surname, given, relation="head", birth_date=dt.date(1987, 10, 8), sex="F",
                                 iin=iin),),
            arrival_date=dt.date(2026, 3, 1), origin_country_code="CN", region_code="PAVLODAR"),
            confirm_duplicates=True)
        return family.id, services.cases.details(family.id).members[0].id

    kept_family, kept = register("Қасымова", "Нұрлан", "871008401427")
    other_family, other = register("Касымова", "Nurlan", None)
    watcher = services.for_actor(Actor(None, "t_watcher", Role.CASE_WORKER, "Watcher"))
    watcher.cases.details(other_family, record_view=True)  # someone looked at the duplicate's card
    pair = next(p for p in services.duplicates.open_pairs() if {p.person_a_id, p.person_b_id} == {kept, other})
    services.duplicates.merge(pair.id, kept)
    file = services.subject_access.collect(kept)
    assert ("t_watcher", "card") in {(v[1], v[2]) for v in file.section("views").rows}
    assert kept_family != other_family
