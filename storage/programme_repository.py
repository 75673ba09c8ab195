"""Employment, education quota and adaptation services (Core queries)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage import tables
from storage.quota_repository import head_name_subquery

ep_t, jp_t, em_t = tables.employment_plan, tables.job_placement, tables.employment_measure
eq_t, ea_t = tables.education_quota, tables.education_application
as_t, ac_t, per_t, fam_t = tables.adaptation_service, tables.accommodation, tables.person, tables.family


def _year_range(column, year: int):
    return sa.and_(column >= dt.date(year, 1, 1), column <= dt.date(year, 12, 31))


def _person_name():
    return (per_t.c.surname + " " + per_t.c.given_name).label("person_name")


class ProgrammeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # Generic writes by table name: the services of this area never see Table objects.
    def insert(self, table_name: str, values: dict) -> int:
        table = tables.metadata.tables[table_name]
        return self.session.execute(table.insert().values(**values)).inserted_primary_key[0]

    def update(self, table_name: str, row_id: int, values: dict) -> None:
        table = tables.metadata.tables[table_name]
        extra = {"version": table.c.version + 1} if "version" in table.c else {}
        self.session.execute(table.update().where(table.c.id == row_id).values(**values, **extra))

    def get(self, table_name: str, row_id: int, lock: bool = False) -> dict | None:
        """One row; ``lock`` holds it until commit (PostgreSQL), for a count that must not move
        before the write it allows (education places)."""
        table = tables.metadata.tables[table_name]
        query = sa.select(table).where(table.c.id == row_id)
        row = self.session.execute(query.with_for_update() if lock else query).first()
        return row._asdict() if row else None

    # --- employment -----------------------------------------------------------------
    def employment_plan(self, year: int) -> dict | None:
        row = self.session.execute(sa.select(ep_t).where(ep_t.c.year == year)).first()
        return row._asdict() if row else None

    def placements(self, family_id: int) -> list[dict]:
        query = (sa.select(jp_t, _person_name()).join(per_t, per_t.c.id == jp_t.c.person_id)
                 .where(per_t.c.family_id == family_id).order_by(jp_t.c.started_on.desc(), jp_t.c.id.desc()))
        return [row._asdict() for row in self.session.execute(query)]

    def measures(self, family_id: int) -> list[dict]:
        query = (sa.select(em_t, _person_name()).join(per_t, per_t.c.id == em_t.c.person_id)
                 .where(per_t.c.family_id == family_id).order_by(em_t.c.started_on.desc(), em_t.c.id.desc()))
        return [row._asdict() for row in self.session.execute(query)]

    def placements_started(self, year: int) -> int:
        """Persons placed in a job that started in ``year`` (a person counts once)."""
        return self.session.scalar(sa.select(sa.func.count(sa.distinct(jp_t.c.person_id)))
                                   .where(_year_range(jp_t.c.started_on, year))) or 0

    def measures_started(self, year: int) -> int:
        return self.session.scalar(sa.select(sa.func.count()).select_from(em_t)
                                   .where(_year_range(em_t.c.started_on, year))) or 0

    def measures_by_kind(self, year: int) -> dict[str, int]:
        query = (sa.select(em_t.c.kind, sa.func.count()).where(_year_range(em_t.c.started_on, year))
                 .group_by(em_t.c.kind))
        return {kind: int(count) for kind, count in self.session.execute(query)}

    def placements_by_region(self, year: int) -> dict[str, int]:
        query = (sa.select(fam_t.c.region_code, sa.func.count(sa.distinct(jp_t.c.person_id)))
                 .join(per_t, per_t.c.id == jp_t.c.person_id).join(fam_t, fam_t.c.id == per_t.c.family_id)
                 .where(_year_range(jp_t.c.started_on, year)).group_by(fam_t.c.region_code))
        return {code or "": int(count) for code, count in self.session.execute(query)}

    # --- education ---------------------------------------------------------------------
    def education_lines(self, year: int) -> list[dict]:
        # Counted per line (an index search each), not grouped over every application of every year.
        admitted = (sa.select(sa.func.count()).select_from(ea_t)
                    .where(ea_t.c.education_quota_id == eq_t.c.id, ea_t.c.result == "admitted").scalar_subquery())
        applied = (sa.select(sa.func.count()).select_from(ea_t)
                   .where(ea_t.c.education_quota_id == eq_t.c.id).scalar_subquery())
        query = (sa.select(eq_t, admitted.label("admitted"), applied.label("applications"))
                 .where(eq_t.c.year == year).order_by(eq_t.c.level, eq_t.c.institution, eq_t.c.specialty_group))
        return [row._asdict() for row in self.session.execute(query)]

    def education_line_id(self, year: int, level: str, institution: str, specialty_group: str) -> int | None:
        return self.session.scalar(sa.select(eq_t.c.id).where(
            eq_t.c.year == year, eq_t.c.level == level, eq_t.c.institution == institution,
            eq_t.c.specialty_group == specialty_group))

    def admitted_on_line(self, line_id: int, except_application: int | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(ea_t).where(
            ea_t.c.education_quota_id == line_id, ea_t.c.result == "admitted")
        if except_application is not None:
            query = query.where(ea_t.c.id != except_application)
        return self.session.scalar(query) or 0

    def applications(self, family_id: int) -> list[dict]:
        query = (sa.select(ea_t, _person_name(), eq_t.c.institution, eq_t.c.specialty_group, eq_t.c.level)
                 .join(per_t, per_t.c.id == ea_t.c.person_id)
                 .outerjoin(eq_t, eq_t.c.id == ea_t.c.education_quota_id)
                 .where(per_t.c.family_id == family_id).order_by(ea_t.c.year.desc(), ea_t.c.id.desc()))
        return [row._asdict() for row in self.session.execute(query)]

    # --- adaptation ------------------------------------------------------------------------
    def services(self, family_id: int) -> list[dict]:
        query = (sa.select(as_t, _person_name()).outerjoin(per_t, per_t.c.id == as_t.c.person_id)
                 .where(as_t.c.family_id == family_id).order_by(as_t.c.delivered_on.desc(), as_t.c.id.desc()))
        return [row._asdict() for row in self.session.execute(query)]

    def services_per_month(self, year: int) -> list[dict]:
        month = sa.extract("month", as_t.c.delivered_on)
        query = (sa.select(month.label("month"), as_t.c.kind, sa.func.count().label("count"),
                           sa.func.count(sa.distinct(as_t.c.family_id)).label("families"))
                 .where(_year_range(as_t.c.delivered_on, year)).group_by(month, as_t.c.kind)
                 .order_by(month, as_t.c.kind))
        return [{"month": int(r.month), "kind": r.kind, "count": int(r.count), "families": int(r.families)}
                for r in self.session.execute(query)]

    def stays(self, family_id: int) -> list[dict]:
        query = sa.select(ac_t).where(ac_t.c.family_id == family_id).order_by(ac_t.c.check_in.desc(), ac_t.c.id.desc())
        return [row._asdict() for row in self.session.execute(query)]

    def open_stays(self, family_id: int) -> int:
        return self.session.scalar(sa.select(sa.func.count()).select_from(ac_t).where(
            ac_t.c.family_id == family_id, ac_t.c.check_out.is_(None))) or 0

    def residents(self) -> list[dict]:
        heads = head_name_subquery()
        query = (sa.select(ac_t, fam_t.c.case_number, heads.c.head_name)
                 .join(fam_t, fam_t.c.id == ac_t.c.family_id)
                 .outerjoin(heads, heads.c.family_id == ac_t.c.family_id)
                 .where(ac_t.c.check_out.is_(None)).order_by(ac_t.c.check_in))
        return [row._asdict() for row in self.session.execute(query)]

    def stays_per_month(self, year: int) -> dict[int, int]:
        """Families living in the centre on any day of each month of ``year``."""
        result = {}
        for month in range(1, 13):
            first = dt.date(year, month, 1)
            last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
            result[month] = self.session.scalar(sa.select(sa.func.count(sa.distinct(ac_t.c.family_id))).where(
                ac_t.c.check_in <= last, sa.or_(ac_t.c.check_out.is_(None), ac_t.c.check_out >= first))) or 0
        return result
