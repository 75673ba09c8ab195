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

from i18n import LANGUAGES, Translator

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
    family = register_fonts()
    if family:
        app.setFont(QFont(family, 10))
    return app


def run_gui(args, ctx) -> int:
    """Open the main window on the database (or take screenshots and exit)."""
    if args.screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = ensure_application()
    from gui import settings as keys
    from gui.settings import UiSettings
    ui_settings = UiSettings()
    translator = ctx.tr
    saved = ui_settings.get(keys.UI_LANGUAGE)
    if not args.lang and not os.environ.get("QANDAS_LANG") and saved in LANGUAGES:
        translator = Translator(saved)  # the language the user chose last time
    apply_language(app, translator)
    if getattr(ctx, "profile", None) is not None and not args.screenshot:  # the centre's shared register
        from gui.admin.hosted_sign_in import sign_in_hosted
        services = sign_in_hosted(ctx.profile, translator)
    else:
        services = ctx.services()
        from gui.admin.sign_in import sign_in
        services = sign_in(services, translator, services.info.location(), bool(args.screenshot))
    if services is None:
        return 0
    from gui.main_window import MainWindow
    if args.screenshot:
        from gui.screenshots import take_screenshots
        return take_screenshots(services, translator, args.screenshot)
    window = MainWindow(services, translator, database_label=services.info.location(),
                        settings=ui_settings)
    from gui.errors import install_excepthook
    install_excepthook(window, lambda: window.i18n)
    window.show()
    return app.exec()
