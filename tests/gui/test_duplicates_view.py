"""The duplicate review screen on real services: compare, merge, mark distinct."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from gui.duplicates.duplicates_view import ROWS
from i18n import Translator
from services.dto import DocumentInput, FamilyInput, PersonInput
from tests.gui.shell_fixtures import make_window, wait_idle

pytestmark = pytest.mark.gui
BIRTH = dt.date(1987, 10, 8)


@pytest.fixture
def pair_services(services):
    services.registration.register_family(FamilyInput(
        members=(PersonInput("Сейітқали", "Нұрлан", birth_date=BIRTH, sex="M"),), region_code="ABAI"))
    second = services.registration.register_family(FamilyInput(
        members=(PersonInput("Сейітқали", "Нұрлан", birth_date=BIRTH, sex="M", iin="871008312347"),
                 PersonInput("Сейітқали", "Әлібек", relation="child", birth_date=dt.date(2015, 6, 1))),
        region_code="PAVLODAR"), confirm_duplicates=True)
    person = services.cases.details(second.id).members[0]
    services.registration.add_document(person.id, DocumentInput("passport", "N1234567"))
    return services


@pytest.fixture
def screen(qtbot, pair_services):
    window = make_window(qtbot, pair_services)
    view = window.show_screen("duplicates")
    qtbot.waitUntil(lambda: view.pair is not None, timeout=10000)
    wait_idle(qtbot, window)
    yield window, view
    from gui.app import apply_language, ensure_application
    apply_language(ensure_application(), Translator("en"))


def _cell(view, label: str, column: int) -> str:
    row = [key for key, _ in ROWS].index(label)
    return view.comparison.item(row, column).text()


def test_the_pair_is_shown_side_by_side_with_differences_marked(screen):
    window, view = screen
    assert view.model.rowCount() == 1
    assert _cell(view, "full_name", 0) == _cell(view, "full_name", 1) == "Сейітқали Нұрлан"
    iins = {_cell(view, "iin", 0), _cell(view, "iin", 1)}
    assert iins == {"", "871008312347"}
    assert "N1234567" in _cell(view, "documents", 0) + _cell(view, "documents", 1)
    row = [key for key, _ in ROWS].index("iin")
    assert view.comparison.item(row, 0).background().color().name() == "#fff3c4"
    assert "1" in view.title.text()


def test_merge_after_confirmation_empties_the_list_and_refreshes_the_registry(qtbot, screen, pair_services):
    window, view = screen
    asked = []
    view.confirm = lambda text: asked.append(text) or True
    view.keep_a.setChecked(True)
    view.move_household.setChecked(True)
    kept_family = view.pair.a.family_id
    qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0 and not window.jobs.busy(), timeout=10000)
    assert asked and "Сейітқали Нұрлан" in asked[0]
    assert pair_services.duplicates.open_pairs() == []
    assert len(pair_services.cases.details(kept_family).members) == 2
    assert view.detail_stack.currentWidget() is view.empty_label
    qtbot.waitUntil(lambda: window.registry.model.rowCount() == 1, timeout=10000)


def test_merge_moves_only_the_person_unless_the_household_is_chosen(qtbot, screen, pair_services):
    window, view = screen
    asked = []
    view.confirm = lambda text: asked.append(text) or True
    assert view.move_household.isEnabled() and not view.move_household.isChecked()
    view.keep_a.setChecked(True)
    kept_family, other_family = view.pair.a.family_id, view.pair.b.family_id
    qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0 and not window.jobs.busy(), timeout=10000)
    assert "stays as it is" in asked[0]
    assert len(pair_services.cases.details(kept_family).members) == 1
    assert [(m.given_name, m.relation) for m in pair_services.cases.details(other_family).members] == [
        ("Әлібек", "head")]
    qtbot.waitUntil(lambda: window.registry.model.rowCount() == 2, timeout=10000)


def test_a_declined_confirmation_changes_nothing(qtbot, screen, pair_services):
    window, view = screen
    view.confirm = lambda text: False
    view.merge()
    wait_idle(qtbot, window)
    assert len(pair_services.duplicates.open_pairs()) == 1


def test_mark_as_distinct(qtbot, screen, pair_services):
    window, view = screen
    qtbot.mouseClick(view.distinct_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0 and not window.jobs.busy(), timeout=10000)
    assert pair_services.duplicates.open_pairs() == []


def test_list_model_passes_qt_model_tester(qtmodeltester, screen):
    qtmodeltester.check(screen[1].model)


def test_kazakh_labels(qtbot, screen):
    window, view = screen
    english = (view.merge_button.text(), view.title.text(), view.comparison.verticalHeaderItem(0).text())
    window.set_language(Translator("kk"))
    assert (view.merge_button.text(), view.title.text(), view.comparison.verticalHeaderItem(0).text()) != english
    assert view.merge_button.text() == "Біріктіру"


def test_a_case_worker_may_mark_distinct_but_not_merge(qtbot, pair_services):
    from domain.permissions import Actor, Role
    worker = pair_services.for_actor(Actor(None, "aigul", Role.CASE_WORKER, "Айгүл"))
    window = make_window(qtbot, worker)
    view = window.show_screen("duplicates")
    qtbot.waitUntil(lambda: view.pair is not None, timeout=10000)
    assert not view.merge_button.isEnabled() and view.merge_button.toolTip()
    assert view.distinct_button.isEnabled()
    wait_idle(qtbot, window)


def test_the_last_merge_can_be_undone_from_the_screen(qtbot, screen, pair_services):
    window, view = screen
    view.confirm = lambda text: True
    assert not view.undo_button.isVisible()
    kept_family, other_family = view.pair.a.family_id, view.pair.b.family_id
    qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0 and not window.jobs.busy(), timeout=10000)
    assert view.last_merge_id and view.undo_button.isVisible()
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and not window.jobs.busy(), timeout=10000)
    assert view.last_merge_id is None and not view.undo_button.isVisible()
    assert len(pair_services.cases.details(kept_family).members) == 1
    assert len(pair_services.cases.details(other_family).members) == 2


@pytest.fixture
def passport_pair(services):
    """Two records sharing a passport number (typed differently) and a phone, with different names."""
    first = services.registration.register_family(FamilyInput(
        members=(PersonInput("Сейітқали", "Нұрлан", birth_date=BIRTH, sex="M"),), region_code="ABAI",
        phone="+7 701 111 22 33"))
    second = services.registration.register_family(FamilyInput(
        members=(PersonInput("Сейтқали", "Нурлан", birth_date=dt.date(1987, 8, 10), sex="M"),),
        region_code="PAVLODAR", phone="87011112233"), confirm_duplicates=True)
    for family, number in ((first, "N 1234567"), (second, "n1234567")):
        person = services.cases.details(family.id).members[0]
        services.registration.add_document(person.id, DocumentInput("passport", number))
    return services


def test_identical_passport_and_phone_are_pointed_out_and_every_difference_marked(qtbot, passport_pair):
    window = make_window(qtbot, passport_pair)
    view = window.show_screen("duplicates")
    qtbot.waitUntil(lambda: view.pair is not None, timeout=10000)
    keys = [key for key, _ in ROWS]
    green, yellow = "#cdeccf", "#fff3c4"
    colour = lambda key: view.comparison.item(keys.index(key), 0).background().color().name()  # noqa: E731
    assert colour("documents") == green and colour("phone") == green
    assert colour("full_name") == yellow and colour("birth_date") == yellow and colour("region") == yellow
    assert colour("sex") != yellow  # identical rows stay unmarked
    text = view.identical_label.text()
    assert "passport" in text and "1234567" in text and "phone" in text
    assert not view.identical_label.isHidden()


@pytest.mark.parametrize("language, label", [("kk", "Аты-жөні"), ("ru", "ФИО"), ("en", "Name")])
def test_the_name_row_is_a_persons_name_in_every_language(qtbot, screen, language, label):
    window, view = screen
    window.set_language(Translator(language))
    qtbot.waitUntil(lambda: view.comparison.verticalHeaderItem(0).text() == label, timeout=5000)
    assert "Атауы" not in [view.comparison.verticalHeaderItem(row).text() for row in range(len(ROWS))]
