"""What the registry can be filtered on (a value object shared by services and storage)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class StatusFilter:
    VALID = "valid"
    EXPIRING = "expiring"  # valid, ends within 30 days
    EXPIRED = "expired"
    NONE = "none"
    ALL = (VALID, EXPIRING, EXPIRED, NONE)


@dataclass(frozen=True)
class FamilyFilter:
    text: str = ""
    stage: str | None = None
    region_code: str | None = None
    origin_country_code: str | None = None
    arrived_from: dt.date | None = None
    arrived_to: dt.date | None = None
    responsible_user_id: int | None = None
    status: str | None = None
    today: dt.date | None = None
    due: str | None = None  # domain.workload.DueFilter: families with an overdue / this week's open task


SORT_KEYS = ("name", "case_number", "arrival_date", "stage", "region", "country", "updated_at",
             "status_valid_until", "next_due")
