"""A person's basis of processing recorded and withdrawn, the family warning, the view log and the
monthly count, through the real services on SQLite and PostgreSQL (``db_services``)."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from domain.errors import ConflictError, PermissionDenied, ValidationError
from domain.permissions import Actor, Role
from domain.processing_basis import BasisKind, ConsentForm
from services.dto import FamilyInput, PersonInput
from services.privacy_dto import ConsentInput, LegalBasisInput
from storage import tables


def _family(services, surname="Сейітқалиева", child=True):
    members = [PersonInput(surname, "Айгүл", relation="head", birth_date=dt.date(1987, 10, 8), sex="F")]
    if child:
        members.append(PersonInput(surname, "Нұрлан", relation="child", birth_date=dt.date(2015, 1, 2), sex="M"))
    result = services.registration.register_family(FamilyInput(
        members=tuple(members), arrival_date=dt.date(2026, 3, 1), origin_country_code="CN",
        region_code="PAVLODAR"), confirm_duplicates=True)
    details = services.cases.details(result.id)
    return result.id, [m.id for m in details.members]


def _as(services, role):
    return services.for_actor(Actor(user_id=None, login=f"t_{role}", role=role, display_name=role))


def _count(services, table) -> int:
    with services.engine.connect() as connection:
        return connection.scalar(sa.select(sa.func.count()).select_from(table))


def test_consent_recorded_with_scan_then_withdrawn(db_services):
    services = db_services
    family_id, (head, child) = _family(services)
    assert [p.person_id for p in services.privacy.family_basis(family_id).without_basis] == [head, child]

    worker = _as(services, Role.CASE_WORKER)
    recorded = worker.privacy.record_consent(head, ConsentInput(
        dt.date(2026, 3, 2), ConsentForm.WRITTEN, scan_name="келісім.pdf", scan_content=b"%PDF-1.4 signed"))
    worker.privacy.record_legal_basis(child, LegalBasisInput("migration_law", dt.date(2026, 3, 1)))
    state = services.privacy.family_basis(family_id)
    assert state.without_basis == ()
    consent = state.persons[0].bases[0]
    assert (consent.kind, consent.consent_form, consent.valid_from) == (BasisKind.CONSENT, "written",
                                                                        dt.date(2026, 3, 2))
    scans = services.attachments.for_family(family_id)
    assert [(a.id, a.file_name, a.person_id) for a in scans] == [(consent.attachment_id, "келісім.pdf", head)]

    worker.privacy.withdraw(recorded.id, consent.version, dt.date(2026, 11, 20), "asked in writing")
    state = services.privacy.family_basis(family_id)
    assert [p.person_id for p in state.without_basis] == [head]
    withdrawn = state.persons[0].bases[0]
    assert (withdrawn.withdrawn_on, withdrawn.in_force, withdrawn.version) == (dt.date(2026, 11, 20), False, 2)
    with pytest.raises(ConflictError):  # a second seat still holding version 1
        worker.privacy.withdraw(recorded.id, 1, dt.date(2026, 11, 21))
    audit = services.audit.list()
    assert {(r.action, r.entity) for r in audit} >= {("insert", "processing_basis"), ("update", "processing_basis"),
                                                     ("insert", "attachment")}
    timeline = [e.kind for e in services.cases.details(family_id).events]
    assert timeline.count("basis") == 3


def test_bad_basis_input_names_the_field_and_changes_nothing(db_services):
    services = db_services
    _family_id, (head, _child) = _family(services)
    before = _count(services, tables.processing_basis), _count(services, tables.attachment)
    with pytest.raises(ValidationError) as future:
        services.privacy.record_consent(head, ConsentInput(dt.date(2026, 12, 1), ConsentForm.WRITTEN,
                                                           scan_name="a.pdf", scan_content=b"x"))
    assert future.value.field == "consent_date"
    with pytest.raises(ValidationError) as no_form:
        services.privacy.record_consent(head, ConsentInput(dt.date(2026, 3, 1), None))
    assert no_form.value.field == "consent_form"
    with pytest.raises(ValidationError) as unknown:
        services.privacy.record_legal_basis(head, LegalBasisInput("no_such_law", dt.date(2026, 3, 1)))
    assert unknown.value.field == "legal_ground"
    services.privacy.save_legal_ground("old_law", "Ескі", "Старый", "Old", active=False)
    with pytest.raises(ValidationError):  # a retired ground cannot be chosen any more
        services.privacy.record_legal_basis(head, LegalBasisInput("old_law", dt.date(2026, 3, 1)))
    assert (_count(services, tables.processing_basis), _count(services, tables.attachment)) == before


def test_low_roles_are_refused_by_the_service(db_services):
    services = db_services
    family_id, (head, _child) = _family(services)
    before = _count(services, tables.processing_basis), _count(services, tables.audit_log)
    with pytest.raises(PermissionDenied):
        _as(services, Role.READ_ONLY).privacy.record_consent(head, ConsentInput(dt.date(2026, 3, 1), "written"))
    with pytest.raises(PermissionDenied):
        _as(services, Role.CASE_WORKER).privacy.save_legal_ground("x", "a", "b", "c")
    with pytest.raises(PermissionDenied):
        _as(services, Role.CASE_WORKER).view_log.for_family(family_id)
    with pytest.raises(PermissionDenied):
        _as(services, Role.CASE_WORKER).subject_access.collect(head)
    assert (_count(services, tables.processing_basis), _count(services, tables.audit_log)) == before


def test_opening_a_card_exporting_and_printing_are_logged(db_services, tmp_path):
    services = db_services
    family_id, _members = _family(services)
    worker = _as(services, Role.CASE_WORKER)
    worker.cases.details(family_id)  # a reload: not a new view
    assert services.view_log.for_family(family_id) == []
    worker.cases.details(family_id, record_view=True)
    from i18n import Translator
    from reports.ministry_export import export_ministry_xlsx
    export_ministry_xlsx(worker, "register", tmp_path / "register.xlsx", Translator("ru"))
    views = services.view_log.for_user("t_case_worker")
    assert [(v.kind, v.family_id) for v in views] == [("export", None), ("card", family_id)]
    assert services.view_log.for_family(family_id)[0].detail == services.cases.details(family_id).case_number
    assert services.view_log.users() == ["t_case_worker"]
    worker.cases.record_export("registry.xlsx", 1, ["case_number"], False)  # the registry's own export
    assert services.view_log.for_user("t_case_worker")[0].detail == "registry registry.xlsx (1)"


def test_monthly_report_counts_families_without_basis(db_services, clock):
    services = db_services
    first, (a_head, a_child) = _family(services, "Омарова")
    _second, (b_head,) = _family(services, "Қасымова", child=False)
    b_consent = services.privacy.record_consent(b_head, ConsentInput(dt.date(2026, 3, 1), ConsentForm.ELECTRONIC))
    services.privacy.record_consent(a_head, ConsentInput(dt.date(2026, 3, 1), ConsentForm.WRITTEN))
    summary = services.reporting.monthly_summary(dt.date(2026, 11, 1))
    assert summary.families_without_basis == 1  # the child of the first family has none
    services.privacy.record_legal_basis(a_child, LegalBasisInput("social_code", dt.date(2026, 3, 1)))
    figures, _approved = services.reporting.monthly_figures(dt.date(2026, 11, 1))
    assert '"families_without_basis": 0' in figures
    services.privacy.withdraw(b_consent.id, None, dt.date(2026, 11, 20))
    assert services.reporting.monthly_summary(dt.date(2026, 11, 1)).families_without_basis == 1
    assert services.reporting.monthly_summary(dt.date(2026, 10, 1)).families_without_basis == 0  # as of 31 Oct
    assert services.reporting.monthly_summary(dt.date(2026, 2, 1)).families_without_basis == 0  # none yet
    assert first
