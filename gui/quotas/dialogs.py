"""The forms of the quota area, declared as data; each submits to one service call."""
from __future__ import annotations



from domain.adaptation import ServiceKind
from domain.education import ApplicationResult
from domain.employment import MeasureKind
from domain.messages import N_
from gui.forms.form_dialog import FieldSpec, FormDialogSpec
from i18n import Translator
from services.payments import parse_amount
from services.quota_dto import InclusionInput


def _choices(labels: dict, tr: Translator) -> tuple:
    return tuple((key, tr._(text)) for key, text in labels.items())


def _people(members, tr: Translator, optional: bool = False) -> tuple:
    people = tuple((m.id, m.full_name) for m in members)
    return (((None, tr._("The whole family")),) + people) if optional else people


def payment_form(services, item, tr: Translator) -> FormDialogSpec:
    """Record a payment on one schedule item (a ScheduleRow or an OutstandingRow)."""
    today = services.ctx.today()
    item_id = item.item_id if hasattr(item, "item_id") else item.id
    return FormDialogSpec(N_("Record a payment"), [
        FieldSpec("paid_on", N_("Paid on"), "date", today),
        FieldSpec("amount", N_("Amount, ₸"), "text", str(item.outstanding)),
        FieldSpec("document_number", N_("Payment document No."), "text", ""),
    ], lambda v: services.payments.record_payment(item_id, v["paid_on"], v["amount"], v["document_number"]),
        hint=N_("The amount cannot be more than is still owed on this item."))


def inclusion_form(services, family_id: int, members: int, regions: dict[str, str], tr: Translator) -> FormDialogSpec:
    today = services.ctx.today()

    def submit(v):
        return services.quotas.include_family(InclusionInput(
            family_id=family_id, year=v["year"], region_code=v["region_code"], decision_date=v["decision_date"],
            decision_number=v["decision_number"], settlement=v["settlement"], persons=v["persons"],
            housing_coefficient=parse_amount(v["housing_coefficient"], "housing_coefficient"),
            override=v["override"], override_reason=v["override_reason"]))

    return FormDialogSpec(N_("Include the family in the regional quota"), [
        FieldSpec("year", N_("Quota year"), "int", today.year, minimum=2000, maximum=2100),
        FieldSpec("region_code", N_("Receiving region"), "choice", None,
                  tuple(sorted(regions.items(), key=lambda item: item[1]))),
        FieldSpec("settlement", N_("Settlement"), "text", ""),
        FieldSpec("decision_date", N_("Decision date"), "date", today),
        FieldSpec("decision_number", N_("Decision No."), "text", ""),
        FieldSpec("persons", N_("Persons included"), "int", members, minimum=1, maximum=50),
        FieldSpec("housing_coefficient", N_("Housing support, MRP a month"), "text", "15"),
        FieldSpec("override", N_("Over the plan by supervisor's override"), "check", False),
        FieldSpec("override_reason", N_("Reason for the override"), "text", ""),
    ], submit, hint=N_("Support is computed from the rules in force on the decision date."))


def cancel_form(services, inclusion, tr: Translator) -> FormDialogSpec:
    return FormDialogSpec(N_("Cancel the quota inclusion"), [
        FieldSpec("cancelled_on", N_("Cancelled on"), "date", services.ctx.today()),
        FieldSpec("reason", N_("Reason"), "text", ""),
    ], lambda v: services.quotas.cancel_inclusion(inclusion.id, v["cancelled_on"], v["reason"], inclusion.version),
        hint=N_("Support not yet due and not paid is no longer owed."))


def move_form(services, inclusion) -> FormDialogSpec:
    """The family moved to the receiving region: the rent support months start from that month."""
    return FormDialogSpec(N_("Record the move to the region"), [
        FieldSpec("arrived_on", N_("Moved on"), "date", services.ctx.today()),
        FieldSpec("arrived_address", N_("Address in the region"), "text", ""),
    ], lambda v: services.quotas.record_move(inclusion.id, v["arrived_on"], v["arrived_address"], inclusion.version),
        hint=N_("Housing support runs from the month of the move; the move is recorded once."))


def amend_form(services, inclusion, members: int) -> FormDialogSpec:
    return FormDialogSpec(N_("Amend the inclusion decision"), [
        FieldSpec("persons", N_("Persons included"), "int", members, minimum=1, maximum=50),
        FieldSpec("decision_number", N_("No. of the amending decision"), "text", ""),
    ], lambda v: services.quotas.amend_inclusion(inclusion.id, v["persons"], v["decision_number"], inclusion.version),
        hint=N_("Relocation support is recomputed for the persons of the amended decision."))


def plan_form(services, year: int, regions: dict[str, str], row=None) -> FormDialogSpec:
    return FormDialogSpec(N_("Quota plan"), [
        FieldSpec("region_code", N_("Region"), "choice", row.region_code if row else None,
                  tuple(sorted(regions.items(), key=lambda item: item[1]))),
        FieldSpec("persons_planned", N_("Persons planned"), "int", row.persons_planned if row else 0),
        FieldSpec("families_planned", N_("Families planned (0: no limit)"), "int",
                  (row.families_planned or 0) if row else 0),
        FieldSpec("order_reference", N_("Order of the Minister"), "text", row.order_reference if row else ""),
    ], lambda v: services.quotas.save_plan(year, v["region_code"], v["persons_planned"],
                                           v["families_planned"] or None, v["order_reference"],
                                           row.version if row and row.region_code == v["region_code"] else None))


