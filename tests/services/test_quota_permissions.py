"""Every write of the quota area is refused to a role without the right, and nothing is written."""
from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal as D

import pytest

from domain.errors import PermissionDenied
from domain.permissions import Actor, Role
from services.quota_dto import InclusionInput
from tests.services.quota_helpers import family_with_status

WRITES = {
    "include": (lambda s, f, i: s.quotas.include_family(InclusionInput(f, 2026, "PAVLODAR", dt.date(2026, 3, 10),
                                                                       "9", D("15"))), "manage_quotas"),
    "cancel": (lambda s, f, i: s.quotas.cancel_inclusion(i, dt.date(2026, 4, 1), "x"), "manage_quotas"),
    "amend": (lambda s, f, i: s.quotas.amend_inclusion(i, 1, "9/1"), "manage_quotas"),
    "move": (lambda s, f, i: s.quotas.record_move(i, dt.date(2026, 4, 1), "Павлодар"), "manage_quotas"),
    "plan": (lambda s, f, i: s.quotas.save_plan(2026, "PAVLODAR", 5), "manage_reference"),
    "pay": (lambda s, f, i: s.payments.record_payment(
        s.quotas.family_quota(f).schedule[0].id, dt.date(2026, 3, 20), D("1"), "1"), "record_payments"),
    "mrp": (lambda s, f, i: s.quota_reference.set_mrp(2027, D("4500")), "manage_reference"),
    "rule": (lambda s, f, i: s.quota_reference.add_support_rule("relocation_per_member", dt.date(2027, 1, 1),
                                                                D("75")), "manage_reference"),
    "regions": (lambda s, f, i: s.quota_reference.set_receiving_regions(2027, ["PAVLODAR"]), "manage_reference"),
    "employment_plan": (lambda s, f, i: s.employment.save_plan(2026, 5, 5), "manage_quotas"),
    "places": (lambda s, f, i: s.education.save_line(2026, "college", "A", "B", 50), "manage_quotas"),
    "service": (lambda s, f, i: s.adaptation.record_service(f, "information", dt.date(2026, 5, 1)), "edit_cases"),
    "check_in": (lambda s, f, i: s.adaptation.check_in(f, dt.date(2026, 5, 1)), "edit_cases"),
}


def snapshot(db_path) -> list:
    with sqlite3.connect(db_path) as c:
        tables = [row[0] for row in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return [c.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)]


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.CASE_WORKER, Role.SUPERVISOR])
@pytest.mark.parametrize("name", sorted(WRITES))
def test_each_write_needs_its_permission(services, db_path, role, name):
    family = family_with_status(services, members=2)
    inclusion = services.quotas.include_family(InclusionInput(family, 2026, "PAVLODAR", dt.date(2026, 3, 10), "1",
                                                              D("15"))).id
    write, action = WRITES[name]
    actor = Actor(None, "someone", role)
    other = services.for_actor(actor)
    if name == "include":
        family = family_with_status(services, members=1, surname="Омаров")
    before = snapshot(db_path)
    if actor.can(action):
        write(other, family, inclusion)
        assert snapshot(db_path) != before
        with sqlite3.connect(db_path) as c:
            assert c.execute("SELECT actor_login FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0] == "someone"
    else:
        with pytest.raises(PermissionDenied):
            write(other, family, inclusion)
        assert snapshot(db_path) == before
