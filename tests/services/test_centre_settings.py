"""Centre details: administrator only, all or nothing, audited. The audit table on both engines; the
rules on the in-memory unit of work (tests/memory_uow.py)."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from domain.errors import PermissionDenied, ValidationError
from domain.permissions import Actor, Role
from services.centre import LEGACY_NAME_KEY, LEGACY_PLACEHOLDER


def test_the_administrator_sets_the_details_and_the_audit_keeps_before_and_after(db_services):
    services = db_services
    services.centre.update({"name_kk": "Павлодар орталығы", "director_name": "Ахметов Серік"})
    services.centre.update({"name_kk": "Павлодар облыстық орталығы"})
    details = services.centre.details()
    assert details.name_kk == "Павлодар облыстық орталығы" and details.director_name == "Ахметов Серік"
    with services.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT before, after FROM audit_log WHERE entity = 'setting' "
                                          "AND entity_id = 'centre' ORDER BY id")).all()
    before, after = (json.loads(value) if isinstance(value, str) else value for value in rows[-1])
    assert len(rows) == 2 and before == {"name_kk": "Павлодар орталығы"}
    assert after == {"name_kk": "Павлодар облыстық орталығы"}
    assert not services.centre.update({"name_kk": "Павлодар облыстық орталығы"}).any()  # same value: no entry


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.CASE_WORKER, Role.READ_ONLY])
def test_every_other_role_is_refused_and_nothing_changes(memory_services, role):
    services = memory_services
    other = services.for_actor(Actor(None, "someone", role))
    with pytest.raises(PermissionDenied):
        other.centre.update({"name_ru": "Центр"})
    assert services.centre.details().name_ru == ""
    assert other.centre.details().name_ru == ""  # reading them (to print a report) is allowed


def test_one_bad_value_refuses_the_whole_change(memory_services):
    services = memory_services
    with pytest.raises(ValidationError) as refused:
        services.centre.update({"name_ru": "Центр", "address": "two\nlines"})
    assert refused.value.field == "address"
    assert services.centre.details().name_ru == ""


def test_the_old_shipped_placeholder_name_is_ignored_but_a_chosen_one_is_kept(memory_services):
    services = memory_services
    services.database.committed.settings[LEGACY_NAME_KEY] = LEGACY_PLACEHOLDER  # as a database seeded before
    assert services.centre.details().name("ru") == ""
    services.database.committed.settings[LEGACY_NAME_KEY] = "Ақтөбе орталығы"
    assert services.centre.details().name_kk == "Ақтөбе орталығы"
