"""Retention (issue #19): a finished case past its period is anonymised in one run — names,
IINs, documents, addresses, phones, attachments and search tokens go, the audit log's values about
it are erased — while ``audit verify`` stays ok and every monthly report gives the same figures.
Both engines."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from domain.errors import PermissionDenied, ValidationError
from domain.permissions import Actor, Role
from domain.stages import CloseReason, Stage
from storage import tables

MONTHS = [dt.date(2025, m, 1) for m in range(1, 13)] + [dt.date(2026, m, 1) for m in range(1, 11)]


def _figures(services) -> list[str]:
    return [services.reporting.monthly_figures(month)[0] for month in MONTHS]


@pytest.fixture
def world(db_services, clock, tmp_path, monkeypatch):
    monkeypatch.setenv("QANDAS_DATA_DIR", str(tmp_path / "data"))
    services = db_services
    services.demo(families=6, seed=11)
    ids = services.cases.search("")
    closed, kept = ids[0], ids[1]
    services.attachments.add_content(closed, "passport.pdf", b"%PDF-1.4 scan", "passport")
    details = services.cases.details(closed)
    services.registration.change_stage(closed, None, Stage.CLOSED, CloseReason.LEFT)
    return services, closed, kept, details


def _engine(services):
    return services.uow_factory.engine


def test_a_retention_run_anonymises_and_keeps_audit_and_reports(world, clock):
    services, closed, kept, details = world
    person_ids = [m.id for m in details.members]
    before_figures = _figures(services)
    assert services.retention.due() == []  # no period set: nothing is ever due
    services.retention.set_period(CloseReason.LEFT, "5")
    assert services.retention.due() == []  # closed today: not due for five years
    clock.now = dt.datetime(2031, 11, 26, 9)
    due = services.retention.due()
    assert [(row.family_id, row.kind) for row in due] == [(closed, CloseReason.LEFT)]

    result = services.retention.apply()
    assert (result.families, result.persons) == (1, len(person_ids))
    assert result.attachments >= 1 and result.audit_entries_erased > 0

    engine = _engine(services)
    p, f, a = tables.person, tables.family, tables.audit_log
    with engine.connect() as connection:
        people = connection.execute(sa.select(p).where(p.c.id.in_(person_ids))).mappings().all()
        family = connection.execute(sa.select(f).where(f.c.id == closed)).mappings().one()
        tokens = connection.scalar(sa.select(sa.func.count()).select_from(tables.person_search_token)
                                   .where(tables.person_search_token.c.person_id.in_(person_ids)))
        documents = connection.scalar(sa.select(sa.func.count()).select_from(tables.identity_document)
                                      .where(tables.identity_document.c.person_id.in_(person_ids)))
        files = connection.scalar(sa.select(sa.func.count()).select_from(tables.attachment)
                                  .where(tables.attachment.c.family_id == closed))
        left = connection.execute(sa.select(a.c.before, a.c.after).where(
            a.c.entity == "person", a.c.entity_id.in_([str(i) for i in person_ids]))).all()
        other = connection.scalar(sa.select(sa.func.count()).select_from(p).where(
            p.c.family_id == kept, p.c.surname != ""))
    assert all((r["surname"], r["given_name"], r["iin"]) == ("", "", None) for r in people)
    assert all(r["birth_date"] is None or (r["birth_date"].month, r["birth_date"].day) == (1, 1) for r in people)
    assert (family["address"], family["phone"], family["head_name"], family["head_iin"]) == ("", "", "", None)
    assert family["anonymised_at"] is not None and family["member_count"] == len(person_ids)
    assert (tokens, documents, files) == (0, 0, 0)
    assert left and all(row == (None, None) for row in left)
    assert other > 0  # the other families are untouched
    surname = details.members[0].surname
    assert closed not in services.cases.search(surname)

    verification = services.audit.verify()
    assert verification.ok, verification.reason
    clock.now = dt.datetime(2026, 11, 25, 10)  # the reports as they were asked for before
    assert _figures(services) == before_figures
    clock.now = dt.datetime(2031, 11, 26, 9)
    assert services.retention.due() == []  # anonymised once
    assert services.audit.list()[0].action == "anonymise"


def test_one_person_on_request_with_a_reason(world):
    services, closed, kept, _details = world
    member = services.cases.details(kept).members[0]
    with pytest.raises(ValidationError) as error:
        services.retention.anonymise_person(member.id, "  ")
    assert error.value.field == "reason"
    result = services.retention.anonymise_person(member.id, "the person asked in writing, letter 17")
    assert result.persons == 1
    after = services.cases.details(kept)
    person = next(m for m in after.members if m.id == member.id)
    assert (person.surname, person.iin) == ("", None)
    assert services.audit.verify().ok
    entry = services.audit.list()[0]
    assert (entry.action, entry.entity, entry.after["reason"]) == (
        "anonymise", "person", "the person asked in writing, letter 17")


def test_only_an_administrator_anonymises(world):
    services, closed, _kept, _details = world
    supervisor = services.for_actor(Actor(None, "sup", Role.SUPERVISOR))
    with pytest.raises(PermissionDenied):
        supervisor.retention.apply()
    with pytest.raises(PermissionDenied):
        supervisor.retention.set_period(CloseReason.LEFT, 1)


def test_a_bad_period_is_refused_naming_the_field(world):
    services, *_ = world
    for bad in ("0", "abc", "101"):
        with pytest.raises(ValidationError) as error:
            services.retention.set_period(CloseReason.LEFT, bad)
        assert error.value.field == "years"
    assert services.retention.periods()[CloseReason.LEFT] is None
