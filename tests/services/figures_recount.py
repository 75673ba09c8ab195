"""An independent recount of the monthly report's figures, for the property tests.

Written separately from the application: rows are read with the ``sqlite3`` module and plain SQL
(no SQLAlchemy, none of the app's queries), and every figure is computed in plain Python from the
definitions in docs/reports.md. A figure of ``report monthly --json`` must equal it.
"""
from __future__ import annotations

import calendar
import datetime as dt
import sqlite3
from collections import defaultdict
from decimal import Decimal

FINAL = ("citizenship", "death")


def _d(value):
    return None if value is None else dt.date.fromisoformat(str(value)[:10])


def _cents(value) -> int:
    return int((Decimal(str(value)) * 100).to_integral_value())


def _money(cents: int) -> str:
    return str((Decimal(cents) / 100).quantize(Decimal("0.01")))


class Rows:
    """Every row the figures depend on, read once from the database file, each table in id order:
    the exports list rows by id, and without ORDER BY SQLite may return them in the order of
    whichever index it scans."""

    def __init__(self, path) -> None:
        db = sqlite3.connect(str(path))
        try:
            q = lambda sql: db.execute(sql).fetchall()  # noqa: E731
            self.families = [(i, _d(a)) for i, a in q("SELECT id, arrival_date FROM family ORDER BY id")]
            self.members = defaultdict(int)
            for family_id, n in q("SELECT family_id, count(*) FROM person GROUP BY family_id"):
                self.members[family_id] = n
            self.statuses = [dict(id=i, person=p, kind=k, decision=d, granted_on=_d(g), valid_until=_d(v),
                                  ended_on=_d(e), end_reason=r)
                             for i, p, k, d, g, v, e, r in q(
                                 "SELECT id, person_id, kind, decision, granted_on, valid_until, ended_on, end_reason "
                                 "FROM kandas_status ORDER BY id")]
            self.plans = {(y, r): (f, p) for y, r, f, p in q(
                "SELECT year, region_code, families_planned, persons_planned FROM quota_plan")}
            self.inclusions = [dict(year=y, region=r, decided=_d(d), persons=n, arrived=_d(a), cancelled=_d(c))
                               for y, r, d, n, a, c in q(
                                   "SELECT year, region_code, decision_date, persons_count, arrived_on, cancelled_on "
                                   "FROM quota_inclusion ORDER BY id")]
            self.items = {i: (_d(due), _cents(amount)) for i, due, amount in q(
                "SELECT id, due_date, amount_due FROM subsidy_item ORDER BY id")}
            self.payments = [(item, _d(paid), _cents(amount)) for item, paid, amount in q(
                "SELECT subsidy_item_id, paid_on, amount FROM payment ORDER BY id")]
            self.placements = [(_d(s), bool(flag)) for s, flag in q(
                "SELECT started_on, employer_subsidy FROM job_placement ORDER BY id")]
            self.measures = [_d(s) for (s,) in q("SELECT started_on FROM employment_measure ORDER BY id")]
            self.applications = [(y, _d(a), r, _d(d)) for y, a, r, d in q(
                "SELECT year, applied_on, result, decided_on FROM education_application ORDER BY id")]
            self.persons = [(i, f, dt.datetime.fromisoformat(str(c))) for i, f, c in q(
                "SELECT id, family_id, created_at FROM person ORDER BY id")]
            self.bases = defaultdict(list)
            for person, since, withdrawn in q("SELECT person_id, valid_from, withdrawn_on FROM processing_basis ORDER BY id"):
                self.bases[person].append((_d(since), _d(withdrawn)))
        finally:
            db.close()


def month_bounds(first: dt.date, today: dt.date) -> tuple[dt.date, dt.date]:
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, min(last, today)


