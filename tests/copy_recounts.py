"""What the tests of the family row's copies (tests/services/test_*_copy*.py, their migrations)
share: name parts made from numbers, and dates as either engine returns them."""
from __future__ import annotations

import datetime as dt


def letters(number: int) -> str:
    """A name part from a number (names hold no digits)."""
    alphabet, word = "абвгдежзиклмнопрстуфхы", ""
    while True:
        number, digit = divmod(number, len(alphabet))
        word += alphabet[digit]
        if not number:
            return word


def as_date(value):
    """A DATE (or DATETIME) column's value as a date: SQLite returns the stored ISO text,
    PostgreSQL a date (or a datetime)."""
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value.date() if isinstance(value, dt.datetime) else value
