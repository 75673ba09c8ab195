"""The centre's details (names in kk/ru/en, address, director, executor, phone) as settings.

Anyone who may print a report reads them; only the administrator (``MANAGE_REFERENCE``)
changes them, each change audited with the values before and after.
"""
from __future__ import annotations

from domain.centre import (FIELDS, IDLE_LOCK_KEY, IDLE_LOCK_SETTING, CentreDetails, clean, clean_idle_lock_minutes,
                           idle_lock_minutes_from, setting_key)
from domain.errors import ValidationError
from domain.permissions import Action
from services.changes import NOTHING, Changes
from services.context import ServiceContext

from services.unit_of_work import SettingsUnitOfWork, accounts_unit

# Databases seeded before issue 14 carry this shipped placeholder under "centre_name"; it is not a
# name anybody chose, so it is ignored. A name a centre did set there is kept as its Kazakh name.
LEGACY_NAME_KEY = "centre_name"
LEGACY_PLACEHOLDER = "Адаптация және интеграция орталығы"


def read_centre(uow: SettingsUnitOfWork) -> CentreDetails:
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
        with accounts_unit(self.ctx) as uow:
            return read_centre(uow)

    def idle_lock_minutes(self) -> int:
        """Minutes without input before the window locks (0: never). Every signed-in user reads it."""
        with accounts_unit(self.ctx, read_only=True) as uow:
            return idle_lock_minutes_from(uow.reference.setting(IDLE_LOCK_SETTING, None))

    def set_idle_lock_minutes(self, minutes: int | str) -> Changes:
        return self.update({IDLE_LOCK_KEY: minutes})

    def update(self, values: dict[str, object]) -> Changes:
        """Set some of the details (field -> text; "" clears one) and perhaps the idle lock minutes.
        Nothing changes unless all are valid: one transaction, one audit entry per kind of setting."""
        self.ctx.actor.require(Action.MANAGE_REFERENCE)
        values = dict(values)
        idle = values.pop(IDLE_LOCK_KEY, None)
        problems = []
        try:
            new = clean({key: "" if value is None else str(value) for key, value in values.items()})
        except ValidationError as error:
            problems.extend(error.problems)
        try:
            minutes = None if idle is None else clean_idle_lock_minutes(idle)
        except ValidationError as error:
            problems.extend(error.problems)
        if problems:
            raise ValidationError(problems)
        with accounts_unit(self.ctx) as uow:
            before = read_centre(uow).as_dict()
            changed = {key: value for key, value in new.items() if before[key] != value}
            old_minutes = idle_lock_minutes_from(uow.reference.setting(IDLE_LOCK_SETTING, None))
            idle_changed = minutes is not None and minutes != old_minutes
            if not changed and not idle_changed:
                return NOTHING
            for key, value in changed.items():
                uow.reference.set_setting(setting_key(key), value, self.ctx.actor.login, self.ctx.now())
            if changed:
                uow.audit("update", "setting", "centre", {key: before[key] for key in changed}, changed)
            if idle_changed:
                uow.reference.set_setting(IDLE_LOCK_SETTING, str(minutes), self.ctx.actor.login, self.ctx.now())
                uow.audit("update", "setting", IDLE_LOCK_SETTING, {IDLE_LOCK_KEY: old_minutes},
                          {IDLE_LOCK_KEY: minutes})
            uow.commit()
        return Changes(reference=True)
