"""The family card and the tasks screen driven with qtbot through real services on a real SQLite file."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QTabWidget

from domain.tasks import TaskState
from gui.forms.date_edit import OptionalDateEdit
from i18n import Translator
from services.dto import DocumentInput, FamilyInput, PersonInput, StatusInput
from services.records_dto import TaskInput
from storage import tables

pytestmark = pytest.mark.gui


def _register_family(services) -> int:
    result = services.registration.register_family(FamilyInput(
        members=(PersonInput("Сейітқали", "Нұрлан", birth_date=dt.date(1987, 10, 8), sex="M", iin="871008401427"),
                 PersonInput("Сейітқали", "Айгүл", relation="spouse", birth_date=dt.date(1990, 2, 3), sex="F")),
        arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI"))
    head = services.cases.details(result.id).members[0]
    services.registration.add_document(head.id, DocumentInput(
        "passport", "FA0011223", issue_date=dt.date(2016, 12, 1), expiry_date=dt.date(2026, 12, 1),
        country_code="UZ"))
    services.registration.add_status(head.id, StatusInput(
        applied_on=dt.date(2025, 11, 1), decision="granted", decided_on=dt.date(2025, 12, 10),
        granted_on=dt.date(2025, 12, 10), certificate_number="K-77"))
    return result.id


@pytest.fixture
def family_id(services):
    return _register_family(services)


@pytest.fixture
def window(qtbot, services, family_id):
    from gui.app import ensure_application, register_fonts
    from gui.main_window import MainWindow
    ensure_application()
    register_fonts()
    window = MainWindow(services, Translator("en"), database_label="test")
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def card(qtbot, window, family_id):
    card = window.open_family(family_id)
    qtbot.addWidget(card)
    # Wait for every job of the window too (reminders are generated when it opens), so a test
    # starts from a quiet state.
    qtbot.waitUntil(lambda: card.details is not None and card.body.isEnabled() and not window.jobs.busy(),
                    timeout=20000)
    return card


@pytest.fixture(scope="module")
def shared(tmp_path_factory, sqlite_template):
    """One database, window and card for the tests that only read them (a card's setup is most of
    a card test's time). Such a test puts back what it switches (the language) and closes the
    dialogs it opens; a test that saves anything takes its own ``card``."""
    from types import SimpleNamespace

    from gui.app import ensure_application, register_fonts
    from gui.main_window import MainWindow
    from gui.settings import UiSettings
    from services import AppServices
    from services.database import prepare_database
    from tests.conftest import FIXED_NOW
    from tests.db_templates import copy_of_template
    folder = tmp_path_factory.mktemp("shared_card")
    engine, _ = prepare_database(str(copy_of_template(sqlite_template, folder / "qandas.sqlite3")))
    services = AppServices(engine, clock=lambda: FIXED_NOW)
    family = _register_family(services)
    ensure_application()
    register_fonts()
    window = MainWindow(services, Translator("en"), database_label="test", settings=UiSettings(folder / "ui"))
    window.show()
    card = window.open_family(family)
    yield SimpleNamespace(services=services, window=window, card=card, family_id=family)
    card.close()
    window.close()
    card.deleteLater()
    window.deleteLater()
    engine.dispose()


@pytest.fixture
def shared_card(qtbot, shared):
    """The module's card, once it and its window are quiet (see ``card``)."""
    card, window = shared.card, shared.window
    qtbot.waitUntil(lambda: card.details is not None and card.body.isEnabled() and not window.jobs.busy(),
                    timeout=20000)
    return card


@pytest.fixture
def in_english_after(shared):
    """Puts the shared window back into English after a test that switched its language."""
    yield
    shared.window.set_language(Translator("en"))


def _close_unsaved(dialog) -> None:
    """Close a form of the shared card without saving it, so the next test finds the card as it was."""
    getattr(dialog, "close_without_asking", dialog.close)()
    dialog.deleteLater()


def wait_reload(qtbot, card, condition):
    qtbot.waitUntil(lambda: not card.ctx.jobs.busy() and condition(), timeout=20000)


def count(engine, table) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(table)).scalar()


