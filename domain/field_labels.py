"""Each field's label, defined once: forms, inline errors, tables, the audit log (the history) and
exports all show a field under this name (an N_() msgid, translated where it is shown); and one
label per kind of record the history names."""
from __future__ import annotations

from domain.adaptation import ServiceKind
from domain.employment import MeasureKind
from domain.families import DocumentKind, EducationLevel, Relation
from domain.iin import Sex
from domain.kandas_status import Channel, Decision, EndReason, StatusKind
from domain.messages import N_
from domain.permissions import Role
from domain.stages import CloseReason, Stage
from domain.subsidies import SupportKind
from domain.tasks import TaskKind

FIELD_LABELS = {
    "surname": N_("Surname"), "given_name": N_("Given name"), "patronymic": N_("Patronymic"),
    "latin_name": N_("Name in Latin letters"), "relation": N_("Relation to the head"),
    "birth_date": N_("Birth date"), "sex": N_("Sex"), "iin": N_("IIN"),
    "citizenship_code": N_("Citizenship"), "education_level": N_("Education level"), "profession": N_("Profession"),
    "kind": N_("Kind"), "number": N_("Number"), "issued_by": N_("Issued by"), "issue_date": N_("Issue date"),
    "expiry_date": N_("Valid until"), "country_code": N_("Issuing country"),
    "translation_notarised": N_("Notarised translation"), "channel": N_("Filed through"),
    "applied_on": N_("Applied on"), "decision": N_("Decision"), "decided_on": N_("Decision date"),
    "granted_on": N_("Granted on"), "certificate_number": N_("Certificate number"),
    "ended_on": N_("Ended on"), "end_reason": N_("Reason"), "closed_reason": N_("Reason for closing"),
    "stage": N_("Stage"), "title": N_("Task"), "due_date": N_("Due date"), "assignee_id": N_("Assigned to"),
    "file": N_("File"), "description": N_("Description"), "last_contact_date": N_("Last contact"),
    "members": N_("Members"), "arrival_date": N_("Arrival date"), "origin_country_code": N_("Country of origin"),
    "region_code": N_("Region"), "address": N_("Address"), "phone": N_("Phone"),
    "responsible_user_id": N_("Responsible worker"), "notes": N_("Notes"), "person": N_("Member"),
    # fields only the history shows
    "case_number": N_("Case number"), "valid_until": N_("Valid until"), "done_at": N_("Done"),
    "done_by": N_("Done by"), "login": N_("Login"), "display_name": N_("Full name"), "role": N_("Role"),
    "active": N_("Active"), "file_name": N_("File"), "family_id": N_("Case"), "person_id": N_("Member"),
    "delivered_on": N_("Date"), "note": N_("Note"), "started_on": N_("Started on"),
    "employer_name": N_("Employer"), "position": N_("Position"), "provider": N_("Provider"),
    "year": N_("Year"), "result": N_("Result"), "amount": N_("Amount"), "paid_on": N_("Paid on"),
    "room": N_("Room"), "check_in": N_("Checked in"), "check_out": N_("Checked out"),
    "employer_bin": N_("Employer's BIN"), "settlement": N_("Settlement"), "decision_date": N_("Decision date"),
    "decision_number": N_("Decision number"), "persons_count": N_("Persons"), "amount_due": N_("Amount due"),
    "cancelled_on": N_("Cancelled on"), "cancel_reason": N_("Reason for cancelling"),
    "arrived_on": N_("Arrived on"), "arrived_address": N_("Address in the region"), "document_number": N_("Document number"), "name": N_("Name"),
    "body": N_("Text"), "language": N_("Language"), "period_month": N_("Month"),
    "placements_planned": N_("Placements planned"), "measures_planned": N_("Measures planned"),
    "places": N_("Places"), "institution": N_("Institution"), "mrp_year": N_("Year"),
    # fields a person's file (subject access) shows besides the above
    "legal_ground_code": N_("Law"), "valid_from": N_("From"), "consent_form": N_("Form of consent"),
    "withdrawn_on": N_("Withdrawn on"), "employer_subsidy": N_("Employer subsidy"), "level": N_("Level"),
    "specialty_group": N_("Specialty group"), "leave_reason": N_("Reason for leaving"),
    "created_at": N_("Created"), "created_by": N_("Created by"), "updated_at": N_("Last changed"),
    "updated_by": N_("Changed by"),
}

# the kinds of record the history names (table names in the audit log)
RECORD_LABELS = {
    "family": N_("Case"), "person": N_("Family member"), "identity_document": N_("Identity document"),
    "kandas_status": N_("Kandas status"), "task": N_("Task"), "attachment": N_("File"),
    "app_user": N_("User"), "adaptation_service": N_("Adaptation service"),
    "employment_measure": N_("Employment measure"), "job_placement": N_("Job placement"),
    "education_application": N_("Application to study"), "quota_inclusion": N_("Quota inclusion"),
    "accommodation": N_("Accommodation"), "payment": N_("Payment"), "subsidy_item": N_("Subsidy"),
    "duplicate_candidate": N_("Possible duplicate"), "person_merge": N_("Merge of records"),
    "setting": N_("Setting"), "quota_plan": N_("Quota plan"), "letter_template": N_("Letter template"),
    "employment_plan": N_("Employment plan"), "education_quota": N_("Education quota"),
}

# stored codes whose label the history shows instead of the code
CODE_LABELS = {
    "relation": Relation.LABELS, "sex": {Sex.MALE: N_("Male"), Sex.FEMALE: N_("Female")},
    "stage": Stage.LABELS, "education_level": EducationLevel.LABELS, "closed_reason": CloseReason.LABELS,
    "role": Role.LABELS,
}
# a code column that means different things in different records
RECORD_CODE_LABELS = {("identity_document", "kind"): DocumentKind.LABELS, ("task", "kind"): TaskKind.LABELS,
                      ("kandas_status", "channel"): Channel.LABELS, ("kandas_status", "decision"): Decision.LABELS,
                      ("kandas_status", "end_reason"): EndReason.LABELS,
                      ("adaptation_service", "kind"): ServiceKind.LABELS,
                      ("employment_measure", "kind"): MeasureKind.LABELS,
                      ("subsidy_item", "kind"): SupportKind.LABELS,
                      ("kandas_status", "kind"): {StatusKind.INITIAL: N_("First status"),
                                                  StatusKind.EXTENSION: N_("Extension")}}

# columns the history never shows: bookkeeping, derived copies, secrets and file contents
TECHNICAL_FIELDS = frozenset({
    "id", "version", "created_at", "created_by", "updated_at", "updated_by", "search_key", "sort_key",
    "head_sort_key", "head_name", "head_iin", "head_birth_date", "member_count", "import_batch_id",
    "password_hash", "password", "password_fingerprint", "subsidy_item_id", "inclusion_id", "placement_id",
    "education_quota_id", "content", "sha256", "auto_key", "params", "failed_logins", "locked_until", "last_login_at",
})


def field_key(field: str) -> str:
    """``members.2.iin`` → ``iin``: the widget and label a scoped field maps to."""
    return field.rsplit(".", 1)[-1]
