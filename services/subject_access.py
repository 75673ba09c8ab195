"""A person's own file (subject access, Law No. 94-V): everything Qandas holds about one person.

The fields of the person and of their family, documents, statuses, bases of processing,
inclusions and payments, placements, education, services, the files kept, and who changed the
record (audit log) or looked at it (view log) and when. Producing it is itself logged (view
log and audit) in the same transaction that reads the data, so the file shows its own making.
"""
from __future__ import annotations

from domain.errors import NotFound
from domain.permissions import Action
from services.context import ServiceContext
from services.privacy_dto import AccessSection, SubjectAccessFile
from services.view_log import ViewKind, log_view

PERSON_FIELDS = ("surname", "given_name", "patronymic", "latin_name", "birth_date", "sex", "iin",
                 "citizenship_code", "relation", "education_level", "profession", "created_at", "created_by",
                 "updated_at", "updated_by")
FAMILY_FIELDS = ("case_number", "stage", "closed_reason", "arrival_date", "origin_country_code", "region_code",
                 "address", "phone", "notes", "last_contact_date", "created_at", "created_by", "updated_at",
                 "updated_by")
# section key -> the columns shown, in order (the rows' own ``id`` keys are used for the audit look-up)
TABLE_SECTIONS = {
    "documents": ("kind", "number", "issued_by", "issue_date", "expiry_date", "country_code"),
    "statuses": ("kind", "applied_on", "decision", "decided_on", "certificate_number", "granted_on",
                 "valid_until", "ended_on", "end_reason"),
    "bases": ("kind", "legal_ground_code", "valid_from", "consent_form", "withdrawn_on", "created_at", "created_by"),
    "inclusions": ("year", "region_code", "settlement", "decision_date", "decision_number", "persons_count",
                   "arrived_on", "cancelled_on"),
    "payments": ("kind", "due_date", "amount_due", "paid_on", "amount", "document_number"),
    "placements": ("employer_name", "position", "started_on", "ended_on", "employer_subsidy"),
    "measures": ("kind", "provider", "started_on", "ended_on", "note"),
    "education": ("year", "level", "institution", "specialty_group", "applied_on", "result", "decided_on"),
    "services": ("kind", "delivered_on", "note"),
    "accommodation": ("room", "check_in", "check_out", "leave_reason"),
    "attachments": ("file_name", "description", "size", "sha256", "created_at", "created_by"),
}
# audit entity (table name) for the rows of each section whose changes belong in the file
AUDITED = {"documents": "identity_document", "statuses": "kandas_status", "bases": "processing_basis",
           "inclusions": "quota_inclusion", "placements": "job_placement", "measures": "employment_measure",
           "education": "education_application", "services": "adaptation_service",
           "accommodation": "accommodation", "attachments": "attachment"}
CHANGE_COLUMNS = ("occurred_at", "actor_login", "action", "entity", "fields")
VIEW_COLUMNS = ("occurred_at", "actor_login", "kind", "detail")


def _fields(entry: dict) -> str:
    """The fields an update changed (an insert or delete concerns the whole record: no list)."""
    if entry["action"] != "update":
        return ""
    values = entry.get("after") or entry.get("before") or {}
    keys = sorted(k for k in values if k not in ("version", "updated_at", "updated_by", "created_at", "created_by"))
    return ", ".join(keys)


class SubjectAccessService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def collect(self, person_id: int) -> SubjectAccessFile:
        """Everything held about the person; logs the production (view log and audit)."""
        self.ctx.actor.require(Action.SUBJECT_ACCESS)
        with self.ctx.uow() as uow:
            repo = uow.subject_access
            person = repo.person(person_id)
            if person is None:
                raise NotFound("person", person_id)
            family_id = person["family_id"]
            family = repo.family(family_id)
            tables = repo.sections(person_id, family_id)
            keys = {entity: [r["id"] for r in tables[key]] for key, entity in AUDITED.items()}
            merged_persons, merged_families = repo.merged_into(person_id)  # records merged into this one
            keys["person"], keys["family"] = [person_id, *merged_persons], [family_id, *merged_families]
            changes = repo.changes(keys)
            full_name = " ".join(p for p in (person["surname"], person["given_name"], person["patronymic"]) if p)
            log_view(uow, self.ctx, ViewKind.SUBJECT_ACCESS, family_id, person_id, detail=family["case_number"])
            views = uow.privacy.views_about(keys["person"], keys["family"])  # this one included
            uow.audit("subject_access", "person", person_id, None,
                      {"family_id": family_id, "sections": len(TABLE_SECTIONS) + 4})
            uow.commit()
        sections = [AccessSection("person", ("field", "value"), tuple((f, person[f]) for f in PERSON_FIELDS)),
                    AccessSection("family", ("field", "value"), tuple((f, family[f]) for f in FAMILY_FIELDS))]
        for key, columns in TABLE_SECTIONS.items():
            sections.append(AccessSection(key, columns, tuple(tuple(r[c] for c in columns) for r in tables[key])))
        sections.append(AccessSection("changes", CHANGE_COLUMNS, tuple(
            (c["occurred_at"], c["actor_login"], c["action"], c["entity"], _fields(c)) for c in changes)))
        sections.append(AccessSection("views", VIEW_COLUMNS, tuple(
            (v["occurred_at"], v["actor_login"], v["kind"], v["detail"]) for v in reversed(views))))
        return SubjectAccessFile(person_id, family_id, full_name, family["case_number"], self.ctx.now(),
                                 self.ctx.actor.login, tuple(sections))