def test_card_opens_from_registered_family_once(qtbot, shared, shared_card):
    window, card, family_id = shared.window, shared_card, shared.family_id
    assert card.isWindow() and isinstance(card.tabs, QTabWidget)
    assert card.findChild(type(card.header_values["stage"]), "header_stage").text() == "Arrived, registered"
    assert card.header_values["region"].text().startswith("Abai")
    assert card.members_tab.model.rowCount() == 2
    assert window.open_family(family_id) is card  # the same family raises the open card
    titles = [card.tabs.tabText(i) for i in range(card.tabs.count())]
    assert titles[:7] == ["People and documents", "Status", "Support and payments", "Work and study", "Services",
                          "Tasks and history", "Files"]


def test_member_with_bad_iin_is_refused_inline_and_nothing_saved(qtbot, shared, shared_card):
    card, engine = shared_card, shared.services.engine  # refused: the shared card stays as it was
    persons = count(engine, tables.person)
    dialog = card.members_tab.add_member()
    try:
        dialog.findChild(QLineEdit, "surname_edit").setText("Сейітқали")
        dialog.findChild(QLineEdit, "given_name_edit").setText("Әлібек")
        dialog.findChild(QLineEdit, "iin_edit").setText("150601500001")
        dialog.submit()
        error = dialog.findChild(QLabel, "iin_error")  # the message under the field
        qtbot.waitUntil(error.isVisible, timeout=10000)
        assert error.text() and dialog.findChild(QLabel, "surname_error").text() == ""
        assert dialog.findChild(QLineEdit, "iin_edit").styleSheet()
        assert dialog.isVisible()
        assert count(engine, tables.person) == persons
    finally:
        _close_unsaved(dialog)


def test_member_added_appears_in_table_and_timeline(qtbot, card):
    dialog = card.members_tab.add_member()
    dialog.findChild(QLineEdit, "surname_edit").setText("Сейітқали")
    dialog.findChild(QLineEdit, "given_name_edit").setText("Әлібек")
    dialog.submit()
    wait_reload(qtbot, card, lambda: card.members_tab.model.rowCount() == 3)
    assert not dialog.isVisible()
    assert card.timeline_tab.texts()[0].startswith("Member added: Сейітқали Әлібек")


def test_stage_change_appears_on_the_timeline(qtbot, card):
    targets = [card.stage_edit.itemData(i) for i in range(card.stage_edit.count())]
    assert targets == ["status_pending", "status_granted", "closed"]  # only allowed moves
    card.stage_edit.setCurrentIndex(targets.index("status_granted"))
    card.change_stage()
    wait_reload(qtbot, card, lambda: card.details.stage == "status_granted")
    assert card.timeline_tab.texts()[0] == "Stage changed from «Arrived, registered» to «Kandas status granted»."
    assert card.header_values["stage"].text() == "Kandas status granted"


def test_closing_asks_for_the_reason(qtbot, card, monkeypatch):
    monkeypatch.setattr(card.stage_control, "ask_close_reason", lambda: "left")
    card.stage_edit.setCurrentIndex(card.stage_edit.findData("closed"))
    card.change_stage()
    wait_reload(qtbot, card, lambda: card.details.stage == "closed")
    assert "Family left the country" in card.timeline_tab.texts()[0]
    assert [card.stage_edit.itemData(i) for i in range(card.stage_edit.count())] == ["arrived"]


def test_edit_with_stale_version_shows_who_changed_it_and_reload(qtbot, card, services, engine):
    now = dt.datetime(2026, 1, 1)
    with engine.begin() as connection:
        connection.execute(tables.app_user.insert().values(
            login="dana", display_name="Дана Серікова", role="case_worker", created_at=now, created_by="system",
            updated_at=now, updated_by="system"))
    member = card.details.members[1]
    other = services.for_actor(services.actor.__class__(None, "dana", "case_worker"))
    other.registration.update_member(member.id, member.version, PersonInput(
        "Сейітқали", "Айгүлім", relation="spouse", birth_date=dt.date(1990, 2, 3), sex="F"))
    card.members_tab.table.selectRow(1)
    dialog = card.members_tab.edit_member()
    dialog.findChild(QLineEdit, "given_name_edit").setText("Айгерім")
    dialog.submit()
    qtbot.waitUntil(lambda: card.banner.isVisible(), timeout=10000)
    assert "Дана Серікова" in card.banner.message.text()
    assert services.cases.details(card.family_id).members[1].given_name == "Айгүлім"  # not overwritten
    card.banner.reload_button.click()
    wait_reload(qtbot, card, lambda: card.details.members[1].given_name == "Айгүлім")
    assert not card.banner.isVisible()


