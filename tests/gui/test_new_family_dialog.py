"""The new-family form: checks as you type, inline service errors, duplicate warnings, Kazakh buttons."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel

from i18n import Translator
from services.dto import FamilyInput, PersonInput
from tests.gui.shell_fixtures import ENGLISH_BUTTONS, make_window, wait_idle

pytestmark = pytest.mark.gui
GOOD_IIN = "871008312347"  # 8 Oct 1987, male


@pytest.fixture
def window(qtbot, services):
    window = make_window(qtbot, services)
    wait_idle(qtbot, window)
    yield window
    from gui.app import apply_language, ensure_application
    apply_language(ensure_application(), Translator("en"))


@pytest.fixture
def dialog(qtbot, window):
    dialog = window.new_family()
    qtbot.addWidget(dialog)
    wait_idle(qtbot, window)
    return dialog


def _families(services) -> int:
    with services.engine.connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM family")).scalar()


def _type_member(qtbot, dialog, surname: str, given: str, iin: str = "") -> None:
    editor = dialog.editor
    editor.surname.insert(surname)  # Cyrillic: QTest cannot type it, an input method inserts it
    editor.given_name.insert(given)
    if iin:
        editor.iin.setFocus()
        qtbot.keyClicks(editor.iin, iin)


def _fill_family(dialog, region: str = "ABAI", country: str = "CN") -> None:
    """The required family fields: region, country of origin (the arrival date defaults to today)."""
    dialog.region_code.setCurrentIndex(dialog.region_code.findData(region))
    dialog.origin_country_code.setCurrentIndex(dialog.origin_country_code.findData(country))
    assert dialog.region_code.currentData() == region and dialog.origin_country_code.currentData() == country


def test_a_bad_iin_is_shown_under_the_field_and_nothing_is_saved(qtbot, window, dialog):
    _fill_family(dialog)
    _type_member(qtbot, dialog, "Сейітқали", "Нұрлан", "871008401428")
    error = dialog.findChild(QLabel, "iin_error")  # the label under the IIN field
    assert error.isVisible()
    assert "IIN" in error.text() and "check digit" in error.text()
    assert "border" in dialog.editor.iin.styleSheet()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert dialog.isVisible()
    assert _families(window.services) == 0
    assert dialog.focusWidget() is dialog.editor.iin


def test_a_valid_iin_fills_birth_date_and_sex(qtbot, dialog):
    _type_member(qtbot, dialog, "Сейітқали", "Нұрлан", GOOD_IIN)
    assert dialog.editor.birth_date.value() == dt.date(1987, 10, 8)
    assert dialog.editor.sex.currentData() == "M"
    assert not dialog.editor.rows["iin"].message.isVisible()


def test_clearing_the_iin_clears_what_it_filled_in_but_not_what_the_worker_chose(qtbot, dialog):
    """#17: the IIN-derived birth date and sex follow the IIN both ways."""
    _type_member(qtbot, dialog, "Сейітқали", "Нұрлан", GOOD_IIN)
    iin = dialog.editor.iin
    iin.selectAll()
    qtbot.keyClick(iin, Qt.Key.Key_Backspace)  # typed, as a worker clears it
    assert dialog.editor.birth_date.value() is None and dialog.editor.sex.currentData() is None
    qtbot.keyClicks(iin, GOOD_IIN)
    assert dialog.editor.birth_date.value() == dt.date(1987, 10, 8)
    dialog.editor.birth_date.set_value(dt.date(1987, 10, 9))  # the worker corrects the date by hand
    qtbot.keyClick(iin, Qt.Key.Key_Backspace)  # no longer a whole IIN
    assert dialog.editor.birth_date.value() == dt.date(1987, 10, 9) and dialog.editor.sex.currentData() is None


def test_future_dates_are_refused_by_the_editors(dialog):
    today = dialog.today
    dialog.editor.birth_date.setDate(QDate(today.year + 1, 1, 1))
    assert dialog.editor.birth_date.value() <= today
    dialog.arrival_date.setDate(QDate(today.year + 2, 5, 5))
    assert dialog.arrival_date.value() <= today


def test_required_names_are_asked_for_on_save(qtbot, window, dialog):
    dialog.submit()
    wait_idle(qtbot, window)
    assert dialog.editor.rows["surname"].has_error()
    assert dialog.editor.rows["given_name"].has_error()
    assert dialog.editor.rows["surname"].message.text() == "The surname is required."
    assert _families(window.services) == 0


def test_a_valid_family_with_two_members_is_saved_and_selected(qtbot, window, dialog):
    _fill_family(dialog)
    _type_member(qtbot, dialog, "Сейітқали", "Нұрлан", GOOD_IIN)
    dialog.add_member()
    assert dialog.editor.relation.currentData() == "child"
    _type_member(qtbot, dialog, "Сейітқали", "Әлібек")
    with qtbot.waitSignal(dialog.submitted, timeout=10000) as saved:
        dialog.submit()
    wait_idle(qtbot, window)
    details = window.services.cases.details(saved.args[0].id)
    assert [m.given_name for m in details.members] == ["Нұрлан", "Әлібек"]
    assert details.members[0].iin == GOOD_IIN and details.region_code == "ABAI"
    qtbot.waitUntil(lambda: window.registry.model.rowCount() == 1, timeout=10000)
    assert window.registry.selected_family_id() == saved.args[0].id


