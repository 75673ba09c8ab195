"""The centre's own details that every report and ministry form carries.

The name is kept in the three report languages because a Kazakh name in a Russian or
English report is wrong (issue 14 §8). Only the administrator edits them (``Action.MANAGE_REFERENCE``);
they are stored as settings ``centre.<field>`` and audited like any other setting.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

from domain.errors import FieldProblem, ValidationError
from domain.messages import N_

KEY_PREFIX = "centre."
MAX_LENGTH = 300  # a long official name with its ministry still fits; a pasted document does not

# field -> label, in the order the form and `settings show` list them
FIELDS: dict[str, str] = {
    "name_kk": N_("Centre name (Kazakh)"),
    "name_ru": N_("Centre name (Russian)"),
    "name_en": N_("Centre name (English)"),
    "address": N_("Address"),
    "phone": N_("Phone"),
    "director_name": N_("Director's name"),
    "director_position": N_("Director's position"),
    "executor_name": N_("Executor's name"),
    "executor_phone": N_("Executor's phone"),
}


@dataclass(frozen=True)
class CentreDetails:
    name_kk: str = ""
    name_ru: str = ""
    name_en: str = ""
    address: str = ""
    phone: str = ""
    director_name: str = ""
    director_position: str = ""
    executor_name: str = ""
    executor_phone: str = ""

    def name(self, language: str) -> str:
        """The name in ``language``; if that one is not set, the first name that is (kk, ru, en),
        so a centre that entered only its Kazakh name still prints it; "" when none is set."""
        own = getattr(self, f"name_{language}", "") if language in ("kk", "ru", "en") else ""
        return own or self.name_kk or self.name_ru or self.name_en

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def with_values(self, values: dict[str, str]) -> "CentreDetails":
        return replace(self, **values)


def setting_key(field_name: str) -> str:
    return KEY_PREFIX + field_name


def clean(values: dict[str, str]) -> dict[str, str]:
    """Check and tidy new values (field -> text): unknown fields, over-long or multi-line text are
    refused, every problem named by its field; surrounding spaces are dropped."""
    problems: list[FieldProblem] = []
    result: dict[str, str] = {}
    for key, value in values.items():
        if key not in FIELDS:
            problems.append(FieldProblem(key, N_("Unknown centre setting “{key}”: choose one of {keys}."),
                                         {"key": key, "keys": ", ".join(FIELDS)}))
            continue
        text = " ".join(str(value or "").split()) if "\n" not in str(value or "") else None
        if text is None:
            problems.append(FieldProblem(key, N_("“{key}”: write it on one line."), {"key": key}))
        elif len(text) > MAX_LENGTH:
            problems.append(FieldProblem(key, N_("“{key}”: at most {limit} characters."),
                                         {"key": key, "limit": MAX_LENGTH}))
        else:
            result[key] = text
    if problems:
        raise ValidationError(problems)
    return result


# The idle lock (issue 19 §6, issue 17 §4): minutes without keyboard or mouse before the window
# covers personal data and asks for the password again; 0 switches it off. Kept beside the centre's
# details because the same administrator sets it in the same form and `settings set`.
IDLE_LOCK_KEY = "idle_lock_minutes"
IDLE_LOCK_SETTING = "security.idle_lock_minutes"
IDLE_LOCK_LABEL = N_("Lock the window after this many idle minutes (0: never)")
DEFAULT_IDLE_LOCK_MINUTES = 10
MAX_IDLE_LOCK_MINUTES = 480  # a working day; a longer lock is no lock


def clean_idle_lock_minutes(value: object) -> int:
    """A whole number of minutes from 0 to a working day, or a problem naming the field."""
    try:
        minutes = int(str(value).strip())
    except ValueError:
        minutes = -1
    if not 0 <= minutes <= MAX_IDLE_LOCK_MINUTES:
        raise ValidationError(IDLE_LOCK_KEY, N_("Enter a number from {low} to {high}."),
                              low=0, high=MAX_IDLE_LOCK_MINUTES)
    return minutes


def idle_lock_minutes_from(stored: str | None) -> int:
    """The stored setting read leniently: a missing or damaged value is the default, never an error."""
    try:
        return clean_idle_lock_minutes(stored)
    except ValidationError:
        return DEFAULT_IDLE_LOCK_MINUTES
