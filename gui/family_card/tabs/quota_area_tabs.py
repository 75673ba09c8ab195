"""Family-card tabs: quota and subsidies, employment, education, adaptation services.

Each is an ``OwnReadSection``: its buttons (``ListAction``, shown to those with the permission)
and titled tables (``ListTable``) declared as data, its data read in the card's one read job."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QWidget

from domain.messages import N_
from domain.permissions import Action
from gui.family_card.card_context import CardContext
from gui.family_card.list_section import ListAction, ListTable
from gui.family_card.tabs.own_read_section import OwnReadSection
from gui.quotas import dialogs
from gui.quotas.columns import (APPLICATION_COLUMNS, MEASURE_COLUMNS, PAYMENT_COLUMNS, PLACEMENT_COLUMNS,
                                SCHEDULE_COLUMNS, SERVICE_COLUMNS, STAY_COLUMNS)
from gui.quotas.common import region_names


def _action(attribute: str, object_name: str, text: str, method: str, permission: str, **options) -> ListAction:
    """A button of these tabs: shown by the actor's permission, on any card (not only an editable one)."""
    return ListAction(attribute, object_name, text, method, edits=False, permission=permission, **options)


@dataclass(frozen=True)
class QuotaTabData:
    details: object
    regions: dict
    receiving: frozenset = frozenset()  # regions receiving kandas this year or next


class QuotaTab(OwnReadSection):
    actions = (
        _action("include_button", "include_button", N_("Include in the quota…"), "_on_include",
                Action.MANAGE_QUOTAS),
        _action("pay_button", "pay_button", N_("Record a payment…"), "_on_pay", Action.RECORD_PAYMENTS,
                on_row=True, table="schedule", enabled_when="_owed"),
        _action("move_button", "move_button", N_("Record the move…"), "_on_move", Action.MANAGE_QUOTAS,
                enabled_when="_not_moved"),
        _action("amend_button", "amend_button", N_("Amend the decision…"), "_on_amend", Action.MANAGE_QUOTAS,
                enabled_when="active_inclusion"),
        _action("cancel_button", "cancel_inclusion_button", N_("Cancel the inclusion…"), "_on_cancel",
                Action.MANAGE_QUOTAS, enabled_when="active_inclusion"),
    )
    tables = (ListTable("schedule", "schedule_table", N_("Support schedule"), SCHEDULE_COLUMNS,
                        alarm=lambda r: r.overdue),
              ListTable("payments", "payments_table", N_("Payments"), PAYMENT_COLUMNS))

    def __init__(self, ctx: CardContext, family_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, family_id, parent)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("inclusion_label")
        self.summary_label.setWordWrap(True)
        self.layout_.insertWidget(0, self.summary_label)

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

    def _owed(self) -> bool:
        item = self.selected("schedule")
        return item is not None and item.outstanding > 0

    def _not_moved(self) -> bool:
        active = self.active_inclusion()
        return active is not None and active.arrived_on is None

    def _on_include(self) -> None:
        members = self.data.details.members if self.data else 1
        regions = self.data.regions.get(self.i18n.language, {}) if self.data else {}
        if self.data and self.data.receiving:  # the rules refuse the others anyway; do not offer them
            regions = {code: name for code, name in regions.items() if code in self.data.receiving}
        self.open_form(dialogs.inclusion_form(self.services, self.family_id, members, regions, self.i18n))

    def _on_pay(self) -> None:
        item = self.selected("schedule")
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


