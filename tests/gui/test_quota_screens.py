"""The dashboard, the Quotas screen and the family-card tabs, driven with qtbot on real services."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from domain.iin import check_digit
from i18n import Translator
from services.quota_dto import InclusionInput
from tests.services.quota_helpers import family_with_status

pytestmark = pytest.mark.gui


@pytest.fixture
def ctx(qtbot, services):
    from gui.app import ensure_application, register_fonts
    from gui.events import AppEvents
    from gui.jobs import JobRunner
    from gui.screens import ScreenContext
    ensure_application()
    register_fonts()
    events = AppEvents()
    jobs = JobRunner(events=events)
    yield ScreenContext(services, jobs, events, Translator("en"))
    jobs.shutdown()


@pytest.fixture
def included(services):
    family = family_with_status(services, members=2)
    services.quotas.include_family(InclusionInput(family, 2026, "PAVLODAR", dt.date(2026, 3, 10), "КВ-7", D("15"),
                                                  arrived_on=dt.date(2026, 3, 10), arrived_address="Павлодар"))
    return family


def select_row(table, row: int) -> None:
    table.selectionModel().select(table.model().index(row, 0),
                                  QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)


def shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def card_tab(qtbot, ctx, family_id: int, *classes):
    """The tabs of these classes on the family's card, once the card's one read has shown them
    (the quota area's tabs live on the card and load with it)."""
    from gui.family_card.family_card_window import FamilyCardWindow
    card = shown(qtbot, FamilyCardWindow(ctx, family_id))
    tabs = [next(widget for _spec, widget in card.plugged if isinstance(widget, cls)) for cls in classes]
    qtbot.waitUntil(lambda: card.body.isEnabled() and all(tab.data is not None for tab in tabs), timeout=10000)
    return tabs[0] if len(tabs) == 1 else tabs


def test_dashboard_shows_plan_and_fact_and_follows_year_and_language(qtbot, qtmodeltester, ctx, included):
    from gui.quotas.dashboard_view import DashboardView
    view = shown(qtbot, DashboardView(ctx.services, ctx.jobs, ctx.translator))
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.refresh()
    assert view.year_edit.currentData() == 2026
    pavlodar = [g for g in view.quota_chart.groups if g.label == "Pavlodar Region"][0]
    assert (pavlodar.planned, pavlodar.achieved) == (977, 2)
    assert view.model.rowCount() == 8
    qtmodeltester.check(view.model)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.year_edit.setCurrentIndex(view.year_edit.findData(2025))
    assert view.summary.year == 2025 and all(g.achieved == 0 for g in view.quota_chart.groups)
    english = view.quota_chart.title
    view.retranslate_ui(Translator("kk"))
    assert view.quota_chart.title != english
    assert any("облысы" in g.label for g in view.quota_chart.groups)
    assert view.model.headerData(0, Qt.Orientation.Horizontal) != "Region"


def test_quotas_screen_lists_overdue_and_records_a_payment(qtbot, qtmodeltester, ctx, included):
    from gui.quotas.quotas_view import QuotasView
    view = shown(qtbot, QuotasView(ctx.services, ctx.jobs, ctx.translator, ctx.events))
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.refresh()
    for model in (view.plan_model, view.inclusion_model, view.due_model, view.total_model):
        qtmodeltester.check(model)
    assert view.inclusion_model.rowCount() == 1
    overdue = view.due_model.rowCount()
    assert overdue == 9
    select_row(view.due_table, 0)
    view.pay_button.click()
    dialog = view.last_dialog
    dialog.inputs["amount"].setText(str(view.due_model.row(0).outstanding))
    dialog.inputs["document_number"].setText("ПП-100")
    with qtbot.waitSignal(view.loaded, timeout=10000):
        dialog.submit()
    assert view.due_model.rowCount() == overdue - 1
    assert view.total_model.rowCount() == 1


def test_quota_tab_refuses_an_overpayment_inline_then_records(qtbot, qtmodeltester, ctx, included):
    from gui.family_card.tabs.quota_area_tabs import QuotaTab
    tab = card_tab(qtbot, ctx, included, QuotaTab)
    assert "КВ-7" in tab.summary_label.text()
    assert tab.schedule_model.rowCount() == 13
    qtmodeltester.check(tab.schedule_model)
    qtmodeltester.check(tab.payments_model)
    assert not tab.pay_button.isEnabled()
    select_row(tab.schedule_table, 0)
    assert tab.pay_button.isEnabled()
    tab.pay_button.click()
    dialog = tab.last_dialog
    dialog.inputs["amount"].setText("605500.01")
    dialog.inputs["document_number"].setText("ПП-1")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10000)
    assert "more than is still owed" in dialog.error_text()
    assert dialog.isVisible() and dialog.inputs["amount"].styleSheet()
    dialog.inputs["amount"].setText("605 500,00")
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        dialog.submit()
    assert tab.payments_model.rowCount() == 1
    assert tab.schedule_model.row(0).outstanding == 0


