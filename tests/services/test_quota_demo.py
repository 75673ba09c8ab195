"""The demo data keeps every rule the program enforces."""
from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal as D

from domain.kandas_status import KandasStatus
from domain.quotas import head_status_valid


def test_demo_inclusions_and_payments_obey_the_rules(services, db_path):
    services.demo(families=80, seed=5)
    with sqlite3.connect(db_path) as c:
        inclusions = c.execute("SELECT id, family_id, year, region_code, decision_date, persons_count "
                               "FROM quota_inclusion").fetchall()
        receiving = set(c.execute("SELECT year, region_code FROM receiving_region").fetchall())
        over = c.execute("""SELECT i.year, i.region_code, SUM(i.persons_count), p.persons_planned
                            FROM quota_inclusion i JOIN quota_plan p ON p.year = i.year
                            AND p.region_code = i.region_code GROUP BY i.year, i.region_code
                            HAVING SUM(i.persons_count) > p.persons_planned""").fetchall()
        overpaid = c.execute("""SELECT s.id FROM subsidy_item s JOIN payment p ON p.subsidy_item_id = s.id
                                GROUP BY s.id HAVING SUM(p.amount) > MAX(s.amount_due)""").fetchall()
        early = c.execute("""SELECT p.id FROM payment p JOIN subsidy_item s ON s.id = p.subsidy_item_id
                             JOIN quota_inclusion i ON i.id = s.inclusion_id
                             WHERE p.paid_on < i.decision_date""").fetchall()
        years = {row[0] for row in c.execute("SELECT year FROM employment_plan")}
    assert inclusions and not over and not overpaid and not early
    assert years == {2025, 2026}
    assert {(year, region) for _, _, year, region, _, _ in inclusions} <= receiving
    assert len({(family, year) for _, family, year, _, _, _ in inclusions}) == len(inclusions)
    for _, family_id, _, _, decision, _ in inclusions[:20]:
        details = services.cases.details(family_id)
        head = details.members[0]
        statuses = []
        for s in head.statuses:
            status = KandasStatus(decision=s.decision, granted_on=s.granted_on, valid_until=s.valid_until)
            status.ended_on = s.ended_on
            statuses.append(status)
        assert head_status_valid(statuses, dt.date.fromisoformat(decision))
    overdue = services.payments.outstanding(overdue_only=True)
    assert overdue and all(row.outstanding > D("0") for row in overdue)
