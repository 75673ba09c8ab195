"""Family-card tabs: quota and subsidies, employment, education, adaptation services."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLabel

from domain.messages import N_
from domain.permissions import Action
from gui.quotas import dialogs
from gui.quotas.columns import (APPLICATION_COLUMNS, MEASURE_COLUMNS, PAYMENT_COLUMNS, PLACEMENT_COLUMNS,
                                SCHEDULE_COLUMNS, SERVICE_COLUMNS, STAY_COLUMNS)
from gui.quotas.common import region_names
from gui.family_card.tabs.quota_tab_base import FamilyTab


def _selected(table, model):
    rows = table.selectionModel().selectedRows()
    return model.row(rows[0].row()) if rows else None


@dataclass(frozen=True)
class QuotaTabData:
    details: object
    regions: dict
    receiving: frozenset = frozenset()  # regions receiving kandas this year or next


class QuotaTab(FamilyTab):
    cares_about = ("quotas", "payments", "persons")

    def __init__(self, ctx, family_id: int, parent=None) -> None:
        super().__init__(ctx, family_id, parent)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("inclusion_label")
        self.summary_label.setWordWrap(True)
        self.layout_.insertWidget(0, self.summary_label)
        self.include_button = self.add_button("include_button", N_("Include in the quota…"), self._on_include,
                                              Action.MANAGE_QUOTAS)
        self.pay_button = self.add_button("pay_button", N_("Record a payment…"), self._on_pay,
                                          Action.RECORD_PAYMENTS)
        self.move_button = self.add_button("move_button", N_("Record the move…"), self._on_move,
                                           Action.MANAGE_QUOTAS)
        self.amend_button = self.add_button("amend_button", N_("Amend the decision…"), self._on_amend,
                                            Action.MANAGE_QUOTAS)
        self.cancel_button = self.add_button("cancel_inclusion_button", N_("Cancel the inclusion…"),
                                             self._on_cancel, Action.MANAGE_QUOTAS)
        self.schedule_model, self.schedule_table = self.add_table(
            N_("Support schedule"), SCHEDULE_COLUMNS, "schedule_table", alarm=lambda r: r.overdue)
        self.payments_model, self.payments_table = self.add_table(N_("Payments"), PAYMENT_COLUMNS, "payments_table")
        self.schedule_table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.finish()

    def load(self, services, family_id):
        year = services.ctx.today().year
        receiving = services.reference.receiving_regions(year) | services.reference.receiving_regions(year + 1)
        return QuotaTabData(services.quotas.family_quota(family_id), region_names(services), frozenset(receiving))

    def active_inclusion(self):
        details = self.data.details if self.data else None
        active = [i for i in details.inclusions if i.cancelled_on is None] if details else []
        return active[0] if active else None

    def show_data(self, data: QuotaTabData) -> None:
        tr, details = self.i18n, data.details
        names = data.regions.get(tr.language, {})
        lines = []
        for inclusion in details.inclusions:
            text = tr.ngettext("Quota {year}: {region}, {settlement}; decision No. {number} of {date}; "
                              "{persons} person. Owed {owed}, paid {paid}.",
                              "Quota {year}: {region}, {settlement}; decision No. {number} of {date}; "
                              "{persons} persons. Owed {owed}, paid {paid}.", inclusion.persons_count).format(
                             year=inclusion.year,
                             region=names.get(inclusion.region_code, inclusion.region_code),
                             settlement=inclusion.settlement or "—", number=inclusion.decision_number,
                             date=tr.format_date(inclusion.decision_date), persons=inclusion.persons_count,
                             owed=tr.format_money(inclusion.amount_owed), paid=tr.format_money(inclusion.amount_paid))
            if inclusion.over_plan_override:
                text += " " + tr.format("Over the plan by override: {reason}", reason=inclusion.override_reason)
            if inclusion.arrived_on:
                text += " " + tr.format("Moved to the region on {date}: {address}.",
                                        date=tr.format_date(inclusion.arrived_on), address=inclusion.arrived_address)
            elif inclusion.cancelled_on is None:
                text += " " + tr._("Not moved to the region yet: housing support starts from the month of the move.")
            if inclusion.cancelled_on:
                text += " " + tr.format("Cancelled on {date}", date=tr.format_date(inclusion.cancelled_on))
                if inclusion.cancel_reason:
                    text += ": " + inclusion.cancel_reason
            lines.append(text)
        if details.inclusions and details.members != details.inclusions[0].persons_count \
                and details.inclusions[0].cancelled_on is None:
            lines.append(tr.ngettext(
                "The family now has {count} member; relocation support changes only when the decision is amended.",
                "The family now has {count} members; relocation support changes only when the decision is amended.",
                details.members).format(count=details.members))
        self.summary_label.setText("\n".join(lines) or tr._("The family is not included in the regional quota."))
        self.schedule_model.set_rows(details.schedule)
        self.payments_model.set_rows(details.payments)
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = _selected(self.schedule_table, self.schedule_model)
        self.pay_button.setEnabled(item is not None and item.outstanding > 0)
        self.cancel_button.setEnabled(self.active_inclusion() is not None)
        active = self.active_inclusion()
        self.move_button.setEnabled(active is not None and active.arrived_on is None)
        self.amend_button.setEnabled(self.active_inclusion() is not None)

    def _on_include(self) -> None:
        members = self.data.details.members if self.data else 1
        regions = self.data.regions.get(self.i18n.language, {}) if self.data else {}
        if self.data and self.data.receiving:  # the rules refuse the others anyway; do not offer them
            regions = {code: name for code, name in regions.items() if code in self.data.receiving}
        self.open_form(dialogs.inclusion_form(self.services, self.family_id, members, regions, self.i18n))

    def _on_pay(self) -> None:
        item = _selected(self.schedule_table, self.schedule_model)
        if item is not None:
            self.open_form(dialogs.payment_form(self.services, item, self.i18n))

    def _on_move(self) -> None:
        inclusion = self.active_inclusion()
        if inclusion is not None:
            self.open_form(dialogs.move_form(self.services, inclusion))

    def _on_amend(self) -> None:
        inclusion = self.active_inclusion()
        if inclusion is not None:
            self.open_form(dialogs.amend_form(self.services, inclusion, self.data.details.members))

    def _on_cancel(self) -> None:
        inclusion = self.active_inclusion()
        if inclusion is not None:
            self.open_form(dialogs.cancel_form(self.services, inclusion, self.i18n))


class EmploymentTab(FamilyTab):
    cares_about = ("employment", "persons")

    def __init__(self, ctx, family_id: int, parent=None) -> None:
        super().__init__(ctx, family_id, parent)
        self.add_button("add_placement_button", N_("Add a job placement…"), self._on_add_placement,
                        Action.EDIT_CASES)
        self.edit_placement_button = self.add_button("edit_placement_button", N_("Edit the placement…"),
                                                     self._on_edit_placement, Action.EDIT_CASES)
        self.delete_placement_button = self.add_button("delete_placement_button", N_("Delete the placement…"),
                                                       self._on_delete_placement, Action.EDIT_CASES)
        self.add_button("add_measure_button", N_("Add a measure…"), self._on_add_measure, Action.EDIT_CASES)
        self.placements_model, self.placements_table = self.add_table(N_("Job placements"), PLACEMENT_COLUMNS,
                                                                      "placements_table")
        self.measures_model, _ = self.add_table(N_("Active employment measures"), MEASURE_COLUMNS, "measures_table")
        # a bound method (not a lambda): Qt drops the connection when this tab is destroyed
        self.placements_table.selectionModel().selectionChanged.connect(self._on_placement_selected)
        self.finish()

    def _on_placement_selected(self, *_args) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = _selected(self.placements_table, self.placements_model) is not None
        self.edit_placement_button.setEnabled(selected)
        self.delete_placement_button.setEnabled(selected)

    def load(self, services, family_id):
        return (self.read_members(services, family_id), services.employment.placements(family_id),
                services.employment.measures(family_id))

    def show_data(self, data) -> None:
        self.placements_model.set_rows(data[1])
        self.measures_model.set_rows(data[2])
        self._update_buttons()

    def _on_add_placement(self) -> None:
        self.open_form(dialogs.placement_form(self.services, self.members(), self.i18n))

    def _on_edit_placement(self) -> None:
        row = _selected(self.placements_table, self.placements_model)
        if row is not None:
            self.open_form(dialogs.placement_form(self.services, self.members(), self.i18n, row))

    def _on_delete_placement(self) -> None:
        row = _selected(self.placements_table, self.placements_model)
        if row is not None:
            self.open_form(dialogs.delete_placement_form(self.services, row))

    def _on_add_measure(self) -> None:
        self.open_form(dialogs.measure_form(self.services, self.members(), self.i18n))


class EducationTab(FamilyTab):
    cares_about = ("education", "persons")

    def __init__(self, ctx, family_id: int, parent=None) -> None:
        super().__init__(ctx, family_id, parent)
        self.add_button("add_application_button", N_("Add an application…"), self._on_add, Action.EDIT_CASES)
        self.result_button = self.add_button("set_result_button", N_("Enter the result…"), self._on_result,
                                             Action.EDIT_CASES)
        self.applications_model, self.applications_table = self.add_table(
            N_("Applications under the education quota"), APPLICATION_COLUMNS, "applications_table")
        self.finish()

    def load(self, services, family_id):
        year = services.ctx.today().year
        lines = services.education.lines(year) + services.education.lines(year - 1)
        return self.read_members(services, family_id), services.education.applications(family_id), lines

    def show_data(self, data) -> None:
        self.applications_model.set_rows(data[1])

    def _on_add(self) -> None:
        lines = self.data[2] if self.data else ()
        self.open_form(dialogs.application_form(self.services, self.members(), lines, self.i18n))

    def _on_result(self) -> None:
        application = _selected(self.applications_table, self.applications_model)
        if application is not None:
            self.open_form(dialogs.result_form(self.services, application, self.i18n))


class AdaptationTab(FamilyTab):
    cares_about = ("services", "persons")

    def __init__(self, ctx, family_id: int, parent=None) -> None:
        super().__init__(ctx, family_id, parent)
        self.add_button("add_service_button", N_("Record a service…"), self._on_add_service, Action.EDIT_CASES)
        self.check_in_button = self.add_button("check_in_button", N_("Check in…"), self._on_check_in,
                                               Action.EDIT_CASES)
        self.check_out_button = self.add_button("check_out_button", N_("Check out…"), self._on_check_out,
                                                Action.EDIT_CASES)
        self.services_model, _ = self.add_table(N_("Services delivered"), SERVICE_COLUMNS, "services_table")
        self.stays_model, self.stays_table = self.add_table(N_("Accommodation in the centre"), STAY_COLUMNS,
                                                            "stays_table", alarm=lambda r: r.overstay)
        self.finish()

    def load(self, services, family_id):
        return (self.read_members(services, family_id), services.adaptation.services(family_id),
                services.adaptation.stays(family_id))

    def show_data(self, data) -> None:
        self.services_model.set_rows(data[1])
        self.stays_model.set_rows(data[2])
        living = any(stay.check_out is None for stay in data[2])
        self.check_out_button.setEnabled(living)
        self.check_in_button.setEnabled(not living)

    def _on_add_service(self) -> None:
        self.open_form(dialogs.service_form(self.services, self.family_id, self.members(),
                                            self.i18n))

    def _on_check_in(self) -> None:
        self.open_form(dialogs.check_in_form(self.services, self.family_id))

    def _on_check_out(self) -> None:
        open_stays = [stay for stay in (self.data[2] if self.data else ()) if stay.check_out is None]
        if open_stays:
            self.open_form(dialogs.check_out_form(self.services, open_stays[0]))


def _register() -> None:
    from gui.screens import FamilyTabSpec, register_family_tab
    register_family_tab(FamilyTabSpec("quota", N_("Quota and subsidies"), QuotaTab, order=40, group="support"))
    register_family_tab(FamilyTabSpec("employment", N_("Employment"), EmploymentTab, order=50, group="work"))
    register_family_tab(FamilyTabSpec("education", N_("Education"), EducationTab, order=60, group="work"))
    register_family_tab(FamilyTabSpec("adaptation", N_("Adaptation services"), AdaptationTab, order=70,
                                      group="services"))


_register()
