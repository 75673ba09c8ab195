"""Pictures of the session screens for review: the sign-in dialog, the lock screen over a window with
an open form, and Help (guide and shortcuts), at 1280×800 in kk, ru and en.

``python -m gui.session.session_screenshots --db FILE DIR`` (offscreen); the database needs a user
"boss" with password "boss-password" or gets one.
"""
from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

SIZE = (1280, 800)


def take_session_screenshots(services, folder: str | Path) -> list[Path]:
    from PySide6.QtWidgets import QDialog

    from domain.permissions import Role
    from gui.admin.login_dialog import LoginDialog
    from gui.app import apply_language, ensure_application
    from gui.main_window import MainWindow
    from gui.screenshots import _ready, settle
    from gui.settings import UiSettings
    from i18n import Translator
    app = ensure_application()
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    if not any(user.login == "boss" for user in services.users.list_users()):
        services.users.create("boss", Role.ADMINISTRATOR, "boss-password", "Әсел Нұрова")
    boss = services.for_actor(services.users.authenticate("boss", "boss-password"))
    paths: list[Path] = []
    for language in ("kk", "ru", "en"):
        translator = Translator(language)
        apply_language(app, translator)
        login = LoginDialog(services, translator, services.info.place(), last_login="boss")
        login.show()
        settle(100)
        paths.append(_grab(login, target / f"sign_in_{language}.png"))
        login.close()
        with tempfile.TemporaryDirectory() as config:
            window = MainWindow(boss, translator, database_label=services.info.place(), settings=UiSettings(config))
            window.resize(*SIZE)
            window.show()
            _ready(window, 300)
            window.session.guide_action.trigger()
            guide = window.findChild(QDialog, "guide_dialog")
            settle(100)
            paths.append(_grab(guide, target / f"help_guide_{language}.png"))
            guide.close()
            shortcuts = window.session.show_shortcuts()
            settle(100)
            paths.append(_grab(shortcuts, target / f"help_shortcuts_{language}.png"))
            shortcuts.close()
            form = window.new_family()
            form.address.setText("Павлодар")
            settle(100)
            window.session.idle_lock.lock()
            settle(150)
            paths.append(_grab(window, target / f"lock_{language}.png"))
            paths.append(_grab(form, target / f"lock_form_{language}.png"))
            window.session.idle_lock.unlock_with("boss-password")
            form.close_without_asking()  # the typed address is only for the picture
            window.close()
            window.deleteLater()
            settle(50)
    return paths


def _grab(widget, path: Path) -> Path:
    widget.grab().save(str(path))
    return path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("folder")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(args.db)
    try:
        for path in take_session_screenshots(AppServices(engine), args.folder):
            print(path)
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
