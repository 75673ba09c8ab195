"""The main window: navigation on the left, one screen at a time, status bar below."""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QMainWindow, QSplitter, QStackedWidget

from gui.errors import show_error
from gui.events import AppEvents
from gui.jobs import JobRunner
from gui.registry.registry_view import RegistryView
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
        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setMaximumWidth(220)
        self.stack = QStackedWidget(self)
        self.registry = RegistryView(services, self.jobs, translator, self)
        self.screens = [("registry", self.registry)]
        for key, widget in self.screens:
            self.stack.addWidget(widget)
            item = QListWidgetItem()
            item.setData(256, key)
            self.navigation.addItem(item)
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.navigation.setCurrentRow(0)
        splitter = QSplitter(self)
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
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
        self.refresh_action.triggered.connect(self.registry.refresh)
        self.addAction(self.find_action)
        self.addAction(self.refresh_action)
        self.events.changes_applied.connect(self.registry.on_changes)
        self.events.language_changed.connect(self.retranslate_ui)
        self.resize(1200, 760)
        self.retranslate_ui(translator)
        self.registry.refresh()

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator.gettext
        self.setWindowTitle(_("Qandas — kandas adaptation and integration centre"))
        titles = {"registry": _("Registry")}
        for row, (key, widget) in enumerate(self.screens):
            self.navigation.item(row).setText(titles[key])
            if widget is not self.registry:
                widget.retranslate_ui(translator)
        self.registry.retranslate_ui(translator)
        self.database_status.setText(translator.format("Database: {database}", database=self.database_label))
        actor = self.services.actor
        self.user_status.setText(translator.format("User: {user}", user=actor.display_name or actor.login))

    def set_language(self, translator: Translator) -> None:
        self.events.language_changed.emit(translator)

    def _on_find_triggered(self) -> None:
        self.navigation.setCurrentRow(0)
        self.registry.search_edit.setFocus()
        self.registry.search_edit.selectAll()

    def _on_jobs_job_failed(self, error: Exception, trace: str) -> None:
        show_error(self, error, self.i18n, trace)

    def _on_jobs_job_cancelled(self) -> None:
        self.statusBar().showMessage(self.i18n._("Cancelled"), 5000)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.jobs.shutdown()
        super().closeEvent(event)
