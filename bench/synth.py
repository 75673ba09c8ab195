"""Synthetic families as plain row tuples, ready for bulk inserts.

One ``Synthesizer`` turns a seeded ``random.Random`` into families with members,
identity documents, kandas statuses, search tokens, timeline events, quota
inclusions with their subsidy schedule and payments, and tasks. Names, IINs and
search keys come from the application's own domain code (``domain.names``,
``domain.iin.Iin.build``) so that the data look exactly like registered data.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from domain.iin import Iin, Sex
from domain.kandas_status import add_months
from domain.names import full_name, search_key, search_tokens, sort_key
from domain.search import name_tokens
from storage.search_tokens import iin_token
from domain.stages import Stage
from services.demo import names

TODAY = dt.date(2026, 11, 25)  # fixed, so that the same seed gives the same database
FIRST_ARRIVAL = dt.date(2014, 1, 1)  # about ten years of history
ORIGINS = (("UZ", 44.5), ("CN", 44.1), ("TM", 4.0), ("MN", 3.0), ("RU", 2.5), ("KG", 1.0), ("AF", 0.5),
           ("TR", 0.4))
OTHER_REGIONS = ("ALMATY_REGION", "MANGYSTAU", "ASTANA", "ALMATY", "SHYMKENT", "TURKESTAN")
PROFESSIONS = ("", "мұғалім", "дәрігер", "жүргізуші", "агроном", "мейірбике", "құрылысшы", "бухгалтер")
EDUCATION = ("higher", "specialised_secondary", "general_secondary", "none")
CHANNELS = ("con", "egov", "migration_portal", "foreign_mission", "mio")
STAGE_PATH = (Stage.ARRIVED, Stage.STATUS_PENDING, Stage.STATUS_GRANTED, Stage.QUOTA_INCLUDED, Stage.SETTLED,
              Stage.CITIZENSHIP)
STAGE_WEIGHTS = ((Stage.ARRIVED, 6), (Stage.STATUS_PENDING, 8), (Stage.STATUS_GRANTED, 30),
                 (Stage.QUOTA_INCLUDED, 10), (Stage.SETTLED, 20), (Stage.CITIZENSHIP, 20), (Stage.CLOSED, 6))
TASK_KINDS = (("status_renewal", "Renew the kandas status of {name}"),
              ("document_expiry", "Passport of {name} expires soon"),
              ("follow_up", "Call the family {case_number}"))
STAMP = "bench"


def _d(day: dt.date | None) -> str | None:
    """A date as SQLAlchemy stores it in SQLite."""
    return None if day is None else day.isoformat()


def _ts(day: dt.date, hour: int = 10) -> str:
    return f"{day.isoformat()} {hour:02d}:00:00.000000"


@lru_cache(maxsize=None)
def _keys(full: str) -> tuple[str, str]:
    return search_key(full), sort_key(full)


@lru_cache(maxsize=None)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(search_tokens(text))


@lru_cache(maxsize=None)
def _words(full: str, latin: str) -> tuple[str, ...]:
    """Person.search_words: the one token function every writer uses (``domain.search.name_tokens``)."""
    return tuple(name_tokens(full, latin))


@dataclass
class Rows:
    """Rows of one batch, per table, as tuples in the column order of ``COLUMNS``."""
    family: list = field(default_factory=list)
    person: list = field(default_factory=list)
    person_search_token: list = field(default_factory=list)
    identity_document: list = field(default_factory=list)
    kandas_status: list = field(default_factory=list)
    family_event: list = field(default_factory=list)
    quota_inclusion: list = field(default_factory=list)
    subsidy_item: list = field(default_factory=list)
    payment: list = field(default_factory=list)
    task: list = field(default_factory=list)


EDIT = ("created_at", "created_by", "updated_at", "updated_by", "version")
COLUMNS = {
    "family": ("id", "case_number", "stage", "closed_reason", "arrival_date", "origin_country_code",
               "region_code", "address", "phone", "notes", "responsible_user_id", "last_contact_date",
               "head_sort_key", "head_name", "head_iin", "head_birth_date", "member_count",
               "status_valid_until", "next_due_date") + EDIT,  # in the table's order: generate.py binds them by position
    "person": ("id", "family_id", "relation", "surname", "given_name", "patronymic", "latin_name",
               "birth_date", "sex", "iin", "citizenship_code", "education_level", "profession",
               "search_key", "sort_key") + EDIT,
    "person_search_token": ("token", "person_id", "family_id", "head_sort_key"),
    "identity_document": ("id", "person_id", "kind", "number", "issued_by", "issue_date", "expiry_date",
                          "country_code", "translation_notarised") + EDIT,
    "kandas_status": ("id", "person_id", "kind", "channel", "applied_on", "decision", "decided_on",
                      "certificate_number", "granted_on", "valid_until", "ended_on", "end_reason") + EDIT,
    "family_event": ("id", "family_id", "occurred_at", "actor_login", "kind", "message", "params"),
    "quota_inclusion": ("id", "family_id", "year", "region_code", "settlement", "decision_date",
                        "decision_number", "persons_count", "arrived_on") + EDIT,
    "subsidy_item": ("id", "inclusion_id", "kind", "period_month", "due_date", "amount_due", "mrp_year",
                     "mrp_coefficient", "persons", "created_at", "created_by"),
    "payment": ("id", "subsidy_item_id", "paid_on", "amount", "document_number", "created_at", "created_by"),
    "task": ("id", "family_id", "assignee_id", "kind", "title", "params", "due_date", "done_at", "done_by",
             "auto_key") + EDIT,
}


@dataclass
class Reference:
    """What the generator reads from the seeded reference tables."""
    receiving: dict[int, list[str]]
    mrp: dict[int, Decimal]
    relocation_coefficient: Decimal
    housing_coefficient: Decimal
    housing_months: int
    validity_months: int
    user_ids: list[int]

    def mrp_for(self, year: int) -> Decimal:
        known = [y for y in self.mrp if y <= year] or [min(self.mrp)]
        return self.mrp[max(known)]

    def receiving_for(self, year: int) -> list[str]:
        known = [y for y in self.receiving if y <= year] or [min(self.receiving)]
        return self.receiving[max(known)]


class Synthesizer:
    def __init__(self, seed: int, reference: Reference) -> None:
        self.rng = random.Random(seed)
        self.ref = reference
        self.ids = {name: 0 for name in COLUMNS}
        self.case_counter: dict[int, int] = {}
        self.iin_serial: dict[tuple[dt.date, str], int] = {}
        self._origins = [c for c, _ in ORIGINS], [w for _, w in ORIGINS]
        self._stages = [s for s, _ in STAGE_WEIGHTS], [w for _, w in STAGE_WEIGHTS]
        self._span = (TODAY - FIRST_ARRIVAL).days
        self._head: tuple = ("", None, None)  # the current family's head: name, IIN, birth date

    def _next(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def _iin(self, birth: dt.date, sex: str) -> str | None:
        """A valid IIN never used before: serials count up per birth date and sex."""
        key = (birth, sex)
        serial = self.iin_serial.get(key)
        if serial is None:
            serial = self.rng.randrange(5000)  # real serials do not start at 0000
        while serial < 10000:
            iin = Iin.build(birth, sex, serial)
            serial += 1
            if iin is not None:
                self.iin_serial[key] = serial
                return iin.value
        self.iin_serial[key] = serial
        return None

    def _birth(self, min_age: int, max_age: int) -> dt.date:
        return TODAY - dt.timedelta(days=self.rng.randrange(min_age * 365, max_age * 365 + 1))

    def family(self, rows: Rows, max_members: int) -> int:
        """Add one family to ``rows``; returns how many persons it has (at most ``max_members``)."""
        rng = self.rng
        family_id = self._next("family")
        arrival = FIRST_ARRIVAL + dt.timedelta(days=int(self._span * rng.random() ** 0.7))
        age_days = (TODAY - arrival).days
        stage = rng.choices(*self._stages)[0]
        if age_days < 60 and stage not in (Stage.ARRIVED, Stage.STATUS_PENDING):
            stage = Stage.STATUS_PENDING
        origin = rng.choices(*self._origins)[0]
        receiving = self.ref.receiving_for(arrival.year)
        region = rng.choice(receiving) if rng.random() < 0.8 else rng.choice(OTHER_REGIONS)
        settlement = rng.choice(names.SETTLEMENTS.get(region, ("Алматы",)))
        number = self.case_counter.get(arrival.year, 0) + 1
        self.case_counter[arrival.year] = number
        case_number = f"{arrival.year}-{number:05d}"
        created = _ts(arrival, 9 + rng.randrange(8))
        members = self._members(rows, family_id, origin, max_members)
        head_sort = members[0][3]
        closed_reason = rng.choice(("citizenship", "left", "moved_elsewhere")) if stage == Stage.CLOSED else None
        last_contact = min(arrival + dt.timedelta(days=rng.randrange(0, 400)), TODAY)
        family = (
            family_id, case_number, stage, closed_reason, _d(arrival), origin, region,
            f"{settlement}, {rng.choice(names.STREETS)}, {rng.randrange(1, 120)}",
            f"+7 7{rng.randrange(0, 8)}{rng.randrange(0, 10)} {rng.randrange(100, 1000)} "
            f"{rng.randrange(10, 100)} {rng.randrange(10, 100)}", "",
            rng.choice(self.ref.user_ids), _d(last_contact), head_sort, *self._head, len(members))
        edit = (created, STAMP, _ts(last_contact), STAMP, 1)
        granted, status_end = self._statuses(rows, members, arrival, stage)
        self._events(rows, family_id, arrival, stage, len(members))
        if stage in (Stage.QUOTA_INCLUDED, Stage.SETTLED, Stage.CITIZENSHIP) and granted is not None:
            self._quota(rows, family_id, granted, region, settlement, len(members))
        next_due = None
        if stage not in (Stage.CLOSED, Stage.CITIZENSHIP) and rng.random() < 0.6:
            next_due = self._task(rows, family_id, case_number, members[0], arrival)
        # storage.family_summary: the members' status end and the earliest open task's due date
        rows.family.append(family + (status_end, next_due) + edit)
        return len(members)

    def _members(self, rows: Rows, family_id: int, origin: str, max_members: int) -> list[tuple]:
        rng = self.rng
        root = rng.choice(names.SURNAME_ROOTS)
        father = rng.choice(names.FATHER_NAMES)
        head_sex = Sex.MALE if rng.random() < 0.8 else Sex.FEMALE
        plan = [("head", head_sex, 24, 62, father)]
        if rng.random() < 0.8:
            plan.append(("spouse", Sex.FEMALE if head_sex == Sex.MALE else Sex.MALE, 22, 60,
                         rng.choice(names.FATHER_NAMES)))
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
            plan.append(("child", rng.choice(Sex.ALL), 0, 20, None))
        if rng.random() < 0.1:
            plan.append(("parent", rng.choice(Sex.ALL), 60, 85, rng.choice(names.FATHER_NAMES)))
        with_iins = rng.random() > 0.1
        members: list[tuple] = []
        head_given = head_sort = ""
        for relation, sex, low, high, fathers_name in plan[:max_members]:
            given = rng.choice(names.MALE_NAMES if sex == Sex.MALE else names.FEMALE_NAMES)
            if relation == "head":
                head_given = given
            if fathers_name is None:
                fathers_name = head_given if head_sex == Sex.MALE else father
            surname = names.male_surname(root) if sex == Sex.MALE else names.female_surname(root)
            patronymic = fathers_name + ("ұлы" if sex == Sex.MALE else "қызы")
            birth = self._birth(low, high)
            adult = (TODAY - birth).days >= 18 * 365
            full = f"{surname} {given} {patronymic}"
            skey, skey_sort = _keys(full)
            if relation == "head":  # the first of the plan: its key is the family's head_sort_key
                head_sort = skey_sort
            latin = " ".join(_tokens(f"{surname} {given}")).upper() if adult and rng.random() < 0.5 else ""
            iin = self._iin(birth, sex) if with_iins and (adult or rng.random() > 0.1) else None
            person_id = self._next("person")
            if relation == "head":  # storage.family_summary: the registry row's copy of the head
                self._head = (full_name(surname, given, patronymic), iin, _d(birth))
            members.append((person_id, surname, given, skey_sort))
            rows.person.append((person_id, family_id, relation, surname, given, patronymic, latin, _d(birth), sex,
                                iin, origin, rng.choice(EDUCATION) if adult else None,
                                rng.choice(PROFESSIONS) if adult else "", skey, skey_sort, _ts(TODAY), STAMP,
                                _ts(TODAY), STAMP, 1))
            rows.person_search_token.extend((w[:100], person_id, family_id, head_sort) for w in _words(full, latin))
            if iin:  # storage.search_tokens: the IIN is a token too
                rows.person_search_token.append((iin_token(iin), person_id, family_id, head_sort))
            self._document(rows, person_id, birth, adult, origin)
        return members

    def _document(self, rows: Rows, person_id: int, birth: dt.date, adult: bool, origin: str) -> None:
        rng = self.rng
        if adult:
            issued = TODAY - dt.timedelta(days=rng.randrange(200, 3600))
            kind, expiry = "passport", issued + dt.timedelta(days=3652)
        else:
            issued, kind, expiry = birth + dt.timedelta(days=rng.randrange(1, 60)), "birth_certificate", None
        rows.identity_document.append((
            self._next("identity_document"), person_id, kind, f"{origin}{rng.randrange(10**6, 10**7)}", "",
            _d(issued), _d(expiry), origin, int(rng.random() < 0.8), _ts(TODAY), STAMP, _ts(TODAY), STAMP, 1))

    def _statuses(self, rows: Rows, members: list[tuple], arrival: dt.date,
                  stage: str) -> tuple[dt.date | None, str | None]:
        """Kandas statuses of every member; returns the day the head's status was granted and the
        family's copy of the members' earliest current status end (all members share one status
        period here: its end unless it is pending or ended)."""
        if stage == Stage.ARRIVED:
            return None, None
        rng = self.rng
        applied = min(arrival + dt.timedelta(days=rng.randrange(3, 40)), TODAY)
        granted = min(applied + dt.timedelta(days=rng.randrange(4, 30)), TODAY)
        pending = stage == Stage.STATUS_PENDING
        certificate = f"KD-{granted.year}-{rng.randrange(10**5, 10**6)}"
        ended = None
        if stage in (Stage.CITIZENSHIP, Stage.CLOSED):
            ended = min(granted + dt.timedelta(days=rng.randrange(200, 1400)), TODAY)
        channel = rng.choice(CHANNELS)
        valid_until = add_months(granted, self.ref.validity_months) - dt.timedelta(days=1)
        for member in members:
            if pending:
                values = ("initial", channel, _d(applied), "pending", None, "", None, None, None, None)
            else:
                values = ("initial", channel, _d(applied), "granted", _d(granted), certificate, _d(granted),
                          _d(valid_until), _d(ended), "citizenship" if ended else None)
            rows.kandas_status.append((self._next("kandas_status"), member[0]) + values
                                      + (_ts(applied), STAMP, _ts(granted), STAMP, 1))
        return (None, None) if pending else (granted, None if ended else _d(valid_until))

    def _events(self, rows: Rows, family_id: int, arrival: dt.date, stage: str, count: int) -> None:
        rng = self.rng
        day = arrival
        rows.family_event.append((self._next("family_event"), family_id, _ts(day), STAMP, "registered",
                                  "Family registered with {count} member(s).", json.dumps({"count": count})))
        path = STAGE_PATH[:STAGE_PATH.index(stage) + 1] if stage in STAGE_PATH else STAGE_PATH[:3] + (stage,)
        for old, new in zip(path, path[1:]):
            day = min(day + dt.timedelta(days=rng.randrange(5, 120)), TODAY)
            rows.family_event.append((self._next("family_event"), family_id, _ts(day, 11), STAMP, "stage",
                                      "Stage changed from «{old}» to «{new}».",
                                      json.dumps({"old": old, "new": new})))
        for _ in range(rng.randrange(0, 4)):
            day = min(day + dt.timedelta(days=rng.randrange(1, 90)), TODAY)
            rows.family_event.append((self._next("family_event"), family_id, _ts(day, 15), STAMP, "edited",
                                      "Family details edited.", "{}"))

    def _quota(self, rows: Rows, family_id: int, granted: dt.date, region: str, settlement: str,
               persons: int) -> None:
        rng = self.rng
        decided = min(granted + dt.timedelta(days=rng.randrange(10, 90)), TODAY)
        arrived_on = min(decided + dt.timedelta(days=rng.randrange(5, 60)), TODAY)
        inclusion_id = self._next("quota_inclusion")
        rows.quota_inclusion.append((inclusion_id, family_id, decided.year, region, settlement, _d(decided),
                                     f"{decided.year}/{rng.randrange(1, 999)}", persons, _d(arrived_on),
                                     _ts(decided), STAMP, _ts(decided), STAMP, 1))
        mrp = self.ref.mrp_for(arrived_on.year)
        relocation = (mrp * self.ref.relocation_coefficient * persons).quantize(Decimal("0.01"))
        self._subsidy(rows, inclusion_id, "relocation_per_member", None, arrived_on, relocation, arrived_on.year,
                      self.ref.relocation_coefficient, persons)
        first_month = arrived_on.replace(day=1)
        for month in range(self.ref.housing_months):
            period = add_months(first_month, month)
            if period > TODAY:
                break
            amount = (mrp * self.ref.housing_coefficient).quantize(Decimal("0.01"))
            self._subsidy(rows, inclusion_id, "housing_monthly", period, add_months(period, 1), amount,
                          arrived_on.year, self.ref.housing_coefficient, persons)

    def _subsidy(self, rows: Rows, inclusion_id: int, kind: str, period: dt.date | None, due: dt.date,
                 amount: Decimal, mrp_year: int, coefficient: Decimal, persons: int) -> None:
        item_id = self._next("subsidy_item")
        rows.subsidy_item.append((item_id, inclusion_id, kind, _d(period), _d(due), str(amount), mrp_year,
                                  str(coefficient), persons, _ts(due), STAMP))
        if due <= TODAY and self.rng.random() < 0.93:
            paid = min(due + dt.timedelta(days=self.rng.randrange(0, 20)), TODAY)
            rows.payment.append((self._next("payment"), item_id, _d(paid), str(amount),
                                 f"ПП-{item_id:07d}", _ts(paid, 12), STAMP))

    def _task(self, rows: Rows, family_id: int, case_number: str, head: tuple, arrival: dt.date) -> str | None:
        """One task of the family; its due date (ISO) when it is open."""
        rng = self.rng
        kind, title = rng.choice(TASK_KINDS)
        due = arrival + dt.timedelta(days=rng.randrange(30, 400))
        done = _ts(min(due, TODAY), 16) if due < TODAY and rng.random() < 0.8 else None
        name = f"{head[1]} {head[2]}"
        task_id = self._next("task")
        rows.task.append((task_id, family_id, rng.choice(self.ref.user_ids), kind, title,
                          json.dumps({"name": name, "case_number": case_number}, ensure_ascii=False), _d(due),
                          done, STAMP if done else None, f"bench-{task_id}", _ts(arrival), STAMP,
                          _ts(arrival), STAMP, 1))
        return None if done else _d(due)
