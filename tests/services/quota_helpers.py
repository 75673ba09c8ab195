"""Building families with a granted status for the quota service tests."""
from __future__ import annotations

import datetime as dt

from services.dto import FamilyInput, PersonInput, StatusInput


def family_with_status(services, granted_on=dt.date(2026, 2, 1), members: int = 3, region: str = "PAVLODAR",
                       surname: str = "Сейітқали") -> int:
    people = [PersonInput(surname, "Нұрлан", birth_date=dt.date(1985, 4, 2), sex="M", relation="head")]
    for index in range(members - 1):
        people.append(PersonInput(surname, ["Айгүл", "Дана", "Ерлан", "Әсел"][index % 4],
                                  birth_date=dt.date(1990 + index * 5, 1, 1 + index), sex="F",
                                  relation="spouse" if index == 0 else "child"))
    result = services.registration.register_family(
        FamilyInput(members=tuple(people), arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ",
                    region_code=region), confirm_duplicates=True)
    head = services.cases.details(result.id).members[0]
    if granted_on is not None:
        services.registration.add_status(head.id, StatusInput(
            applied_on=granted_on - dt.timedelta(days=10), decision="granted", granted_on=granted_on,
            channel="egov", certificate_number="KD-1"))
    return result.id
