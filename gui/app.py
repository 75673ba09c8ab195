"""QApplication setup: fonts we ship, Qt's own translations, error hook, the main window."""
from __future__ import annotations

import logging
import os
import sys
from importlib import resources

# The layers below are loaded before PySide6 on purpose: PySide6 installs an import hook that
# reads the source of every module imported after it (looking for ``from __feature__``), and
# SQLAlchemy, Alembic and our services are about 800 modules — 0.1 s of every start.
import services as _non_qt_layers  # noqa: F401,E402  (isort: skip)
from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from gui import main_thread_gc
from gui.qt_import_hook import speed_up_pyside_import_hook
from i18n import Translator

speed_up_pyside_import_hook()  # before the window's ~400 modules are imported

log = logging.getLogger(__name__)
_QT_LOCALES = {"kk": QLocale(QLocale.Language.Kazakh, QLocale.Country.Kazakhstan),
               "ru": QLocale(QLocale.Language.Russian, QLocale.Country.Kazakhstan),
               "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)}


def register_fonts() -> str:
    """Register the shipped DejaVu Sans so Kazakh letters render without system fonts."""
    family = ""
    folder = resources.files("reports").joinpath("fonts")
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        with resources.as_file(folder.joinpath(name)) as path:
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0 and not family:
                family = QFontDatabase.applicationFontFamilies(font_id)[0]
    return family


def apply_language(app: QApplication, translator: Translator) -> None:
    """Qt's own strings (qtbase_ru) and the locale for date editors and numbers."""
    QLocale.setDefault(_QT_LOCALES[translator.language])
    old = getattr(app, "_qandas_qt_translator", None)
    if old is not None:
        app.removeTranslator(old)
        app._qandas_qt_translator = None
    if translator.language == "ru":
        qt_translator = QTranslator(app)
        if qt_translator.load("qtbase_ru", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt_translator)
            app._qandas_qt_translator = qt_translator
    elif translator.language == "kk":
        # Qt ships no qtbase_kk.qm: answer Qt's own strings from our catalogue instead.
        from gui.dialogs import QtCatalogueTranslator
        qt_translator = QtCatalogueTranslator(translator, app)
        app.installTranslator(qt_translator)
        app._qandas_qt_translator = qt_translator


def ensure_application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("Qandas")
        app.setOrganizationName("Qandas")
    main_thread_gc.install(app)  # before any job starts a worker thread
    family = register_fonts()
    if family:
        app.setFont(QFont(family, 10))
    return app


def starting_translator(args, ctx, ui_settings) -> Translator:
    """--lang or QANDAS_LANG, else the language chosen last time, else the computer's (kk, ru); else English,
    and the first dialog offers the choice."""
    if args.lang or os.environ.get("QANDAS_LANG"):
        return ctx.tr
    from gui import settings as keys
    from gui.session.language import initial_language
    language = initial_language(ui_settings.get(keys.UI_LANGUAGE))
    return Translator(language) if language else ctx.tr


def _run_hosted(app, ctx, translator: Translator, ui_settings) -> int:
    """The centre's shared register: its own sign-in connects with the user's credentials
    (``gui.admin.hosted_sign_in``, which records the sign-out when the window's loop ends)."""
    from gui.admin.hosted_sign_in import sign_in_hosted
    from gui.errors import install_excepthook
    from gui.main_window import MainWindow
    from services.info import DatabasePlace
    profile = ctx.profile
    place = DatabasePlace("server", profile.database, f"{profile.host}:{profile.port}")
    while True:
        services = sign_in_hosted(profile, translator)
        if services is None:
            return 0
        window = MainWindow(services, translator, database_label=place, settings=ui_settings)
        install_excepthook(window, lambda window=window: window.i18n)
        window.show()
        code = app.exec()
        try:  # the sign-out of this session is recorded; the next session connects its own
            app.aboutToQuit.disconnect()
        except (RuntimeError, TypeError):
            pass
        ending, translator = window.session_end, window.i18n
        window.deleteLater()
        if ending is None:
            return code


def run_gui(args, ctx) -> int:
    """Open the main window on the database (or take screenshots and exit).

    Signing out or switching user closes the window and asks again; quitting ends the loop."""
    if args.screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if args.screenshot and getattr(args, "scale", None):  # read once, when the application starts
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    app = ensure_application()
    from gui.settings import UiSettings
    ui_settings = UiSettings()
    translator = starting_translator(args, ctx, ui_settings)
    apply_language(app, translator)
    if getattr(ctx, "profile", None) is not None and not args.screenshot:  # the centre's shared register
        return _run_hosted(app, ctx, translator, ui_settings)
    from gui.admin.register_encryption_panel import unlock_at_start
    if not unlock_at_start(ctx.db_url, translator):  # an encrypted register: its passphrase first
        return 0
    services = ctx.services()
    place = services.info.place()
    if args.screenshot:
        from gui.admin.sign_in import sign_in
        from gui.screenshots import take_screenshots
        from gui.screenshots import parse_size
        return take_screenshots(sign_in(services, translator, screenshot=True), translator, args.screenshot,
                                size=parse_size(getattr(args, "size", None)))
    from gui.admin.sign_in import record_logout, sign_in_session
    from gui.errors import install_excepthook
    from gui.main_window import MainWindow
    remember_login = True
    while True:
        session = sign_in_session(services, translator, place, ui_settings, remember_login=remember_login)
        if session is None:
            return 0
        window = MainWindow(session.services, session.translator, database_label=place, settings=ui_settings)
        install_excepthook(window, lambda window=window: window.i18n)
        window.show()
        code = app.exec()
        record_logout(session.services)
        ending = window.session_end
        translator = window.i18n
        window.deleteLater()
        if ending is None:
            return code
        remember_login = ending != "switch_user"
