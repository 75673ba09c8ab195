"""Everything held about one person, table by table, as plain rows (a subject-access file).

Rows of the person's own records and of the family records that concern them (the family's
inclusions and payments, the services and files not tied to another member). Each query is one
indexed select; the audit entries are found by (entity, id) over the records listed.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage import tables as t


def _rows(session: Session, query) -> list[dict]:
    return [row._asdict() for row in session.execute(query)]


class SubjectAccessRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def person(self, person_id: int) -> dict | None:
        columns = [c for c in t.person.c if c.name not in ("search_key", "sort_key", "import_batch_id")]
        row = self.session.execute(sa.select(*columns).where(t.person.c.id == person_id)).first()
        return row._asdict() if row else None

    def family(self, family_id: int) -> dict:
        f = t.family
        return self.session.execute(sa.select(
            f.c.id, f.c.case_number, f.c.stage, f.c.closed_reason, f.c.arrival_date, f.c.origin_country_code,
            f.c.region_code, f.c.address, f.c.phone, f.c.notes, f.c.last_contact_date, f.c.created_at,
            f.c.created_by, f.c.updated_at, f.c.updated_by).where(f.c.id == family_id)).one()._asdict()

    def sections(self, person_id: int, family_id: int) -> dict[str, list[dict]]:
        s = self.session
        d, k = t.identity_document, t.kandas_status
        q, item, pay = t.quota_inclusion, t.subsidy_item, t.payment
        jp, em, ea, eq = t.job_placement, t.employment_measure, t.education_application, t.education_quota
        ad, acc, att, pb = t.adaptation_service, t.accommodation, t.attachment, t.processing_basis
        concerns = sa.or_(ad.c.person_id == person_id, ad.c.person_id.is_(None))
        return {
            "documents": _rows(s, sa.select(d.c.id, d.c.kind, d.c.number, d.c.issued_by, d.c.issue_date,
                                            d.c.expiry_date, d.c.country_code).where(
                d.c.person_id == person_id).order_by(d.c.id)),
            "statuses": _rows(s, sa.select(k.c.id, k.c.kind, k.c.applied_on, k.c.decision, k.c.decided_on,
                                           k.c.certificate_number, k.c.granted_on, k.c.valid_until, k.c.ended_on,
                                           k.c.end_reason).where(k.c.person_id == person_id).order_by(k.c.id)),
            "inclusions": _rows(s, sa.select(q.c.id, q.c.year, q.c.region_code, q.c.settlement, q.c.decision_date,
                                             q.c.decision_number, q.c.persons_count, q.c.arrived_on,
                                             q.c.cancelled_on).where(q.c.family_id == family_id).order_by(q.c.id)),
            "payments": _rows(s, sa.select(pay.c.id, item.c.kind, item.c.due_date, item.c.amount_due, pay.c.paid_on,
                                           pay.c.amount, pay.c.document_number).select_from(
                pay.join(item, pay.c.subsidy_item_id == item.c.id).join(q, item.c.inclusion_id == q.c.id)).where(
                q.c.family_id == family_id).order_by(pay.c.paid_on, pay.c.id)),
            "placements": _rows(s, sa.select(jp.c.id, jp.c.employer_name, jp.c.position, jp.c.started_on,
                                             jp.c.ended_on, jp.c.employer_subsidy).where(
                jp.c.person_id == person_id).order_by(jp.c.started_on, jp.c.id)),
            "measures": _rows(s, sa.select(em.c.id, em.c.kind, em.c.provider, em.c.started_on, em.c.ended_on,
                                           em.c.note).where(em.c.person_id == person_id).order_by(em.c.started_on)),
            "education": _rows(s, sa.select(ea.c.id, ea.c.year, eq.c.level, eq.c.institution, eq.c.specialty_group,
                                            ea.c.applied_on, ea.c.result, ea.c.decided_on).select_from(
                ea.outerjoin(eq, ea.c.education_quota_id == eq.c.id)).where(
                ea.c.person_id == person_id).order_by(ea.c.applied_on, ea.c.id)),
            "services": _rows(s, sa.select(ad.c.id, ad.c.kind, ad.c.delivered_on, ad.c.note).where(
                ad.c.family_id == family_id, concerns).order_by(ad.c.delivered_on, ad.c.id)),
            "accommodation": _rows(s, sa.select(acc.c.id, acc.c.room, acc.c.check_in, acc.c.check_out,
                                                acc.c.leave_reason).where(acc.c.family_id == family_id)
                                   .order_by(acc.c.check_in)),
            "attachments": _rows(s, sa.select(att.c.id, att.c.file_name, att.c.description, att.c.size,
                                              att.c.sha256, att.c.created_at, att.c.created_by).where(
                att.c.family_id == family_id, sa.or_(att.c.person_id == person_id, att.c.person_id.is_(None)))
                                 .order_by(att.c.created_at, att.c.id)),
            "bases": _rows(s, sa.select(pb.c.id, pb.c.kind, pb.c.legal_ground_code, pb.c.valid_from,
                                        pb.c.consent_form, pb.c.withdrawn_on, pb.c.created_at, pb.c.created_by)
                           .where(pb.c.person_id == person_id).order_by(pb.c.valid_from, pb.c.id)),
        }

    def merged_into(self, person_id: int) -> tuple[list[int], list[int]]:
        """The person and family ids merged into this person (merges not undone, followed through
        chains of merges): their views and changes belong in the person's file too."""
        m = t.person_merge
        persons, families, todo = [], [], [person_id]
        while todo:
            rows = self.session.execute(sa.select(m.c.removed_person_id, m.c.removed_family_id).where(
                m.c.kept_person_id.in_(todo), m.c.undone_at.is_(None))).all()
            todo = [r.removed_person_id for r in rows
                    if r.removed_person_id not in persons and r.removed_person_id != person_id]
            persons += todo
            families += [r.removed_family_id for r in rows if r.removed_family_id is not None]
        return persons, families

    def changes(self, keys: dict[str, list[int]], limit: int = 5000) -> list[dict]:
        """Audit entries about the records listed in ``keys`` (entity -> ids), oldest first."""
        a = t.audit_log
        conditions = [sa.and_(a.c.entity == entity, a.c.entity_id.in_([str(i) for i in ids]))
                      for entity, ids in keys.items() if ids]
        if not conditions:
            return []
        query = sa.select(a.c.occurred_at, a.c.actor_login, a.c.action, a.c.entity, a.c.entity_id, a.c.before,
                          a.c.after).where(sa.or_(*conditions)).order_by(a.c.id).limit(limit)
        return _rows(self.session, query)
