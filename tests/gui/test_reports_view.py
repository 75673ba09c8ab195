"""The Reports screen with qtbot on real services: generate with a preview, cancel, save, export."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QDate

from domain.permissions import Actor, Role
from gui.jobs import JobRunner
from gui.reports.reports_view import ReportsView
from i18n import Translator
from tests import reporting_data

pytestmark = pytest.mark.gui


class FakeDialogs:
    """Stands in for the file dialog, the desktop and the printer (outside the process)."""

    def __init__(self, save_to: Path | None = None) -> None:
        self.save_to = save_to
        self.opened: list[str] = []
        self.printed: list[list[str]] = []

    def save_path(self, parent, caption, suggested, file_filter):
        return str(self.save_to) if self.save_to else None

    def open_file(self, path):
        self.opened.append(path)
        return True

    def print_pages(self, parent, pages, title):
        self.printed.append(list(pages))
        return True

    def confirm(self, parent, title, text):
        self.confirmed = text
        return True


@pytest.fixture
def view(qtbot, services, engine, clock, filled_templates, tmp_path):
    from gui.app import ensure_application, register_fonts
    ensure_application()
    register_fonts()
    filled_templates.restore(engine, ("reporting_data.fill", 25),
                             lambda engine, services: reporting_data.fill(engine, services, families=25), clock.now)
    jobs = JobRunner()
    dialogs = FakeDialogs(tmp_path / "saved")
    widget = ReportsView(services, jobs, Translator("en"), dialogs)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    jobs.shutdown()


def test_generate_shows_the_pages_and_enables_open_print_and_save(qtbot, view, tmp_path):
    view.month_edit.setDate(QDate(2026, 11, 1))
    view.language_combo.setCurrentIndex(view.language_combo.findData("kk"))
    with qtbot.waitSignal(view.report_ready, timeout=60000) as ready:
        view.generate()
    path, pages = ready.args
    assert Path(path).exists() and "_kk" in Path(path).name
    assert len(view.page_images) == pages
    assert len(view.preview.findChildren(type(view.preview_hint), "preview_page")) == pages
    assert view.open_button.isEnabled() and view.print_button.isEnabled()
    view.open_button.click()
    assert view.dialogs.opened == [path]
    view.print_button.click()
    assert view.dialogs.printed == [view.page_images]
    view.dialogs.save_to = tmp_path / "report"
    view.save_button.click()
    assert (tmp_path / "report.pdf").read_bytes() == Path(path).read_bytes()


def test_cancel_stops_the_report(qtbot, view):
    view.month_edit.setDate(QDate(2026, 11, 1))
    job = view.generate()
    assert view.cancel_button.isEnabled() and not view.generate_button.isEnabled()
    view.cancel_button.click()
    with qtbot.waitSignal(job.finished, timeout=60000):
        pass
    qtbot.waitUntil(lambda: view.generate_button.isEnabled(), timeout=5000)
    assert job.outcome in ("cancelled", "succeeded")  # a report may finish before the click lands
    if job.outcome == "cancelled":
        assert view.status_label.text() == "Cancelled"
        assert not view.page_images


def test_the_screen_follows_the_window_language(view):
    view.retranslate_ui(Translator("kk"))
    assert view.generate_button.text() == "Құру"
    assert view.exports.title() == "Министрлікке арналған Excel нысандары"
    view.retranslate_ui(Translator("ru"))
    assert view.monthly_box.title() == "Ежемесячный отчёт"
    assert view.exports.kind_combo.itemText(0) == "Реестр кандасов"


def test_exports_panel_saves_a_workbook_in_the_chosen_language(qtbot, view, tmp_path):
    panel = view.exports
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData("payments"))
    panel.month_radio.setChecked(True)
    panel.month_edit.setDate(QDate(2026, 11, 1))
    panel.language_combo.setCurrentIndex(panel.language_combo.findData("kk"))
    assert panel.suggested_name() == "payments_2026-11_kk.xlsx"
    view.dialogs.save_to = tmp_path / "payments"
    with qtbot.waitSignal(panel.export_finished, timeout=60000) as finished:
        panel.save_button.click()
    path, rows = finished.args
    assert path.endswith("payments.xlsx") and rows == 3
    ws = openpyxl.load_workbook(path).active
    assert ws.title == "Төлемдер" and ws["A3"].value.startswith("Кезең: ")
    assert "3" in panel.result_label.text()


def test_a_user_without_the_export_right_sees_the_panel_disabled(qtbot, services):
    from gui.app import ensure_application
    ensure_application()
    reader = services.for_actor(Actor(3, "reader", Role.READ_ONLY))
    jobs = JobRunner()
    widget = ReportsView(reader, jobs, Translator("en"), FakeDialogs())
    qtbot.addWidget(widget)
    assert not widget.exports.isEnabled() and widget.generate_button.isEnabled()
    jobs.shutdown()


def test_default_month_is_the_last_complete_month(qtbot, services):
    from gui.app import ensure_application
    ensure_application()
    jobs = JobRunner()
    widget = ReportsView(services, jobs, Translator("en"), FakeDialogs())
    qtbot.addWidget(widget)
    assert widget.report_month() == dt.date(2026, 10, 1)  # the clock says 25 Nov 2026
    jobs.shutdown()


def test_printing_puts_every_page_image_on_its_own_sheet(qtbot, view, tmp_path):
    from PySide6.QtPrintSupport import QPrinter
    from pypdf import PdfReader
    from gui.reports.dialogs import print_images
    view.month_edit.setDate(QDate(2026, 11, 1))
    with qtbot.waitSignal(view.report_ready, timeout=60000):
        view.generate()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a file stands in for the printer
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    print_images(printer, view.page_images)
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == len(view.page_images)


def test_an_export_can_be_cancelled_and_then_leaves_no_file(qtbot, view, tmp_path):
    panel = view.exports
    panel.all_radio.setChecked(True)
    target = tmp_path / "register.xlsx"
    job = panel.start_export(str(target))
    assert panel.cancel_button.isVisible() and not panel.save_button.isEnabled()
    panel.cancel_button.click()
    with qtbot.waitSignal(job.finished, timeout=60000):
        pass
    qtbot.waitUntil(lambda: panel.save_button.isEnabled(), timeout=5000)
    if job.outcome == "cancelled":  # a small export may finish before the click lands
        assert not target.exists() and panel.result_label.text() == "Cancelled"
    else:
        assert target.exists()


def test_the_approve_button_freezes_the_month_and_shows_the_stored_report(qtbot, view):
    view.month_edit.setDate(QDate(2026, 10, 1))
    assert view.approve_button.isVisible()
    with qtbot.waitSignal(view.report_ready, timeout=60000) as ready:
        view.approve_button.click()
    stored = view.services.closed_months.stored(dt.date(2026, 10, 1))
    assert stored is not None and "2026" in view.dialogs.confirmed
    assert Path(ready.args[0]).read_bytes() == stored.pdf


def test_a_case_worker_has_no_approve_button(qtbot, services):
    from gui.app import ensure_application
    ensure_application()
    worker = services.for_actor(Actor(None, "worker", Role.CASE_WORKER))
    jobs = JobRunner()
    widget = ReportsView(worker, jobs, Translator("en"), FakeDialogs())
    qtbot.addWidget(widget)
    widget.show()
    assert not widget.approve_button.isVisible()
    jobs.shutdown()
