"""Administration → Shared register: the two actions are there, translated, and do nothing
until the administrator confirms (the host mode itself is tested in tests/hosting)."""
from __future__ import annotations

import pytest

from domain.permissions import Actor, Role
from i18n import Translator

pytestmark = pytest.mark.gui


@pytest.fixture
def panel(qtbot, services, tmp_path, monkeypatch):
    from gui.admin.host_panel import HostPanel
    from gui.jobs import JobRunner
    monkeypatch.setenv("QANDAS_DATA_DIR", str(tmp_path / "data"))
    admin = services.for_actor(Actor(None, "boss", Role.ADMINISTRATOR))
    jobs = JobRunner()
    widget = HostPanel(admin.hosting, jobs, Translator("en"))
    qtbot.addWidget(widget)
    yield widget
    jobs.shutdown()


def test_a_register_on_this_pc_can_be_shared_and_nothing_moves_without_the_password(panel, monkeypatch):
    assert panel.share_button.isEnabled()
    assert "this PC only" in panel.state_label.text()
    called = []
    monkeypatch.setattr(panel.hosting, "share", lambda *a, **k: called.append(a))
    monkeypatch.setattr(panel.dialogs, "share_password", lambda: None)
    panel.share_button.click()
    assert called == []


def test_the_panel_follows_the_language(panel):
    english = panel.share_button.text()
    panel.retranslate_ui(Translator("kk"))
    assert panel.share_button.text() != english
    assert panel.connect_button.text() != "Connect to the centre's register…"
