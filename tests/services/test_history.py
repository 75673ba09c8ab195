"""The audit log read as a history: names, labels and values in words, filtered by family and person."""
from __future__ import annotations

import datetime as dt

import pytest

from i18n import Translator
from services import history_text
from services.dto import FamilyInput, PersonInput
from services.records_dto import TaskInput
from services.dto_admin import AuditFilter

BIRTH = dt.date(1980, 11, 25)


@pytest.fixture
def two_families(db_services):
    services = db_services
    first = services.registration.register_family(FamilyInput(
        members=(PersonInput("Сейітқали", "Нұрлан", birth_date=BIRTH, sex="M"),
                 PersonInput("Сейітқали", "Әлібек", relation="child", birth_date=dt.date(2015, 6, 1))),
        region_code="ABAI"))
    second = services.registration.register_family(FamilyInput(
        members=(PersonInput("Омаров", "Бауыржан", birth_date=dt.date(1975, 1, 2), sex="M"),),
        region_code="PAVLODAR"))
    details = services.cases.details(first.id)
    child = [m for m in details.members if m.given_name == "Әлібек"][0]
    services.registration.update_member(child.id, child.version, PersonInput(
        "Сейітқали", "Әлібек", relation="spouse", birth_date=dt.date(2015, 6, 2)))
    services.tasks.add_task(TaskInput(family_id=first.id, title="Call the family", due_date=dt.date(2026, 12, 10)))
    return services, first, second


def _texts(entries, language: str) -> list[str]:
    tr = Translator(language)
    return [history_text.sentence(entry, tr) for entry in entries]


def test_the_family_filter_finds_its_members_and_tasks_and_nothing_else(two_families):
    services, first, second = two_families
    entries = services.history.search(AuditFilter(case_number=first.case_number))
    assert entries and all(entry.family_id == first.id for entry in entries)
    kinds = {entry.entity for entry in entries}
    assert {"family", "person", "task"} <= kinds
    text = "\n".join(_texts(entries, "en"))
    assert f"Case {first.case_number}" in text and "Омаров" not in text
    assert "Task “Call the family”" in text
    assert services.history.search(AuditFilter(case_number="no-such-case")) == []


def test_a_change_reads_with_labels_and_values_in_the_language(two_families):
    services, first, _second = two_families
    entries = services.history.search(AuditFilter(case_number=first.case_number, action="update"))
    [member] = [e for e in entries if e.entity == "person"]
    en, ru, kk = (history_text.sentence(member, Translator(lang)) for lang in ("en", "ru", "kk"))
    assert en.startswith(f"Сейітқали Әлібек, Case {first.case_number} — changed")
    assert "Relation to the head: Child → Spouse" in en, en
    assert "Birth date: 01.06.2015 → 02.06.2015" in en, en
    assert "Отношение к главе семьи" in ru or "Родственное отношение" in ru or "→" in ru
    for text in (en, ru, kk):
        assert "relation" not in text and "child" not in text and "person " not in text


def test_the_person_filter_by_name_or_iin_and_users_by_name(two_families):
    services, first, second = two_families
    entries = services.history.search(AuditFilter(person="омаров"))
    assert entries and {e.family_id for e in entries} == {second.id}
    assert services.history.search(AuditFilter(person="999999999999")) == []
    logins = dict(services.history.users())
    assert logins  # every login in the log is named
    entry = entries[0]
    assert history_text.user(entry.actor_login, entry) == logins[entry.actor_login]


def test_the_card_timeline_history_needs_only_case_access(two_families):
    services, first, _second = two_families
    entries = services.history.family_history(first.id)
    assert entries[0].id > entries[-1].id  # newest first
    assert all(entry.family_id == first.id for entry in entries)


def test_a_deleted_task_keeps_its_whole_history_in_the_family_filter(two_families):
    """A deleted row no longer says whose it was: the family comes from the values its deletion kept."""
    services, first, _second = two_families
    [task] = [t for t in services.tasks.family_tasks(first.id) if t.title == "Call the family"]
    services.tasks.delete_task(task.id, task.version)
    entries = services.history.search(AuditFilter(case_number=first.case_number, entity="task"))
    about_task = [e for e in entries if e.entity_id == str(task.id)]
    assert {e.action for e in about_task} == {"insert", "delete"}
    deleted = [e for e in about_task if e.action == "delete"][0]
    assert history_text.subject(deleted, Translator("en")) == f"Task “Call the family”, Case {first.case_number}"
