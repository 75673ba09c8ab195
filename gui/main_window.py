"""The main window: navigation on the left, one screen at a time, menus, status bar below.

Screens come from ``gui.screens`` registrations; the window only arranges them, keeps
the UI state (``gui.settings``) and switches the language live.
"""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QApplication, QLabel, QListWidget, QListWidgetItem, QMainWindow, QMessageBox,
                               QSplitter)

from domain.permissions import Action, Role
from gui import settings as keys
from gui.dialogs import message_box
from gui.errors import show_error
from gui.events import AppEvents
from gui.jobs import JobRunner
from gui.screens import KeepsState, Refreshable, ScreenContext, screens
from gui.session.database_words import describe_database
from gui.settings import UiSettings
from gui.widgets.screen_stack import ScreenStack
from i18n import LANGUAGES, Translator
from i18n.translator import LANGUAGE_NAMES


NAVIGATION_MAX_MINIMUM = 200  # px: see _fit_navigation
NAVIGATION_SHARE = 5  # the navigation column opens at most at 1/5 of the window (longer titles elide)
WINDOW_SIZE = QSize(1280, 800)
TITLE_BAR = 40  # px the window manager adds above the window (not known before the window is shown)


def default_window_size() -> QSize:
    """1280x800, or less on a smaller screen: on 1366x768 a 800 px high window lost its status
    bar below the screen (seen under Xvfb). The offscreen platform's nominal 800x800 screen
    (tests, ``--screenshot``) describes no office, so it keeps the full size."""
    app = QGuiApplication.instance()
    screen = app.primaryScreen() if app is not None else None
    if screen is None or app.platformName() == "offscreen":
        return WINDOW_SIZE
    available = screen.availableGeometry().size() - QSize(0, TITLE_BAR)
    return WINDOW_SIZE.boundedTo(available)


