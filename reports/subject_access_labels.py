"""Titles of the parts of a person's file, names of its columns and labels of its codes."""
from __future__ import annotations

from domain.families import DocumentKind, EducationLevel, Relation
from domain.messages import N_
from domain.processing_basis import BasisKind, ConsentForm
from domain.stages import Stage
from reports import labels

SECTION_TITLES = {
    "person": N_("Personal details"), "family": N_("Family case"), "documents": N_("Identity documents"),
    "statuses": N_("Kandas status"), "bases": N_("Basis of processing"), "inclusions": N_("Quota inclusions"),
    "payments": N_("Payments"), "placements": N_("Job placements"), "measures": N_("Employment measures"),
    "education": N_("Education"), "services": N_("Adaptation services"), "accommodation": N_("Accommodation"),
    "attachments": N_("Files kept"), "changes": N_("Who changed the record"), "views": N_("Who viewed the record"),
}
COLUMNS = {
    "field": N_("Field"), "value": N_("Value"),
    "surname": N_("Surname"), "given_name": N_("Given name"), "patronymic": N_("Patronymic"),
    "latin_name": N_("Name in Latin letters"), "birth_date": N_("Date of birth"), "sex": N_("Sex"), "iin": N_("IIN"),
    "citizenship_code": N_("Citizenship"), "relation": N_("Relation"), "education_level": N_("Education"),
    "profession": N_("Profession"), "created_at": N_("Created"), "created_by": N_("Created by"),
    "updated_at": N_("Last changed"), "updated_by": N_("Changed by"),
    "case_number": N_("Case number"), "stage": N_("Stage"), "closed_reason": N_("Reason for closing"),
    "arrival_date": N_("Arrived"), "origin_country_code": N_("Country of origin"), "region_code": N_("Region"),
    "address": N_("Address"), "phone": N_("Phone"), "notes": N_("Notes"), "last_contact_date": N_("Last contact"),
    "kind": N_("Kind"), "number": N_("Number"), "issued_by": N_("Issued by"), "issue_date": N_("Issued on"),
    "expiry_date": N_("Valid until"), "country_code": N_("Country"), "applied_on": N_("Applied on"),
    "decision": N_("Decision"), "decided_on": N_("Decided on"), "certificate_number": N_("Certificate number"),
    "granted_on": N_("Granted on"), "valid_until": N_("Valid until"), "ended_on": N_("Ended on"),
    "end_reason": N_("Reason for ending"), "legal_ground_code": N_("Law"), "valid_from": N_("From"),
    "consent_form": N_("Form of consent"), "withdrawn_on": N_("Withdrawn on"), "year": N_("Year"),
    "settlement": N_("Settlement"), "decision_date": N_("Decision date"), "decision_number": N_("Decision number"),
    "persons_count": N_("Persons"), "arrived_on": N_("Moved on"), "cancelled_on": N_("Cancelled on"),
    "due_date": N_("Due date"), "amount_due": N_("Amount due"), "paid_on": N_("Paid on"), "amount": N_("Amount"),
    "document_number": N_("Payment document"), "employer_name": N_("Employer"), "position": N_("Position"),
    "started_on": N_("Started on"), "employer_subsidy": N_("Employer subsidy"), "provider": N_("Provider"),
    "note": N_("Note"), "level": N_("Level"), "institution": N_("Institution"),
    "specialty_group": N_("Specialty group"), "result": N_("Result"), "delivered_on": N_("Delivered on"),
    "room": N_("Room"), "check_in": N_("Checked in"), "check_out": N_("Checked out"),
    "leave_reason": N_("Reason for leaving"), "file_name": N_("File"), "description": N_("Description"),
    "size": N_("Size, bytes"), "sha256": N_("SHA-256"), "occurred_at": N_("When"), "actor_login": N_("User"),
    "action": N_("Action"), "entity": N_("Record"), "fields": N_("Fields"), "detail": N_("Detail"),
}
VIEW_KINDS = {"card": N_("Family card opened"), "export": N_("List exported"), "print": N_("Report printed"),
              "subject_access": N_("Person's file produced")}
# codes shown by their label, per column key (and per section where the same key means different things)
CODE_LABELS = {
    "relation": Relation.LABELS, "education_level": EducationLevel.LABELS, "stage": Stage.LABELS,
    "sex": labels.SEX, "decision": labels.STATUS_DECISIONS, "end_reason": labels.STATUS_END_REASONS,
    "consent_form": ConsentForm.LABELS, "result": labels.APPLICATION_RESULTS, "level": labels.STUDY_LEVELS,
}
SECTION_KIND_LABELS = {"documents": DocumentKind.LABELS, "bases": BasisKind.LABELS,
                       "payments": labels.SUBSIDY_KINDS, "measures": labels.MEASURE_KINDS,
                       "services": labels.SERVICE_KINDS, "views": VIEW_KINDS}
