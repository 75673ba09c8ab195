"""The dialogs moved onto the form kit (issue 16 §1): each shows a refusal under the field it names,
changes nothing, and stays open; the card's list tabs enable a row's buttons only with a row chosen."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog

from domain.permissions import Actor, Role
from gui.forms.form_dialog import FormDialogBase
from i18n import Translator
from services.dto import FamilyInput, PersonInput
from tests.gui.modal_driver import when_modal

pytestmark = pytest.mark.gui

REQUIRED = "This field is required."


@pytest.fixture
def app(qtbot):
    from gui.app import ensure_application
    return ensure_application()


def _window(qtbot, services):
    from gui.app import ensure_application, register_fonts
    from gui.main_window import MainWindow
    ensure_application()
    register_fonts()
    window = MainWindow(services.for_actor(Actor(None, "boss", Role.ADMINISTRATOR, "Boss")), Translator("en"),
                        database_label="test")
    qtbot.addWidget(window)
    window.show()
    return window


def test_sign_in_refuses_a_wrong_password_in_the_form_and_keeps_it_open(qtbot, app, services):
    from gui.admin.login_dialog import LoginDialog
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    dialog = LoginDialog(services, Translator("ru"), "test", last_login="boss")
    qtbot.addWidget(dialog)
    dialog.show()
    assert isinstance(dialog, FormDialogBase)
    assert dialog.login_edit.text() == "boss" and dialog.focusWidget() is dialog.password_edit
    dialog.password_edit.setText("wrong-password")
    dialog.ok_button.click()
    assert dialog.error_label.isVisibleTo(dialog) and dialog.error_label.text() == \
        Translator("ru").gettext("Wrong login or password.")
    assert dialog.actor is None and dialog.isVisible() and dialog.password_edit.text() == ""
    dialog.password_edit.setText("boss-password")
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.actor.login == "boss"


def test_the_centre_form_names_the_refused_field_and_saves_nothing(qtbot, app, services):
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    window = _window(qtbot, services)
    view = window.show_screen("administration")
    qtbot.waitUntil(lambda: view.state is not None and not window.jobs.busy(), timeout=10000)  # read first
    form = view.centre_form
    assert form.caption("name_kk").text() == "Centre name (Kazakh):"  # the label as before, from the kit
    form.edits["phone"].setText("x" * 301)  # the input stops at 300; a pasted value may not
    form.values = lambda: {"phone": "x" * 301, "name_en": "Kandas centre"}
    form.save_button.click()
    qtbot.waitUntil(lambda: form.rows["phone"].has_error(), timeout=10000)
    assert "300" in form.rows["phone"].message.text() and not form.rows["name_en"].has_error()
    assert services.centre.details().name_en == ""  # one transaction: the valid field is not kept either


def test_a_letter_template_without_a_title_is_refused_before_any_write(qtbot, app, services):
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    window = _window(qtbot, services)
    dialog = window.screen("administration").open_letter_templates()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog._templates), timeout=10000)
    assert dialog.caption("title").text() == "Title: *"
    kind, language = dialog.kind_combo.currentData(), dialog.language_combo.currentData()
    dialog.title_edit.setText("   ")
    dialog.save_button.click()
    assert dialog.rows["title"].message.text() == REQUIRED and not dialog.saving  # no write started
    assert services.letters.template(kind, language).version == 0 and dialog.isVisible()


def test_a_letter_template_saved_meanwhile_elsewhere_shows_the_conflict_banner(qtbot, app, services):
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    window = _window(qtbot, services)
    dialog = window.screen("administration").open_letter_templates()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog._templates), timeout=10000)
    kind, language = dialog.kind_combo.currentData(), dialog.language_combo.currentData()
    services.letters.save_template(kind, language, "Another seat's title", "{full_name}", 0)  # another seat
    dialog.title_edit.setText("My title")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.banner.isVisible(), timeout=10000)
    assert services.letters.template(kind, language).title == "Another seat's title"  # not overwritten
    dialog.banner.reload_button.click()
    qtbot.waitUntil(lambda: dialog.title_edit.text() == "Another seat's title", timeout=10000)
    assert not dialog.banner.isVisible() and dialog.isVisible()


@pytest.mark.parametrize("method, name, fill", [
    ("host_address", "connect_register_dialog", {}),
    ("share_password", "share_register_dialog", {}),
    ("confirm_and_sign_in", "pin_certificate_dialog", {"password_edit": "secret"}),
])
def test_host_prompts_refuse_an_empty_required_field_under_it(qtbot, app, method, name, fill):
    from PySide6.QtWidgets import QLineEdit
    from gui.admin.host_dialogs import HostDialogs
    prompts = HostDialogs(None, Translator("en"))
    seen: list = []

    def answer(dialog) -> None:
        for object_name, text in fill.items():
            dialog.findChild(QLineEdit, object_name).setText(text)
        dialog.ok_button.click()
        seen.append((dialog.error_text(), dialog.isVisible()))
        dialog.reject()

    when_modal(name, answer)
    args = ("192.168.0.5:5433", "AB:CD") if method == "confirm_and_sign_in" else ()
    assert getattr(prompts, method)(*args) is None
    assert seen == [(REQUIRED, True)]  # refused on the form, which stayed open


def test_a_data_removal_request_needs_a_reason(qtbot, app):
    from gui.admin.retention_view import RetentionDialogs
    seen: list = []

    def answer(dialog) -> None:
        dialog.person_edit.setValue(7)
        dialog.ok_button.click()
        seen.append(dialog.rows["reason"].message.text())
        dialog.reason_edit.setText("written request")
        dialog.ok_button.click()

    when_modal("person_request_dialog", answer)
    assert RetentionDialogs(None, Translator("en")).person_request() == (7, "written request")
    assert seen == [REQUIRED]


def test_a_passphrase_prompt_refuses_an_empty_passphrase(qtbot, app):
    from PySide6.QtWidgets import QLineEdit
    from gui.admin.register_encryption_panel import ask_passphrase
    seen: list = []

    def answer(dialog) -> None:
        dialog.ok_button.click()
        seen.append(dialog.error_text())
        dialog.findChild(QLineEdit, "secret_edit").setText("a long enough passphrase")
        dialog.ok_button.click()

    when_modal("database_passphrase_dialog", answer)
    assert ask_passphrase(None, Translator("en"), "The passphrase of the database:") == "a long enough passphrase"
    assert seen == [REQUIRED]


@pytest.fixture
def card(qtbot, services):
    family_id = services.registration.register_family(FamilyInput(
        members=(PersonInput("Сейітқали", "Нұрлан", birth_date=dt.date(1987, 10, 8), sex="M", iin="871008401427"),
                 PersonInput("Сейітқали", "Айгүл", relation="spouse", birth_date=dt.date(1990, 2, 3), sex="F")),
        arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI")).id
    window = _window(qtbot, services)
    card = window.open_family(family_id)
    qtbot.addWidget(card)
    qtbot.waitUntil(lambda: card.details is not None and card.body.isEnabled() and not window.jobs.busy(),
                    timeout=20000)
    return card


def test_list_tabs_enable_row_buttons_only_with_a_row_chosen(qtbot, card):
    from gui.family_card.list_section import ListSection
    tabs = [card.members_tab, card.documents_tab, card.status_tab, card.tasks_tab, card.attachments_tab]
    assert all(isinstance(tab, ListSection) for tab in tabs)
    tab = card.members_tab
    assert tab.model.rowCount() == 2 and tab.selected() is None
    assert tab.add_button.isEnabled() and not tab.edit_button.isEnabled() and not tab.remove_button.isEnabled()
    tab.table.selectRow(1)
    assert tab.edit_button.isEnabled() and tab.remove_button.isEnabled()
    card.retranslate_ui(Translator("ru"))
    assert tab.add_button.text() == Translator("ru").gettext("Add member…")  # the declared text, translated
    tab.set_editable(False)
    assert not tab.add_button.isEnabled() and not tab.edit_button.isEnabled()
    attachments = card.attachments_tab
    attachments.set_editable(False)
    assert not attachments.open_button.isEnabled()  # nothing chosen yet; opening is not editing
    assert [action.edits for action in attachments.actions] == [True, False, True]


def test_the_card_prompts_give_what_was_chosen(qtbot, card):
    from domain.stages import CloseReason
    chosen = CloseReason.ALL[-1]

    def close_reason(dialog) -> None:
        reasons = dialog.inputs["close_reason"]
        reasons.setCurrentIndex(reasons.findData(chosen))
        dialog.ok_button.click()

    when_modal("close_reason_dialog", close_reason)
    assert card.stage_control.ask_close_reason() == chosen

    def describe(dialog) -> None:
        assert "scan.pdf" in dialog.hint_label.text()
        dialog.inputs["description"].setText("Passport")
        dialog.ok_button.click()

    when_modal("attachment_description_dialog", describe)
    assert card.attachments_tab.ask_description("scan.pdf") == "Passport"
