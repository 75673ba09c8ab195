"""Removing one member's personal data on request from the family card (issue #19): the reason is
asked, what goes is shown, the service's one-person path runs as a write job, the audit entry
names the reason, and the card reloads showing the member anonymised."""
from __future__ import annotations

import datetime as dt

import pytest

from domain.permissions import Actor, Role
from gui.privacy.person_removal import PersonRemovalDialog
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


def _window(qtbot, services):
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


def test_a_member_is_anonymised_from_the_card_with_a_reason(qtbot, services, family_id):
    window = _window(qtbot, services)
    card = _open(qtbot, window, family_id)
    tab = card.findChild(PrivacyTab)
    removal = tab.removal
    assert removal.button.isVisibleTo(tab)  # in the Personal data group
    dialog = PersonRemovalDialog(card, card.i18n, card.details.members)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()  # no reason yet
    dialog.member_combo.setCurrentIndex(0)
    assert "871008401427" in dialog.what_label.text() and "IIN" in dialog.what_label.text()
    dialog.reason_edit.setText("   ")
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setText("the person asked in writing, letter 17")
    assert dialog.ok_button.isEnabled()
    head_id = dialog.choice()[0]
    removal.ask = lambda: dialog.choice()
    removal.button.click()
    qtbot.waitUntil(lambda: not window.jobs.busy() and card.body.isEnabled() and card.details is not None
                    and all(m.id != head_id or not m.iin for m in card.details.members), timeout=20000)
    member = next(m for m in card.details.members if m.id == head_id)
    assert not member.full_name.strip() and member.iin is None and not member.documents
    assert "removed" in card.notice.text()
    entries = [e for e in services.audit.list() if e.action == "anonymise" and e.entity == "person"]
    assert len(entries) == 1 and str(head_id) == str(entries[0].entity_id)
    assert "letter 17" in str(entries[0].after)
    assert services.audit.verify().ok
    # the member already removed is no longer offered
    again = PersonRemovalDialog(card, card.i18n, card.details.members)
    qtbot.addWidget(again)
    assert [again.member_combo.itemData(i) for i in range(again.member_combo.count())] != [] and \
        head_id not in [again.member_combo.itemData(i) for i in range(again.member_combo.count())]


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.CASE_WORKER, Role.READ_ONLY])
def test_the_card_offers_removal_only_to_who_may_anonymise(qtbot, services, family_id, role):
    window = _window(qtbot, services.for_actor(Actor(None, "dana", role, "Dana")))
    card = _open(qtbot, window, family_id)
    tab = card.findChild(PrivacyTab)
    assert not tab.removal.button.isVisibleTo(tab)