def test_expiring_documents_and_certificate_reminders_shown(qtbot, shared, shared_card):
    card, services = shared_card, shared.services  # generating the reminders again adds none (opening did)
    services.tasks.generate_reminders()
    card.refresh()
    wait_reload(qtbot, card, lambda: card.tasks_tab.model.rowCount() == 2)
    assert "valid until 09.12.2026" in card.status_tab.reminders.text()
    brush = card.documents_tab.model.data(card.documents_tab.model.index(0, 5), Qt.ItemDataRole.ForegroundRole)
    assert brush is not None  # expires within 30 days: highlighted
    assert card.status_tab.model.data(card.status_tab.model.index(0, 5)) == "14"


def test_attachment_added_and_opened_without_a_viewer(qtbot, card, tmp_path, monkeypatch):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 passport")
    tab = card.attachments_tab
    monkeypatch.setattr(tab, "ask_file", lambda: str(scan))
    monkeypatch.setattr(tab, "ask_description", lambda name: "Passport")
    opened = []
    card.open_url = opened.append
    tab.add_file()
    wait_reload(qtbot, card, lambda: tab.model.rowCount() == 1)
    tab.table.selectRow(0)
    tab.open_selected()
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=10000)
    assert tab.last_opened.read_bytes() == b"%PDF-1.4 passport"
    assert opened[0].toLocalFile() == str(tab.last_opened)


def test_card_refreshes_when_another_screen_changes_the_family(qtbot, card, services):
    result = services.registration.change_stage(card.family_id, None, "status_pending")
    card.ctx.events.changes_applied.emit(result.changes, None)
    wait_reload(qtbot, card, lambda: card.details.stage == "status_pending")


def test_switching_language_retranslates_the_card(qtbot, shared, shared_card, in_english_after):
    window, card = shared.window, shared_card
    window.set_language(Translator("kk"))
    assert card.tabs.tabText(0) != "Members"
    assert card.header_values["stage"].text() != "Arrived, registered"
    assert "Kandas" not in " ".join(card.tabs.tabText(i) for i in range(card.tabs.count()))


def test_card_models_pass_the_model_tester(qtmodeltester, qtbot, shared, shared_card):
    card, services = shared_card, shared.services
    services.tasks.generate_reminders()
    card.reload()
    wait_reload(qtbot, card, lambda: card.tasks_tab.model.rowCount() == 2)
    for tab in card.built_in:
        qtmodeltester.check(tab.model)


