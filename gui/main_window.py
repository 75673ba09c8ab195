"""The main window: navigation on the left, one screen at a time, status bar below."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QMainWindow, QSplitter, QStackedWidget

from gui.errors import show_error
from gui.events import AppEvents
from gui.jobs import JobRunner
from gui.screens import ScreenContext, screens
from i18n import Translator


class MainWindow(QMainWindow):
    def __init__(self, services, translator: Translator, database_label: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.services = services
        self.i18n = translator
        self.database_label = database_label
        self.events = AppEvents(self)
        self.jobs = JobRunner(self, cancel_text=lambda: self.i18n._("Cancel"))
        self.jobs.job_failed.connect(self._on_jobs_job_failed)
        self.jobs.job_cancelled.connect(self._on_jobs_job_cancelled)
        self.context = ScreenContext(services, self.jobs, self.events, translator, self)
        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.stack = QStackedWidget(self)
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
        splitter = QSplitter(self)
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 1000])
        self.setCentralWidget(splitter)
        self.database_status = QLabel(self)
        self.user_status = QLabel(self)
        self.statusBar().addPermanentWidget(self.user_status)
        self.statusBar().addPermanentWidget(self.database_status)
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._on_find_triggered)
        self.refresh_action = QAction(self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self._on_refresh_triggered)
        self.addAction(self.find_action)
        self.addAction(self.refresh_action)
        self.events.language_changed.connect(self.retranslate_ui)
        self.resize(1200, 760)
        self.retranslate_ui(translator)
        self.navigation.setCurrentRow(0)

    def screen(self, key: str):
        for screen_key, widget in self.screens:
            if screen_key == key:
                return widget
        return None

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        self.context.translator = translator
        _ = translator.gettext
        self.setWindowTitle(_("Qandas — kandas adaptation and integration centre"))
        for row, (key, widget) in enumerate(self.screens):
            self.navigation.item(row).setText(_(self._titles[key]))
            widget.retranslate_ui(translator)
        self.database_status.setText(translator.format("Database: {database}", database=self.database_label))
        actor = self.services.actor
        self.user_status.setText(translator.format("User: {user}", user=actor.display_name or actor.login))

    def set_language(self, translator: Translator) -> None:
        self.events.language_changed.emit(translator)

    def open_family(self, family_id: int):
        """Open the family's card (or raise the one already open) and return it."""
        from gui.family_card.family_card_window import open_family_card
        return open_family_card(self.context, family_id, self)

    def _on_navigation_current_row_changed(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        if 0 <= row < len(self.screens):
            widget = self.screens[row][1]
            if hasattr(widget, "refresh"):
                widget.refresh()

    def _on_find_triggered(self) -> None:
        self.navigation.setCurrentRow(0)
        self.registry.search_edit.setFocus()
        self.registry.search_edit.selectAll()

    def _on_refresh_triggered(self) -> None:
        widget = self.stack.currentWidget()
        if hasattr(widget, "refresh"):
            widget.refresh()

    def _on_jobs_job_failed(self, error: Exception, trace: str) -> None:
        show_error(self, error, self.i18n, trace)

    def _on_jobs_job_cancelled(self) -> None:
        self.statusBar().showMessage(self.i18n._("Cancelled"), 5000)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.jobs.shutdown()
        super().closeEvent(event)