def placement_form(services, members, tr: Translator, row=None) -> FormDialogSpec:
    """Add a job placement, or edit ``row`` (a PlacementRow): the person stays, everything else may change."""
    people = _people([m for m in members if row is None or m.id == row.person_id], tr)
    if row is not None and not people:
        people = ((row.person_id, row.person_name),)

    def submit(v):
        if row is None:
            return services.employment.add_placement(v["person_id"], v["employer_name"], v["employer_bin"],
                                                     v["position"], v["started_on"], v["ended_on"],
                                                     v["employer_subsidy"])
        return services.employment.update_placement(row.id, v["employer_name"], v["employer_bin"], v["position"],
                                                    v["started_on"], v["ended_on"], v["employer_subsidy"],
                                                    row.version)

    return FormDialogSpec(N_("Job placement"), [
        FieldSpec("person_id", N_("Person"), "choice", row.person_id if row else None, people),
        FieldSpec("employer_name", N_("Employer"), "text", row.employer_name if row else ""),
        FieldSpec("employer_bin", N_("Employer's BIN"), "text", row.employer_bin if row else ""),
        FieldSpec("position", N_("Position"), "text", row.position if row else ""),
        FieldSpec("started_on", N_("From"), "date", row.started_on if row else services.ctx.today()),
        FieldSpec("ended_on", N_("To"), "optional_date", row.ended_on if row else None),
        FieldSpec("employer_subsidy", N_("Employer claims the resettlement subsidy"), "check",
                  row.employer_subsidy if row else False),
    ], submit, hint=N_("A claimed employer subsidy is added to the family's quota support schedule, priced with "
                       "the rule in force on the start date; it is due at the end of the start month."))


def delete_placement_form(services, row) -> FormDialogSpec:
    return FormDialogSpec(N_("Delete the job placement"), [],
                          lambda _v: services.employment.delete_placement(row.id, row.version),
                          hint=N_("Delete this job placement? An unpaid employer subsidy claimed for it is removed "
                                  "from the support schedule; a paid one cannot be removed."),
                          ok_text=N_("Delete"))


def measure_form(services, members, tr: Translator) -> FormDialogSpec:
    return FormDialogSpec(N_("Active employment measure"), [
        FieldSpec("person_id", N_("Person"), "choice", None, _people(members, tr)),
        FieldSpec("kind", N_("Measure"), "choice", None, _choices(MeasureKind.LABELS, tr)),
        FieldSpec("provider", N_("Provider"), "text", ""),
        FieldSpec("started_on", N_("From"), "date", services.ctx.today()),
        FieldSpec("ended_on", N_("To"), "optional_date", None),
    ], lambda v: services.employment.add_measure(v["person_id"], v["kind"], v["started_on"], v["ended_on"],
                                                 v["provider"]))


def application_form(services, members, lines, tr: Translator) -> FormDialogSpec:
    today = services.ctx.today()
    line_choices = tuple((line.id, f"{line.year} · {line.institution} · {line.specialty_group}") for line in lines)
    by_id = {line.id: line.year for line in lines}
    return FormDialogSpec(N_("Application under the education quota"), [
        FieldSpec("person_id", N_("Person"), "choice", None, _people(members, tr)),
        FieldSpec("education_quota_id", N_("Quota places"), "choice", None, line_choices),
        FieldSpec("applied_on", N_("Applied on"), "date", today),
        FieldSpec("result", N_("Result"), "choice", ApplicationResult.PENDING, _choices(ApplicationResult.LABELS, tr)),
        FieldSpec("decided_on", N_("Result date"), "optional_date", None),
    ], lambda v: services.education.apply(v["person_id"], by_id.get(v["education_quota_id"], today.year),
                                          v["education_quota_id"], v["applied_on"], v["result"], v["decided_on"]))


def result_form(services, application, tr: Translator) -> FormDialogSpec:
    return FormDialogSpec(N_("Result of the application"), [
        FieldSpec("result", N_("Result"), "choice", application.result, _choices(ApplicationResult.LABELS, tr)),
        FieldSpec("decided_on", N_("Result date"), "optional_date", application.decided_on or services.ctx.today()),
    ], lambda v: services.education.set_result(application.id, v["result"], v["decided_on"], application.version))


def service_form(services, family_id: int, members, tr: Translator) -> FormDialogSpec:
    return FormDialogSpec(N_("Adaptation service delivered"), [
        FieldSpec("kind", N_("Service"), "choice", None, _choices(ServiceKind.LABELS, tr)),
        FieldSpec("delivered_on", N_("Date"), "date", services.ctx.today()),
        FieldSpec("person_id", N_("Person"), "choice", None, _people(members, tr, optional=True)),
        FieldSpec("note", N_("Note"), "text", ""),
    ], lambda v: services.adaptation.record_service(family_id, v["kind"], v["delivered_on"], v["person_id"],
                                                    v["note"]))


def check_in_form(services, family_id: int) -> FormDialogSpec:
    return FormDialogSpec(N_("Check in to the centre"), [
        FieldSpec("check_in", N_("Check-in"), "date", services.ctx.today()),
        FieldSpec("room", N_("Room"), "text", ""),
    ], lambda v: services.adaptation.check_in(family_id, v["check_in"], v["room"]))


def check_out_form(services, stay) -> FormDialogSpec:
    return FormDialogSpec(N_("Check out of the centre"), [
        FieldSpec("check_out", N_("Check-out"), "date", services.ctx.today()),
        FieldSpec("reason", N_("Reason for leaving"), "text", ""),
    ], lambda v: services.adaptation.check_out(stay.id, v["check_out"], v["reason"]))


