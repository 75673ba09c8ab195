"""The programmes screen and the reference-data screen, driven with qtbot on real services."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt

from domain.permissions import Actor, Role
from i18n import Translator
from tests.services.quota_helpers import family_with_status

pytestmark = pytest.mark.gui


@pytest.fixture
def jobs(qtbot):
    from gui.app import ensure_application, register_fonts
    from gui.jobs import JobRunner
    ensure_application()
    register_fonts()
    runner = JobRunner()
    yield runner
    runner.shutdown()


def test_programmes_screen_sets_plans_and_lists_residents(qtbot, qtmodeltester, services, jobs):
    from gui.quotas.programmes_view import ProgrammesView
    family = family_with_status(services)
    services.adaptation.check_in(family, dt.date(2026, 1, 5), "12")
    services.adaptation.record_service(family, "language_course", dt.date(2026, 2, 3))
    view = ProgrammesView(services, jobs, Translator("ru"))
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.refresh()
    assert view.resident_model.rowCount() == 1 and view.resident_model.row(0).overstay
    assert view.month_model.rowCount() == 1
    assert "—" in view.employment_label.text()
    view.plan_button.click()
    view.last_dialog.set_value("placements_planned", 40)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.last_dialog.submit()
    assert "40" in view.employment_label.text()
    view.line_button.click()
    dialog = view.last_dialog
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10000)
    dialog.inputs["institution"].setText("Торайғыров университеті")
    dialog.inputs["specialty_group"].setText("Педагогика")
    with qtbot.waitSignal(view.loaded, timeout=10000):
        dialog.submit()
    assert view.line_model.rowCount() == 1
    for model in (view.line_model, view.month_model, view.resident_model):
        qtmodeltester.check(model)


def test_reference_screen_edits_mrp_rules_and_regions(qtbot, qtmodeltester, services, jobs):
    from gui.quotas.reference_view import QuotaReferenceView
    view = QuotaReferenceView(services, jobs, Translator("kk"))
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.refresh()
    assert view.mrp_model.rowCount() == 4
    qtmodeltester.check(view.mrp_model)
    qtmodeltester.check(view.rule_model)
    view.mrp_button.click()
    view.last_dialog.set_value("year", 2027)
    view.last_dialog.inputs["mrp"].setText("4 500")
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.last_dialog.submit()
    assert services.reference.mrp(2027) == D("4500")
    view.rule_button.click()
    dialog = view.last_dialog
    dialog.inputs["mrp_coefficient"].setText("abc")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10000)
    assert dialog.inputs["mrp_coefficient"].styleSheet()
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.regions_year_edit.setCurrentIndex(view.regions_year_edit.findData(2027))
    assert view.checked_regions() == []
    for index in range(view.regions_list.count()):
        item = view.regions_list.item(index)
        if item.data(Qt.ItemDataRole.UserRole) in ("PAVLODAR", "AKMOLA"):
            item.setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.regions_button.click()
    assert services.reference.receiving_regions(2027) == {"PAVLODAR", "AKMOLA"}


def test_reference_buttons_are_disabled_for_a_supervisor(qtbot, services, jobs):
    from gui.quotas.reference_view import QuotaReferenceView
    view = QuotaReferenceView(services.for_actor(Actor(None, "boss", Role.SUPERVISOR)), jobs, Translator("en"))
    qtbot.addWidget(view)
    assert not view.mrp_button.isEnabled() and not view.regions_button.isEnabled()
