"""The ministry exports: kind, year or month, language, "Save as…" → a job with progress."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QProgressBar, \
    QPushButton, QRadioButton, QSpinBox

from domain.messages import N_
from gui.widgets.language_combo import language_combo
from i18n import Translator
from services.reporting import EXPORT_KINDS

KIND_LABELS = {"register": N_("Register of kandas"), "quota": N_("Regional quota"),
               "employment": N_("Employment"), "education": N_("Education quota"),
               "payments": N_("Subsidy payments")}


class ExportsPanel(QGroupBox):
    export_finished = Signal(str, int)  # path, rows

    def __init__(self, services, jobs, translator: Translator, dialogs, today: dt.date, parent=None) -> None:
        super().__init__(parent)
        self.services, self.jobs, self.dialogs, self.i18n = services, jobs, dialogs, translator
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("export_kind_edit")
        for kind in EXPORT_KINDS:
            self.kind_combo.addItem(kind, kind)
        self.all_radio = QRadioButton(self)
        self.all_radio.setObjectName("export_all_edit")
        self.year_radio = QRadioButton(self)
        self.year_radio.setObjectName("export_by_year_edit")
        self.month_radio = QRadioButton(self)
        self.month_radio.setObjectName("export_by_month_edit")
        self.year_radio.setChecked(True)
        self.year_radio.toggled.connect(self.year_spin_enable)
        self.month_radio.toggled.connect(self.month_edit_enable)
        self.year_spin = QSpinBox(self)
        self.year_spin.setObjectName("export_year_edit")
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(today.year)
        self.month_edit = QDateEdit(QDate(today.year, today.month, 1), self)
        self.month_edit.setObjectName("export_month_edit")
        self.month_edit.setDisplayFormat("MM.yyyy")
        self.language_combo = language_combo(self, "export_language_edit", translator)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("export_save_button")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("export_cancel_button")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("export_progress")
        self.progress_bar.setVisible(False)
        self.job = None
        self.result_label = QLabel(self)
        self.result_label.setObjectName("export_result_label")
        self.result_label.setWordWrap(True)
        self.month_edit.setEnabled(False)
        period = QHBoxLayout()
        for widget in (self.all_radio, self.year_radio, self.year_spin, self.month_radio, self.month_edit):
            period.addWidget(widget)
        period.addStretch(1)
        self.kind_label, self.period_label, self.language_label = QLabel(self), QLabel(self), QLabel(self)
        form = QFormLayout(self)
        form.addRow(self.kind_label, self.kind_combo)
        form.addRow(self.period_label, period)
        form.addRow(self.language_label, self.language_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button, 1)
        buttons.addWidget(self.cancel_button)
        form.addRow("", buttons)
        form.addRow(self.progress_bar)
        form.addRow(self.result_label)
        self.retranslate_ui(translator)

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator.gettext
        self.setTitle(_("Ministry Excel exports"))
        for index, kind in enumerate(EXPORT_KINDS):
            self.kind_combo.setItemText(index, _(KIND_LABELS[kind]))
        self.kind_label.setText(_("Form"))
        self.period_label.setText(_("Period"))
        self.language_label.setText(_("Language of the file"))
        self.all_radio.setText(_("All records"))
        self.year_radio.setText(_("Year"))
        self.month_radio.setText(_("Month"))
        self.save_button.setText(_("Save as…"))
        self.cancel_button.setText(_("Cancel"))

    def year_spin_enable(self, checked: bool) -> None:
        self.year_spin.setEnabled(checked)

    def month_edit_enable(self, checked: bool) -> None:
        self.month_edit.setEnabled(checked)

    def request(self) -> tuple[str, int | None, dt.date | None, str]:
        kind = self.kind_combo.currentData()
        year = self.year_spin.value() if self.year_radio.isChecked() else None
        date = self.month_edit.date()
        month = dt.date(date.year(), date.month(), 1) if self.month_radio.isChecked() else None
        return kind, year, month, self.language_combo.currentData()

    def suggested_name(self) -> str:
        kind, year, month, language = self.request()
        period = month.strftime("%Y-%m") if month else (str(year) if year else "all")
        return f"{kind}_{period}_{language}.xlsx"

    def _on_save_clicked(self) -> None:
        tr = self.i18n
        path = self.dialogs.save_path(self, tr._("Save the Excel file"), self.suggested_name(),
                                      tr._("Excel workbook (*.xlsx)"))
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.start_export(path)

    def start_export(self, path: str):
        from reports.ministry_export import export_ministry_xlsx
        kind, year, month, language = self.request()
        services = self.services

        def work(progress):
            return export_ministry_xlsx(services, kind, path, Translator(language), year=year, month=month,
                                        progress=progress)

        def done(rows: int) -> None:
            self.result_label.setText(self.i18n.ngettext("Saved {path} ({rows} row).", "Saved {path} ({rows} rows).",
                                                         rows).format(path=Path(path).name,
                                                                      rows=self.i18n.format_number(rows)))
            self.export_finished.emit(path, rows)

        self.result_label.setText(self.i18n._("Exporting to Excel…"))
        self.job = self.jobs.run(work, on_success=done, on_failure=self._on_failed, label="", parent_widget=self)
        self.job.finished.connect(self._on_finished)
        self._set_busy(True)
        self.job.show_in(self.progress_bar, self.result_label, self.i18n.gettext)
        return self.job

    def _set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.cancel_button.setVisible(busy)
        self.progress_bar.setVisible(busy)
        self.progress_bar.setRange(0, 0)

    def _on_cancel_clicked(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _on_failed(self, error: Exception) -> None:
        from domain.errors import DomainError
        text = self.i18n.error(error) if isinstance(error, DomainError) else str(error)
        self.result_label.setText(self.i18n.format("The export failed: {detail}", detail=text))

    def _on_finished(self) -> None:
        if self.job is not None and self.job.outcome == "cancelled":
            self.result_label.setText(self.i18n._("Cancelled"))
        self.job = None
        self._set_busy(False)