def test_service_errors_land_on_the_named_member_field(qtbot, window, dialog):
    window.services.registration.register_family(FamilyInput(
        members=(PersonInput("Омаров", "Бауыржан", iin=GOOD_IIN),)))
    _fill_family(dialog)
    _type_member(qtbot, dialog, "Сейітқали", "Нұрлан")
    dialog.add_member()
    _type_member(qtbot, dialog, "Сейітқали", "Ерлан", GOOD_IIN)
    dialog.member_list.setCurrentIndex(dialog.member_model.index(0, 0))
    dialog.submit()
    wait_idle(qtbot, window)
    assert dialog.member_list.currentIndex().row() == 1  # the form moved to the member at fault
    message = dialog.editor.rows["iin"].message
    assert message.isVisible() and "already registered in case 2026-00001" in message.text()
    assert 1 in dialog.member_model.invalid
    assert _families(window.services) == 1


def test_a_family_level_error_is_shown_under_the_member_list(qtbot, window, dialog):
    _fill_family(dialog)
    _type_member(qtbot, dialog, "Сейітқали", "Нұрлан")
    dialog.add_member()
    _type_member(qtbot, dialog, "Сейітқали", "Айгүл")
    dialog.editor.relation.setCurrentIndex(dialog.editor.relation.findData("head"))
    dialog.submit()
    wait_idle(qtbot, window)
    assert dialog.members_error.isVisible()
    assert "exactly one head" in dialog.members_error.text()
    window.set_language(Translator("ru"))  # errors already shown follow the language too
    assert "exactly one head" not in dialog.members_error.text()
    assert dialog.members_error.text() == Translator("ru").gettext("A family must have exactly one head.")


def test_a_possible_duplicate_is_warned_then_saved_anyway(qtbot, window, dialog):
    window.services.registration.register_family(FamilyInput(
        members=(PersonInput("Сейітқали", "Нұрлан", birth_date=dt.date(1987, 10, 8), sex="M"),)))
    _fill_family(dialog)
    _type_member(qtbot, dialog, "Сейітқали", "Нұрлан", GOOD_IIN)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.duplicate_dialog is not None and dialog.duplicate_dialog.isVisible(),
                    timeout=10000)
    warning = dialog.duplicate_dialog
    assert warning.table.rowCount() == 1
    assert warning.table.item(0, 0).text() == "2026-00001"
    assert _families(window.services) == 1
    with qtbot.waitSignal(dialog.submitted, timeout=10000):
        qtbot.mouseClick(warning.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert _families(window.services) == 2
    assert len(window.services.duplicates.open_pairs()) == 1


def test_open_existing_offers_the_registered_case(qtbot, window, dialog):
    first = window.services.registration.register_family(FamilyInput(
        members=(PersonInput("Сейітқали", "Нұрлан", birth_date=dt.date(1987, 10, 8), sex="M"),)))
    _fill_family(dialog)
    _type_member(qtbot, dialog, "Сейітқали", "Нұрлан", GOOD_IIN)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.duplicate_dialog is not None and dialog.duplicate_dialog.isVisible(),
                    timeout=10000)
    with qtbot.waitSignal(dialog.open_existing_requested, timeout=2000) as opened:
        qtbot.mouseClick(dialog.duplicate_dialog.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [first.id]
    assert _families(window.services) == 1


def test_member_list_model_passes_qt_model_tester(qtmodeltester, qtbot, dialog):
    dialog.add_member()
    qtmodeltester.check(dialog.member_model)


def _english_buttons(widget) -> list[str]:
    return [b.text() for b in widget.findChildren(QAbstractButton)
            if b.isVisible() and b.text().replace("&", "") in {t.replace("&", "") for t in ENGLISH_BUTTONS}]


def test_in_kazakh_no_english_button_text_is_left(qtbot, window, services):
    services.registration.register_family(FamilyInput(
        members=(PersonInput("Сейітқали", "Нұрлан", birth_date=dt.date(1987, 10, 8), sex="M"),)))
    window.set_language(Translator("kk"))
    dialog = window.new_family()
    qtbot.addWidget(dialog)
    wait_idle(qtbot, window)
    assert _english_buttons(dialog) == []
    assert dialog.save_button.text() == "Сақтау"
    _fill_family(dialog)
    _type_member(qtbot, dialog, "Сейітқали", "Нұрлан", GOOD_IIN)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.duplicate_dialog is not None and dialog.duplicate_dialog.isVisible(),
                    timeout=10000)
    assert _english_buttons(dialog.duplicate_dialog) == []
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
    from domain.errors import ConflictError
    from gui.errors import build_error_box
    for error in (ConflictError("family", "Айгүл", "25.11.2026 10:00"), RuntimeError("bug"), ValueError()):
        box = build_error_box(window, error, window.i18n)
        box.show()
        assert _english_buttons(box) == []
        box.close()
    # Qt's own buttons, made without our help, come from the catalogue too (no qtbase_kk.qm exists).
    plain = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert sorted(b.text() for b in plain.buttons()) == sorted([window.i18n._("OK"), window.i18n._("Cancel")])
    assert not {b.text() for b in plain.buttons()} & ENGLISH_BUTTONS
    question = QMessageBox(QMessageBox.Icon.Question, "Qandas", "?",
                           QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert {b.text() for b in question.buttons()} == {"Иә", "Жоқ"}
