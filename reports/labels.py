"""Labels for the codes that reports and exports print (kinds, results, levels).

The codes are those the feature areas store; an unknown code prints as itself rather
than disappearing, so a new kind added later still shows in the report.
"""
from __future__ import annotations

from domain.families import EducationLevel as PersonEducation, Relation
from domain.messages import N_
from domain.stages import Stage
from i18n import Translator

SUBSIDY_KINDS = {
    "relocation_per_member": N_("Relocation subsidy"),
    "housing_monthly": N_("Rent and utilities subsidy"),
    "employer": N_("Employer subsidy"),
}
SERVICE_KINDS = {
    "language_course": N_("Language course"),
    "legal_consultation": N_("Legal consultation"),
    "psychological_consultation": N_("Psychological consultation"),
    "information": N_("Information service"),
    "social": N_("Social service"),
    "medical": N_("Medical service"),
    "educational": N_("Educational service"),
}
MEASURE_KINDS = {
    "training": N_("Vocational training"),
    "subsidised_job": N_("Subsidised job"),
    "microcredit": N_("Microcredit"),
    "public_works": N_("Public works"),
    "youth_practice": N_("Youth practice"),
    "business_grant": N_("Business grant"),
    "career_centre_registration": N_("Registration at the career centre"),
    "placement": N_("Job placement"),
}
TASK_KINDS = {
    "manual": N_("Task"),
    "status_expiry": N_("Kandas certificate expires"),
    "document_expiry": N_("Identity document expires"),
    "payment_due": N_("Subsidy payment due"),
    "no_contact": N_("No contact with the family"),
}
# The quota figures under one name each, for the table's columns and the chart's legend alike.
QUOTA_FIGURES = {"plan": N_("Plan"), "included": N_("Included"), "moved": N_("Moved to the region")}
STUDY_LEVELS = {"college": N_("College"), "university": N_("University"), "": N_("Not stated")}
APPLICATION_RESULTS = {"pending": N_("Awaiting the result"), "admitted": N_("Admitted"),
                       "not_admitted": N_("Not admitted"), "withdrew": N_("Withdrew")}
STATUS_DECISIONS = {"pending": N_("Pending"), "granted": N_("Granted"), "refused": N_("Refused")}
# A person's status as of the export date (domain.status_as_of.RegisterState) and how it ended.
STATUS_STATES = {"valid": N_("Valid"), "expired": N_("Expired"), "ended": N_("Ended"),
                 "pending": N_("Pending"), "refused": N_("Refused"), "none": N_("No status")}
STATUS_END_REASONS = {"citizenship": N_("Citizenship obtained"), "expired": N_("Expired"), "revoked": N_("Revoked"),
                      "left_country": N_("Left the country"), "death": N_("Death"), "refused": N_("Refused")}
SEX = {"M": N_("male"), "F": N_("female"), "m": N_("male"), "f": N_("female")}


def label(table: dict[str, str], code: str | None, tr: Translator) -> str:
    if code is None:
        return ""
    return tr.gettext(table[code]) if code in table else code


def stage(code: str | None, tr: Translator) -> str:
    return label(Stage.LABELS, code, tr)


def relation(code: str | None, tr: Translator) -> str:
    return label(Relation.LABELS, code, tr)


def person_education(code: str | None, tr: Translator) -> str:
    return label(PersonEducation.LABELS, code, tr)
