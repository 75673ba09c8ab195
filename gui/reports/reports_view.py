"""The Reports screen: the monthly report (language chosen per report) with a print preview,
Open, Print and Save as…, and the ministry Excel exports below it.

Generation runs as a job (progress bar, Cancel); the PDF goes to a private temporary folder
first and is copied where the user wants it with "Save as…".
"""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDateEdit, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QProgressBar, \
    QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget

from domain.messages import N_
from domain.permissions import Action
from gui.jobs import Latest
from gui.reports.dialogs import ReportDialogs
from gui.reports.exports_panel import ExportsPanel
from gui.widgets.language_combo import language_combo
from i18n import Translator

PREVIEW_WIDTH = 620


class ReportsView(QWidget):
    report_ready = Signal(str, int)  # pdf path, pages

    def __init__(self, services, jobs, translator: Translator, dialogs: ReportDialogs | None = None,
                 parent=None) -> None:
        super().__init__(parent)
        self.services, self.jobs, self.i18n = services, jobs, translator
        self.dialogs = dialogs or ReportDialogs()
        self._folder = tempfile.TemporaryDirectory(prefix="qandas-report-")
        self._latest = Latest()
        self.pdf_path: str | None = None
        self.page_images: list[str] = []
        self.job = None
        today = services.ctx.today()
        previous = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        self.month_edit = QDateEdit(QDate(previous.year, previous.month, 1), self)
        self.month_edit.setObjectName("month_edit")
        self.month_edit.setDisplayFormat("MM.yyyy")
        self.month_edit.setMaximumDate(QDate(today.year, today.month, 1))
        self.language_combo = language_combo(self, "report_language_edit", translator)
        self.generate_button = QPushButton(self)
        self.generate_button.setObjectName("generate_button")
        self.generate_button.clicked.connect(self.generate)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        # a supervisor approves a finished month: its report is stored and nothing dated in it can change
        self.approve_button = QPushButton(self)
        self.approve_button.setObjectName("approve_month_button")
        self.approve_button.setVisible(services.actor.can(Action.APPROVE_MONTHS))
        self.approve_button.clicked.connect(self._on_approve_clicked)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("report_progress")
        self.progress_bar.setVisible(False)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("report_status_label")
        self.status_label.setWordWrap(True)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("open_button")
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("print_button")
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save_report_button")
        for button, slot in ((self.open_button, self._on_open_clicked), (self.print_button, self._on_print_clicked),
                             (self.save_button, self._on_save_clicked)):
            button.setEnabled(False)
            button.clicked.connect(slot)

        self.monthly_box = QGroupBox(self)
        self.month_label, self.language_label = QLabel(self), QLabel(self)
        form = QFormLayout()
        form.addRow(self.month_label, self.month_edit)
        form.addRow(self.language_label, self.language_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.approve_button)
        file_buttons = QHBoxLayout()
        for button in (self.open_button, self.print_button, self.save_button):
            file_buttons.addWidget(button)
        box_layout = QVBoxLayout(self.monthly_box)
        box_layout.addLayout(form)
        box_layout.addLayout(buttons)
        box_layout.addWidget(self.progress_bar)
        box_layout.addWidget(self.status_label)
        box_layout.addLayout(file_buttons)
        self.exports = ExportsPanel(services, jobs, translator, self.dialogs, today, self)
        self.exports.setEnabled(services.actor.can(Action.EXPORT))
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.monthly_box)
        left_layout.addWidget(self.exports)
        left_layout.addStretch(1)

        self.preview = QWidget()
        self.preview.setObjectName("preview_pages")
        self.preview_layout = QVBoxLayout(self.preview)
        self.preview_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview_hint = QLabel(self.preview)
        self.preview_hint.setObjectName("preview_hint")
        self.preview_hint.setWordWrap(True)
        self.preview_layout.addWidget(self.preview_hint)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("preview_area")
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.preview)
        self.scroll.setStyleSheet("QScrollArea#preview_area { background: #8a8f94; }")
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self.scroll)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.retranslate_ui(translator)

    # --- texts -------------------------------------------------------------------------------
    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator.gettext
        self.monthly_box.setTitle(_("Monthly report"))
        self.month_label.setText(_("Month"))
        self.language_label.setText(_("Language of the report"))
        self.generate_button.setText(_("Generate"))
        self.cancel_button.setText(_("Cancel"))
        self.approve_button.setText(_("Approve and close the month…"))
        self.open_button.setText(_("Open"))
        self.print_button.setText(_("Print…"))
        self.save_button.setText(_("Save as…"))
        if not self.page_images:
            self.preview_hint.setText(_("Choose the month and the language, then press Generate to see the "
                                        "report here."))
        self.exports.retranslate_ui(translator)

    def report_language(self) -> str:
        return self.language_combo.currentData()

    def report_month(self) -> dt.date:
        date = self.month_edit.date()
        return dt.date(date.year(), date.month(), 1)

    # --- generating ----------------------------------------------------------------------------
    def generate(self):
        from reports.monthly_report import export_monthly_report
        from reports.pdf_preview import render_pages
        generation = self._latest.next()
        month, language, services = self.report_month(), self.report_language(), self.services
        folder = Path(self._folder.name) / f"run-{generation}"
        pdf = folder / f"monthly_{month:%Y-%m}_{language}.pdf"

        def work(progress):
            folder.mkdir(parents=True, exist_ok=True)
            pages = export_monthly_report(services, month, pdf, Translator(language), progress)
            try:
                images = [str(p) for p in render_pages(pdf, folder / "pages", progress=progress)]
            except Exception:  # noqa: BLE001 - the PDF is there even when the preview cannot be drawn
                images = []
            return str(pdf), pages, images

        self._set_busy(True)
        self.status_label.setText(self.i18n._("Preparing the report…"))
        self.job = self.jobs.run(work, on_success=lambda result: self._on_generated(generation, result),
                                 on_failure=self._on_failed, label="", parent_widget=self)
        self.job.finished.connect(lambda: self._set_busy(False))
        self.job.show_in(self.progress_bar, self.status_label, self.i18n.gettext)
        return self.job

    def _on_approve_clicked(self):
        from reports.month_approval import approve_month
        month, language, services = self.report_month(), self.report_language(), self.services
        tr = self.i18n
        if not self.dialogs.confirm(self, tr._("Approve the month"), tr.format(
                "Approve the report of {month} and close the month? Afterwards no payment, status or quota "
                "inclusion dated in it can be recorded, and the report always prints as approved.",
                month=tr.format_month(month))):
            return None

        def work(_progress):
            return approve_month(services, month, Translator(language))

        def done(closed) -> None:
            self.status_label.setText(tr.format("The month {month} is approved and closed.",
                                                month=tr.format_month(closed.month)))
            self.generate()  # show the stored report

        self._set_busy(True)
        self.job = self.jobs.run(work, on_success=done, on_failure=self._on_failed, label="", parent_widget=self)
        self.job.finished.connect(lambda: self._set_busy(False))
        return self.job

    def _set_busy(self, busy: bool) -> None:
        self.generate_button.setEnabled(not busy)
        self.approve_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.progress_bar.setVisible(busy)
        self.progress_bar.setRange(0, 0)
        if not busy:
            if self.job is not None and self.job.outcome == "cancelled":
                self.status_label.setText(self.i18n._("Cancelled"))
            self.job = None

    def _on_cancel_clicked(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _on_failed(self, error: Exception) -> None:
        from domain.errors import DomainError
        if isinstance(error, DomainError):
            self.status_label.setText(self.i18n.error(error))
        else:
            self.status_label.setText(self.i18n.format("The report could not be made: {detail}", detail=str(error)))

    def _on_generated(self, generation: int, result) -> None:
        if not self._latest.is_current(generation):
            return
        self.pdf_path, pages, self.page_images = result
        self.status_label.setText(self.i18n.ngettext("The report is ready: {count} page.",
                                                     "The report is ready: {count} pages.", pages).format(count=pages))
        self._show_pages()
        for button in (self.open_button, self.save_button):
            button.setEnabled(True)
        self.print_button.setEnabled(bool(self.page_images))
        self.report_ready.emit(self.pdf_path, pages)

    def _show_pages(self) -> None:
        while self.preview_layout.count() > 1:
            item = self.preview_layout.takeAt(1)
            if item.widget() is not None:
                item.widget().deleteLater()
        if not self.page_images:
            self.preview_hint.setText(self.i18n._("No preview can be drawn on this computer; use Open to see "
                                                  "the PDF."))
            return
        self.preview_hint.setText("")
        for path in self.page_images:
            label = QLabel(self.preview)
            label.setObjectName("preview_page")
            pixmap = QPixmap(path).scaledToWidth(PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation)
            label.setPixmap(pixmap)
            label.setFixedSize(pixmap.size())  # a page keeps its proportions; the area scrolls
            label.setStyleSheet("background: white; border: 1px solid #555;")
            self.preview_layout.addWidget(label)

    # --- the finished file -------------------------------------------------------------------------
    def _on_open_clicked(self) -> None:
        if self.pdf_path:
            self.dialogs.open_file(self.pdf_path)

    def _on_print_clicked(self) -> None:
        if self.page_images:
            self.dialogs.print_pages(self, self.page_images, Path(self.pdf_path or "").name)

    def _on_save_clicked(self) -> None:
        if not self.pdf_path:
            return
        tr = self.i18n
        target = self.dialogs.save_path(self, tr._("Save the report"), Path(self.pdf_path).name,
                                        tr._("PDF document (*.pdf)"))
        if not target:
            return
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        from reports.atomic import atomic_path
        with atomic_path(target) as temp:
            shutil.copyfile(self.pdf_path, temp)
        self.status_label.setText(tr.format("Saved {path}.", path=target))

    def refresh(self) -> None:
        """Nothing to reload: reports are made on request."""

    def on_changes(self, changes, initiator) -> None:
        """A report shows the figures of the moment it was made; it is not redrawn behind the user's back."""

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._folder.cleanup()
        super().closeEvent(event)


def _create(ctx) -> ReportsView:
    return ReportsView(ctx.services, ctx.jobs, ctx.translator)


def _register() -> None:
    from gui.screens import ScreenSpec, register_screen
    register_screen(ScreenSpec("reports", N_("Reports"), _create, order=80, action=Action.VIEW_REPORTS))


_register()
