"""Aggregates for the monthly report and rows for the ministry exports, all in SQL.

Every figure is one ``GROUP BY`` over an indexed date filter (the subsidy sums over the
ledger's running totals, ``storage.report_subsidies``), so the monthly report stays fast
on a database of a million persons; the register rows are read in keyset
pages (``id > last``) so an export never holds the whole table in memory.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.status_as_of import StatusRecord, status_as_of
from storage import tables
from storage.report_subsidies import subsidy_figures
from storage.status_figures import status_figures

t = tables
PAGE_SIZE = 2000
CITIZENSHIP_AFTER_END = "KZ"
CENT = Decimal("0.01")


def _between(column, start: dt.date, end: dt.date):
    return sa.and_(column >= start, column <= end)


def _count_if(condition):
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


class ReportingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- arrivals ----------------------------------------------------------------
    def arrivals(self, year_start: dt.date, month_start: dt.date, month_end: dt.date) -> list[dict]:
        """Families and persons arrived in the month and year to date, by (country, region): one pass
        over the year's arrivals serves both tables of the report (a family has one of each).

        Each family of the year is read once from the covering arrival index with its member count
        (a count on the person index), materialised, then grouped: joining persons and counting
        distinct families instead sorted every person of the year twice (≈40 % slower at 1M)."""
        f, p = t.family, t.person
        members = sa.select(sa.func.count()).where(p.c.family_id == f.c.id).scalar_subquery()
        families = (sa.select(f.c.origin_country_code.label("country"), f.c.region_code.label("region"),
                              sa.case((f.c.arrival_date >= month_start, 1), else_=0).label("in_month"),
                              members.label("persons"))
                    .where(_between(f.c.arrival_date, year_start, month_end))
                    .cte("year_families").prefix_with("MATERIALIZED"))  # the count once per family
        c = families.c
        with_members = c.persons > 0  # a family without persons is no arrival (as with a join)
        query = (sa.select(c.country, c.region, _count_if(sa.and_(c.in_month == 1, with_members)).label("families_month"),
                           sa.func.coalesce(sa.func.sum(c.in_month * c.persons), 0).label("persons_month"),
                           _count_if(with_members).label("families_ytd"),
                           sa.func.coalesce(sa.func.sum(c.persons), 0).label("persons_ytd"))
                 .group_by(c.country, c.region).having(sa.func.sum(c.persons) > 0))
        return [row._asdict() for row in self.session.execute(query)]

    # --- kandas status certificates --------------------------------------------------
    def certificates(self, year_start: dt.date, month_start: dt.date, month_end: dt.date,
                     soon_end: dt.date) -> dict:
        """Status figures as of ``month_end`` (``storage.status_figures``; definitions in docs/reports.md)."""
        return status_figures(self.session, year_start, month_start, month_end, soon_end)

    # --- regional quota -----------------------------------------------------------
    def quota_plan_vs_fact(self, year: int, as_of: dt.date) -> list[dict]:
        """Per region of the year's plan (or with inclusions): planned, included, arrived."""
        qp, qi = t.quota_plan, t.quota_inclusion
        active = sa.and_(qi.c.year == year, qi.c.decision_date <= as_of,
                         sa.or_(qi.c.cancelled_on.is_(None), qi.c.cancelled_on > as_of))
        arrived = sa.and_(qi.c.arrived_on.is_not(None), qi.c.arrived_on <= as_of)
        fact = (sa.select(qi.c.region_code.label("code"),
                          sa.func.count().label("families_included"),
                          sa.func.coalesce(sa.func.sum(qi.c.persons_count), 0).label("persons_included"),
                          _count_if(arrived).label("families_arrived"),
                          sa.func.coalesce(sa.func.sum(sa.case((arrived, qi.c.persons_count), else_=0)), 0)
                          .label("persons_arrived"))
                .where(active).group_by(qi.c.region_code))
        result: dict[str, dict] = {}
        for row in self.session.execute(sa.select(qp.c.region_code, qp.c.persons_planned, qp.c.families_planned)
                                        .where(qp.c.year == year)):
            result[row.region_code] = {"code": row.region_code, "persons_planned": row.persons_planned,
                                       "families_planned": row.families_planned, "families_included": 0,
                                       "persons_included": 0, "families_arrived": 0, "persons_arrived": 0}
        for row in self.session.execute(fact):
            entry = result.setdefault(row.code, {"code": row.code, "persons_planned": None,
                                                 "families_planned": None})
            entry.update({key: int(getattr(row, key)) for key in
                          ("families_included", "persons_included", "families_arrived", "persons_arrived")})
        return list(result.values())

    # --- subsidies and payments ---------------------------------------------------
    def subsidies(self, year_start: dt.date, month_start: dt.date, month_end: dt.date) -> list[dict]:
        """By subsidy kind: owed and paid in the month, year to date, and still outstanding, from the
        ledger's running totals (``storage.report_subsidies``)."""
        return subsidy_figures(self.session, year_start, month_start, month_end)

    # --- employment and education ------------------------------------------------------
    def employment(self, year: int, year_start: dt.date, month_start: dt.date, month_end: dt.date) -> dict:
        plan = self.session.execute(sa.select(t.employment_plan.c.placements_planned,
                                              t.employment_plan.c.measures_planned)
                                    .where(t.employment_plan.c.year == year)).first()
        jp, em = t.job_placement, t.employment_measure
        placements = self.session.execute(
            sa.select(_count_if(jp.c.started_on >= month_start), sa.func.count(),
                      _count_if(jp.c.employer_subsidy == sa.true()))
            .where(_between(jp.c.started_on, year_start, month_end))).one()
        measures = self.session.execute(
            sa.select(em.c.kind, _count_if(em.c.started_on >= month_start), sa.func.count())
            .where(_between(em.c.started_on, year_start, month_end)).group_by(em.c.kind)).all()
        return {"placements_planned": plan.placements_planned if plan else None,
                "measures_planned": plan.measures_planned if plan else None,
                "placements_month": int(placements[0]), "placements_ytd": int(placements[1]),
                "with_employer_subsidy": int(placements[2]),
                "measures": [{"kind": k, "month": int(m), "ytd": int(y)} for k, m, y in sorted(measures)]}

    def education(self, year: int, as_of: dt.date) -> dict:
        """Quota places of the admission year by level, and its applications as known on ``as_of``:
        filed on or before it, with a result only once the result is dated on or before it
        (until then the application counts as pending)."""
        eq, ea = t.education_quota, t.education_application
        places = self.session.execute(sa.select(eq.c.level, sa.func.sum(eq.c.places))
                                      .where(eq.c.year == year).group_by(eq.c.level)).all()
        result = sa.case((sa.and_(ea.c.result != "pending", ea.c.decided_on <= as_of), ea.c.result),
                         else_=sa.literal("pending")).label("result")
        known = (sa.select(eq.c.level.label("level"), result)
                 .select_from(ea).outerjoin(eq, eq.c.id == ea.c.education_quota_id)
                 .where(ea.c.year == year, ea.c.applied_on <= as_of).subquery())
        results = self.session.execute(sa.select(known.c.level, known.c.result, sa.func.count())
                                       .group_by(known.c.level, known.c.result)).all()
        return {"places": {level or "": int(n or 0) for level, n in places},
                "applications": [{"level": level or "", "result": result, "count": int(n)}
                                 for level, result, n in results]}

    # --- adaptation services, accommodation, tasks -------------------------------------
    def services_delivered(self, year_start: dt.date, month_start: dt.date, month_end: dt.date) -> list[dict]:
        s = t.adaptation_service
        query = (sa.select(s.c.kind, _count_if(s.c.delivered_on >= month_start).label("month"),
                           sa.func.count().label("ytd"),
                           sa.func.count(sa.distinct(sa.case((s.c.delivered_on >= month_start, s.c.family_id))))
                           .label("families_month"))
                 .where(_between(s.c.delivered_on, year_start, month_end)).group_by(s.c.kind))
        return [{"kind": r.kind, "month": int(r.month), "ytd": int(r.ytd), "families_month": int(r.families_month)}
                for r in self.session.execute(query)]

    def accommodation(self, month_start: dt.date, month_end: dt.date) -> dict:
        a = t.accommodation
        living = sa.and_(a.c.check_in <= month_end, sa.or_(a.c.check_out.is_(None), a.c.check_out > month_end))
        row = self.session.execute(sa.select(
            _count_if(_between(a.c.check_in, month_start, month_end)),
            _count_if(sa.and_(a.c.check_out.is_not(None), _between(a.c.check_out, month_start, month_end))),
            _count_if(living)).where(a.c.check_in <= month_end)).one()
        return {"checked_in": int(row[0]), "checked_out": int(row[1]), "living_at_end": int(row[2])}

    def overdue_tasks(self, as_of: dt.date, limit: int = 30) -> dict:
        tk, f = t.task, t.family
        # still open on ``as_of`` (a report for a past month counts what was overdue then)
        next_day = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
        open_overdue = sa.and_(sa.or_(tk.c.done_at.is_(None), tk.c.done_at >= next_day), tk.c.due_date < as_of)
        by_kind = self.session.execute(sa.select(tk.c.kind, sa.func.count()).where(open_overdue)
                                       .group_by(tk.c.kind)).all()
        oldest = self.session.execute(
            sa.select(tk.c.kind, tk.c.title, tk.c.params, tk.c.due_date, f.c.case_number)
            .select_from(tk).outerjoin(f, f.c.id == tk.c.family_id)
            .where(open_overdue).order_by(tk.c.due_date, tk.c.id).limit(limit)).all()
        return {"by_kind": {kind: int(n) for kind, n in by_kind},
                "oldest": [r._asdict() for r in oldest]}

    # --- names of regions and countries ---------------------------------------------------
    def names(self) -> tuple[dict, dict]:
        regions = {r.code: (r.name_kk, r.name_ru, r.name_en, r.sort_order)
                   for r in self.session.execute(sa.select(t.region))}
        countries = {c.code: (c.name_kk, c.name_ru, c.name_en)
                     for c in self.session.execute(sa.select(t.country))}
        return regions, countries

    # --- streamed rows for the ministry exports -------------------------------------------
    def _pages(self, query, id_column, page_size: int) -> Iterator[list[dict]]:
        last = 0
        while True:
            rows = [r._asdict() for r in self.session.execute(
                query.where(id_column > last).order_by(id_column).limit(page_size))]
            if not rows:
                return
            yield rows
            last = rows[-1]["id"]

    def register_count(self, start: dt.date | None, end: dt.date | None) -> int:
        f, p = t.family, t.person
        query = sa.select(sa.func.count()).select_from(p).join(f, f.c.id == p.c.family_id)
        if start is not None:
            query = query.where(_between(f.c.arrival_date, start, end))
        return int(self.session.scalar(query) or 0)

    def register_pages(self, start: dt.date | None, end: dt.date | None, as_of: dt.date,
                       page_size: int = PAGE_SIZE) -> Iterator[list[dict]]:
        """Persons with their family, their status and live quota inclusion as of ``as_of``
        (``domain.status_as_of``), page by page."""
        f, p, s, qi = t.family, t.person, t.kandas_status, t.quota_inclusion
        query = (sa.select(p.c.id, p.c.family_id, p.c.relation, p.c.surname, p.c.given_name, p.c.patronymic,
                           p.c.latin_name, p.c.birth_date, p.c.sex, p.c.iin, p.c.citizenship_code,
                           p.c.education_level, p.c.profession, f.c.case_number, f.c.stage, f.c.arrival_date,
                           f.c.origin_country_code, f.c.region_code, f.c.address, f.c.phone)
                 .select_from(p).join(f, f.c.id == p.c.family_id))
        if start is not None:
            query = query.where(_between(f.c.arrival_date, start, end))
        for rows in self._pages(query, p.c.id, page_size):
            person_ids = [r["id"] for r in rows]
            family_ids = list({r["family_id"] for r in rows})
            records: dict[int, list[StatusRecord]] = {}
            for st in self.session.execute(
                    sa.select(s.c.person_id, s.c.id, s.c.kind, s.c.decision, s.c.certificate_number, s.c.granted_on,
                              s.c.valid_until, s.c.ended_on, s.c.end_reason).where(s.c.person_id.in_(person_ids))):
                records.setdefault(st.person_id, []).append(StatusRecord(*st[1:]))
            inclusions: dict[int, dict] = {}
            live = sa.and_(qi.c.decision_date <= as_of, sa.or_(qi.c.cancelled_on.is_(None), qi.c.cancelled_on > as_of))
            for inc in self.session.execute(
                    sa.select(qi.c.family_id, qi.c.year, qi.c.region_code, qi.c.decision_date, qi.c.arrived_on)
                    .where(qi.c.family_id.in_(family_ids), live).order_by(qi.c.id)):
                inclusions[inc.family_id] = inc._asdict()  # the latest live inclusion wins
            for row in rows:
                status = status_as_of(records.get(row["id"], []), as_of)
                record = status.record
                inclusion = inclusions.get(row["family_id"], {})
                if status.end_reason == "citizenship":  # a citizen of Kazakhstan from that day
                    row["citizenship_code"] = CITIZENSHIP_AFTER_END
                row.update(status_state=status.state, status_decision=record.decision if record else None,
                           certificate_number=record.certificate_number if record else "",
                           status_granted_on=record.granted_on if record else None,
                           status_valid_until=record.valid_until if record else None,
                           status_end_reason=status.end_reason, status_ended_on=status.ended_on,
                           quota_year=inclusion.get("year"), quota_region_code=inclusion.get("region_code"),
                           quota_decision_date=inclusion.get("decision_date"),
                           quota_arrived_on=inclusion.get("arrived_on") if inclusion.get("arrived_on") and
                           inclusion["arrived_on"] <= as_of else None)
            yield rows

    def _head(self):
        p = t.person
        return (sa.select(p.c.family_id, p.c.surname, p.c.given_name, p.c.patronymic, p.c.iin)
                .where(p.c.relation == "head").subquery())

    def quota_inclusion_pages(self, year: int | None, start: dt.date | None, end: dt.date | None,
                              page_size: int = PAGE_SIZE) -> Iterator[list[dict]]:
        qi, f = t.quota_inclusion, t.family
        head = self._head()
        query = (sa.select(qi.c.id, qi.c.year, qi.c.region_code, qi.c.settlement, qi.c.decision_date,
                           qi.c.decision_number, qi.c.persons_count, qi.c.arrived_on, qi.c.cancelled_on,
                           qi.c.over_plan_override, f.c.case_number, f.c.origin_country_code,
                           head.c.surname, head.c.given_name, head.c.patronymic, head.c.iin)
                 .select_from(qi).join(f, f.c.id == qi.c.family_id)
                 .outerjoin(head, head.c.family_id == qi.c.family_id))
        if year is not None:
            query = query.where(qi.c.year == year)
        if start is not None:
            query = query.where(_between(qi.c.decision_date, start, end))
        yield from self._pages(query, qi.c.id, page_size)

    def payment_pages(self, start: dt.date | None, end: dt.date | None,
                      page_size: int = PAGE_SIZE) -> Iterator[list[dict]]:
        pay, si, qi, f, jp = t.payment, t.subsidy_item, t.quota_inclusion, t.family, t.job_placement
        head = self._head()
        query = (sa.select(pay.c.id, pay.c.paid_on, pay.c.amount, pay.c.document_number, si.c.kind,
                           si.c.period_month, si.c.due_date, si.c.amount_due, si.c.mrp_year, si.c.mrp_coefficient,
                           si.c.persons, qi.c.year.label("quota_year"), qi.c.region_code, f.c.case_number,
                           head.c.surname, head.c.given_name, head.c.patronymic, head.c.iin,
                           jp.c.employer_name, jp.c.employer_bin)
                 .select_from(pay).join(si, si.c.id == pay.c.subsidy_item_id)
                 .join(qi, qi.c.id == si.c.inclusion_id).join(f, f.c.id == qi.c.family_id)
                 .outerjoin(head, head.c.family_id == qi.c.family_id)
                 .outerjoin(jp, jp.c.id == si.c.placement_id))  # who receives an employer subsidy
        if start is not None:
            query = query.where(_between(pay.c.paid_on, start, end))
        yield from self._pages(query, pay.c.id, page_size)

    def payment_item_pages(self, start: dt.date | None, end: dt.date | None, as_of: dt.date,
                           page_size: int = PAGE_SIZE) -> Iterator[list[dict]]:
        """Schedule items falling due in the period (every item without one), each with what was
        paid on it up to ``as_of`` and what is still outstanding then."""
        pay, si, qi, f, jp = t.payment, t.subsidy_item, t.quota_inclusion, t.family, t.job_placement
        head = self._head()
        query = (sa.select(si.c.id, si.c.kind, si.c.period_month, si.c.due_date, si.c.amount_due, si.c.mrp_year,
                           si.c.mrp_coefficient, si.c.persons, qi.c.year.label("quota_year"), qi.c.region_code,
                           qi.c.cancelled_on, f.c.case_number, head.c.surname, head.c.given_name, head.c.patronymic,
                           head.c.iin, jp.c.employer_name, jp.c.employer_bin)
                 .select_from(si).join(qi, qi.c.id == si.c.inclusion_id).join(f, f.c.id == qi.c.family_id)
                 .outerjoin(head, head.c.family_id == qi.c.family_id)
                 .outerjoin(jp, jp.c.id == si.c.placement_id))
        if start is not None:
            query = query.where(_between(si.c.due_date, start, end))
        for rows in self._pages(query, si.c.id, page_size):
            paid = dict(self.session.execute(
                sa.select(pay.c.subsidy_item_id, sa.func.sum(pay.c.amount))
                .where(pay.c.subsidy_item_id.in_([r["id"] for r in rows]), pay.c.paid_on <= as_of)
                .group_by(pay.c.subsidy_item_id)).all())
            for row in rows:
                due = Decimal(str(row["amount_due"])).quantize(CENT)
                row["amount_due"] = due
                row["paid"] = Decimal(str(paid.get(row["id"]) or 0)).quantize(CENT)
                row["outstanding"] = due - row["paid"]
            yield rows

    def _person_columns(self):
        p, f = t.person, t.family
        return (p.c.surname, p.c.given_name, p.c.patronymic, p.c.iin, p.c.birth_date, p.c.sex,
                f.c.case_number, f.c.region_code, f.c.origin_country_code)

    def employment_pages(self, start: dt.date | None, end: dt.date | None,
                         page_size: int = PAGE_SIZE) -> Iterator[list[dict]]:
        """Job placements first, then employment measures (each in keyset pages)."""
        jp, em, p, f = t.job_placement, t.employment_measure, t.person, t.family
        placements = (sa.select(jp.c.id, sa.literal("placement").label("record"), sa.literal(None).label("kind"),
                                jp.c.employer_name.label("organisation"), jp.c.employer_bin, jp.c.position,
                                jp.c.started_on, jp.c.ended_on, jp.c.employer_subsidy, *self._person_columns())
                      .select_from(jp).join(p, p.c.id == jp.c.person_id).join(f, f.c.id == p.c.family_id))
        measures = (sa.select(em.c.id, sa.literal("measure").label("record"), em.c.kind,
                              em.c.provider.label("organisation"), sa.literal("").label("employer_bin"),
                              em.c.note.label("position"), em.c.started_on, em.c.ended_on,
                              sa.literal(False).label("employer_subsidy"), *self._person_columns())
                    .select_from(em).join(p, p.c.id == em.c.person_id).join(f, f.c.id == p.c.family_id))
        if start is not None:
            placements = placements.where(_between(jp.c.started_on, start, end))
            measures = measures.where(_between(em.c.started_on, start, end))
        yield from self._pages(placements, jp.c.id, page_size)
        yield from self._pages(measures, em.c.id, page_size)

    def education_pages(self, year: int | None, start: dt.date | None, end: dt.date | None,
                        page_size: int = PAGE_SIZE) -> Iterator[list[dict]]:
        ea, eq, p, f = t.education_application, t.education_quota, t.person, t.family
        query = (sa.select(ea.c.id, ea.c.year, ea.c.applied_on, ea.c.result, ea.c.decided_on, eq.c.level,
                           eq.c.institution, eq.c.specialty_group, *self._person_columns())
                 .select_from(ea).join(p, p.c.id == ea.c.person_id).join(f, f.c.id == p.c.family_id)
                 .outerjoin(eq, eq.c.id == ea.c.education_quota_id))
        if year is not None:
            query = query.where(ea.c.year == year)
        if start is not None:
            query = query.where(_between(ea.c.applied_on, start, end))
        yield from self._pages(query, ea.c.id, page_size)

    def count_rows(self, kind: str, year: int | None, start: dt.date | None, end: dt.date | None) -> int:
        """How many rows an export will have (for the progress bar)."""
        if kind == "register":
            return self.register_count(start, end)
        if kind == "payments":
            return self._count(t.payment.c.paid_on, start, end)
        if kind == "quota":
            qi = t.quota_inclusion
            return self._count(qi.c.decision_date, start, end, qi.c.year, year)
        if kind == "employment":
            return sum(self._count(table.c.started_on, start, end)
                       for table in (t.job_placement, t.employment_measure))
        ea = t.education_application
        return self._count(ea.c.applied_on, start, end, ea.c.year, year)

    def _count(self, date_column, start: dt.date | None, end: dt.date | None, year_column=None,
               year: int | None = None) -> int:
        """Rows of the date column's table, within the period and the year when they are given."""
        query = sa.select(sa.func.count()).select_from(date_column.table)
        if year is not None and year_column is not None:
            query = query.where(year_column == year)
        if start is not None:
            query = query.where(_between(date_column, start, end))
        return int(self.session.scalar(query) or 0)
