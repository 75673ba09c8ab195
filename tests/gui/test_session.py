"""First start and the session (issue 17 §4): language before sign-in, remembered login, the database in
words, change own password, sign out and switch user — through the real dialogs and window."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale

from domain.permissions import Role
from gui import settings as keys
from gui.settings import UiSettings
from i18n import Translator
from services.info import DatabasePlace
from tests.gui.modal_driver import when_modal
from tests.gui.shell_fixtures import make_window

pytestmark = pytest.mark.gui


@pytest.fixture
def app(qtbot):
    from gui.app import apply_language, ensure_application
    app = ensure_application()
    yield app
    apply_language(app, Translator("en"))


@pytest.mark.parametrize("language, saved, expected", [
    (QLocale.Language.Kazakh, "", "kk"), (QLocale.Language.Russian, "", "ru"),
    (QLocale.Language.English, "", None), (QLocale.Language.German, "", None),
    (QLocale.Language.English, "ru", "ru"), (QLocale.Language.Kazakh, "en", "en")])
def test_the_first_language_follows_the_computer_unless_chosen_before(language, saved, expected):
    from gui.session.language import initial_language
    assert initial_language(saved, QLocale(language)) == expected


def test_first_start_creates_the_administrator_in_the_chosen_language(qtbot, app, services):
    from gui.admin.sign_in import sign_in_session
    settings = UiSettings()
    seen: list = []

    def create(dialog) -> None:
        assert dialog.windowTitle() == "Первый запуск — Qandas"  # the computer's (here: given) language
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("kk"))
        assert "Qandas" in dialog.windowTitle() and dialog.windowTitle() != "Первый запуск — Qandas"
        qtbot.wait(20)  # Qt's own LanguageChange is delivered: the buttons keep their names
        assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).text() == Translator("kk").gettext("Create")
        dialog.login_edit.setText("boss")
        dialog.display_name_edit.setText("Әсел Нұрова")
        dialog.password_edit.setText("boss-password")
        dialog.confirm_edit.setText("boss-password")
        dialog._on_buttons_accepted()
        when_modal("login_dialog", sign)

    def sign(dialog) -> None:
        assert dialog.i18n.language == "kk"  # the choice made on the first dialog carries on
        assert dialog.login_caption.text() == Translator("kk").gettext("Login")
        dialog.login_edit.setText("boss")
        dialog.password_edit.setText("boss-password")
        dialog._on_buttons_accepted()

    when_modal("user_dialog", create, seen)
    session = sign_in_session(services, Translator("ru"), services.info.place(), settings)
    assert seen and session is not None
    assert session.services.actor.login == "boss" and session.translator.language == "kk"
    assert settings.get(keys.UI_LANGUAGE) == "kk" and settings.get(keys.LAST_LOGIN) == "boss"


def test_sign_in_names_the_database_remembers_the_login_and_switch_user_forgets_it(qtbot, app, services,
                                                                                     db_path):
    from gui.admin.sign_in import sign_in_session
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    settings = UiSettings()
    texts: dict = {}

    def sign(dialog, password="boss-password") -> None:
        texts.setdefault("database", dialog.database_label.text())
        texts.setdefault("login", dialog.login_edit.text())
        texts.setdefault("focus_in_password", dialog.password_edit.hasFocus())
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("ru"))
        texts.setdefault("title", dialog.windowTitle())
        qtbot.wait(20)  # Qt's own LanguageChange is delivered: the buttons keep their names
        texts.setdefault("sign_in_button", dialog.buttons.button(dialog.buttons.StandardButton.Ok).text())
        dialog.login_edit.setText("boss")
        dialog.password_edit.setText(password)
        dialog._on_buttons_accepted()

    when_modal("login_dialog", sign)
    first = sign_in_session(services, Translator("en"), services.info.place(), settings)
    assert first is not None and first.translator.language == "ru"
    assert texts["database"] == f"Database: this computer: {db_path.name}"
    assert "sqlite:" not in texts["database"] and "/" not in texts["database"]  # never a URL
    assert texts["login"] == "" and texts["title"] == "Вход — Qandas"
    assert texts["sign_in_button"] == "Войти"

    texts.clear()
    when_modal("login_dialog", sign)
    sign_in_session(services, Translator("ru"), services.info.place(), settings)
    assert texts["login"] == "boss"  # remembered
    assert texts["database"] == f"База данных: этот компьютер: {db_path.name}"

    texts.clear()
    when_modal("login_dialog", sign)
    sign_in_session(services, Translator("en"), services.info.place(), settings, remember_login=False)
    assert texts["login"] == ""  # switch user: somebody else signs in


def test_a_server_database_is_named_by_host_and_database():
    from gui.session.database_words import describe_database
    place = DatabasePlace("server", "qandas", "db.centre.kz:5432")
    assert describe_database(place, Translator("en")) == "server: db.centre.kz:5432, qandas"
    assert describe_database(place, Translator("kk")) == "сервер: db.centre.kz:5432, qandas"


def test_the_status_bar_names_the_database_in_words_in_every_language(qtbot, app, services, db_path):
    from gui.main_window import MainWindow
    window = MainWindow(services, Translator("en"), database_label=services.info.place())
    qtbot.addWidget(window)
    assert window.database_status.text() == f"Database: this computer: {db_path.name}"
    window.set_language(Translator("kk"))
    assert window.database_status.text() == f"Дерекқор: осы компьютер: {db_path.name}"
    window.close()


def test_change_own_password_from_the_account_menu(qtbot, app, services):
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    signed_in = services.for_actor(services.users.authenticate("boss", "boss-password"))
    window = make_window(qtbot, signed_in)
    assert window.session.account_menu.actions()  # File/Account menu is there
    window.session.change_password_action.trigger()
    from PySide6.QtWidgets import QDialog
    dialog = window.findChild(QDialog, "change_password_dialog")
    dialog.old_password_edit.setText("not-my-password")
    dialog.password_edit.setText("a-new-long-password")
    dialog.confirm_edit.setText("a-new-long-password")
    dialog._on_buttons_accepted()
    assert dialog.error_text() == "The current password is wrong." and dialog.isVisible()
    dialog.old_password_edit.setText("boss-password")
    dialog.confirm_edit.setText("another-password")
    dialog._on_buttons_accepted()
    assert dialog.error_text() == "The two passwords differ."
    dialog.confirm_edit.setText("a-new-long-password")
    dialog._on_buttons_accepted()
    assert not dialog.isVisible() and dialog.changed
    assert services.users.authenticate("boss", "a-new-long-password").login == "boss"
    window.close()


@pytest.mark.parametrize("action, ending", [("sign_out_action", "sign_out"), ("switch_user_action", "switch_user")])
def test_sign_out_and_switch_user_close_the_window_and_its_cards(qtbot, app, filled, action, ending):
    window = make_window(qtbot, filled)
    qtbot.waitUntil(lambda: window.registry.model.rowCount() == 3, timeout=10000)
    card = window.open_family(window.registry.model.family_id(0))
    assert card.isVisible()
    getattr(window.session, action).trigger()
    assert window.session_end == ending
    assert not window.isVisible() and not card.isVisible()


def test_switch_user_brings_the_sign_in_back_and_quitting_ends(qtbot, app, services, db_path, monkeypatch):
    """``run_gui``'s loop on the real event loop: sign in, switch user from the Account menu (the window
    closes, the sign-out is audited), the next sign-in is asked without the last login; cancelling it ends."""
    import argparse

    from PySide6.QtCore import QTimer

    from cli.context import CliContext
    from gui import app as gui_app
    from gui.admin import sign_in as sign_in_module
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    asked: list[bool] = []

    def fake_sign_in(base, translator, place, settings, remember_login=True):
        asked.append(remember_login)
        if len(asked) > 1:
            return None  # the second sign-in is cancelled: Qandas ends
        actor = base.users.authenticate("boss", "boss-password")
        QTimer.singleShot(200, lambda: [w for w in app.topLevelWidgets() if w.objectName() == "main_window"
                                        and w.isVisible()][0].session.switch_user_action.trigger())
        return sign_in_module.Session(base.for_actor(actor), translator)

    monkeypatch.setattr(sign_in_module, "sign_in_session", fake_sign_in)
    ctx = CliContext(tr=Translator("en"), db_url=f"sqlite:///{db_path}")
    try:
        code = gui_app.run_gui(argparse.Namespace(screenshot=None, lang="en"), ctx)
    finally:
        ctx.close()
    assert code == 0 and asked == [True, False]
    assert [e.action for e in services.audit.list() if e.action in ("login", "logout")] == ["logout", "login"]


def test_the_window_starts_in_the_saved_then_the_computers_language(app, monkeypatch):
    import argparse

    from cli.context import CliContext
    from gui import app as gui_app
    from gui.session import language as session_language
    monkeypatch.delenv("QANDAS_LANG", raising=False)
    ctx = CliContext(tr=Translator("en"), db_url="sqlite://")
    no_flag = argparse.Namespace(lang=None)
    settings = UiSettings()
    monkeypatch.setattr(session_language, "system_language", lambda locale=None: "kk")
    assert gui_app.starting_translator(no_flag, ctx, settings).language == "kk"  # a Kazakh computer
    monkeypatch.setattr(session_language, "system_language", lambda locale=None: None)
    assert gui_app.starting_translator(no_flag, ctx, settings).language == "en"  # else English, and a choice
    settings.set(keys.UI_LANGUAGE, "ru")
    assert gui_app.starting_translator(no_flag, ctx, settings).language == "ru"  # chosen before: kept
    assert gui_app.starting_translator(argparse.Namespace(lang="en"), ctx, settings).language == "en"  # --lang
