"""Personal data in the window, through real services on a real SQLite file: opening a card is
logged, the card warns about members without a basis, the Personal data tab records consent and
writes a person's file, and the view-log screen lists who looked."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QComboBox, QDateEdit
from pypdf import PdfReader

from gui.privacy.privacy_tab import PrivacyTab
from i18n import Translator
from services.dto import FamilyInput, PersonInput

pytestmark = pytest.mark.gui


@pytest.fixture
def family_id(services):
    return services.registration.register_family(FamilyInput(
        members=(PersonInput("Сейітқали", "Нұрлан", birth_date=dt.date(1987, 10, 8), sex="M", iin="871008401427"),
                 PersonInput("Сейітқали", "Айгүл", relation="spouse", birth_date=dt.date(1990, 2, 3), sex="F")),
        arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI")).id


@pytest.fixture
def window(qtbot, services):
    from gui.app import ensure_application, register_fonts
    from gui.main_window import MainWindow
    ensure_application()
    register_fonts()
    window = MainWindow(services, Translator("en"), database_label="test")
    qtbot.addWidget(window)
    window.show()
    return window


def _open(qtbot, window, family_id):
    card = window.open_family(family_id)
    qtbot.addWidget(card)
    qtbot.waitUntil(lambda: card.details is not None and card.body.isEnabled() and not window.jobs.busy(),
                    timeout=20000)
    return card


def _tab(card) -> PrivacyTab:
    return next(widget for _spec, widget in card.plugged if isinstance(widget, PrivacyTab))


def test_opening_a_card_is_logged_once_and_warns_about_missing_basis(qtbot, window, services, family_id):
    card = _open(qtbot, window, family_id)
    views = services.view_log.for_family(family_id)
    assert [(v.kind, v.actor_login) for v in views] == [("card", "system")]
    qtbot.waitUntil(lambda: card.basis_warning.isVisible(), timeout=20000)
    assert "Сейітқали Нұрлан" in card.basis_warning.text() and "Сейітқали Айгүл" in card.basis_warning.text()
    card.reload()  # a reload after an edit is not a new view
    qtbot.waitUntil(lambda: not window.jobs.busy() and card.body.isEnabled(), timeout=20000)
    assert len(services.view_log.for_family(family_id)) == 1


def test_personal_data_tab_records_consent_and_writes_the_person_file(qtbot, window, services, family_id,
                                                                      tmp_path):
    card = _open(qtbot, window, family_id)
    tab = _tab(card)
    qtbot.waitUntil(lambda: tab.members_model.rowCount() == 2, timeout=20000)
    tab.members_table.selectRow(0)
    tab.consent_button.click()
    dialog = tab.last_dialog
    dialog.findChild(QDateEdit, "consent_date_edit").setDate(dt.date(2026, 1, 10))
    combo = dialog.findChild(QComboBox, "consent_form_edit")
    combo.setCurrentIndex(combo.findData("electronic"))
    with qtbot.waitSignal(dialog.submitted, timeout=20000):
        dialog.submit()
    qtbot.waitUntil(lambda: not window.jobs.busy() and tab.members_model.row(0).has_basis, timeout=20000)
    qtbot.waitUntil(lambda: card.basis_warning.text().count("Сейітқали") == 1, timeout=20000)
    assert "Айгүл" in card.basis_warning.text()
    state = services.privacy.family_basis(family_id)
    assert state.persons[0].bases[0].consent_form == "electronic"

    target = tmp_path / "person.pdf"
    tab.save_path = lambda suggested: str(target)
    tab.members_table.selectRow(0)
    tab.file_button.click()
    qtbot.waitUntil(lambda: target.exists() and target.with_suffix(".xlsx").exists() and not window.jobs.busy(),
                    timeout=20000)
    text = "".join(page.extract_text() for page in PdfReader(str(target)).pages)
    assert "871008401427" in text and "Electronic" in text
    assert services.view_log.for_family(family_id)[0].kind == "subject_access"


def test_view_log_screen_lists_views_per_user(qtbot, window, services, family_id):
    from gui.privacy.view_log_view import ViewLogView
    _open(qtbot, window, family_id)
    screen = ViewLogView(window.context)
    qtbot.addWidget(screen)
    screen.refresh()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1 and screen.user_combo.count() == 2, timeout=20000)
    assert screen.model.row(0).kind == "card"
    screen.user_combo.setCurrentIndex(screen.user_combo.findData("system"))
    screen.family_edit.setText(str(family_id))
    screen.refresh()
    qtbot.waitUntil(lambda: not window.jobs.busy(), timeout=20000)
    assert screen.model.rowCount() == 1


def test_new_family_form_records_the_basis_for_every_member(qtbot, window, services):
    from gui.families.new_family_dialog import NewFamilyDialog
    from domain.processing_basis import BasisKind
    dialog = NewFamilyDialog(window.context, window)
    qtbot.addWidget(dialog)
    fields = dialog.basis_fields
    qtbot.waitUntil(lambda: fields.ground.count() >= 2, timeout=20000)
    fields.kind.setCurrentIndex(fields.kind.findData(BasisKind.LEGAL_OBLIGATION))
    fields.ground.setCurrentIndex(fields.ground.findData("social_code"))
    assert not fields.form.isEnabled() and fields.ground.isEnabled()
    value = fields.value()
    assert (value.kind, value.legal.ground_code) == (BasisKind.LEGAL_OBLIGATION, "social_code")
    data = FamilyInput(members=(PersonInput("Омаров", "Ерлан", birth_date=dt.date(1980, 5, 6), sex="M"),
                                PersonInput("Омарова", "Сәуле", relation="spouse", birth_date=dt.date(1982, 1, 1),
                                            sex="F")),
                       arrival_date=dt.date(2026, 2, 1), origin_country_code="MN", region_code="ABAI", basis=value)
    family_id = services.registration.register_family(data, confirm_duplicates=True).id
    state = services.privacy.family_basis(family_id)
    assert state.without_basis == ()
    assert {b.legal_ground_code for p in state.persons for b in p.bases} == {"social_code"}


def test_administrator_adds_a_law_on_the_laws_screen(qtbot, window, services):
    from PySide6.QtWidgets import QLineEdit
    from gui.privacy.legal_grounds_view import LegalGroundsView
    screen = LegalGroundsView(window.context)
    qtbot.addWidget(screen)
    screen.refresh()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=20000)
    screen.add_button.click()
    dialog = screen.last_dialog
    for key, text in (("code", "labour_code"), ("name_kk", "Еңбек кодексі"), ("name_ru", "Трудовой кодекс"),
                      ("name_en", "")):
        dialog.findChild(QLineEdit, f"{key}_edit").setText(text)
    dialog.submit()  # no English name: refused inline, nothing saved
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=20000)
    assert len(services.privacy.legal_grounds()) == 2
    dialog.findChild(QLineEdit, "name_en_edit").setText("Labour Code")
    with qtbot.waitSignal(dialog.submitted, timeout=20000):
        dialog.submit()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=20000)
    assert "labour_code" in [g.code for g in services.privacy.legal_grounds()]


def test_my_work_lists_own_families_without_basis(qtbot, window, services):
    import dataclasses
    from domain.permissions import Actor, Role
    from gui.tasks.my_work_view import MyWorkView
    from services.privacy_dto import ConsentInput
    user = services.users.create("aigerim", Role.CASE_WORKER, "long-enough-1", "Әйгерім")
    mine = services.registration.register_family(FamilyInput(
        members=(PersonInput("Жұмабаев", "Бауыржан", birth_date=dt.date(1979, 4, 4), sex="M"),),
        arrival_date=dt.date(2026, 2, 1), origin_country_code="MN", region_code="ABAI",
        responsible_user_id=user.id))
    covered = services.registration.register_family(FamilyInput(
        members=(PersonInput("Әлиева", "Дана", birth_date=dt.date(1991, 4, 4), sex="F"),),
        arrival_date=dt.date(2026, 2, 1), origin_country_code="MN", region_code="ABAI",
        responsible_user_id=user.id))
    services.privacy.record_consent(services.cases.details(covered.id).members[0].id,
                                    ConsentInput(dt.date(2026, 2, 1), "written"))
    worker = services.for_actor(Actor(user.id, "aigerim", Role.CASE_WORKER, "Әйгерім"))
    view = MyWorkView(dataclasses.replace(window.context, services=worker))
    qtbot.addWidget(view)
    view.refresh()
    qtbot.waitUntil(lambda: view.basis_notice.families != [], timeout=20000)
    assert [f[0] for f in view.basis_notice.families] == [mine.id]
    assert mine.case_number in view.basis_notice.text() and "Әлиева" not in view.basis_notice.text()