def test_quota_tab_includes_a_family_through_the_form(qtbot, ctx, services):
    from gui.family_card.tabs.quota_area_tabs import QuotaTab
    family = family_with_status(services, members=3)
    tab = card_tab(qtbot, ctx, family, QuotaTab)
    assert tab.schedule_model.rowCount() == 0
    tab.include_button.click()
    dialog = tab.last_dialog
    offered = {dialog.inputs["region_code"].itemData(i) for i in range(dialog.inputs["region_code"].count())}
    assert "PAVLODAR" in offered and "ALMATY" not in offered
    dialog.set_value("region_code", "AKMOLA")
    dialog.set_value("decision_date", dt.date(2026, 4, 1))
    dialog.set_value("year", 2024)
    dialog.inputs["decision_number"].setText("КВ-9")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10000)
    assert "year 2024 does not match" in dialog.error_text()
    assert dialog.inputs["year"].styleSheet()
    dialog.set_value("year", 2026)
    dialog.set_value("region_code", "AKMOLA")
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        dialog.submit()
    assert tab.schedule_model.rowCount() == 1  # relocation only: rent starts with the move
    assert tab.schedule_model.row(0).amount_due == D("908250.00")
    assert "Not moved to the region yet" in tab.summary_label.text()
    # The move to the region: date and address; refused inline without an address.
    assert tab.move_button.isEnabled()
    tab.move_button.click()
    move = tab.last_dialog
    move.set_value("arrived_on", dt.date(2026, 6, 12))
    move.submit()
    qtbot.waitUntil(lambda: move.error_text() != "", timeout=10000)
    assert "address" in move.error_text() and move.inputs["arrived_address"].styleSheet()
    move.inputs["arrived_address"].setText("Көкшетау, Әуелбеков к-сі 20")
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        move.submit()
    assert tab.schedule_model.rowCount() == 13
    assert tab.schedule_model.row(1).period_month == dt.date(2026, 6, 1)
    assert "Көкшетау, Әуелбеков к-сі 20" in tab.summary_label.text()
    assert not tab.move_button.isEnabled()  # recorded once


def test_employment_education_and_adaptation_tabs(qtbot, qtmodeltester, ctx, services):
    from gui.family_card.tabs.quota_area_tabs import AdaptationTab, EducationTab, EmploymentTab
    family = family_with_status(services, members=2)
    services.education.save_line(2026, "college", "Павлодар колледжі", "Мейіргер ісі", 75)  # 4 %: 3 places
    employment, education, adaptation = card_tab(qtbot, ctx, family, EmploymentTab, EducationTab, AdaptationTab)
    from PySide6.QtWidgets import QPushButton
    employment.findChild(QPushButton, "add_placement_button").click()
    dialog = employment.last_dialog
    dialog.inputs["employer_name"].setText("ТОО Ертіс")
    dialog.inputs["employer_bin"].setText("050140001230")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10000)
    good = "05014000123" + str(check_digit("05014000123"))
    dialog.inputs["employer_bin"].setText(good)
    with qtbot.waitSignal(employment.loaded, timeout=10000):
        dialog.submit()
    assert employment.placements_model.rowCount() == 1
    qtmodeltester.check(employment.placements_model)
    qtmodeltester.check(employment.measures_model)

    education.findChild(QPushButton, "add_application_button").click()
    dialog = education.last_dialog
    with qtbot.waitSignal(education.loaded, timeout=10000):
        dialog.submit()
    assert education.applications_model.rowCount() == 1
    qtmodeltester.check(education.applications_model)

    adaptation.findChild(QPushButton, "check_in_button").click()
    with qtbot.waitSignal(adaptation.loaded, timeout=10000):
        adaptation.last_dialog.submit()
    assert adaptation.stays_model.rowCount() == 1 and adaptation.check_out_button.isEnabled()
    adaptation.findChild(QPushButton, "add_service_button").click()
    with qtbot.waitSignal(adaptation.loaded, timeout=10000):
        adaptation.last_dialog.submit()
    assert adaptation.services_model.rowCount() == 1
    qtmodeltester.check(adaptation.services_model)
    qtmodeltester.check(adaptation.stays_model)


def test_tabs_and_screens_are_registered():
    from gui.screens import family_tabs, screens
    assert {"quota", "employment", "education", "adaptation"} <= {spec.key for spec in family_tabs()}
    assert {"dashboard", "quotas"} <= {spec.key for spec in screens()}


def test_family_tab_and_quotas_screen_switch_language_live(qtbot, ctx, included):
    from gui.family_card.tabs.quota_area_tabs import QuotaTab
    from gui.quotas.quotas_view import QuotasView
    tab = card_tab(qtbot, ctx, included, QuotaTab)
    english = (tab.pay_button.text(), tab.summary_label.text(), tab.schedule_model.data(tab.schedule_model.index(0, 0)))
    tab.ctx.window.retranslate_ui(Translator("ru"))  # the card switches its tabs with it
    russian = (tab.pay_button.text(), tab.summary_label.text(), tab.schedule_model.data(tab.schedule_model.index(0, 0)))
    assert all(a != b for a, b in zip(english, russian))
    assert "Квота 2026" in russian[1] and "₸" in russian[1]
    view = shown(qtbot, QuotasView(ctx.services, ctx.jobs, ctx.translator, ctx.events))
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.refresh()
    view.retranslate_ui(Translator("kk"))
    assert view.tabs.tabText(2) == "Төленетін төлемдер"
    assert "₸" in view.due_total_label.text() and "қалды" in view.due_total_label.text()


def test_a_payment_in_one_view_refreshes_the_dashboard(qtbot, ctx, included):
    from gui.quotas.dashboard_view import DashboardView
    from gui.family_card.tabs.quota_area_tabs import QuotaTab
    dashboard = shown(qtbot, DashboardView(ctx.services, ctx.jobs, ctx.translator))
    ctx.events.changes_applied.connect(dashboard.on_changes)
    with qtbot.waitSignal(dashboard.loaded, timeout=10000):
        dashboard.refresh()
    assert dashboard.summary.payments_total == 0
    tab = card_tab(qtbot, ctx, included, QuotaTab)
    select_row(tab.schedule_table, 0)
    tab.pay_button.click()
    tab.last_dialog.inputs["document_number"].setText("ПП-5")
    tab.last_dialog.set_value("paid_on", dt.date(2026, 3, 31))
    with qtbot.waitSignal(dashboard.loaded, timeout=10000):
        tab.last_dialog.submit()
    assert dashboard.summary.payments_total == D("605500.00")
