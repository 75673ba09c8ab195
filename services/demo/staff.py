"""The demonstration centre's staff and details: one account of every role, workers for the families.

Demo accounts have a published password (``<login>-demo``, see docs/admin.md), so they are made
only in demonstration data and only when the one running the demo may manage users; a login
that already exists is left as it is. The centre's details are filled only when none are set.
"""
from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher

from domain.centre import CentreDetails, setting_key
from domain.permissions import Action, Role
from services.centre import read_centre
from services.context import ServiceContext
from services.users import add_account

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.unit_of_work import SqlAlchemyUnitOfWork

PASSWORD_SUFFIX = "-demo"
STAFF = (
    ("admin", Role.ADMINISTRATOR, "Ахметов Серік Қайратұлы"),
    ("supervisor", Role.SUPERVISOR, "Жұмабаева Айгүл Төлегенқызы"),
    ("worker1", Role.CASE_WORKER, "Оспанов Ерлан Нұрбекұлы"),
    ("worker2", Role.CASE_WORKER, "Тұрсынова Динара Мұхтарқызы"),
    ("worker3", Role.CASE_WORKER, "Қасымов Бекзат Серікұлы"),
    ("viewer", Role.READ_ONLY, "Исабекова Назым Ғабитқызы"),
)
CENTRE = CentreDetails(
    name_kk="Павлодар облысының қандастарды бейімдеу және кіріктіру орталығы",
    name_ru="Центр адаптации и интеграции кандасов Павлодарской области",
    name_en="Pavlodar Region Kandas Adaptation and Integration Centre",
    address="Павлодар қ., Естай көшесі, 54", phone="+7 7182 55 12 34",
    director_name="Ахметов Серік Қайратұлы", director_position="Директор",
    executor_name="Жұмабаева Айгүл Төлегенқызы", executor_phone="+7 7182 55 12 40")


@dataclass(frozen=True)
class Worker:
    user_id: int
    login: str


@dataclass(frozen=True)
class Staff:
    """Who works the demo's cases: the case workers (worker1-3), in turn; a supervisor supervises."""

    workers: tuple[Worker, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.workers)


def demo_password(login: str) -> str:
    return login + PASSWORD_SUFFIX


def add_staff(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork) -> Staff:
    """Create the demo accounts that do not exist yet; return the case workers (new or old)."""
    if not ctx.actor.can(Action.MANAGE_USERS):
        return Staff()
    # The passwords are published, so a slow hash protects nothing here; a light one keeps `demo`
    # quick. argon2 keeps its parameters in the hash, so sign-in verifies it as any other.
    hasher = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    workers = []
    for login, role, name in STAFF:
        existing = uow.users.by_login(login)
        if existing is None:
            user_id = add_account(ctx, uow, login, name, role, hasher.hash(demo_password(login)))
        elif existing["role"] == role and existing["active"]:
            user_id = existing["id"]
        else:
            continue
        if role == Role.CASE_WORKER:
            workers.append(Worker(user_id, login))
    return Staff(tuple(workers))


def add_centre_details(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork) -> None:
    if not ctx.actor.can(Action.MANAGE_REFERENCE) or any(read_centre(uow).as_dict().values()):
        return
    for key, value in CENTRE.as_dict().items():
        uow.reference.set_setting(setting_key(key), value, ctx.actor.login, ctx.now())
