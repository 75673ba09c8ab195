"""Claiming, seeing and withdrawing the employer subsidy from the family card (qtbot, real services)."""
from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal as D

import pytest
from PySide6.QtWidgets import QPushButton

from domain.subsidies import SupportKind
from tests.gui.test_quota_screens import card_tab, ctx, included, select_row  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui
BIN = "050140001238"


def test_claim_shows_in_the_schedule_and_a_paid_one_cannot_be_deleted(qtbot, qtmodeltester, ctx, included,  # noqa: F811
                                                                       services, tmp_path):
    from gui.family_card.tabs.quota_area_tabs import EmploymentTab, QuotaTab
    employment, quota = card_tab(qtbot, ctx, included, EmploymentTab, QuotaTab)  # one card: both reload
    assert not employment.edit_placement_button.isEnabled()
    employment.findChild(QPushButton, "add_placement_button").click()
    dialog = employment.last_dialog
    dialog.set_value("employer_name", "«Ертіс Агро» ЖШС")
    dialog.set_value("employer_bin", BIN)
    dialog.set_value("started_on", dt.date(2026, 5, 12))
    dialog.set_value("employer_subsidy", True)
    with qtbot.waitSignal(quota.loaded, timeout=10000):
        dialog.submit()
    qtbot.waitUntil(lambda: employment.placements_model.rowCount() == 1, timeout=10000)
    employer = [quota.schedule_model.row(i) for i in range(quota.schedule_model.rowCount())
                if quota.schedule_model.row(i).kind == SupportKind.EMPLOYER]
    assert [e.amount_due for e in employer] == [D("1730000.00")] and employer[0].overdue
    qtmodeltester.check(quota.schedule_model)
    qtmodeltester.check(employment.placements_model)
    column = [c.key for c in employment.placements_model.columns].index("employer_subsidy")
    text = employment.placements_model.index(0, column).data()
    assert "1" in text and "730" in text
    if os.environ.get("QANDAS_SCREENSHOTS"):
        quota.grab().save(str(tmp_path / "quota_tab.png"))
        employment.grab().save(str(tmp_path / "employment_tab.png"))

    services.payments.record_payment(employer[0].id, dt.date(2026, 6, 2), D("1730000.00"), "ПП-1")
    with qtbot.waitSignal(employment.loaded, timeout=10000):
        employment.ctx.reload()
    select_row(employment.placements_table, 0)
    assert employment.delete_placement_button.isEnabled()
    employment.delete_placement_button.click()
    dialog = employment.last_dialog
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10000)
    assert "already been paid" in dialog.error_text()
    assert employment.placements_model.rowCount() == 1

    employment.edit_placement_button.click()
    dialog = employment.last_dialog
    assert dialog.values()["employer_subsidy"] is True and dialog.values()["started_on"] == dt.date(2026, 5, 12)
    dialog.set_value("position", "бас агроном")
    with qtbot.waitSignal(employment.loaded, timeout=10000):
        dialog.submit()
    assert employment.placements_model.row(0).position == "бас агроном"


def test_refused_claim_marks_the_checkbox_with_the_reason(qtbot, ctx, services):  # noqa: F811
    from gui.family_card.tabs.quota_area_tabs import EmploymentTab
    from tests.services.quota_helpers import family_with_status
    family = family_with_status(services, members=1)
    employment = card_tab(qtbot, ctx, family, EmploymentTab)
    employment.findChild(QPushButton, "add_placement_button").click()
    dialog = employment.last_dialog
    dialog.set_value("employer_name", "«Ертіс Агро» ЖШС")
    dialog.set_value("employer_subsidy", True)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10000)
    assert "not included in the regional quota" in dialog.error_text()
    assert dialog.inputs["employer_subsidy"].styleSheet()
    assert services.employment.placements(family) == []
