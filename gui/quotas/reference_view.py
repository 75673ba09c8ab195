"""Reference data of the quota area for an administrator: MRP by year, support rules, receiving regions."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)

from domain.messages import N_
from domain.permissions import Action
from domain.subsidies import SupportKind
from gui.errors import show_error
from gui.quotas.columns import kind_text
from gui.quotas.common import fill_years, fit_columns, make_table, region_names, wrap_long_names
from gui.forms.form_dialog import FieldSpec, FormDialog, FormDialogSpec, FormHost
from gui.quotas.row_model import Column, RowTableModel
from i18n import Translator
from services.payments import parse_amount

MRP_COLUMNS = [
    Column("year", N_("Year"), lambda r, tr: str(r.year), lambda r: r.year),
    Column("mrp", N_("MRP"), lambda r, tr: tr.format_money(r.mrp), lambda r: r.mrp, True),
]
RULE_COLUMNS = [
    Column("kind", N_("Support"), kind_text(SupportKind.LABELS)),
    Column("valid_from", N_("From"), lambda r, tr: tr.format_date(r.valid_from), lambda r: r.valid_from),
    Column("valid_to", N_("To"), lambda r, tr: tr.format_date(r.valid_to), lambda r: r.valid_to),
    Column("coefficient", N_("MRP"), lambda r, tr: tr.format_number(r.coefficient, 2) + (
        " – " + tr.format_number(r.coefficient_max, 2) if r.coefficient_max else ""), None, True),
    Column("months", N_("Months"), lambda r, tr: tr.format_number(r.months) if r.months else "", None, True),
]


class QuotaReferenceView(FormHost, QWidget):
    loaded = Signal()

    def __init__(self, services, jobs, translator: Translator, events=None, parent=None) -> None:
        super().__init__(parent)
        self.services, self.jobs, self.i18n, self.events = services, jobs, translator, events
        self.names: dict = {}
        self.receiving: set[str] = set()
        self.last_dialog: FormDialog | None = None
        self.mrp_model = RowTableModel(MRP_COLUMNS, translator, self)
        self.rule_model = RowTableModel(RULE_COLUMNS, translator, self)
        self.mrp_table = make_table(self, self.mrp_model, "mrp_table")
        self.rule_table = make_table(self, self.rule_model, "rules_table")
        # no stretched last column: the short "Months" would keep a fair share of the width that
        # the names of the support kinds need (they were cut to "Жұмыс …" beside an empty column)
        self.rule_table.horizontalHeader().setStretchLastSection(False)
        wrap_long_names(self.rule_table)
        self.mrp_button = self._button("set_mrp_button", self._on_mrp)
        self.rule_button = self._button("add_rule_button", self._on_rule)
        self.regions_year_edit = QComboBox(self)
        self.regions_year_edit.setObjectName("regions_year_edit")
        self.regions_year_edit.currentIndexChanged.connect(lambda _i: self.refresh())
        self.regions_list = QListWidget(self)
        self.regions_list.setObjectName("regions_list")
        self.regions_button = self._button("save_regions_button", self._on_save_regions)
        self.titles = [QLabel(self) for _ in range(3)]
        # Two panes, not three: the small MRP table above the receiving regions on the left, the
        # support rules (five columns) taking the rest of the width. Three panes side by side left
        # the rules and the region names scrolling sideways at 1280x800 at 125 %.
        left = QVBoxLayout()
        left.addWidget(self.titles[0])
        left.addWidget(self.mrp_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addWidget(self.mrp_table, 2)
        left.addWidget(self.titles[2])
        row = QHBoxLayout()
        row.addWidget(self.regions_year_edit)
        row.addWidget(self.regions_button)
        row.addStretch(1)
        left.addLayout(row)
        left.addWidget(self.regions_list, 3)
        right = QVBoxLayout()
        right.addWidget(self.titles[1])
        right.addWidget(self.rule_button, 0, Qt.AlignmentFlag.AlignLeft)
        right.addWidget(self.rule_table, 1)
        panes = QHBoxLayout(self)
        panes.addLayout(left, 2)
        panes.addLayout(right, 3)
        self.retranslate_ui(translator)

    def _button(self, name: str, slot) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        button.setEnabled(self.services.actor.can(Action.MANAGE_REFERENCE))
        return button

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = tr = translator
        for label, text in zip(self.titles, (N_("MRP by year"), N_("Support rules"), N_("Receiving regions"))):
            label.setText(f"<b>{tr._(text)}</b>")
        self.mrp_button.setText(tr._("Set the MRP of a year…"))
        self.rule_button.setText(tr._("New support rule…"))
        self.regions_button.setText(tr._("Save the regions"))
        self.mrp_model.retranslate(tr)
        self.rule_model.retranslate(tr)
        self._show_regions()

    def refresh(self) -> None:
        services, wanted = self.services, self.regions_year_edit.currentData()

        def work(_progress):
            rates = services.quota_reference.mrp_rates()
            year = wanted or services.ctx.today().year
            years = sorted({r.year for r in rates} | {year, services.ctx.today().year + 1})
            return (rates, services.quota_reference.support_rules(), years, year,
                    services.reference.receiving_regions(year), self.names or region_names(services))

        def done(result) -> None:
            rates, rules, years, year, receiving, names = result
            self.names.update(names)
            self.receiving = receiving
            fill_years(self.regions_year_edit, years, year)
            self.mrp_model.set_rows(rates)
            self.rule_model.set_rows(rules)
            fit_columns(self.mrp_table)
            fit_columns(self.rule_table)
            self._show_regions()
            self.loaded.emit()

        self.jobs.run(work, on_success=done)

    def _show_regions(self) -> None:
        self.regions_list.clear()
        for code, name in sorted(self.names.get(self.i18n.language, {}).items(), key=lambda item: item[1]):
            item = QListWidgetItem(name, self.regions_list)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in self.receiving else Qt.CheckState.Unchecked)

    def checked_regions(self) -> list[str]:
        return [self.regions_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.regions_list.count())
                if self.regions_list.item(i).checkState() == Qt.CheckState.Checked]

    def _on_mrp(self) -> None:
        reference = self.services.quota_reference
        self.open_form(FormDialogSpec(N_("MRP of a year"), [
            FieldSpec("year", N_("Year"), "int", self.services.ctx.today().year + 1, minimum=2000, maximum=2100),
            FieldSpec("mrp", N_("MRP, ₸"), "text", ""),
        ], lambda v: reference.set_mrp(v["year"], parse_amount(v["mrp"], "mrp")),
            hint=N_("Support items of that year priced with an earlier MRP are re-priced.")))

    def _on_rule(self) -> None:
        tr, reference = self.i18n, self.services.quota_reference
        self.open_form(FormDialogSpec(N_("New support rule"), [
            FieldSpec("kind", N_("Support"), "choice", SupportKind.HOUSING,
                      tuple((key, tr._(text)) for key, text in SupportKind.LABELS.items())),
            FieldSpec("valid_from", N_("From"), "date", self.services.ctx.today()),
            FieldSpec("mrp_coefficient", N_("MRP (minimum)"), "text", ""),
            FieldSpec("mrp_coefficient_max", N_("MRP (maximum, optional)"), "text", ""),
            FieldSpec("months", N_("Months"), "int", 0, maximum=120),
        ], lambda v: reference.add_support_rule(
            v["kind"], v["valid_from"], parse_amount(v["mrp_coefficient"], "mrp_coefficient"),
            parse_amount(v["mrp_coefficient_max"], "mrp_coefficient_max") if v["mrp_coefficient_max"].strip()
            else None, v["months"]),
            hint=N_("The rule it replaces ends the day before; earlier decisions keep their rule.")))

    def _on_save_regions(self) -> None:
        year, codes, reference = self.regions_year_edit.currentData(), self.checked_regions(), \
            self.services.quota_reference
        self.jobs.run(lambda _p: reference.set_receiving_regions(year, codes), write=True, initiator=self,
                      on_success=self._on_form_submitted, on_failure=lambda error: show_error(self, error, self.i18n))

    def on_changes(self, changes, initiator) -> None:
        if initiator is not self and changes.reference:
            self.refresh()


def _create(ctx) -> QuotaReferenceView:
    return QuotaReferenceView(ctx.services, ctx.jobs, ctx.translator, ctx.events)


def _register() -> None:
    from gui.screens import ScreenSpec, register_screen
    register_screen(ScreenSpec("quota_reference", N_("Rates and regions"), _create, order=90,
                               action=Action.MANAGE_REFERENCE))


_register()
