"""Known rows for the report and export tests: what the quota, payments, employment, education,
adaptation and task areas would store, inserted straight into their tables so these tests do not
depend on those areas' services. ``fill`` returns the figures the report must show."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa

from storage import tables as t

NOW = dt.datetime(2026, 11, 25, 10, 0, 0)
D = dt.date


def _edit() -> dict:
    return {"created_at": NOW, "created_by": "test", "updated_at": NOW, "updated_by": "test", "version": 1}


def fill(engine, services, families: int = 40, seed: int = 5) -> dict:
    """Demo families (through the services) plus known rows in every table the report reads."""
    services.demo(families, seed, families_only=True)  # the other areas' rows are the known ones below
    with engine.begin() as db:
        family_ids = [row.id for row in db.execute(sa.select(t.family.c.id).order_by(t.family.c.id))]
        p = t.person
        members = {r[0]: r[1] for r in db.execute(sa.select(p.c.family_id, sa.func.count()).group_by(p.c.family_id))}
        heads = {r[0]: r[1] for r in db.execute(sa.select(p.c.family_id, p.c.id).where(p.c.relation == "head"))}
        db.execute(t.quota_plan.update().where(t.quota_plan.c.year == 2026,
                                               t.quota_plan.c.region_code == "PAVLODAR").values(families_planned=250))
        regions = ("PAVLODAR", "AKMOLA", "ABAI")
        expected_quota: dict[str, dict] = {r: {"families": 0, "persons": 0, "arrived": 0} for r in regions}
        inclusion_ids = []
        for index, family_id in enumerate(family_ids[:12]):
            region = regions[index % 3]
            cancelled = D(2026, 6, 1) if index == 11 else None
            arrived = D(2026, 5, 1) if index % 2 == 0 else None
            result = db.execute(t.quota_inclusion.insert().values(
                family_id=family_id, year=2026, region_code=region, settlement="Павлодар",
                decision_date=D(2026, 3, 10) + dt.timedelta(days=index), decision_number=f"Q-{index:03d}",
                persons_count=members[family_id], arrived_on=arrived, cancelled_on=cancelled, **_edit()))
            inclusion_ids.append(result.inserted_primary_key[0])
            if cancelled is None:
                expected_quota[region]["families"] += 1
                expected_quota[region]["persons"] += members[family_id]
                expected_quota[region]["arrived"] += members[family_id] if arrived else 0
        # subsidies: a relocation item due in November for each of the first 6 inclusions, half paid
        due_month = paid_month = Decimal(0)
        for index, inclusion_id in enumerate(inclusion_ids[:6]):
            amount = Decimal("302750.00") * (index + 1)
            item = db.execute(t.subsidy_item.insert().values(
                inclusion_id=inclusion_id, kind="relocation_per_member", due_date=D(2026, 11, 5), amount_due=amount,
                mrp_year=2026, mrp_coefficient=Decimal("70"), persons=index + 1, created_at=NOW,
                created_by="test")).inserted_primary_key[0]
            due_month += amount
            if index % 2 == 0:
                db.execute(t.payment.insert().values(subsidy_item_id=item, paid_on=D(2026, 11, 12), amount=amount,
                                                     document_number=f"PP-{index}", created_at=NOW,
                                                     created_by="test"))
                paid_month += amount
        housing = db.execute(t.subsidy_item.insert().values(
            inclusion_id=inclusion_ids[0], kind="housing_monthly", period_month=D(2026, 10, 1),
            due_date=D(2026, 10, 10),
            amount_due=Decimal("64875.00"), mrp_year=2026, mrp_coefficient=Decimal("15"), persons=1,
            created_at=NOW, created_by="test")).inserted_primary_key[0]
        db.execute(t.payment.insert().values(subsidy_item_id=housing, paid_on=D(2026, 10, 15),
                                             amount=Decimal("64875.00"), document_number="PP-H", created_at=NOW,
                                             created_by="test"))
        # employment: plan 40 placements, 20 measures
        db.execute(t.employment_plan.insert().values(year=2026, placements_planned=40, measures_planned=20, **_edit()))
        placements = [D(2026, 11, 3), D(2026, 11, 20), D(2026, 4, 1), D(2026, 2, 2), D(2026, 7, 7), D(2025, 12, 1)]
        for index, started in enumerate(placements):
            db.execute(t.job_placement.insert().values(
                person_id=heads[family_ids[index]], employer_name="«Қазақ Агро» ЖШС", employer_bin="123456789012",
                position="агроном", started_on=started, employer_subsidy=index == 0, **_edit()))
        for index, (kind, started) in enumerate((("training", D(2026, 11, 2)), ("training", D(2026, 5, 2)),
                                                 ("training", D(2026, 6, 2)), ("public_works", D(2026, 9, 1)),
                                                 ("public_works", D(2026, 10, 1)))):
            db.execute(t.employment_measure.insert().values(
                person_id=heads[family_ids[index]], kind=kind, provider="Мансап орталығы", started_on=started,
                **_edit()))
        # education quota 2026 and applications
        college = db.execute(t.education_quota.insert().values(
            year=2026, level="college", institution="Павлодар колледжі", specialty_group="Агрономия", places=10,
            **_edit())).inserted_primary_key[0]
        university = db.execute(t.education_quota.insert().values(
            year=2026, level="university", institution="Торайғыров университеті", specialty_group="Педагогика",
            places=6, **_edit())).inserted_primary_key[0]
        for index, (quota, result) in enumerate(((university, "admitted"),) * 4 + ((college, "pending"),) * 2
                                                + ((college, "not_admitted"),)):
            db.execute(t.education_application.insert().values(
                person_id=heads[family_ids[index]], education_quota_id=quota, year=2026, applied_on=D(2026, 6, 20),
                result=result, decided_on=D(2026, 8, 1) if result != "pending" else None, **_edit()))
        # adaptation services: 6 language courses in November (3 families), 4 legal in October, 2 in 2025
        for index in range(6):
            db.execute(t.adaptation_service.insert().values(family_id=family_ids[index % 3], kind="language_course",
                                                            delivered_on=D(2026, 11, 2 + index), **_edit()))
        for index in range(4):
            db.execute(t.adaptation_service.insert().values(family_id=family_ids[index], kind="legal_consultation",
                                                            delivered_on=D(2026, 10, 2 + index), **_edit()))
        for index in range(2):
            db.execute(t.adaptation_service.insert().values(family_id=family_ids[index], kind="legal_consultation",
                                                            delivered_on=D(2025, 10, 2 + index), **_edit()))
        for family_id, check_in, check_out in ((family_ids[0], D(2026, 11, 4), None),
                                               (family_ids[1], D(2026, 11, 6), None),
                                               (family_ids[2], D(2026, 9, 1), D(2026, 11, 10)),
                                               (family_ids[3], D(2026, 10, 1), None)):
            db.execute(t.accommodation.insert().values(family_id=family_id, room="12", check_in=check_in,
                                                       check_out=check_out, **_edit()))
        # tasks: three open and overdue, one overdue but done, one not yet due
        for index, (kind, due, done) in enumerate((("status_expiry", D(2026, 11, 1), None),
                                                   ("payment_due", D(2026, 10, 15), None),
                                                   ("manual", D(2026, 9, 1), None),
                                                   ("manual", D(2026, 9, 1), NOW),
                                                   ("manual", D(2026, 12, 20), None))):
            db.execute(t.task.insert().values(family_id=family_ids[index], kind=kind,
                                              title="Call the family" if kind == "manual"
                                              else "Payment of {amount} is due", params={"amount": "1"},
                                              due_date=due, done_at=done, done_by="test" if done else None,
                                              **_edit()))
    return {"quota": expected_quota, "due_month": due_month, "paid_month": paid_month,
            "placements_ytd": 5, "placements_month": 2, "measures_ytd": 5, "measures_month": 1,
            "admitted": 4, "language_month": 6, "services_ytd": 10, "overdue": 3, "living_at_end": 3,
            "family_ids": family_ids}