def test_tasks_screen_shows_overdue_in_red_and_opens_the_family(qtbot, window, services, family_id):
    services.tasks.add_task(TaskInput("Call about the school", family_id=family_id,
                                      due_date=dt.date(2026, 11, 20)))
    services.tasks.add_task(TaskInput("Visit the family", family_id=family_id, due_date=dt.date(2026, 11, 25)))
    view = window.screen("tasks")
    view.scope_edit.setCurrentIndex(view.scope_edit.findData("all"))  # the system actor has no own tasks
    window.navigation.setCurrentRow([key for key, _w in window.screens].index("tasks"))
    qtbot.waitUntil(lambda: not window.jobs.busy() and view.model.rowCount() == 4, timeout=10000)
    states = [view.model.task(row).state for row in range(view.model.rowCount())]
    overdue = states.index(TaskState.OVERDUE)
    assert view.model.data(view.model.index(overdue, 0), Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    today = states.index(TaskState.DUE_TODAY)
    assert view.model.data(view.model.index(today, 0), Qt.ItemDataRole.FontRole).bold()
    view.state_edit.setCurrentIndex(view.state_edit.findData("overdue"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and view.model.task(0) is not None, timeout=10000)
    with qtbot.waitSignal(view.family_opened, timeout=5000) as signal:
        view._on_table_double_clicked(view.model.index(0, 0))
    assert signal.args == [family_id]


def test_tasks_model_passes_the_model_tester(qtmodeltester, qtbot, window, services, family_id):
    services.tasks.add_task(TaskInput("Call", family_id=family_id, due_date=dt.date(2026, 11, 20)))
    view = window.screen("tasks")
    view.scope_edit.setCurrentIndex(view.scope_edit.findData("all"))
    qtbot.waitUntil(lambda: not window.jobs.busy() and view.model.rowCount() >= 1, timeout=10000)
    qtmodeltester.check(view.model)


def test_registered_family_tabs_follow_the_built_in_ones(qtbot, window, family_id):
    from PySide6.QtWidgets import QLabel

    from gui import screens

    class ExtraTab(QLabel):
        def __init__(self, ctx, fid):
            super().__init__(f"family {fid}")
            self.translated_to = None

        def retranslate_ui(self, translator):
            self.translated_to = translator.language

        # the rest of gui.screens.CardTab: what the card's one read job asks of a tab
        hosted = False
        loaded_with = None

        def load(self, services, fid):
            return services.cases.details(fid).case_number

        def show_loaded(self, data):
            self.loaded_with = data

        def set_editable(self, editable):
            pass

    screens.register_family_tab(screens.FamilyTabSpec("extra_test", "Registry", ExtraTab, order=500))
    try:
        card = window.open_family(family_id)
        qtbot.addWidget(card)
        last = card.tabs.widget(card.tabs.count() - 1)
        assert isinstance(last, ExtraTab) and last.text() == f"family {family_id}" and last.hosted
        qtbot.waitUntil(lambda: last.loaded_with is not None, timeout=10000)
        assert last.loaded_with == card.details.case_number
        assert card.tabs.indexOf(last) >= 6 and last.objectName() == "extra_test_tab"
        window.set_language(Translator("ru"))
        assert last.translated_to == "ru" and card.tabs.tabText(card.tabs.indexOf(last)) == "Реестр"
    finally:
        screens._FAMILY_TABS.pop("extra_test", None)


def test_read_only_worker_sees_the_card_but_cannot_edit(qtbot, services, family_id):
    from domain.permissions import Actor, Role
    from gui.app import ensure_application
    from gui.main_window import MainWindow
    ensure_application()
    reader = services.for_actor(Actor(None, "clerk", Role.READ_ONLY))
    window = MainWindow(reader, Translator("en"), database_label="test")
    qtbot.addWidget(window)
    card = window.open_family(family_id)
    qtbot.addWidget(card)
    qtbot.waitUntil(lambda: card.details is not None and card.body.isEnabled(), timeout=10000)
    assert not card.members_tab.add_button.isEnabled()
    assert not card.stage_control.button.isEnabled()


def test_member_removed_after_confirmation(qtbot, card, monkeypatch):
    monkeypatch.setattr(card, "confirm", lambda question: "Сейітқали Айгүл" in question)
    card.members_tab.table.selectRow(1)
    card.members_tab.remove_member()
    wait_reload(qtbot, card, lambda: card.members_tab.model.rowCount() == 1)
    assert card.timeline_tab.texts()[0] == "Member removed: Сейітқали Айгүл."


def test_document_expiring_before_issue_is_refused_on_its_field(qtbot, shared_card):
    card = shared_card  # refused: the shared card stays as it was
    dialog = card.documents_tab.add_document()
    try:
        dialog.findChild(QLineEdit, "number_edit").setText("N-1")
        dialog.findChild(OptionalDateEdit, "issue_date_edit").set_value(dt.date(2025, 1, 1))
        dialog.findChild(OptionalDateEdit, "expiry_date_edit").set_value(dt.date(2024, 1, 1))
        dialog.submit()
        error = dialog.findChild(QLabel, "expiry_date_error")
        qtbot.waitUntil(error.isVisible, timeout=10000)
        assert error.text()
        assert dialog.findChild(OptionalDateEdit, "expiry_date_edit").styleSheet()
        assert card.documents_tab.model.rowCount() == 1
    finally:
        _close_unsaved(dialog)


def test_status_extended_from_the_card(qtbot, card):
    from PySide6.QtWidgets import QComboBox


    card.status_tab.table.selectRow(0)
    dialog = card.status_tab.extend_status()
    decision = dialog.findChild(QComboBox, "decision_edit")
    decision.setCurrentIndex(decision.findData("granted"))
    dialog.findChild(OptionalDateEdit, "decided_on_edit").set_value(dt.date(2026, 11, 25))
    dialog.submit()
    wait_reload(qtbot, card, lambda: card.status_tab.model.rowCount() == 2)
    assert card.status_tab.model.data(card.status_tab.model.index(1, 4)) == "09.12.2027"
    assert card.status_tab.model.data(card.status_tab.model.index(1, 1)) == "Extension"


def test_valid_iin_fills_birth_date_and_sex_in_the_member_form(qtbot, shared_card):
    from PySide6.QtWidgets import QComboBox
    card = shared_card
    dialog = card.members_tab.add_member()
    try:
        qtbot.keyClicks(dialog.findChild(QLineEdit, "iin_edit"), "871008401427")
        assert dialog.findChild(OptionalDateEdit, "birth_date_edit").value() == dt.date(1987, 10, 8)
        assert dialog.findChild(QComboBox, "sex_edit").currentData() == "F"
    finally:
        _close_unsaved(dialog)


def test_decision_recorded_on_a_pending_extension(qtbot, card, services):
    from services.records_dto import ExtensionInput
    status = card.details.members[0].statuses[0]
    services.records.extend_status(status.id, status.version, ExtensionInput(applied_on=dt.date(2026, 11, 20)))
    card.reload()
    wait_reload(qtbot, card, lambda: card.status_tab.model.rowCount() == 2)
    card.status_tab.table.selectRow(1)
    dialog = card.status_tab.decide_status()
    dialog.findChild(QLineEdit, "certificate_number_edit").setText("K-78")
    dialog.submit()
    wait_reload(qtbot, card, lambda: card.details.members[0].statuses[1].decision == "granted")
    assert card.status_tab.model.data(card.status_tab.model.index(1, 4)) == "09.12.2027"


def test_no_english_button_text_left_in_kazakh_card_and_dialogs(qtbot, shared, shared_card, in_english_after):
    from PySide6.QtWidgets import QAbstractButton
    window, card = shared.window, shared_card
    window.set_language(Translator("kk"))
    english = {"OK", "Cancel", "Save", "Yes", "No", "Open", "Reload", "Remove", "Delete", "Edit…"}
    dialogs = [card.members_tab.add_member(), card.tasks_tab.add_task()]
    card.status_tab.table.selectRow(0)
    dialogs.append(card.status_tab.extend_status())
    try:
        for widget in [card, *dialogs]:
            texts = {button.text() for button in widget.findChildren(QAbstractButton) if button.text()}
            assert not texts & english, texts & english
    finally:
        for dialog in dialogs:
            _close_unsaved(dialog)


def test_reminders_are_generated_when_the_window_opens_and_on_f5(qtbot, window, services, family_id, engine):
    qtbot.waitUntil(lambda: len(services.tasks.family_tasks(family_id)) == 2, timeout=10000)
    qtbot.waitUntil(lambda: not window.jobs.busy(), timeout=10000)
    head = services.cases.details(family_id).members[1]
    services.registration.add_document(head.id, DocumentInput("passport", "FA9", expiry_date=dt.date(2026, 12, 20)))
    window.refresh_action.trigger()
    qtbot.waitUntil(lambda: len(services.tasks.family_tasks(family_id)) == 3, timeout=10000)


def test_double_click_in_the_registry_opens_the_card(qtbot, window, family_id):
    registry = window.registry
    qtbot.waitUntil(lambda: registry.model.rowCount() == 1, timeout=10000)
    registry._on_table_double_clicked(registry.model.index(0, 1))
    card = window.context.family_cards[family_id]  # closed below: WA_DeleteOnClose deletes it
    qtbot.waitUntil(lambda: card.details is not None, timeout=10000)
    assert card.isVisible() and card.details.id == family_id
    card.close()
    qtbot.waitUntil(lambda: family_id not in window.context.family_cards, timeout=5000)


def test_family_details_edited_from_the_card(qtbot, card):

    dialog = card.edit_details()
    dialog.findChild(OptionalDateEdit, "arrival_date_edit").set_value(dt.date(2027, 1, 1))
    dialog.submit()
    error = dialog.findChild(QLabel, "arrival_date_error")
    qtbot.waitUntil(error.isVisible, timeout=10000)
    assert "future" in error.text()
    dialog.findChild(OptionalDateEdit, "arrival_date_edit").set_value(dt.date(2026, 1, 10))
    dialog.findChild(QLineEdit, "phone_edit").setText("+7 701 111 22 33")
    dialog.submit()
    wait_reload(qtbot, card, lambda: card.details.phone == "+7 701 111 22 33")
    assert card.header_values["phone"].text() == "+7 701 111 22 33"
    assert card.header_values["region"].text().startswith("Abai")
    assert card.timeline_tab.texts()[0] == "Family details edited."


@pytest.mark.parametrize("answer, stage", [(True, "citizenship"), (False, "status_granted")])
def test_citizenship_end_offers_to_close_the_case(qtbot, card, services, family_id, monkeypatch, answer, stage):
    from PySide6.QtWidgets import QComboBox


    from gui.family_card.tabs.status_tab import EndStatusDialog
    services.registration.change_stage(family_id, card.details.version, "status_granted")
    card.reload()
    wait_reload(qtbot, card, lambda: card.details.stage == "status_granted")
    asked = []
    monkeypatch.setattr(EndStatusDialog, "ask_close_case", lambda self: asked.append(True) or answer)
    card.status_tab.table.selectRow(0)
    dialog = card.status_tab.end_status()
    reasons = dialog.findChild(QComboBox, "end_reason_edit")
    assert reasons.findData("extended") == -1  # written only by an extension
    reasons.setCurrentIndex(reasons.findData("citizenship"))
    dialog.findChild(OptionalDateEdit, "ended_on_edit").set_value(dt.date(2026, 11, 20))
    dialog.submit()
    wait_reload(qtbot, card, lambda: card.details.members[0].statuses[0].ended_on is not None)
    assert asked == [True] and card.details.stage == stage


def test_the_timeline_shows_each_change_in_the_words_of_the_audit_log(qtbot, card, services, family_id):
    """The card's timeline and the audit screen word a change alike (services.history_text)."""
    from services import history_text
    from services.dto import FamilyFieldsInput
    details = services.cases.details(family_id)
    services.registration.update_family(family_id, details.version, FamilyFieldsInput(
        arrival_date=details.arrival_date, origin_country_code="UZ", region_code="PAVLODAR"))
    card.reload()
    wait_reload(qtbot, card, lambda: any("Pavlodar" in text for text in card.timeline_tab.texts()))
    [line] = [text for text in card.timeline_tab.texts() if "Pavlodar" in text]
    assert line.startswith(f"Case {details.case_number} — changed") and "Region: Abai" in line
    entry = [e for e in services.history.family_history(family_id) if e.action == "update"
             and e.entity == "family"][0]
    assert line == history_text.sentence(entry, Translator("en"), within=family_id)
    card.retranslate_ui(Translator("ru"))
    assert any("Регион: " in text for text in card.timeline_tab.texts())
    assert not any(" family " in text or "region_code" in text for text in card.timeline_tab.texts())


def _pdf_text(path) -> str:
    from pypdf import PdfReader
    # Qt's PDF writer separates words by tabs in the extracted text
    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


def test_the_card_summary_prints_through_the_preview_and_is_audited(qtbot, card, services, tmp_path):
    from PySide6.QtPrintSupport import QPrinter
    from services.dto_admin import AuditFilter
    target = tmp_path / "card.pdf"

    def printed_to_pdf(document, title):  # what the preview's Print does, onto a PDF printer
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        document.print_(printer)
        return True

    card.printing.open_preview = printed_to_pdf
    card.printing.summary_action.trigger()
    case_number = card.details.case_number
    qtbot.waitUntil(lambda: not card.ctx.jobs.busy() and bool(services.history.search(
        AuditFilter(case_number=case_number, action="print"))), timeout=10000)
    text = _pdf_text(target)
    for word in (case_number, "Сейітқали Нұрлан", "Сейітқали Айгүл", "871008401427", "FA0011223", "Spouse"):
        assert word in text, word


@pytest.mark.parametrize("language, words", [("ru", ("Направление", "Руководителю ТОО «Курсы»")),
                                             ("kk", ("Жолдама", "ТОО «Курсы» басшысына"))])
def test_a_referral_is_made_for_the_chosen_member_in_the_chosen_language(qtbot, card, services, language, words):
    spouse = [m for m in card.details.members if m.given_name == "Айгүл"][0]
    card.printing.ask_letter = lambda kind: (language, spouse.id, "ТОО «Курсы»")
    opened = []
    card.open_url = opened.append
    card.printing.letter_actions["referral"].trigger()
    qtbot.waitUntil(lambda: bool(opened) and not card.ctx.jobs.busy(), timeout=15000)
    text = _pdf_text(opened[0].toLocalFile())
    for word in words + ("Сейітқали Айгүл", card.details.case_number):
        assert word in text, word
