"""Letters from templates the administrator edits: placeholders checked on save, kk/ru PDFs, prints audited."""
from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from domain.errors import ConflictError, PermissionDenied, ValidationError
from domain.letters import CERTIFICATE, REFERRAL
from domain.permissions import Role
from reports.letters import write_letter_pdf
from services.dto import FamilyInput, PersonInput
from services.dto_admin import AuditFilter


@pytest.fixture
def family(db_services):
    services = db_services
    services.centre.update({"name_kk": "Павлодар кандастар орталығы", "name_ru": "Павлодарский центр кандасов",
                            "address": "Павлодар, Естай 54", "phone": "+7 7182 55 12 34",
                            "director_name": "Ахметов Б."})
    result = services.registration.register_family(FamilyInput(
        members=(PersonInput("Сейітқали", "Нұрлан", birth_date=dt.date(1987, 10, 8), sex="M", iin="871008401427"),
                 PersonInput("Сейітқали", "Айгүл", relation="spouse", birth_date=dt.date(1990, 2, 3))),
        arrival_date=dt.date(2026, 1, 10), region_code="PAVLODAR", address="Ақсу, Абай 1"))
    return services, result


def _text(path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(str(path)).pages)


@pytest.mark.parametrize("language, words", [("kk", ("Анықтама", "тіркеуде", "Павлодар кандастар орталығы")),
                                             ("ru", ("Справка", "состоит на учёте", "Павлодарский центр"))])
def test_the_certificate_prints_in_each_language_with_the_centres_details(family, tmp_path, language, words):
    services, result = family
    letter = services.letters.letter(CERTIFICATE, language, result.id)
    text = _text(write_letter_pdf(letter, tmp_path / "certificate.pdf"))
    for word in words + ("Сейітқали Нұрлан", "871008401427", "08.10.1987", result.case_number, "Ахметов Б.",
                         "Естай 54"):
        assert word in text, word
    assert "{" not in text


def test_an_edited_template_prints_and_an_unknown_placeholder_is_refused(family, tmp_path):
    services, result = family
    before = services.letters.template(REFERRAL, "ru")
    with pytest.raises(ValidationError) as refused:
        services.letters.save_template(REFERRAL, "ru", "Направление", "Уважаемый {recipeint}!", 0)
    assert refused.value.field == "body" and "{recipeint}" in refused.value.params["names"]
    with pytest.raises(ValidationError) as unclosed:
        services.letters.save_template(REFERRAL, "ru", "Направление {", "Текст", 0)
    assert unclosed.value.field == "title"
    assert services.letters.template(REFERRAL, "ru") == before  # nothing changed
    services.letters.save_template(REFERRAL, "ru", "Направление на курсы",
                                   "В {recipient}: просим принять {full_name} (дело {case_number}).", 0)
    saved = services.letters.template(REFERRAL, "ru")
    assert saved.customised and saved.version == 1
    spouse = [m for m in services.cases.details(result.id).members if m.given_name == "Айгүл"][0]
    letter = services.letters.letter(REFERRAL, "ru", result.id, spouse.id, recipient="ТОО «Курсы Достар»")
    text = _text(write_letter_pdf(letter, tmp_path / "referral.pdf"))
    assert "Направление на курсы" in text and "Сейітқали Айгүл" in text and "Курсы Достар" in text
    assert services.letters.template(REFERRAL, "kk").version == 0  # the Kazakh text is still the shipped one
    with pytest.raises(ConflictError):  # saved meanwhile by another administrator: a stale version is refused
        services.letters.save_template(REFERRAL, "ru", "Другое", "Текст", 0)
    assert services.letters.template(REFERRAL, "ru").title == "Направление на курсы"


def test_every_print_is_audited_and_only_the_administrator_edits_templates(family):
    services, result = family
    services.letters.letter(CERTIFICATE, "kk", result.id)
    services.letters.record_print(result.id)
    prints = services.history.search(AuditFilter(case_number=result.case_number, action="print"))
    assert len(prints) == 2
    assert {tuple(sorted((e.after or {}).keys())) for e in prints} == {
        ("language", "letter", "person_id"), ("document",)}
    services.users.create("dana", Role.CASE_WORKER, "dana-password")
    worker = services.for_actor(services.users.authenticate("dana", "dana-password"))
    worker.letters.letter(CERTIFICATE, "ru", result.id)  # a case worker prints
    with pytest.raises(PermissionDenied):
        worker.letters.save_template(CERTIFICATE, "ru", "Справка", "{full_name}", 0)
