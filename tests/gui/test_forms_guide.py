"""Issue 17, forms guide, driven through real widgets: required family fields inline, the new
card opens after saving, a dirty form asks before closing (Esc, close button, Cancel), Tab
reaches every field in reading order, and the IIN-derived fields follow the IIN both ways,
in the new-family dialog and in the card's member dialog (one person form)."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from domain.messages import N_
from gui.forms import close_guard
from gui.forms.form_dialog import FieldSpec, FormDialog, FormDialogSpec
from tests.gui.shell_fixtures import wait_idle

pytestmark = pytest.mark.gui
GOOD_IIN = "871008312347"  # 8 Oct 1987, male


def _families(services) -> int:
    with services.engine.connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM family")).scalar()


@pytest.fixture
def dialog(qtbot, window):
    dialog = window.new_family()
    qtbot.addWidget(dialog)
    wait_idle(qtbot, window)
    return dialog


class Asker:
    """Stands in for the "Save the changes?" box: answers as told and counts the questions."""

    def __init__(self, answer: str) -> None:
        self.answer, self.asked = answer, 0

    def __call__(self, _parent, _translator) -> str:
        self.asked += 1
        return self.answer


def _type_member(dialog, surname: str = "Сейітқали", given: str = "Нұрлан") -> None:
    dialog.editor.surname.insert(surname)  # Cyrillic: an input method inserts it
    dialog.editor.given_name.insert(given)


def test_region_country_and_arrival_date_are_required_inline_and_focus_the_first(qtbot, window, dialog):
    before = _families(window.services)
    _type_member(dialog)
    dialog.arrival_date.set_value(None)
    window.statusBar().clearMessage()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    for field, text in (("arrival_date", "Enter the arrival date."),
                        ("origin_country_code", "Choose the country of origin."), ("region_code", "Choose the region.")):
        message = dialog.findChild(QLabel, f"{field}_error")  # next to the field, not in the status bar
        assert message.isVisible() and message.text() == text
        assert "border" in getattr(dialog, field).styleSheet()
    assert window.statusBar().currentMessage() == ""
    assert dialog.focusWidget() is dialog.arrival_date  # the first bad field in reading order
    assert dialog.isVisible() and _families(window.services) == before
    dialog.origin_country_code.setCurrentIndex(dialog.origin_country_code.findData("CN"))
    assert not dialog.findChild(QLabel, "origin_country_code_error").isVisible()  # fixed: the mark goes
    assert dialog.findChild(QLabel, "region_code_error").isVisible()


def test_after_saving_a_new_family_its_card_opens(qtbot, window, dialog):
    _type_member(dialog)
    dialog.region_code.setCurrentIndex(dialog.region_code.findData("ABAI"))
    dialog.origin_country_code.setCurrentIndex(dialog.origin_country_code.findData("CN"))
    with qtbot.waitSignal(dialog.submitted, timeout=10000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    family_id = saved.args[0].id
    qtbot.waitUntil(lambda: family_id in window.context.family_cards, timeout=10000)
    card = window.context.family_cards[family_id]
    qtbot.waitUntil(lambda: card.details is not None, timeout=10000)
    assert card.isVisible() and card.details.members[0].given_name == "Нұрлан"
    card.close()


def test_a_clean_form_closes_silently_on_esc(qtbot, dialog):
    asker = dialog.close_guard.asker = Asker(close_guard.CANCEL)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and asker.asked == 0


@pytest.mark.parametrize("how", ["esc", "close_button", "cancel_button"])
def test_a_dirty_form_asks_before_closing_and_cancel_keeps_it(qtbot, dialog, how):
    dialog.address.setText("Павлодар")
    asker = dialog.close_guard.asker = Asker(close_guard.CANCEL)
    close = {"esc": lambda: qtbot.keyClick(dialog, Qt.Key.Key_Escape),
             "close_button": dialog.close,  # what the window's close button sends
             "cancel_button": lambda: dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()}[how]
    close()
    assert asker.asked == 1 and dialog.isVisible() and dialog.address.text() == "Павлодар"
    asker.answer = close_guard.DISCARD
    close()
    assert asker.asked == 2 and not dialog.isVisible()


def test_answering_save_saves_the_dirty_form_then_closes(qtbot, window, dialog):
    before = _families(window.services)
    _type_member(dialog)
    dialog.region_code.setCurrentIndex(dialog.region_code.findData("ABAI"))
    dialog.origin_country_code.setCurrentIndex(dialog.origin_country_code.findData("CN"))
    dialog.close_guard.asker = Asker(close_guard.SAVE)
    with qtbot.waitSignal(dialog.submitted, timeout=10000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    wait_idle(qtbot, window)
    assert not dialog.isVisible() and _families(window.services) == before + 1


def test_save_answer_on_an_invalid_form_keeps_it_open_with_the_errors(qtbot, window, dialog):
    dialog.address.setText("Павлодар")  # dirty, but no member name, no region
    dialog.close_guard.asker = Asker(close_guard.SAVE)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    wait_idle(qtbot, window)
    assert dialog.isVisible() and dialog.family_rows["region_code"].has_error()


def _focusable_inputs(dialog) -> list[QWidget]:
    return [w for w in dialog.findChildren(QWidget)
            if w.isVisibleTo(dialog) and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and w.focusProxy() is None and w.window() is dialog]


def test_tab_reaches_every_field_once_in_reading_order(qtbot, dialog):
    dialog.activateWindow()
    dialog.arrival_date.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.arrival_date, timeout=5000)
    order: list[QWidget] = []
    for _ in range(120):  # a date edit takes three Tabs (day, month, year), as for a worker
        widget = QApplication.focusWidget()
        if len(order) > 1 and widget is order[0]:
            break
        if not order or widget is not order[-1]:
            order.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    names = [w.objectName() for w in order]
    assert len(order) == len(set(map(id, order))), names  # nothing twice, no trap (Notes lets Tab out)
    expected = _focusable_inputs(dialog)
    missed = [w.objectName() or type(w).__name__ for w in expected if w not in order]
    extra = [w.objectName() or type(w).__name__ for w in order if w not in expected]
    assert (missed, extra) == ([], []), names  # every input reached
    family = ["arrival_date_edit", "origin_country_code_edit", "region_code_edit", "address_edit", "phone_edit",
              "responsible_user_id_edit", "notes_edit"]
    assert names[:len(family)] == family  # the family's fields top to bottom
    members = names.index("member_list")
    assert members > names.index("notes_edit")  # the members section comes after Notes
    assert names[members + 2:members + 4] == ["surname_edit", "given_name_edit"]  # after its Add button
    assert names[-2:] == ["save_button", ""] and isinstance(order[-1], QAbstractButton)  # then Save, Cancel


def _open_member_dialog(qtbot, window):
    family_id = window.registry.model.family_id(0)
    card = window.open_family(family_id)
    qtbot.addWidget(card)
    qtbot.waitUntil(lambda: card.details is not None and not window.jobs.busy(), timeout=20000)
    dialog = card.members_tab.add_member()
    return card, dialog


def test_the_card_uses_the_same_person_form_and_checks(qtbot, window):
    _card, dialog = _open_member_dialog(qtbot, window)
    new_family = window.new_family()
    qtbot.addWidget(new_family)
    assert type(dialog.person) is type(new_family.editor)  # one person form
    dialog.submit()  # the same domain rules, shown the same way, before any write
    assert dialog.person.rows["surname"].message.text() == "The surname is required."
    assert new_family.editor.rows  # both show problems under their rows
    assert dialog.isVisible()
    dialog.close_without_asking()
    new_family.close_without_asking()


@pytest.mark.parametrize("where", ["new_family", "card"])
def test_iin_derived_fields_follow_the_iin_both_ways(qtbot, window, where):
    if where == "card":
        _card, dialog = _open_member_dialog(qtbot, window)
        person = dialog.person
    else:
        dialog = window.new_family()
        qtbot.addWidget(dialog)
        person = dialog.editor
    person.iin.setFocus()
    qtbot.keyClicks(person.iin, GOOD_IIN)
    assert person.birth_date.value() == dt.date(1987, 10, 8) and person.sex.currentData() == "M"
    person.iin.selectAll()
    qtbot.keyClick(person.iin, Qt.Key.Key_Backspace)  # the worker clears the valid IIN
    assert person.birth_date.value() is None and person.sex.currentData() is None
    dialog.close_without_asking()


def test_every_form_dialog_asks_before_losing_typed_values(qtbot, window):
    spec = FormDialogSpec(N_("Quota plan"), [FieldSpec("places", kind="int", required=True),
                                             FieldSpec("note")], submit=lambda values: values)
    dialog = FormDialog(spec, window.jobs, window.i18n, window)
    qtbot.addWidget(dialog)
    dialog.open()
    asker = dialog.close_guard.asker = Asker(close_guard.CANCEL)
    dialog.inputs["note"].setText("x")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asker.asked == 1 and dialog.isVisible()
    dialog.inputs["note"].setText("")  # typed and removed again: nothing to lose
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asker.asked == 1 and not dialog.isVisible()
