"""The Quotas screen: plans per region, inclusions, unpaid and overdue support, paid by month."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QLabel, QPushButton)

from domain.messages import N_
from domain.permissions import Action
from gui.quotas.columns import INCLUSION_COLUMNS, OUTSTANDING_COLUMNS, PLAN_COLUMNS, region_column
from gui.quotas.common import make_table, region_names
from gui.quotas.year_tabs import YearTabs
from gui.quotas.row_model import Column, RowTableModel
from i18n import Translator

TOTAL_COLUMNS = lambda names: [  # noqa: E731 - columns read best as data
    Column("month", N_("Month"), lambda r, tr: tr.format_month(r.month_date), lambda r: r.month),
    region_column(names),
    Column("payments", N_("Payments"), lambda r, tr: tr.format_number(r.payments), lambda r: r.payments, True),
    Column("total", N_("Paid"), lambda r, tr: tr.format_money(r.total), lambda r: r.total, True),
]


class _Total:
    """A PaymentTotalRow with the first day of its month, for the month name."""

    def __init__(self, row, year: int) -> None:
        import datetime as dt
        self.month, self.region_code, self.total, self.payments = row.month, row.region_code, row.total, row.payments
        self.month_date = dt.date(year, row.month, 1)


class QuotasView(YearTabs):
    tab_titles = (N_("Plans by region"), N_("Inclusions"), N_("Payments due"), N_("Paid by month"))

    def __init__(self, services, jobs, translator: Translator, events=None, parent=None) -> None:
        super().__init__(services, jobs, translator, events, parent)
        self.names: dict = {}
        self.tabs.setObjectName("quota_tabs")
        self.plan_model = RowTableModel(PLAN_COLUMNS(self.names), translator, self)
        self.inclusion_model = RowTableModel(INCLUSION_COLUMNS(self.names), translator, self,
                                             alarm=lambda r: r.over_plan_override)
        self.due_model = RowTableModel(OUTSTANDING_COLUMNS(self.names), translator, self, alarm=lambda r: r.overdue)
        self.total_model = RowTableModel(TOTAL_COLUMNS(self.names), translator, self)
        self.plan_table = make_table(self, self.plan_model, "plans_table")
        self.inclusion_table = make_table(self, self.inclusion_model, "inclusions_table")
        self.due_table = make_table(self, self.due_model, "due_table")
        self.total_table = make_table(self, self.total_model, "totals_table")
        self.edit_plan_button = QPushButton(self)
        self.edit_plan_button.setObjectName("edit_plan_button")
        self.edit_plan_button.clicked.connect(self._on_edit_plan)
        self.edit_plan_button.setVisible(services.actor.can(Action.MANAGE_REFERENCE))
        self.overdue_only_edit = QCheckBox(self)
        self.overdue_only_edit.setObjectName("overdue_only_edit")
        self.overdue_only_edit.setChecked(True)
        self.overdue_only_edit.toggled.connect(lambda _checked: self.refresh())
        self.pay_button = QPushButton(self)
        self.pay_button.setObjectName("pay_button")
        self.pay_button.clicked.connect(self._on_pay)
        self.pay_button.setVisible(services.actor.can(Action.RECORD_PAYMENTS))
        self.due_total_label = QLabel(self)
        self.due_total_label.setObjectName("due_total_label")
        self.add_page(self.plan_table, self.edit_plan_button)
        self.add_page(self.inclusion_table)
        self.add_page(self.due_table, self.overdue_only_edit, self.pay_button, self.due_total_label)
        self.add_page(self.total_table)
        self.finish()

    def retranslate_ui(self, translator: Translator) -> None:
        super().retranslate_ui(translator)
        tr = translator
        self.edit_plan_button.setText(tr._("Edit the plan…"))
        self.overdue_only_edit.setText(tr._("Overdue only"))
        self.pay_button.setText(tr._("Record a payment…"))
        for model in (self.plan_model, self.inclusion_model, self.due_model, self.total_model):
            model.retranslate(tr)
        self._show_due_total()

    def refresh(self) -> None:
        generation, services = self._latest.next(), self.services
        wanted, overdue_only = self.year_edit.currentData(), self.overdue_only_edit.isChecked()
        known = dict(self.names)

        def work(_progress):
            years = services.quotas.years() or [services.ctx.today().year]
            year = wanted if wanted in years else (services.ctx.today().year if services.ctx.today().year in years
                                                   else max(years))
            return (years, year, known or region_names(services), services.quotas.plans(year),
                    services.quotas.inclusions(year), services.payments.outstanding(overdue_only),
                    [_Total(row, year) for row in services.payments.totals(year)])

        def done(result) -> None:
            if not self._latest.is_current(generation):
                return
            years, year, names, plans, inclusions, due, totals = result
            self.names.update(names)
            self.show_year(years, year, ((self.plan_model, plans, self.plan_table),
                                         (self.inclusion_model, inclusions, self.inclusion_table),
                                         (self.due_model, due, self.due_table),
                                         (self.total_model, totals, self.total_table)))
            self._show_due_total()
            self.loaded.emit()

        self.jobs.run(work, on_success=done)

    def _show_due_total(self) -> None:
        rows = self.due_model.rows
        total = sum((row.outstanding for row in rows), start=type(rows[0].outstanding)(0)) if rows else 0
        self.due_total_label.setText(self.i18n.ngettext(
            "{count} item, {total} still to pay", "{count} items, {total} still to pay", len(rows)).format(
            count=len(rows), total=self.i18n.format_money(total)))

    def _on_pay(self) -> None:
        rows = self.due_table.selectionModel().selectedRows()
        if rows:
            from gui.quotas import dialogs  # with the quota services: loaded when a form opens, not at start
            self.open_form(dialogs.payment_form(self.services, self.due_model.row(rows[0].row()), self.i18n))

    def _on_edit_plan(self) -> None:
        rows = self.plan_table.selectionModel().selectedRows()
        row = self.plan_model.row(rows[0].row()) if rows else None
        from gui.quotas import dialogs
        self.open_form(dialogs.plan_form(self.services, self.year_edit.currentData(),
                                     self.names.get(self.i18n.language, {}), row))

    def on_changes(self, changes, initiator) -> None:
        if initiator is not self and (changes.quotas or changes.payments or changes.reference):
            self.refresh()


def _create(ctx) -> QuotasView:
    return QuotasView(ctx.services, ctx.jobs, ctx.translator, ctx.events)


def _register() -> None:
    from gui.screens import ScreenSpec, register_screen
    register_screen(ScreenSpec("quotas", N_("Quota and payments"), _create, order=30, action=Action.VIEW_CASES))


_register()
