"""The centre's details (names in kk/ru/en, address, director, executor, phone) as settings.

Anyone who may print a report reads them; only the administrator (``MANAGE_REFERENCE``)
changes them, each change audited with the values before and after.
"""
from __future__ import annotations

from domain.centre import FIELDS, CentreDetails, clean, setting_key
from domain.permissions import Action
from services.changes import NOTHING, Changes
from services.context import ServiceContext

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.unit_of_work import SqlAlchemyUnitOfWork

# Databases seeded before issue 14 carry this shipped placeholder under "centre_name"; it is not a
# name anybody chose, so it is ignored. A name a centre did set there is kept as its Kazakh name.
LEGACY_NAME_KEY = "centre_name"
LEGACY_PLACEHOLDER = "Адаптация және интеграция орталығы"


def read_centre(uow: SqlAlchemyUnitOfWork) -> CentreDetails:
    """The details as stored (one read inside the caller's unit of work)."""
    values = {name: uow.reference.setting(setting_key(name), "") or "" for name in FIELDS}
    if not values["name_kk"]:
        legacy = uow.reference.setting(LEGACY_NAME_KEY, "") or ""
        if legacy and legacy != LEGACY_PLACEHOLDER:
            values["name_kk"] = legacy
    return CentreDetails(**values)


class CentreService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def details(self) -> CentreDetails:
        with self.ctx.uow() as uow:
            return read_centre(uow)

    def update(self, values: dict[str, str]) -> Changes:
        """Set some of the details (field -> text; "" clears one). Nothing changes unless all are valid."""
        self.ctx.actor.require(Action.MANAGE_REFERENCE)
        new = clean(values)
        with self.ctx.uow() as uow:
            before = read_centre(uow).as_dict()
            changed = {key: value for key, value in new.items() if before[key] != value}
            if not changed:
                return NOTHING
            for key, value in changed.items():
                uow.reference.set_setting(setting_key(key), value, self.ctx.actor.login, self.ctx.now())
            uow.audit("update", "setting", "centre", {key: before[key] for key in changed}, changed)
            uow.commit()
        return Changes(reference=True)
