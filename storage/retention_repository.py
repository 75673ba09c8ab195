"""Finding finished cases and removing their personal data (retention, issue #19).

What goes: names (all spellings and the search tokens), IINs, the day and month of birth (the
year stays, for age groups in reports), identity documents, attachments, the family's address,
phone and notes, the address in the region, duplicate pairs and merge undo copies (they hold
whole person records), the wording of the family's timeline, and the before/after values of
every audit entry about these records (``storage.audit.erase_values``: the chain still verifies).

What stays, so past reports and approved months count the same: the family and person rows
themselves (stage, dates, region, country, sex, relation, education), statuses, inclusions,
support items and payments, placements, services and stays. Everything is written with Core
statements, so the ORM's audit listener never copies the values being removed into a new entry.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.stages import Stage
from storage import audit, family_summary, tables as t

# Tables whose rows belong to a family or to a person (and whose audit entries name them).
FAMILY_TABLES = ("family_event", "attachment", "task", "quota_inclusion", "adaptation_service", "accommodation")
PERSON_TABLES = ("identity_document", "kandas_status", "job_placement", "employment_measure",
                 "education_application", "person_search_token")
_CHUNK = 500


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


class RetentionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def finished_cases(self) -> list[dict[str, Any]]:
        """Families whose case is finished and not anonymised yet, with the day they finished (the
        newest stage change on their timeline, or their last edit when the timeline has none)."""
        f, e = t.family, t.family_event
        last_stage = (sa.select(e.c.family_id, sa.func.max(e.c.occurred_at).label("at"))
                      .where(e.c.kind == "stage").group_by(e.c.family_id).subquery())
        rows = self.session.execute(
            sa.select(f.c.id, f.c.case_number, f.c.stage, f.c.closed_reason, f.c.member_count,
                      sa.func.coalesce(last_stage.c.at, f.c.updated_at, f.c.created_at).label("finished_at"))
            .select_from(f).outerjoin(last_stage, last_stage.c.family_id == f.c.id)
            .where(f.c.stage.in_([Stage.CITIZENSHIP, Stage.CLOSED]), f.c.anonymised_at.is_(None))
            .order_by(f.c.id)).all()
        return [dict(row._mapping) for row in rows]

    def person(self, person_id: int) -> dict[str, Any] | None:
        p = t.person
        row = self.session.execute(sa.select(p.c.id, p.c.family_id, p.c.relation, p.c.anonymised_at)
                                   .where(p.c.id == person_id)).first()
        return dict(row._mapping) if row else None

    def family_exists(self, family_id: int) -> bool:
        return self.session.scalar(sa.select(t.family.c.id).where(t.family.c.id == family_id)) is not None

    def person_ids(self, family_ids: list[int]) -> list[int]:
        p = t.person
        return list(self.session.scalars(sa.select(p.c.id).where(p.c.family_id.in_(family_ids))))

    # --- removing ---------------------------------------------------------------------------
    def anonymise_persons(self, person_ids: list[int], now: dt.datetime) -> dict[str, int]:
        p = t.person
        counts = {"persons": 0, "documents": 0, "attachments": 0}
        for ids in _chunks(person_ids):
            # Lock the persons before collecting what belongs to them: a seat recording a consent holds
            # the person's row (services.privacy) and its scan is then seen and removed here; without the
            # lock PostgreSQL would delete the attachments of a snapshot taken before that seat committed
            # (tests/services/test_retention_concurrency.py).
            self.session.execute(sa.select(p.c.id).where(p.c.id.in_(ids)).with_for_update())
            self.session.execute(sa.delete(t.person_search_token).where(t.person_search_token.c.person_id.in_(ids)))
            counts["documents"] += self.session.execute(
                sa.delete(t.identity_document).where(t.identity_document.c.person_id.in_(ids))).rowcount
            counts["attachments"] += self.session.execute(
                sa.delete(t.attachment).where(t.attachment.c.person_id.in_(ids))).rowcount
            self.session.execute(sa.delete(t.duplicate_candidate).where(sa.or_(
                t.duplicate_candidate.c.person_a_id.in_(ids), t.duplicate_candidate.c.person_b_id.in_(ids))))
            self.session.execute(sa.delete(t.person_merge).where(sa.or_(
                t.person_merge.c.kept_person_id.in_(ids), t.person_merge.c.removed_person_id.in_(ids))))
            self.session.execute(t.kandas_status.update().where(t.kandas_status.c.person_id.in_(ids))
                                 .values(certificate_number=""))
            counts["persons"] += self.session.execute(p.update().where(p.c.id.in_(ids)).values(
                surname="", given_name="", patronymic="", latin_name="", iin=None, profession="",
                search_key="", sort_key="", anonymised_at=now, updated_at=now,
                # a new version: an edit opened before the removal is refused as a conflict, it
                # does not write the names back (tests/services/test_retention_concurrency.py)
                version=p.c.version + 1,
                birth_date=_first_of_year(p.c.birth_date, self.session))).rowcount
        families = set(self.session.scalars(sa.select(p.c.family_id).where(p.c.id.in_(person_ids)))) \
            if person_ids else set()
        family_summary.refresh(self.session.connection(), families)
        return counts

    def anonymise_families(self, family_ids: list[int], now: dt.datetime) -> dict[str, int]:
        f = t.family
        counts = self.anonymise_persons(self.person_ids(family_ids), now)
        counts["families"] = 0
        for ids in _chunks(family_ids):
            counts["attachments"] += self.session.execute(
                sa.delete(t.attachment).where(t.attachment.c.family_id.in_(ids))).rowcount
            self.session.execute(t.family_event.update().where(
                t.family_event.c.family_id.in_(ids), t.family_event.c.kind != "stage").values(params={}))
            self.session.execute(t.quota_inclusion.update().where(t.quota_inclusion.c.family_id.in_(ids))
                                 .values(arrived_address=""))
            counts["families"] += self.session.execute(f.update().where(f.c.id.in_(ids)).values(
                address="", phone="", notes="", head_sort_key="", anonymised_at=now, updated_at=now,
                version=f.c.version + 1)).rowcount
        return counts

    # --- the audit log ----------------------------------------------------------------------
    def erase_audit_values(self, family_ids: Iterable[int], person_ids: Iterable[int],
                           now: dt.datetime, whole_families: bool = True) -> int:
        """Erase the values of every audit entry about these families' or persons' records: the
        records themselves and the rows that belong to them — also rows deleted long ago, found by
        the family or person they named."""
        family_ids, person_ids = {str(i) for i in family_ids}, {str(i) for i in person_ids}
        a = t.audit_log
        owned = FAMILY_TABLES + PERSON_TABLES + ("person", "family", "duplicate_candidate", "person_merge")
        found: list[int] = []
        last = 0
        while True:
            page = self.session.execute(
                sa.select(a.c.id, a.c.entity, a.c.entity_id, a.c.before, a.c.after)
                .where(a.c.id > last, a.c.entity.in_(owned), a.c.erased_at.is_(None))
                .order_by(a.c.id).limit(2000)).all()
            if not page:
                break
            for row in page:
                if _names(row, family_ids if whole_families else set(), person_ids):
                    found.append(row.id)
            last = page[-1].id
        erased = 0
        for ids in _chunks(found):
            erased += audit.erase_values(self.session, a.c.id.in_(ids), now)
        return erased


def _names(row, family_ids: set[str], person_ids: set[str]) -> bool:
    """Whether an audit entry is about one of these families or persons."""
    if row.entity == "family" and row.entity_id in family_ids:
        return True
    if row.entity == "person" and row.entity_id in person_ids:
        return True
    for values in (row.before, row.after):
        if not isinstance(values, dict):
            continue
        for key in ("family_id", "kept_family_id", "removed_family_id"):
            if key in values and str(values[key]) in family_ids:
                return True
        for key in ("person_id", "person_a_id", "person_b_id", "kept_person_id", "removed_person_id"):
            if key in values and str(values[key]) in person_ids:
                return True
        if row.entity == "person" and str(values.get("family_id")) in family_ids:
            return True
    return False


def _first_of_year(column, session: Session):
    """The birth date's 1 January (the year stays for age groups), in the dialect's own words."""
    if session.get_bind().dialect.name == "postgresql":
        return sa.cast(sa.func.date_trunc("year", column), sa.Date)
    return sa.func.date(column, "start of year")
