"""Demonstration look-alikes: a few persons registered twice (as an import or a second seat
would do), so the duplicate review list has something to compare."""
from __future__ import annotations

import datetime as dt
import random

from domain.duplicates import DuplicateReason
from domain.families import IdentityDocument, Person, Relation
from domain.messages import N_
from services.context import ServiceContext
from services.progress import Progress
from storage.unit_of_work import SqlAlchemyUnitOfWork

SHARE = 0.03  # about three pairs per hundred demo families


def _stamp_at(record: Person | IdentityDocument, at: dt.datetime, login: str) -> None:
    record.created_at = record.updated_at = at
    record.created_by = record.updated_by = login


def add_duplicate_pairs(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, rng: random.Random, ids: list[int],
                        progress: Progress) -> None:
    if not ids:
        return
    if len(ids) < 2:
        return
    count = max(1, int(len(ids) * SHARE))
    chosen = rng.sample(ids, min(2 * count, len(ids)))
    for family_id, other_id in zip(chosen[0::2], chosen[1::2]):
        original = uow.families.existing(family_id).head
        if original is None:  # demo families always have a head; nothing to copy otherwise
            continue
        family = uow.families.existing(other_id)
        # typed in a few weeks after that family was registered (no draw from rng: the later steps'
        # random sequence stays as it was)
        at = min(family.created_at + dt.timedelta(days=1 + family.id % 50), ctx.now())
        # The same person typed in again as a relative of another case (a second seat, an import).
        copy = Person(original.surname, original.given_name, original.patronymic, relation=Relation.OTHER,
                      birth_date=original.birth_date, sex=original.sex, iin=None,
                      latin_name=original.latin_name, citizenship_code=original.citizenship_code)
        _stamp_at(copy, at, ctx.actor.login)
        if original.documents:
            source = original.documents[0]
            document = IdentityDocument(source.kind, source.number, issue_date=source.issue_date,
                                        expiry_date=source.expiry_date, country_code=source.country_code)
            _stamp_at(document, at, ctx.actor.login)
            copy.documents.append(document)
        family.add_member(copy)
        uow.flush()
        uow.families.sync_search_tokens(copy)
        uow.families.add_event(family.id, "member_added", N_("Member added: {name}."), {"name": copy.full_name},
                               ctx.actor.login, at)
        uow.duplicates.record(copy.id, original.id, DuplicateReason.SAME_NAME_AND_BIRTH_DATE, ctx.now())
