"""The demo data keeps every rule the program enforces."""
from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal as D

from domain.education import check_applicant
from domain.kandas_status import KandasStatus
from domain.quotas import head_status_valid


def _demo(services, engine, filled_templates, clock) -> None:
    """80 demo families (seed 5), built once per session and copied into this test's database:
    both tests read the same demo, neither changes it for the other."""
    filled_templates.restore(engine, ("demo", 80, 5), lambda _engine, built: built.demo(families=80, seed=5),
                             clock.now)


def test_demo_inclusions_and_payments_obey_the_rules(services, engine, filled_templates, clock, db_path):
    _demo(services, engine, filled_templates, clock)
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


def test_demo_tells_a_plausible_lifecycle(services, engine, filled_templates, clock, db_path):
    """Extensions close their periods, citizenship comes a year or more after the first grant and
    stops the support due after it, most inclusions moved (rent only from the move), cancellations
    carry a reason, some payments are partial, education applicants hold a valid status."""
    _demo(services, engine, filled_templates, clock)
    with sqlite3.connect(db_path) as c:
        q = lambda sql: c.execute(sql).fetchall()  # noqa: E731
        persons = q("SELECT count(DISTINCT person_id) FROM kandas_status WHERE decision = 'granted'")[0][0]
        extended = q("SELECT count(DISTINCT person_id) FROM kandas_status WHERE kind = 'extension'")[0][0]
        open_before_extension = q("""SELECT count(*) FROM kandas_status p JOIN kandas_status e
            ON e.person_id = p.person_id AND e.kind = 'extension' AND e.decision = 'granted' AND p.id < e.id
            WHERE p.ended_on IS NULL""")[0][0]
        too_early = q("""SELECT count(*) FROM kandas_status e WHERE e.end_reason = 'citizenship' AND
            julianday(e.ended_on) - (SELECT julianday(min(f.granted_on)) FROM kandas_status f
                                     WHERE f.person_id = e.person_id) < 365""")[0][0]
        citizens = q("SELECT count(*) FROM kandas_status WHERE end_reason = 'citizenship'")[0][0]
        moved, waiting, cancelled = q("""SELECT sum(arrived_on IS NOT NULL), sum(arrived_on IS NULL
            AND cancelled_on IS NULL), sum(cancelled_on IS NOT NULL) FROM quota_inclusion""")[0]
        rent_without_move = q("""SELECT count(*) FROM subsidy_item s JOIN quota_inclusion i ON i.id = s.inclusion_id
            WHERE s.kind = 'housing_monthly' AND (i.arrived_on IS NULL
            OR s.period_month < date(i.arrived_on, 'start of month'))""")[0][0]
        reasonless = q("SELECT count(*) FROM quota_inclusion WHERE cancelled_on IS NOT NULL AND cancel_reason = ''")
        partial = q("""SELECT count(*) FROM (SELECT s.id FROM subsidy_item s JOIN payment p ON p.subsidy_item_id = s.id
            GROUP BY s.id HAVING sum(p.amount) < max(s.amount_due))""")[0][0]
        owed_after_citizenship = q("""SELECT count(*) FROM subsidy_item s JOIN quota_inclusion i ON i.id = s.inclusion_id
            JOIN family f ON f.id = i.family_id AND f.stage = 'citizenship'
            JOIN person h ON h.family_id = f.id AND h.relation = 'head'
            JOIN kandas_status k ON k.person_id = h.id AND k.end_reason = 'citizenship'
            WHERE s.due_date > k.ended_on AND s.id NOT IN (SELECT subsidy_item_id FROM payment)""")[0][0]
    assert 0.2 < extended / persons < 0.6 and open_before_extension == 0
    assert citizens > 0 and too_early == 0
    assert moved > waiting > 0 and rent_without_move == 0
    assert cancelled > 0 and reasonless == [(0,)]
    assert partial > 0 and owed_after_citizenship == 0
    for family_id in services.cases.search()[:40]:
        for application in services.education.applications(family_id):
            person = next(m for m in services.cases.details(family_id).members if m.id == application.person_id)
            statuses = []
            for s in person.statuses:
                status = KandasStatus(decision=s.decision, granted_on=s.granted_on, valid_until=s.valid_until)
                status.ended_on, status.end_reason = s.ended_on, s.end_reason
                statuses.append(status)
            check_applicant(statuses, application.applied_on)
