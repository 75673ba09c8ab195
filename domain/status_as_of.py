"""A person's kandas status as of a day, from their dated status records (for the register export).

The rule (docs/reports.md, "Register export"): the record that counts is the latest *granted*
record granted on or before the day (a pending extension does not hide a valid status); without
one, the latest record of any decision. Citizenship and death end the status for good, whichever
record carries them. A record closed with the reason "extended" is not an end: the extension that
follows carries the status on.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FINAL_END_REASONS = ("citizenship", "death")
NOT_AN_END = "extended"


class RegisterState:
    VALID = "valid"
    EXPIRED = "expired"
    ENDED = "ended"
    PENDING = "pending"
    REFUSED = "refused"
    NONE = "none"


@dataclass(frozen=True)
class StatusRecord:
    id: int
    kind: str
    decision: str
    certificate_number: str
    granted_on: dt.date | None
    valid_until: dt.date | None
    ended_on: dt.date | None
    end_reason: str | None


@dataclass(frozen=True)
class StatusAsOf:
    state: str
    record: StatusRecord | None
    end_reason: str | None = None  # how it ended (or "expired")
    ended_on: dt.date | None = None  # when: the end's date, or the day after the last valid day


def status_as_of(records: list[StatusRecord], day: dt.date) -> StatusAsOf:
    """The person's status on ``day`` (records in any order)."""
    known = sorted((r for r in records if _known_on(r, day)), key=lambda r: (r.granted_on or dt.date.min, r.id))
    if not known:
        return StatusAsOf(RegisterState.NONE, None)
    final = sorted((r for r in known if r.end_reason in FINAL_END_REASONS and r.ended_on and r.ended_on <= day),
                   key=lambda r: (r.ended_on, r.id))
    granted = [r for r in known if r.decision == "granted" and r.granted_on is not None]
    if final:
        end = final[0]
        return StatusAsOf(RegisterState.ENDED, granted[-1] if granted else end, end.end_reason, end.ended_on)
    if not granted:
        latest = max(known, key=lambda r: r.id)
        state = RegisterState.REFUSED if latest.decision == "refused" else RegisterState.PENDING
        return StatusAsOf(state, latest)
    record = granted[-1]
    if record.ended_on is not None and record.ended_on <= day and record.end_reason != NOT_AN_END:
        return StatusAsOf(RegisterState.ENDED, record, record.end_reason, record.ended_on)
    if record.valid_until is not None and record.valid_until < day:
        return StatusAsOf(RegisterState.EXPIRED, record, "expired", record.valid_until + dt.timedelta(days=1))
    return StatusAsOf(RegisterState.VALID, record)


def _known_on(record: StatusRecord, day: dt.date) -> bool:
    """A record counts from its grant (a granted one) or is shown as pending/refused as it stands."""
    if record.decision == "granted":
        return record.granted_on is not None and record.granted_on <= day
    return True