class EmploymentTab(OwnReadSection):
    actions = (
        _action("add_placement_button", "add_placement_button", N_("Add a job placement…"), "_on_add_placement",
                Action.EDIT_CASES),
        _action("edit_placement_button", "edit_placement_button", N_("Edit the placement…"),
                "_on_edit_placement", Action.EDIT_CASES, on_row=True, table="placements"),
        _action("delete_placement_button", "delete_placement_button", N_("Delete the placement…"),
                "_on_delete_placement", Action.EDIT_CASES, on_row=True, table="placements"),
        _action("add_measure_button", "add_measure_button", N_("Add a measure…"), "_on_add_measure",
                Action.EDIT_CASES),
    )
    tables = (ListTable("placements", "placements_table", N_("Job placements"), PLACEMENT_COLUMNS),
              ListTable("measures", "measures_table", N_("Active employment measures"), MEASURE_COLUMNS))

    def load(self, services, family_id):
        return services.employment.placements(family_id), services.employment.measures(family_id)

    def show_data(self, data) -> None:
        self.placements_model.set_rows(data[0])
        self.measures_model.set_rows(data[1])

    def _on_add_placement(self) -> None:
        self.open_form(dialogs.placement_form(self.services, self.members(), self.i18n))

    def _on_edit_placement(self) -> None:
        row = self.selected("placements")
        if row is not None:
            self.open_form(dialogs.placement_form(self.services, self.members(), self.i18n, row))

    def _on_delete_placement(self) -> None:
        row = self.selected("placements")
        if row is not None:
            self.open_form(dialogs.delete_placement_form(self.services, row))

    def _on_add_measure(self) -> None:
        self.open_form(dialogs.measure_form(self.services, self.members(), self.i18n))


class EducationTab(OwnReadSection):
    actions = (
        _action("add_application_button", "add_application_button", N_("Add an application…"), "_on_add",
                Action.EDIT_CASES),
        _action("result_button", "set_result_button", N_("Enter the result…"), "_on_result", Action.EDIT_CASES),
    )
    tables = (ListTable("applications", "applications_table", N_("Applications under the education quota"),
                        APPLICATION_COLUMNS),)

    def load(self, services, family_id):
        year = services.ctx.today().year
        lines = services.education.lines(year) + services.education.lines(year - 1)
        return services.education.applications(family_id), lines

    def show_data(self, data) -> None:
        self.applications_model.set_rows(data[0])

    def _on_add(self) -> None:
        lines = self.data[1] if self.data else ()
        self.open_form(dialogs.application_form(self.services, self.members(), lines, self.i18n))

    def _on_result(self) -> None:
        application = self.selected("applications")
        if application is not None:
            self.open_form(dialogs.result_form(self.services, application, self.i18n))


class AdaptationTab(OwnReadSection):
    actions = (
        _action("add_service_button", "add_service_button", N_("Record a service…"), "_on_add_service",
                Action.EDIT_CASES),
        _action("check_in_button", "check_in_button", N_("Check in…"), "_on_check_in", Action.EDIT_CASES,
                enabled_when="_not_living"),
        _action("check_out_button", "check_out_button", N_("Check out…"), "_on_check_out", Action.EDIT_CASES,
                enabled_when="_open_stay"),
    )
    tables = (ListTable("services", "services_table", N_("Services delivered"), SERVICE_COLUMNS),
              ListTable("stays", "stays_table", N_("Accommodation in the centre"), STAY_COLUMNS,
                        alarm=lambda r: r.overstay))

    def load(self, services, family_id):
        return services.adaptation.services(family_id), services.adaptation.stays(family_id)

    def show_data(self, data) -> None:
        self.services_model.set_rows(data[0])
        self.stays_model.set_rows(data[1])

    def _open_stay(self):
        """The stay not checked out yet (the family lives in the centre), or None."""
        return next((stay for stay in (self.data[1] if self.data else ()) if stay.check_out is None), None)

    def _not_living(self) -> bool:
        return self._open_stay() is None

    def _on_add_service(self) -> None:
        self.open_form(dialogs.service_form(self.services, self.family_id, self.members(),
                                            self.i18n))

    def _on_check_in(self) -> None:
        self.open_form(dialogs.check_in_form(self.services, self.family_id))

    def _on_check_out(self) -> None:
        stay = self._open_stay()
        if stay is not None:
            self.open_form(dialogs.check_out_form(self.services, stay))


def _register() -> None:
    from gui.screens import FamilyTabSpec, register_family_tab
    register_family_tab(FamilyTabSpec("quota", N_("Quota and subsidies"), QuotaTab, order=40, group="support"))
    register_family_tab(FamilyTabSpec("employment", N_("Employment"), EmploymentTab, order=50, group="work"))
    register_family_tab(FamilyTabSpec("education", N_("Education"), EducationTab, order=60, group="work"))
    register_family_tab(FamilyTabSpec("adaptation", N_("Adaptation services"), AdaptationTab, order=70,
                                      group="services"))


_register()