def recount(rows: Rows, first: dt.date, today: dt.date) -> dict:
    first, as_of = month_bounds(first, today)
    year_start = dt.date(first.year, 1, 1)
    in_month = lambda day: day is not None and first <= day <= as_of  # noqa: E731
    in_year = lambda day: day is not None and year_start <= day <= as_of  # noqa: E731

    arrived = [(fid, rows.members[fid]) for fid, day in rows.families if in_month(day) and rows.members[fid] > 0]
    arrivals = {"families": len(arrived), "persons": sum(n for _f, n in arrived)}

    granted = [s for s in rows.statuses if s["decision"] == "granted"]

    def extended(row) -> bool:
        limit = min(as_of, row["valid_until"] + dt.timedelta(days=1))
        return any(e["person"] == row["person"] and e["id"] != row["id"] and e["kind"] == "extension"
                   and row["granted_on"] <= e["granted_on"] <= limit for e in granted)

    def expired_without_end(row) -> bool:
        ended_in_time = row["ended_on"] is not None and row["ended_on"] <= row["valid_until"]
        return in_month(row["valid_until"]) and not ended_in_time and not extended(row)

    gone = {s["person"] for s in rows.statuses if s["end_reason"] in FINAL and s["ended_on"] <= as_of}
    valid = {s["person"] for s in granted if s["granted_on"] <= as_of <= s["valid_until"]
             and (s["ended_on"] is None or s["ended_on"] > as_of) and s["person"] not in gone}
    status = {
        "granted": sum(1 for s in granted if s["kind"] == "initial" and in_month(s["granted_on"])),
        "extended": sum(1 for s in granted if s["kind"] == "extension" and in_month(s["granted_on"])),
        "ended_citizenship": len({s["person"] for s in rows.statuses
                                  if s["end_reason"] == "citizenship" and in_month(s["ended_on"])}),
        "expired_without_end": sum(1 for s in granted if expired_without_end(s)),
        "valid_at_end": len(valid),
    }

    quota: dict[str, dict] = {}
    for (year, region), (families, persons) in rows.plans.items():
        if year == first.year:
            quota[region] = {"plan": {"families": families, "persons": persons},
                             "included": {"families": 0, "persons": 0}, "moved": {"families": 0, "persons": 0}}
    for inc in rows.inclusions:
        live = (inc["year"] == first.year and inc["decided"] <= as_of
                and (inc["cancelled"] is None or inc["cancelled"] > as_of))
        if not live:
            continue
        entry = quota.setdefault(inc["region"], {"plan": {"families": None, "persons": None},
                                                 "included": {"families": 0, "persons": 0},
                                                 "moved": {"families": 0, "persons": 0}})
        entry["included"]["families"] += 1
        entry["included"]["persons"] += inc["persons"]
        if inc["arrived"] is not None and inc["arrived"] <= as_of:
            entry["moved"]["families"] += 1
            entry["moved"]["persons"] += inc["persons"]

    due = sum(amount for due_date, amount in rows.items.values() if in_month(due_date))
    paid = sum(amount for _item, paid_on, amount in rows.payments if in_month(paid_on))
    owed = sum(amount for due_date, amount in rows.items.values() if due_date <= as_of)
    settled = sum(amount for item, paid_on, amount in rows.payments
                  if paid_on <= as_of and rows.items[item][0] <= as_of)
    subsidies = {"due": _money(due), "paid": _money(paid), "outstanding": _money(owed - settled)}

    employment = {"placements": sum(1 for s, _f in rows.placements if in_month(s)),
                  "placements_ytd": sum(1 for s, _f in rows.placements if in_year(s)),
                  "with_employer_subsidy": sum(1 for s, flag in rows.placements if flag and in_year(s)),
                  "measures": sum(1 for s in rows.measures if in_month(s)),
                  "measures_ytd": sum(1 for s in rows.measures if in_year(s))}

    filed = [a for a in rows.applications if a[0] == first.year and a[1] <= as_of]
    education = {"applications": len(filed),
                 "admitted": sum(1 for _y, _a, result, decided in filed
                                 if result == "admitted" and decided is not None and decided <= as_of)}
    # a family counts when a member registered by the day has no basis in force on it (consent from
    # its date up to the day before a withdrawal: docs/personal-data.md)
    end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
    in_force = lambda since, withdrawn: since <= as_of and (withdrawn is None or as_of < withdrawn)  # noqa: E731
    personal_data = {"families_without_basis": len({
        family for person, family, created in rows.persons
        if created < end and not any(in_force(*basis) for basis in rows.bases[person])})}
    return {"as_of": as_of.isoformat(), "arrivals": arrivals, "status": status, "quota": quota,
            "subsidies": subsidies, "employment": employment, "education": education,
            "personal_data": personal_data}


