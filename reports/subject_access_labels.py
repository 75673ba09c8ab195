"""Titles of the parts of a person's file, its own table headings and labels of its codes; the
fields' labels are ``domain.field_labels`` (the same words as the forms, the audit and exports)."""
from __future__ import annotations

from domain.families import DocumentKind, EducationLevel, Relation
from domain.field_labels import FIELD_LABELS
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
# A record's fields carry their one label (domain.field_labels); these are the headings of the
# file's own tables (a field and its value, the audit of changes and views).
COLUMNS = {
    **FIELD_LABELS,
    "field": N_("Field"), "value": N_("Value"), "size": N_("Size, bytes"), "sha256": N_("SHA-256"),
    "occurred_at": N_("When"), "actor_login": N_("User"), "action": N_("Action"), "entity": N_("Record"),
    "fields": N_("Fields"), "detail": N_("Detail"),
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
