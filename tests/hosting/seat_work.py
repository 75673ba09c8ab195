"""What one seat does in the four-seats test: register families, each in its own transaction."""
from __future__ import annotations

import datetime as dt

from services.dto import FamilyInput, PersonInput


NAMES = ("Aru", "Bekzat", "Dana", "Erlan", "Gulnar", "Marat")


def register_families(services, login: str, count: int) -> int:
    done = 0
    for index in range(count):
        services.registration.register_family(FamilyInput(
            members=(PersonInput(surname=f"Seat{login.title()}", given_name=NAMES[index % len(NAMES)],
                                 birth_date=dt.date(1980, 1, 1 + index), sex="M"),),
            arrival_date=dt.date(2026, 1, 10), notes=f"{login} {index}"), confirm_duplicates=True)
        done += 1
    return done
