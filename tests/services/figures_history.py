"""Random case histories for the figures property tests, built through the services.

A history is a list of family stories (hypothesis strategies below); ``build`` plays each story
through the services as a clerk would: registration, a status with timely or late extensions
and an end of any kind, a quota inclusion with payments (full and partial), a move and a
cancellation, an education application and a job placement. Steps a service refuses (a rule the
random story broke) are skipped; two facts no service of this branch writes are set with plain SQL:
the move to the region (``arrived_on``) and the lifecycle's closing of an extended period
(``end_reason = 'extended'``), so the figures are proven on data written either way.
"""
from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal

import sqlalchemy as sa
from hypothesis import strategies as st

from domain.errors import DomainError
from services.privacy_dto import ConsentInput
from services.dto import FamilyInput, PersonInput, StatusInput
from services.quota_dto import InclusionInput
from services.records_dto import ExtensionInput, StatusEndInput
from storage import tables as t

START = dt.date(2026, 1, 1)
TODAY = dt.date(2026, 12, 15)
NOW = dt.datetime(2026, 12, 15, 12, 0)
VALIDITY_MONTHS = 3  # short periods, so a year of history holds expiries and extensions
END_REASONS = ("citizenship", "expired", "revoked", "left_country", "death", "refused")


def day_in(low: dt.date, high: dt.date):
    return st.integers(0, max(0, (high - low).days)).map(lambda n: low + dt.timedelta(days=n))


extension = st.fixed_dictionaries({
    "applied_before": st.integers(0, 40),  # days before the period ends
    # days after it ends: > 1 is a late extension; the boundary days come up often
    "decided_after": st.sampled_from((-1, 0, 1, 2)) | st.integers(-30, 25),
})

def often(strategy):
    """Mostly a value, sometimes None (plain ``st.none() | x`` gives None too often to reach payments)."""
    return st.one_of(strategy, strategy, strategy, st.none())


story = st.fixed_dictionaries({
    "members": st.integers(1, 4),
    "arrival": day_in(dt.date(2025, 12, 1), dt.date(2026, 11, 30)),
    "status_after": often(st.integers(0, 90)),
    "extensions": st.lists(extension, max_size=2),
    # days from the last period's end (on, just before and just after it come up often)
    "end": st.none() | st.tuples(st.sampled_from(END_REASONS),
                                 st.sampled_from((-1, 0, 1)) | st.integers(-100, 60)),
    "inclusion_after": often(st.integers(0, 60)),
    "payments": st.lists(st.tuples(st.integers(0, 12), st.integers(0, 40), st.booleans()), min_size=1, max_size=4),
    "moved_after": st.none() | st.integers(0, 120),
    "cancelled_after": st.none() | st.integers(1, 200),
    "application": often(st.tuples(st.integers(0, 200), st.sampled_from(
        ("pending", "admitted", "not_admitted", "withdrew")), st.integers(0, 90))),
    "placement": st.none() | st.tuples(st.integers(0, 300), st.booleans()),
    # consents: (member, days after arrival, withdrawn so many days later or never)
    "consents": st.lists(st.tuples(st.integers(0, 3), st.integers(0, 340), st.none() | st.integers(0, 200)),
                         max_size=4),
})

history = st.fixed_dictionaries({"stories": st.lists(story, min_size=2, max_size=4),
                                 "lifecycle_closes_extended": st.booleans()})


def fresh_database(template, folder, index: int):
    """A copy of the migrated template database for one example."""
    path = folder / f"example-{index}.sqlite3"
    shutil.copy(template, path)
    return path


def prepare_template(path) -> None:
    from services.database import prepare_database
    engine, _ = prepare_database(str(path))
    with engine.begin() as db:
        db.execute(t.setting.update().where(t.setting.c.key == "status_validity_months")
                   .values(value=str(VALIDITY_MONTHS)))
    engine.dispose()


def _try(call):
    try:
        return call()
    except DomainError:
        return None


def _cap(day: dt.date) -> dt.date | None:
    return day if day <= TODAY else None


def build(services, engine, data: dict) -> None:
    line = services.education.save_line(2026, "university", "ҚазҰУ", "Педагогика", 50).id
    for index, s in enumerate(data["stories"]):
        _family(services, engine, s, index, line)
    if data["lifecycle_closes_extended"]:
        _close_extended_periods(engine)


def _family(services, engine, s: dict, index: int, line: int) -> None:
    people = [PersonInput("Сейітқали", "Нұрлан", relation="head", birth_date=dt.date(1980, 1, 1 + index), sex="M")]
    people += [PersonInput("Сейітқали", "Дана", relation="child", birth_date=dt.date(2005 + n, 2, 1), sex="F")
               for n in range(s["members"] - 1)]
    family_id = services.registration.register_family(FamilyInput(
        members=tuple(people), arrival_date=s["arrival"], origin_country_code="CN", region_code="PAVLODAR"),
        confirm_duplicates=True).id
    members = [m.id for m in services.cases.details(family_id).members]
    head = members[0]
    _consents(services, s, family_id, members)
    statuses = _statuses(services, s, head)
    if s["inclusion_after"] is not None and statuses:
        _inclusion(services, engine, s, family_id, statuses[0][1])
    if s["application"] is not None:
        after, result, decided = s["application"]
        applied = _cap(s["arrival"] + dt.timedelta(days=after))
        if applied is not None:
            decided_on = _cap(applied + dt.timedelta(days=decided)) if result != "pending" else None
            if result == "pending" or decided_on is not None:
                _try(lambda: services.education.apply(head, 2026, line, applied, result, decided_on))
    if s["placement"] is not None:
        after, subsidy = s["placement"]
        started = _cap(s["arrival"] + dt.timedelta(days=after))
        if started is not None:
            _try(lambda: services.employment.add_placement(head, "«Агро» ЖШС", "", "агроном", started,
                                                           employer_subsidy=subsidy))


