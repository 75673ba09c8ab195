"""Encrypting the database file from Administration (off the GUI thread, with progress), and the
passphrase asked before an encrypted register opens, on a real SQLite file (issue #19)."""
from __future__ import annotations

import pytest

from domain.permissions import Actor, Role
from i18n import Translator
from storage import sqlcipher_files

pytestmark = [pytest.mark.gui, pytest.mark.skipif(not sqlcipher_files.available(), reason="sqlcipher3 missing")]
PASSPHRASE = "a passphrase long enough"


@pytest.fixture(autouse=True)
def _no_process_passphrase(tmp_path, monkeypatch):
    monkeypatch.setenv("QANDAS_DATA_DIR", str(tmp_path / "data"))
    sqlcipher_files.set_passphrase(None)
    yield
    sqlcipher_files.set_passphrase(None)


def _window(qtbot, services, actor):
    from gui.app import ensure_application
    from gui.main_window import MainWindow
    ensure_application()
    window = MainWindow(services.for_actor(actor), Translator("en"), database_label="test")
    qtbot.addWidget(window)
    window.show()
    return window


def test_an_administrator_encrypts_the_file_from_the_window(qtbot, services, engine):
    from sqlalchemy.engine import make_url
    path = make_url(str(engine.url)).database
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    window = _window(qtbot, services, Actor(None, "boss", Role.ADMINISTRATOR, "Boss"))
    view = window.screen("administration")
    window.navigation.setCurrentRow([k for k, _ in window.screens].index("administration"))
    panel = view.register_encryption
    qtbot.waitUntil(lambda: panel.encrypted is False and not window.jobs.busy(), timeout=20000)
    assert panel.button.isEnabled() and panel.button.text() == "Encrypt the database file…"
    told, quit_ = [], []
    panel.ask_new = lambda: PASSPHRASE
    panel.inform = told.append
    panel.quit = lambda: quit_.append(True)
    panel.button.click()
    qtbot.waitUntil(lambda: bool(quit_) and not window.jobs.busy(), timeout=60000)
    assert "is encrypted" in told[0] and "start it again" in told[0]
    with open(path, "rb") as handle:
        assert handle.read(16) != sqlcipher_files.MAGIC
    sqlcipher_files.set_passphrase(None)
    connection = sqlcipher_files.connect(path, key=PASSPHRASE)
    try:
        assert connection.execute("SELECT count(*) FROM app_user").fetchone()[0] == 1
    finally:
        connection.close()


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.CASE_WORKER])
def test_only_an_administrator_sees_the_button(qtbot, services, role):
    window = _window(qtbot, services, Actor(None, "dana", role, "Dana"))
    view = window.screen("administration")
    assert view is None or not view.register_encryption.button.isVisibleTo(view)


def test_the_passphrase_is_asked_until_it_fits_before_the_register_opens(tmp_path, sqlite_template):
    from gui.admin.register_encryption_panel import unlock_at_start
    from services import register_encryption
    from tests.db_templates import copy_of_template
    db = copy_of_template(sqlite_template, tmp_path / "r.sqlite3")
    register_encryption.encrypt(str(db), Actor(None, "boss", Role.ADMINISTRATOR, "Boss"), PASSPHRASE)
    sqlcipher_files.set_passphrase(None)
    url = f"sqlite:///{db}"
    answers, told = iter(["wrong passphrase", PASSPHRASE]), []
    assert unlock_at_start(url, Translator("ru"), ask=lambda _text: next(answers), tell=told.append)
    assert len(told) == 1 and "Nothing" not in told[0]  # translated into Russian
    assert sqlcipher_files.passphrase() == PASSPHRASE
    sqlcipher_files.set_passphrase(None)
    before = db.read_bytes()
    assert not unlock_at_start(url, Translator("en"), ask=lambda _text: None, tell=told.append)  # gave up
    assert db.read_bytes() == before and sqlcipher_files.passphrase() is None
