"""The Retention screen and the encrypted backup in the Administration screen, driven by qtbot on
real services and a real SQLite file (prompts patched, never exec())."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from domain.permissions import Actor, Role
from domain.stages import CloseReason, Stage
from storage import tables
from tests.gui.test_admin import _window

pytestmark = pytest.mark.gui


@pytest.fixture
def app(qtbot):
    from gui.app import ensure_application
    return ensure_application()


def test_the_retention_screen_lists_and_anonymises_a_due_case(qtbot, app, services, clock, monkeypatch, tmp_path):
    from gui.admin.retention_view import RetentionDialogs
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    services.demo(families=3, seed=2, families_only=True)
    closed = services.cases.search("")[0]
    services.registration.change_stage(closed, None, Stage.CLOSED, CloseReason.LEFT)
    clock.now = dt.datetime(2030, 1, 10, 9)
    window = _window(qtbot, services, Actor(None, "boss", Role.ADMINISTRATOR, "Boss"))
    view = window.screen("retention")
    window.navigation.setCurrentRow([k for k, _ in window.screens].index("retention"))
    view.years_edits[CloseReason.LEFT].setValue(3)
    view._on_years_edit_finished(CloseReason.LEFT)
    qtbot.waitUntil(lambda: view.due_table.rowCount() == 1, timeout=10000)
    assert view.apply_button.isEnabled()
    monkeypatch.setattr(RetentionDialogs, "confirm", lambda self, text: True)
    view._on_apply_button_clicked()
    qtbot.waitUntil(lambda: "1 case" in view.status_label.text(), timeout=10000)
    qtbot.waitUntil(lambda: view.due_table.rowCount() == 0, timeout=10000)
    with services.uow_factory.engine.connect() as connection:
        assert connection.scalar(sa.select(tables.family.c.anonymised_at).where(tables.family.c.id == closed))
    other = services.cases.details(services.cases.search("")[-1]).members[0]
    monkeypatch.setattr(RetentionDialogs, "person_request", lambda self: (other.id, "written request"))
    view._on_person_button_clicked()
    qtbot.waitUntil(lambda: "removed" in view.status_label.text() and "case" not in view.status_label.text(),
                    timeout=10000)
    assert services.audit.verify().ok


def test_the_retention_screen_is_for_administrators_only(qtbot, app, services):
    window = _window(qtbot, services, Actor(None, "sup", Role.SUPERVISOR, "Sup"))
    assert "retention" not in [key for key, _ in window.screens]


def test_an_encrypted_backup_is_restored_from_the_window(qtbot, app, services, monkeypatch, tmp_path):
    from gui.admin.admin_dialogs import AdminDialogs
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    window = _window(qtbot, services, Actor(None, "boss", Role.ADMINISTRATOR, "Boss"))
    view = window.screen("administration")
    window.navigation.setCurrentRow([k for k, _ in window.screens].index("administration"))
    monkeypatch.setattr(AdminDialogs, "new_passphrase", lambda self: "a long enough passphrase")
    view._on_passphrase_button_clicked()
    qtbot.waitUntil(lambda: "encrypted" in view.backup_result.text(), timeout=10000)
    out = tmp_path / "sealed.qbak"
    services.backup.create(out)
    assert services.backup.is_encrypted(out)
    services.users.create("later", Role.READ_ONLY, "later-password")
    informed = []
    monkeypatch.setattr(AdminDialogs, "restore_path", lambda self, folder: str(out))
    monkeypatch.setattr(AdminDialogs, "confirm", lambda self, text: True)
    monkeypatch.setattr(AdminDialogs, "inform", lambda self, text: informed.append(text))
    asked = []
    monkeypatch.setattr(AdminDialogs, "backup_passphrase", lambda self, name: asked.append(name))  # cancelled
    view._on_restore_button_clicked()
    assert asked == ["sealed.qbak"] and not informed
    view.refresh()
    assert "later" in [u.login for u in view.model.users]  # nothing was restored
    monkeypatch.setattr(AdminDialogs, "backup_passphrase", lambda self, name: "a long enough passphrase")
    view._on_restore_button_clicked()
    qtbot.waitUntil(lambda: bool(informed), timeout=20000)
    view.refresh()
    assert [u.login for u in view.model.users] == ["boss"]