class MainWindow(QMainWindow):
    def __init__(self, services, translator: Translator, database_label: str = "",
                 settings: UiSettings | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.services = services
        self.i18n = translator
        self.database_label = database_label  # a DatabasePlace (said in words) or a ready text
        self.session_end: str | None = None  # "sign_out" or "switch_user" once the worker asked for it
        self.settings = settings if settings is not None else UiSettings()
        self.events = AppEvents(self)
        self.jobs = JobRunner(self, cancel_text=lambda: self.i18n._("Cancel"),
                              translate=lambda message: self.i18n.gettext(message), events=self.events)
        self.jobs.job_failed.connect(self._on_jobs_job_failed)
        self.jobs.job_cancelled.connect(self._on_jobs_job_cancelled)
        self.context = ScreenContext(services, self.jobs, self.events, translator, self)
        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setMinimumWidth(120)
        # One line per title: the column is at least as wide as the longest title in the current
        # language (``_fit_navigation``); a narrower choice elides, and the tooltip has the whole title.
        self.navigation.setWordWrap(False)
        self.navigation.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setSpacing(2)
        self._navigation_width: int | None = None  # the worker's width, applied once the window has its size
        self._navigation_shown = False
        self.stack = ScreenStack(self)
        self.screens: list[tuple[str, object]] = []
        self._titles: dict[str, str] = {}
        for spec in screens():
            if spec.action is not None and not services.actor.can(spec.action):
                continue
            widget = spec.factory(self.context)
            widget.setObjectName(f"{spec.key}_screen")
            self.screens.append((spec.key, widget))
            self._titles[spec.key] = spec.title
            self.stack.addWidget(widget)
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.navigation.addItem(item)
            self.events.changes_applied.connect(widget.on_changes)
        self.registry = self.screen("registry")
        self.navigation.currentRowChanged.connect(self._on_navigation_current_row_changed)
        self.splitter = QSplitter(self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)  # a larger or smaller window changes the screen, not the column
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([240, 1040])
        self.setCentralWidget(self.splitter)
        self.database_status = QLabel(self)
        self.database_status.setObjectName("database_status")
        self.user_status = QLabel(self)
        self.user_status.setObjectName("user_status")
        self.statusBar().addPermanentWidget(self.user_status)
        self.statusBar().addPermanentWidget(self.database_status)
        self._build_actions()
        self._build_menus()
        self.events.language_changed.connect(self.retranslate_ui)
        self.resize(default_window_size())
        self.retranslate_ui(translator)
        from gui.session.window_session import WindowSession
        self.session = WindowSession(self)  # Account menu, help, idle lock, dropped registers
        self._restore_state()

    # --- actions and menus ---------------------------------------------------------
    def _action(self, name: str, shortcut=None, slot=None) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if slot is not None:
            action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work wherever the focus is
        return action

    def _build_actions(self) -> None:
        self.new_family_action = self._action("new_family_action", QKeySequence.StandardKey.New,
                                              self.new_family)
        self.new_family_action.setEnabled(self.services.actor.can(Action.EDIT_CASES))
        self.exit_action = self._action("exit_action", QKeySequence.StandardKey.Quit, self.close)
        self.find_action = self._action("find_action", QKeySequence.StandardKey.Find, self._on_find_triggered)
        self.refresh_action = self._action("refresh_action", "F5", self._on_refresh_triggered)
        self.about_action = self._action("about_action", None, self.show_about)
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for language in LANGUAGES:
            action = QAction(LANGUAGE_NAMES[language], self)
            action.setObjectName(f"language_{language}_action")
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, lang=language: self.set_language(Translator(lang)))
            self.language_group.addAction(action)
            self.language_actions[language] = action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.setObjectName("file_menu")
        self.file_menu.addAction(self.new_family_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.exit_action)
        self.view_menu = bar.addMenu("")
        self.view_menu.setObjectName("view_menu")
        self.view_menu.addAction(self.find_action)
        self.view_menu.addAction(self.refresh_action)
        self.view_menu.addSeparator()
        self.language_menu = self.view_menu.addMenu("")
        self.language_menu.setObjectName("language_menu")
        for action in self.language_actions.values():
            self.language_menu.addAction(action)
        self.help_menu = bar.addMenu("")
        self.help_menu.setObjectName("help_menu")
        self.help_menu.addAction(self.about_action)

    # --- screens --------------------------------------------------------------------
    def screen(self, key: str):
        for screen_key, widget in self.screens:
            if screen_key == key:
                return widget
        return None

    def show_screen(self, key: str) -> object | None:
        for row, (screen_key, widget) in enumerate(self.screens):
            if screen_key == key:
                self.navigation.setCurrentRow(row)
                return widget
        return None

    # --- language -------------------------------------------------------------------
    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        self.context.translator = translator
        _ = translator.gettext
        self.setWindowTitle(_("Qandas — kandas adaptation and integration centre"))
        self.file_menu.setTitle(_("&File"))
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.new_family_action.setText(_("&New family…"))
        self.exit_action.setText(_("E&xit"))
        self.find_action.setText(_("&Find"))
        self.refresh_action.setText(_("&Refresh"))
        self.about_action.setText(_("&About Qandas"))
        self.language_actions[translator.language].setChecked(True)
        for row, (key, widget) in enumerate(self.screens):
            self.navigation.item(row).setText(_(self._titles[key]))
            self.navigation.item(row).setToolTip(_(self._titles[key]))
            widget.retranslate_ui(translator)
        self._fit_navigation()
        self.database_status.setText(translator.format(
            "Database: {database}", database=describe_database(self.database_label, translator)))
        actor = self.services.actor
        self.user_status.setText(translator.format("User: {user}", user=actor.display_name or actor.login))

    def set_language(self, translator: Translator) -> None:
        """Switch every open screen and dialog to ``translator``'s language, live."""
        app = QApplication.instance()
        if app is not None:
            from gui.app import apply_language
            apply_language(app, translator)
        self.settings.set(keys.UI_LANGUAGE, translator.language)
        self.events.language_changed.emit(translator)

    def open_family(self, family_id: int):
        """Open the family's card (or raise the one already open) and return it."""
        from gui.family_card.family_card_window import open_family_card
        return open_family_card(self.context, family_id, self)

    def new_family(self):
        from gui.families.new_family_dialog import NewFamilyDialog
        dialog = NewFamilyDialog(self.context, parent=self)
        dialog.submitted.connect(self._on_new_family_saved)
        dialog.open_existing_requested.connect(self.open_family)
        dialog.show()
        return dialog

    def _on_new_family_saved(self, result) -> None:
        self.statusBar().showMessage(self.i18n.format("Family registered: case {case_number}.",
                                                      case_number=result.case_number), 8000)
        if self.registry is not None:
            self.registry.select_family(result.id)
        self.open_family(result.id)  # the worker goes on with the new case (issue 17)

    def show_about(self) -> None:
        _ = self.i18n.gettext
        box = message_box(self, self.i18n, QMessageBox.Icon.Information,
                          _("Qandas — case management for kandas adaptation and integration centres."),
                          informative=self.i18n.format(
                              "Database: {database}", database=describe_database(self.database_label, self.i18n)),
                          object_name="about_box")
        box.exec()

    # --- navigation column ------------------------------------------------------------
    def _fit_navigation(self) -> None:
        """Wide enough for the longest title in this language, so that no title wraps, up to
        ``NAVIGATION_MAX_MINIMUM``: a longer title (an administrator's screen in Kazakh) is elided,
        its tooltip whole, so that the screens keep their room at 1366x768 at 125 % (1093 px)."""
        metrics = self.navigation.fontMetrics()
        longest = max((metrics.horizontalAdvance(self.navigation.item(row).text())
                       for row in range(self.navigation.count())), default=0)
        frame = 2 * self.navigation.frameWidth() + 2 * self.navigation.spacing() + 24
        self._navigation_preferred = max(120, min(longest + frame, 320))
        self.navigation.setMinimumWidth(min(self._navigation_preferred, NAVIGATION_MAX_MINIMUM))

    def _apply_navigation_width(self, first_show: bool = False) -> None:
        """The worker's width, or at the first show without one every title whole where the
        screen on show leaves room (the splitter keeps the screen's minimum)."""
        wanted = self._navigation_width
        if wanted is None and first_show:
            wanted = getattr(self, "_navigation_preferred", None)
            if wanted is not None:  # a fifth of the window at most: at 1366x768 at 125 % the screens need the rest
                wanted = min(wanted, max(NAVIGATION_MAX_MINIMUM, self.width() // NAVIGATION_SHARE))
        if wanted is None:
            return
        width = max(wanted, self.navigation.minimumWidth())
        total = sum(self.splitter.sizes()) or self.splitter.width()
        self.splitter.setSizes([width, max(1, total - width)])

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._apply_navigation_width(first_show=not self._navigation_shown)  # the splitter's real width is known now
        self._navigation_shown = True
        self._navigation_width = None  # once: later shows keep whatever the worker dragged it to

    # --- state ------------------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.settings.get(keys.WINDOW_GEOMETRY)
        if geometry:
            self.restoreGeometry(QByteArray(geometry))
        splitter = self.settings.get(keys.MAIN_SPLITTER)
        if splitter:
            self.splitter.restoreState(QByteArray(splitter))
        width = self.settings.get(keys.NAVIGATION_WIDTH)
        self._navigation_width = int(width) if width.isdigit() else None
        self._apply_navigation_width()
        for _key, widget in self.screens:
            if isinstance(widget, KeepsState):
                widget.restore_state(self.settings)
        # A case worker's day starts with their due work ("My work"), whatever was open last time.
        start = "my_work" if self.services.actor.role == Role.CASE_WORKER else self.settings.get(keys.CURRENT_SCREEN)
        if self.show_screen(start) is None:
            self.navigation.setCurrentRow(0)

    def save_state(self) -> None:
        self.settings.set(keys.WINDOW_GEOMETRY, bytes(self.saveGeometry().data()))
        self.settings.set(keys.MAIN_SPLITTER, bytes(self.splitter.saveState().data()))
        self.settings.set(keys.NAVIGATION_WIDTH, str(self.splitter.sizes()[0]))
        row = self.navigation.currentRow()
        if 0 <= row < len(self.screens):
            self.settings.set(keys.CURRENT_SCREEN, self.screens[row][0])
        self.settings.set(keys.UI_LANGUAGE, self.i18n.language)
        for _key, widget in self.screens:
            if isinstance(widget, KeepsState):
                widget.save_state(self.settings)
        self.settings.sync()

    # --- slots --------------------------------------------------------------------------
    def _on_navigation_current_row_changed(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        if 0 <= row < len(self.screens):
            widget = self.screens[row][1]
            if isinstance(widget, Refreshable):
                widget.refresh()

    def _on_find_triggered(self) -> None:
        if self.registry is None:
            return
        self.show_screen("registry")
        self.registry.search_edit.setFocus()
        self.registry.search_edit.selectAll()

    def _on_refresh_triggered(self) -> None:
        widget = self.stack.currentWidget()
        if isinstance(widget, Refreshable):
            widget.refresh()

    def _on_jobs_job_failed(self, error: Exception, trace: str) -> None:
        show_error(self, error, self.i18n, trace, on_reload=self._on_refresh_triggered)

    def _on_jobs_job_cancelled(self) -> None:
        self.statusBar().showMessage(self.i18n._("Cancelled"), 5000)

    def end_session(self, kind: str) -> None:
        """Sign out or switch user: the window closes and the sign-in dialog comes back (``gui.app``)."""
        self.session_end = kind
        app = QApplication.instance()
        for top in app.topLevelWidgets() if app is not None else ():
            if top is not self and top.isVisible() and not top.isModal():
                top.close()  # the family cards and dialogs of this session (a dirty form may ask)
        self.close()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.save_state()
        self.session.shutdown()
        self.jobs.shutdown()
        super().closeEvent(event)
