"""Sign-in, the Administration and the Audit screens on real services and a real SQLite file."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from domain.permissions import Actor, Role
from i18n import Translator

pytestmark = pytest.mark.gui


@pytest.fixture
def app(qtbot):
    from gui.app import ensure_application
    return ensure_application()


def _window(qtbot, services, actor):
    from gui.main_window import MainWindow
    window = MainWindow(services.for_actor(actor), Translator("en"), database_label="test")
    qtbot.addWidget(window)
    window.show()
    return window


def test_first_run_creates_the_administrator_then_signs_in(qtbot, app, services, monkeypatch):
    from gui.admin import sign_in as module
    from gui.admin.login_dialog import LoginDialog
    from gui.admin.user_dialog import UserDialog

    def create_admin(services_, translator, first_administrator=False, parent=None, **_options):
        dialog = UserDialog(services_, translator, first_administrator)
        qtbot.addWidget(dialog)
        dialog.login_edit.setText("boss")
        dialog.display_name_edit.setText("Әсел Нұрова")
        dialog.password_edit.setText("boss-password")
        dialog.confirm_edit.setText("boss-passwort")
        dialog._on_buttons_accepted()
        assert dialog.findChild(QLabel, "confirm_error").text() == "The two passwords differ."
        dialog.confirm_edit.setText("boss-password")
        dialog._on_buttons_accepted()
        return dialog.created

    def log_in(services_, translator, database_label="", parent=None, **_options):
        dialog = LoginDialog(services_, translator, database_label)
        qtbot.addWidget(dialog)
        dialog.login_edit.setText("boss")
        dialog.password_edit.setText("wrong-password")
        dialog._on_buttons_accepted()
        assert dialog.error_label.text() == "Wrong login or password." and dialog.actor is None
        dialog.password_edit.setText("boss-password")
        dialog._on_buttons_accepted()
        return dialog.actor

    monkeypatch.setattr(UserDialog, "ask", classmethod(lambda cls, *a, **k: create_admin(*a, **k)))
    monkeypatch.setattr(LoginDialog, "ask", classmethod(lambda cls, *a, **k: log_in(*a, **k)))
    signed_in = module.sign_in(services, Translator("en"), "test")
    assert signed_in.actor.login == "boss" and signed_in.actor.role == Role.ADMINISTRATOR
    assert signed_in.backup.backups()  # the daily automatic backup was made
    window = _window(qtbot, signed_in, signed_in.actor)
    assert "Әсел Нұрова" in window.user_status.text()
    assert window.screen("administration") is not None and window.screen("audit") is not None
    # the window's first loads and the reminders write run in workers: the test ends with them done,
    # not while a worker still writes to the register the fixtures then take down
    qtbot.waitUntil(lambda: not window.jobs.busy(), timeout=10000)


def test_cancelled_login_opens_no_window(app, services, monkeypatch):
    from gui.admin import sign_in as module
    from gui.admin.login_dialog import LoginDialog
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    monkeypatch.setattr(LoginDialog, "ask", classmethod(lambda cls, *a, **k: None))
    assert module.sign_in(services, Translator("en")) is None


@pytest.mark.parametrize("role, visible", [(Role.ADMINISTRATOR, {"administration", "audit"}),
                                           (Role.SUPERVISOR, {"audit"}), (Role.CASE_WORKER, set()),
                                           (Role.READ_ONLY, {"audit"})])
def test_screens_are_hidden_by_permission(qtbot, app, services, role, visible):
    window = _window(qtbot, services, Actor(None, "x", role, "X"))
    keys = {key for key, _widget in window.screens}
    assert keys & {"administration", "audit"} == visible
    assert "registry" in keys


def test_audit_screen_filters_and_shows_before_and_after(qtbot, app, services):
    services.users.create("dana", Role.CASE_WORKER, "dana-password")
    services.users.change_role("dana", Role.SUPERVISOR)
    window = _window(qtbot, services, Actor(None, "boss", Role.SUPERVISOR, "Boss"))
    view = window.screen("audit")
    window.navigation.setCurrentRow([k for k, _ in window.screens].index("audit"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 and view.model.entry(0) is not None, timeout=10000)
    view.table.selectRow(0)
    cells = {(view.changes_table.item(r, 0).text(), view.changes_table.item(r, 1).text(),
              view.changes_table.item(r, 2).text()) for r in range(view.changes_table.rowCount())}
    assert ("Role", "Case worker", "Supervisor") in cells  # a field label and values in words
    view.user_edit.setCurrentIndex(view.user_edit.findData("system"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=10000)
    view.case_edit.setText("999")  # no such case: nothing, rather than everything
    view.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=10000)
    failures = []  # not waitSignal(raising=False): that waits out its whole timeout when no failure comes
    window.jobs.job_failed.connect(lambda error, trace: failures.append(trace))
    view._on_verify_button_clicked()
    qtbot.waitUntil(lambda: "intact" in view.status_label.text(), timeout=10000)
    assert failures == []
    assert "Anchor checked: " in view.status_label.text()  # the anchor outside the database is named


def test_audit_model_passes_the_model_tester(qtbot, app, services, qtmodeltester):
    from gui.admin.audit_table_model import AuditTableModel
    from gui.jobs import JobRunner
    services.demo(families=3, seed=1)
    jobs = JobRunner()
    model = AuditTableModel(services.history.entries, Translator("ru"), jobs=jobs)
    model.set_ids(services.audit.search())
    qtmodeltester.check(model)
    qtbot.waitUntil(lambda: model.data(model.index(0, 0)) is not None, timeout=10000)
    qtmodeltester.check(model)
    assert model.rowCount() > 3
    jobs.shutdown()


def test_administration_adds_a_user_changes_role_and_backs_up(qtbot, app, services, monkeypatch, tmp_path,
                                                              qtmodeltester):
    from gui.admin.admin_dialogs import AdminDialogs
    from gui.admin.admin_view import UserTableModel
    from gui.admin.user_dialog import UserDialog
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    window = _window(qtbot, services, Actor(None, "boss", Role.ADMINISTRATOR, "Boss"))
    view = window.screen("administration")
    window.navigation.setCurrentRow([k for k, _ in window.screens].index("administration"))
    qtbot.waitUntil(lambda: view.state is not None and not window.jobs.busy(), timeout=10000)
    assert view.model.rowCount() == 1

    def add(cls, services_, translator, first_administrator=False, parent=None):
        return services_.users.create("erlan", Role.CASE_WORKER, "erlan-password", "Ерлан")

    monkeypatch.setattr(UserDialog, "ask", classmethod(add))
    view._on_add_button_clicked()
    qtbot.waitUntil(lambda: [u.login for u in view.model.users] == ["boss", "erlan"], timeout=10000)
    view.table.selectRow(1)
    monkeypatch.setattr(AdminDialogs, "choose_role", lambda self, login, current: Role.SUPERVISOR)
    view._on_role_button_clicked()
    qtbot.waitUntil(lambda: view.model.users[1].role == Role.SUPERVISOR, timeout=10000)
    out = tmp_path / "gui.qbak"
    monkeypatch.setattr(AdminDialogs, "backup_path", lambda self, suggested: str(out))
    view._on_backup_button_clicked()
    qtbot.waitUntil(lambda: "gui.qbak" in view.backup_result.text(), timeout=20000)
    assert out.exists()
    users = UserTableModel(Translator("kk"))
    users.set_users(view.model.users)
    qtmodeltester.check(users)
    assert users.data(users.index(1, 2)) == Translator("kk")._("Supervisor")


def test_language_switch_retranslates_the_admin_screens(qtbot, app, services):
    window = _window(qtbot, services, Actor(None, "boss", Role.ADMINISTRATOR, "Boss"))
    window.set_language(Translator("kk"))
    assert window.screen("administration").users_box.title() == "Пайдаланушылар мен рөлдер"
    assert window.screen("audit").verify_button.text() == "Тұтастығын тексеру"


def test_restore_from_the_window_brings_the_backup_back(qtbot, app, services, monkeypatch, tmp_path):
    from gui.admin.admin_dialogs import AdminDialogs
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    out = tmp_path / "before.qbak"
    services.backup.create(out)
    services.users.create("later", Role.READ_ONLY, "later-password")
    window = _window(qtbot, services, Actor(None, "boss", Role.ADMINISTRATOR, "Boss"))
    view = window.screen("administration")
    window.navigation.setCurrentRow([k for k, _ in window.screens].index("administration"))
    qtbot.waitUntil(lambda: view.state is not None and not window.jobs.busy(), timeout=10000)
    informed = []
    monkeypatch.setattr(AdminDialogs, "restore_path", lambda self, folder: str(out))
    monkeypatch.setattr(AdminDialogs, "confirm", lambda self, text: True)
    monkeypatch.setattr(AdminDialogs, "inform", lambda self, text: informed.append(text))
    view._on_restore_button_clicked()
    qtbot.waitUntil(lambda: bool(informed), timeout=20000)
    assert "before.qbak" in informed[0]
    view.refresh()
    qtbot.waitUntil(lambda: [u.login for u in view.model.users] == ["boss"], timeout=10000)


@pytest.mark.postgres
def test_the_window_works_on_postgresql(qtbot, app, migrated_pg_url):
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_pg_url)
    try:
        services = AppServices(engine)
        services.users.create_first_administrator("boss", "boss-password", "Boss")
        actor = services.users.authenticate("boss", "boss-password")
        window = _window(qtbot, services, actor)
        view = window.screen("audit")
        window.navigation.setCurrentRow([k for k, _ in window.screens].index("audit"))
        qtbot.waitUntil(lambda: view.model.rowCount() == 2 and view.model.entry(1) is not None, timeout=10000)
        assert [view.model.data(view.model.index(r, 3)) for r in range(2)] == ["signed in", "created"]
        window.close()
        window.jobs.shutdown()
    finally:
        engine.dispose()


def test_the_administrator_edits_the_centre_details_and_a_bad_value_is_named(qtbot, app, services):
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    window = _window(qtbot, services, Actor(None, "boss", Role.ADMINISTRATOR, "Boss"))
    view = window.screen("administration")
    window.navigation.setCurrentRow([k for k, _ in window.screens].index("administration"))
    qtbot.waitUntil(lambda: view.state is not None and not window.jobs.busy(), timeout=10000)
    form = view.centre_form
    form.edits["name_ru"].setText("  Центр адаптации   кандасов ")
    form.edits["director_name"].setText("Сейітқали Нұрлан")
    form._on_save_button_clicked()
    qtbot.waitUntil(lambda: services.centre.details().name_ru == "Центр адаптации кандасов", timeout=10000)
    assert services.centre.details().director_name == "Сейітқали Нұрлан"
    qtbot.waitUntil(lambda: form.edits["name_ru"].text() == "Центр адаптации кандасов", timeout=10000)
    form.values = lambda: {"address": "line one\nline two", "name_ru": "Другое"}  # a pasted two-line text
    form._on_save_button_clicked()
    qtbot.waitUntil(lambda: "address" in form.rows["address"].message.text(), timeout=10000)
    assert form.rows["address"].message.isVisibleTo(form)  # under the field it names
    assert "border" in form.edits["address"].styleSheet()
    assert services.centre.details().name_ru == "Центр адаптации кандасов"  # nothing of the bad save was kept
    window.set_language(Translator("ru"))
    assert form.save_button.text() == "Сохранить сведения о центре"


def test_the_administrator_edits_a_letter_template_and_an_unknown_placeholder_is_named(qtbot, app, services):
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    window = _window(qtbot, services, Actor(None, "boss", Role.ADMINISTRATOR, "Boss"))
    view = window.screen("administration")
    dialog = view.open_letter_templates()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog._templates), timeout=10000)  # read in a job
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("registration_certificate"))
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("ru"))
    assert "{full_name}" in dialog.body_edit.toPlainText()  # the shipped text to start from
    dialog.body_edit.setPlainText("Справка для {fullname}")
    dialog.save()
    qtbot.waitUntil(lambda: "{fullname}" in dialog.rows["body"].message.text(), timeout=10000)
    assert dialog.rows["body"].has_error() and not dialog.rows["title"].has_error()  # under «Text»
    assert services.letters.template("registration_certificate", "ru").version == 0  # nothing saved
    dialog.body_edit.setPlainText("Справка: {full_name} состоит на учёте.")
    dialog.save()
    qtbot.waitUntil(lambda: services.letters.template("registration_certificate", "ru").version == 1,
                    timeout=10000)
    qtbot.waitUntil(lambda: dialog.state_label.text() == "Saved.", timeout=10000)
    assert dialog.error_label.text() == ""