def comparable(figures: dict) -> dict:
    """The app's JSON cut down to the keys the recount computes."""
    want = recount_keys()
    result = {"as_of": figures["as_of"], "quota": figures["quota"]}
    for section, keys in want.items():
        result[section] = {key: figures[section][key] for key in keys}
    return result


def recount_keys() -> dict:
    return {"arrivals": ("families", "persons"),
            "status": ("granted", "extended", "ended_citizenship", "expired_without_end", "valid_at_end"),
            "subsidies": ("due", "paid", "outstanding"),
            "employment": ("placements", "placements_ytd", "with_employer_subsidy", "measures", "measures_ytd"),
            "education": ("applications", "admitted"),
            "personal_data": ("families_without_basis",)}


# --- the ministry exports -------------------------------------------------------------------------
STATE_LABELS = {"valid": "Valid", "expired": "Expired", "ended": "Ended", "pending": "Pending",
                "refused": "Refused", "none": "No status"}
END_LABELS = {"citizenship": "Citizenship obtained", "expired": "Expired", "revoked": "Revoked",
              "left_country": "Left the country", "death": "Death", "refused": "Refused"}


def register_status(statuses: list[dict], day: dt.date) -> tuple:
    """(state label, end label, ended on, citizenship) of one person on ``day``, recounted."""
    known = [s for s in statuses if s["decision"] != "granted" or s["granted_on"] <= day]
    if not known:
        return STATE_LABELS["none"], None, None, None
    finals = sorted((s for s in known if s["end_reason"] in FINAL and s["ended_on"] <= day),
                    key=lambda s: (s["ended_on"], s["id"]))
    if finals:
        end = finals[0]
        citizen = "Kazakhstan" if end["end_reason"] == "citizenship" else None
        return STATE_LABELS["ended"], END_LABELS[end["end_reason"]], end["ended_on"], citizen
    granted = sorted((s for s in known if s["decision"] == "granted"), key=lambda s: (s["granted_on"], s["id"]))
    if not granted:
        latest = max(known, key=lambda s: s["id"])
        return STATE_LABELS["refused" if latest["decision"] == "refused" else "pending"], None, None, None
    record = granted[-1]
    if record["ended_on"] is not None and record["ended_on"] <= day and record["end_reason"] != "extended":
        return STATE_LABELS["ended"], END_LABELS[record["end_reason"]], record["ended_on"], None
    if record["valid_until"] < day:
        return STATE_LABELS["expired"], END_LABELS["expired"], record["valid_until"] + dt.timedelta(days=1), None
    return STATE_LABELS["valid"], None, None, None


def register_rows(rows: Rows, path, day: dt.date) -> list[tuple]:
    """Every person in id order with the recounted status columns."""
    db = sqlite3.connect(str(path))
    try:
        persons = [p for (p,) in db.execute("SELECT id FROM person ORDER BY id")]
    finally:
        db.close()
    by_person = defaultdict(list)
    for s in rows.statuses:
        by_person[s["person"]].append(s)
    return [register_status(by_person[p], day) for p in persons]


def payment_items(rows: Rows, day: dt.date, year: int) -> tuple[list[tuple], list[int]]:
    """Per item due in ``year`` (id order): (due, paid up to ``day``, outstanding) in cents; and the
    amounts of the payments made in ``year`` (id order of payments is their insertion order)."""
    paid = defaultdict(int)
    for item, paid_on, amount in rows.payments:
        if paid_on <= day:
            paid[item] += amount
    items = [(due_cents, paid[item], due_cents - paid[item])
             for item, (due_date, due_cents) in sorted(rows.items.items()) if due_date.year == year]
    payments = [amount for _item, paid_on, amount in rows.payments if paid_on.year == year]
    return items, payments
