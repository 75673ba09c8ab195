"""The individual identification number (ИИН / ЖСН).

Format: YYMMDD, a century-and-sex digit (1/2 1800s, 3/4 1900s, 5/6 2000s; odd male,
even female), a four-digit serial and a check digit. Since decree No. 853 (2013) the
digits are no longer legally tied to the person, so a mismatch with the person's
birth date or sex is a *warning*; a wrong checksum or a date that cannot exist is a
refusal.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.errors import FieldProblem, ValidationError
from domain.messages import N_

_WEIGHTS_1 = tuple(range(1, 12))
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


class Sex:
    MALE = "M"
    FEMALE = "F"
    ALL = (MALE, FEMALE)


def check_digit(first_eleven: str) -> int | None:
    """The 12th digit for 11 digits, or None when the number cannot be valid."""
    digits = [int(c) for c in first_eleven]
    value = sum(d * w for d, w in zip(digits, _WEIGHTS_1)) % 11
    if value == 10:
        value = sum(d * w for d, w in zip(digits, _WEIGHTS_2)) % 11
        if value == 10:
            return None
    return value


def clean(text: str) -> str:
    """Drop the spaces, dashes and dots people type inside an IIN."""
    return "".join(ch for ch in str(text) if ch not in " \u00a0\t-.")


@dataclass(frozen=True, order=True)
class Iin:
    value: str

    def __post_init__(self) -> None:
        problem = _problem(self.value)
        if problem is not None:
            raise ValidationError("iin", problem, value=self.value)

    @classmethod
    def parse(cls, text: str | int | None, field: str = "iin") -> "Iin | None":
        """Parse what a person typed; empty means 'no IIN yet' and gives None."""
        if text is None:
            return None
        value = clean(str(text))
        if not value:
            return None
        problem = _problem(value)
        if problem is not None:
            raise ValidationError(field, problem, value=value)
        return cls(value)

    @classmethod
    def build(cls, birth_date: dt.date, sex: str, serial: int) -> "Iin | None":
        """Compose a valid IIN (used for demonstration data and tests)."""
        century_base = (birth_date.year // 100) * 100
        offsets = {1800: 1, 1900: 3, 2000: 5}
        if century_base not in offsets:
            return None
        digit7 = offsets[century_base] + (0 if sex == Sex.MALE else 1)
        head = f"{birth_date:%y%m%d}{digit7}{serial % 10000:04d}"
        check = check_digit(head)
        return None if check is None else cls(head + str(check))

    @property
    def birth_date(self) -> dt.date:
        return _birth_date(self.value)  # type: ignore[return-value]

    @property
    def sex(self) -> str:
        return Sex.MALE if int(self.value[6]) % 2 == 1 else Sex.FEMALE

    def mismatches(self, birth_date: dt.date | None, sex: str | None, field: str = "iin") -> list[FieldProblem]:
        """Warnings when the person's data disagree with the IIN digits (never refusals)."""
        warnings: list[FieldProblem] = []
        if birth_date is not None and birth_date != self.birth_date:
            warnings.append(FieldProblem(field, N_(
                "The birth date {birth_date} differs from the one in the IIN ({iin_date}); "
                "since 2013 this is allowed, please check."),
                {"birth_date": birth_date.isoformat(), "iin_date": self.birth_date.isoformat()}))
        if sex in Sex.ALL and sex != self.sex:
            warnings.append(FieldProblem(field, N_(
                "The sex differs from the one in the IIN; since 2013 this is allowed, please check.")))
        return warnings

    def __str__(self) -> str:
        return self.value


def _birth_date(value: str) -> dt.date | None:
    century = _CENTURY.get(int(value[6]))
    if century is None:
        return None
    try:
        return dt.date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        return None


def _problem(value: str) -> str | None:
    if len(value) != 12 or not value.isdigit():
        return N_("The IIN must have exactly 12 digits.")
    if int(value[6]) not in _CENTURY:
        return N_("The 7th digit of the IIN must be 1 to 6 (century and sex).")
    if _birth_date(value) is None:
        return N_("The IIN holds a date that does not exist.")
    if check_digit(value[:11]) != int(value[11]):
        return N_("The IIN check digit is wrong: please check every digit.")
    return None


def validate(text: str | None) -> str | None:
    """The msgid of what is wrong with ``text`` as an IIN, or None when it is fine or empty."""
    value = clean(text or "")
    return None if not value else _problem(value)


def repair_lost_leading_zero(text: str) -> str | None:
    """An IIN typed as a number loses its leading zero; restore it when that makes it valid."""
    value = str(text).strip()
    if value.endswith(".0"):
        value = value[:-2]
    value = clean(value)
    if len(value) == 11 and value.isdigit() and _problem("0" + value) is None:
        return "0" + value
    return None
