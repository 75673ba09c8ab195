"""Dashboard: plan vs fact per region and year for the quota, employment and education."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from domain.education import EducationLevel
from domain.messages import N_
from domain.permissions import Action
from gui.jobs import Latest
from gui.quotas.chart_widget import BarGroup, PlanFactChart
from gui.quotas.columns import PLAN_COLUMNS
from gui.quotas.common import fill_years, fit_columns, make_table, region_names
from gui.quotas.row_model import Column, RowTableModel
from i18n import Translator


class DashboardView(QWidget):
    loaded = Signal()

    def __init__(self, services, jobs, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.services, self.jobs, self.i18n = services, jobs, translator
        self.names: dict = {}
        self.summary = None
        self._latest = Latest()
        self.year_label = QLabel(self)
        self.year_edit = QComboBox(self)
        self.year_edit.setObjectName("year_edit")
        self.year_edit.currentIndexChanged.connect(lambda _i: self._load(self.year_edit.currentData()))
        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("totals_label")
        self.quota_chart = PlanFactChart(translator, self)
        self.quota_chart.setObjectName("quota_chart")
        self.employment_chart = PlanFactChart(translator, self)
        self.employment_chart.setObjectName("employment_chart")
        self.education_chart = PlanFactChart(translator, self)
        self.education_chart.setObjectName("education_chart")
        placed = Column("placed", N_("Placed in jobs"), lambda r, tr: tr.format_number(
            self.summary.placements_by_region.get(r.region_code, 0) if self.summary else 0), None, True)
        moved = Column("moved", N_("Moved to the region, persons"),
                       lambda r, tr: tr.format_number(getattr(r, "persons_moved", 0)), None, True)
        self.model = RowTableModel(PLAN_COLUMNS(self.names) + [moved, placed], translator, self)
        self.table = make_table(self, self.model, "plan_table")
        top = QHBoxLayout()
        top.addWidget(self.year_label)
        top.addWidget(self.year_edit)
        top.addStretch(1)
        top.addWidget(self.totals_label)
        grid = QGridLayout()
        grid.addWidget(self.quota_chart, 0, 0, 1, 2)
        grid.addWidget(self.employment_chart, 1, 0)
        grid.addWidget(self.education_chart, 1, 1)
        grid.addWidget(self.table, 2, 0, 1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        grid.setRowStretch(2, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid, 1)
        self.retranslate_ui(translator)

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        self.year_label.setText(translator._("Year:"))
        self.model.retranslate(translator)
        self._show()

    def refresh(self) -> None:
        self._load(self.year_edit.currentData())

    def _load(self, year: int | None) -> None:
        generation = self._latest.next()
        services = self.services

        def work(_progress):
            years = services.dashboard.years()
            chosen = year if year in years else max(years)
            names = self.names or region_names(services)
            return years, chosen, names, services.dashboard.summary(chosen)

        def done(result) -> None:
            if not self._latest.is_current(generation):
                return
            years, chosen, names, summary = result
            self.names.update(names)
            fill_years(self.year_edit, years, chosen)
            self.summary = summary
            self.model.set_rows(summary.quota)
            fit_columns(self.table)
            self._show()
            self.loaded.emit()

        self.jobs.run(work, on_success=done)

    def _show(self) -> None:
        tr, summary = self.i18n, self.summary
        if summary is None:
            return
        names = self.names.get(tr.language, {})
        self.quota_chart.set_data(
            tr.format("Regional quota {year}: persons planned and included", year=summary.year),
            [BarGroup(names.get(r.region_code, r.region_code), r.persons_planned, r.persons_included)
             for r in summary.quota], (tr._("Plan"), tr._("Fact")), tr)
        self.employment_chart.set_data(
            tr.format("Employment {year}", year=summary.year),
            [BarGroup(tr._("Job placements"), summary.employment_placements.planned,
                      summary.employment_placements.achieved),
             BarGroup(tr._("Active measures"), summary.employment_measures.planned,
                      summary.employment_measures.achieved)], (tr._("Plan"), tr._("Fact")), tr, over_is_alarm=False)
        levels = [BarGroup(tr._(EducationLevel.LABELS.get(row["level"], row["level"])), row["places"],
                           row["admitted"]) for row in summary.education_by_level]
        self.education_chart.set_data(
            tr.format("Education quota {year}: places and admitted", year=summary.year), levels,
            (tr._("Places"), tr._("Admitted, persons")), tr, over_is_alarm=False)
        self.totals_label.setText(tr.format("Paid in {year}: {paid}   Overdue now: {overdue}", year=summary.year,
                                            paid=tr.format_money(summary.payments_total),
                                            overdue=tr.format_money(summary.outstanding_overdue)))

    def on_changes(self, changes, initiator) -> None:
        if changes.quotas or changes.payments or changes.employment or changes.education or changes.reference:
            self.refresh()


def _create(ctx) -> DashboardView:
    return DashboardView(ctx.services, ctx.jobs, ctx.translator)


def _register() -> None:
    from gui.screens import ScreenSpec, register_screen
    register_screen(ScreenSpec("dashboard", N_("Plan and fact"), _create, order=20, action=Action.VIEW_REPORTS))


_register()
