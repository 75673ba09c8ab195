"""How long a finished case's personal data are kept (Law No. 94-V "On personal data": data are
kept only as long as their purpose needs), and when a case is due for anonymisation.

The kind of case is how it ended: citizenship, or the reason it was closed for. The
administrator sets a period in whole years per kind; a kind without a period is never due (no
data disappear because nobody chose a rule). Pure rules: ``today`` is passed in.
"""
from __future__ import annotations

import datetime as dt

from domain.errors import ValidationError
from domain.messages import N_
from domain.stages import CloseReason, Stage

KINDS = (CloseReason.CITIZENSHIP, CloseReason.LEFT, CloseReason.REFUSED, CloseReason.MOVED_ELSEWHERE,
         CloseReason.MERGED)
LABELS = CloseReason.LABELS
SETTING_PREFIX = "retention.years."
MAX_YEARS = 100
REASON_MAX = 500


def setting_key(kind: str) -> str:
    return SETTING_PREFIX + kind


def case_kind(stage: str, closed_reason: str | None) -> str | None:
    """The kind of a finished case; None while the case is still followed up."""
    if stage == Stage.CITIZENSHIP:
        return CloseReason.CITIZENSHIP
    if stage == Stage.CLOSED:
        return closed_reason if closed_reason in KINDS else None
    return None


def clean_years(kind: str, text: str | int | None) -> int | None:
    """A period as the administrator typed it: whole years 1–100, or empty for "keep for ever"."""
    if kind not in KINDS:
        raise ValidationError("kind", N_("Unknown kind of case “{kind}”: choose one of {kinds}."),
                              kind=str(kind), kinds=", ".join(KINDS))
    if text is None or str(text).strip() == "":
        return None
    try:
        years = int(str(text).strip())
    except ValueError:
        years = 0
    if not 1 <= years <= MAX_YEARS:
        raise ValidationError("years", N_("The retention period is a whole number of years from 1 to {max}."),
                              max=MAX_YEARS)
    return years


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def due_on(closed_on: dt.date, years: int) -> dt.date:
    """The first day the case may be anonymised: the period has run out the day before."""
    return add_years(closed_on, years)


def is_due(closed_on: dt.date | None, years: int | None, today: dt.date) -> bool:
    return closed_on is not None and years is not None and due_on(closed_on, years) <= today


def clean_reason(text: str | None) -> str:
    """A reason for anonymising one person on request: required, at most 500 characters."""
    reason = (text or "").strip()
    if not reason:
        raise ValidationError("reason", N_("Give the reason for removing this person's data."))
    if len(reason) > REASON_MAX:
        raise ValidationError("reason", N_("The reason is longer than {max} characters."), max=REASON_MAX)
    return reason
