"""Each field's label, defined once: forms, inline errors, tables, the audit log and exports all
show a field under this name (an N_() msgid, translated where it is shown)."""
from __future__ import annotations

from domain.messages import N_

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
}


def field_key(field: str) -> str:
    """``members.2.iin`` → ``iin``: the widget and label a scoped field maps to."""
    return field.rsplit(".", 1)[-1]