def _consents(services, s: dict, family_id: int, members: list[int]) -> None:
    """Consents recorded (and some withdrawn) at random days: the families-without-basis figure."""
    for index, after, withdraw_after in s.get("consents", ()):
        if index >= len(members):
            continue
        given = _cap(s["arrival"] + dt.timedelta(days=after))
        if given is None:
            continue
        _try(lambda: services.privacy.record_consent(members[index], ConsentInput(given, "written")))
        withdrawn = _cap(given + dt.timedelta(days=withdraw_after)) if withdraw_after is not None else None
        if withdrawn is None:
            continue
        person = next(p for p in services.privacy.family_basis(family_id).persons if p.person_id == members[index])
        open_bases = [b for b in person.bases if b.withdrawn_on is None]
        if open_bases:
            basis = open_bases[-1]
            _try(lambda: services.privacy.withdraw(basis.id, basis.version, withdrawn))


def _statuses(services, s: dict, head: int) -> list[tuple[int, dt.date]]:
    """The head's status and its extensions: [(status id, granted on)]."""
    if s["status_after"] is None:
        return []
    granted = _cap(s["arrival"] + dt.timedelta(days=s["status_after"]))
    if granted is None:
        return []
    result = _try(lambda: services.registration.add_status(head, StatusInput(
        applied_on=granted - dt.timedelta(days=5), decision="granted", granted_on=granted, channel="egov")))
    if result is None:
        return []
    chain = [(result.id, granted)]
    for ext in s["extensions"]:
        current = _status_row(services, chain[-1][0])
        applied = current.valid_until - dt.timedelta(days=ext["applied_before"])
        applied = max(applied, current.granted_on)
        decided = current.valid_until + dt.timedelta(days=ext["decided_after"])
        if decided < applied or decided > TODAY or applied > TODAY:
            break
        done = _try(lambda: services.records.extend_status(current.id, None, ExtensionInput(
            applied_on=applied, channel="egov", decision="granted", decided_on=decided)))
        if done is None:
            break
        chain.append((done.id, decided))
    if s["end"] is not None:
        reason, after = s["end"]
        last = _status_row(services, chain[-1][0])
        ended = _cap(max(last.granted_on, last.valid_until + dt.timedelta(days=after)))
        if ended is not None:
            if reason in ("death", "refused"):  # reasons the lifecycle branch adds: written as its rows look
                _end_directly(services, last.id, ended, reason)
            else:
                _try(lambda: services.records.end_status(last.id, None, StatusEndInput(ended, reason)))
    return chain


def _status_row(services, status_id: int):
    with services.engine.connect() as db:
        return db.execute(sa.select(t.kandas_status).where(t.kandas_status.c.id == status_id)).one()


def _end_directly(services, status_id: int, ended: dt.date, reason: str) -> None:
    with services.engine.begin() as db:
        db.execute(t.kandas_status.update().where(t.kandas_status.c.id == status_id)
                   .values(ended_on=ended, end_reason=reason))


def _inclusion(services, engine, s: dict, family_id: int, granted: dt.date) -> None:
    decided = _cap(granted + dt.timedelta(days=s["inclusion_after"]))
    if decided is None:
        return
    done = _try(lambda: services.quotas.include_family(InclusionInput(
        family_id=family_id, year=2026, region_code="PAVLODAR", decision_date=decided,
        decision_number=f"Q-{family_id}", housing_coefficient=Decimal("15"), override=True,
        override_reason="test")))
    if done is None or decided.year != 2026:
        return
    inclusion_id = done.id
    schedule = [row for row in services.quotas.family_quota(family_id).schedule if row.inclusion_id == inclusion_id]
    for item_index, after, full in s["payments"]:
        if item_index >= len(schedule):
            continue
        item = schedule[item_index]
        paid_on = _cap(max(item.due_date, decided) + dt.timedelta(days=after))
        if paid_on is None:
            continue
        amount = item.amount_due if full else (item.amount_due / 3).quantize(Decimal("0.01"))
        _try(lambda: services.payments.record_payment(item.id, paid_on, amount, f"PP-{item.id}-{after}"))
    if s["moved_after"] is not None:
        moved = _cap(decided + dt.timedelta(days=s["moved_after"]))
        if moved is not None:
            with engine.begin() as db:
                db.execute(t.quota_inclusion.update().where(t.quota_inclusion.c.id == inclusion_id)
                           .values(arrived_on=moved))
    if s["cancelled_after"] is not None:
        cancelled = _cap(decided + dt.timedelta(days=s["cancelled_after"]))
        if cancelled is not None:
            _try(lambda: services.quotas.cancel_inclusion(inclusion_id, cancelled, "moved abroad"))


def _close_extended_periods(engine) -> None:
    """What the lifecycle rules write when an extension is granted: the extended row ends on the
    first day of the new period with the reason 'extended' (only for timely extensions)."""
    s = t.kandas_status
    with engine.begin() as db:
        rows = db.execute(sa.select(s.c.id, s.c.person_id, s.c.kind, s.c.decision, s.c.granted_on, s.c.valid_until,
                                    s.c.ended_on).order_by(s.c.id)).all()
        for row in rows:
            if row.decision != "granted" or row.ended_on is not None:
                continue
            following = [e for e in rows if e.person_id == row.person_id and e.id > row.id
                         and e.kind == "extension" and e.decision == "granted"]
            if following:
                start = max(row.valid_until + dt.timedelta(days=1), following[0].granted_on)
                db.execute(s.update().where(s.c.id == row.id).values(ended_on=start, end_reason="extended"))
