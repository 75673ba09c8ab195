"""Writing ``person_search_token`` rows with their copies of the family id and head sort key.

Search as you type reads only the token indexes, so each token carries the person's
``family_id`` and that family's ``head_sort_key`` (see ``tables.person_search_token``).
Every writer goes through here:

* ``insert_tokens`` — new tokens (registration, edits, merge, demo, import): the copies are
  read from the database, where the person and the family are already flushed, and the
  person's IIN is added as one more token, ``IIN_MARK`` + digits, so an IIN prefix is searched
  on the same indexes as a name (name tokens are ASCII letters and digits, never the mark);
* ``install`` — a flush listener: a family whose ``head_sort_key`` changed (head renamed or
  replaced) or that gained members (a merge moves persons) rewrites the copies of all its
  members' tokens, so no service has to remember it.
"""
from __future__ import annotations

from typing import Iterable

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from domain.families import Family
from storage import tables
from storage.bulk_insert import insert_tuples

t_family, t_person, t_token = tables.family, tables.person, tables.person_search_token
_CHUNK = 500
IIN_MARK = "#"


def iin_token(iin: str) -> str:
    return IIN_MARK + iin


def family_keys(session: Session, person_ids: Iterable[int]) -> dict[int, tuple[int, str, str | None]]:
    """person id → (family id, the family's head sort key, the person's IIN), as stored."""
    keys: dict[int, tuple[int, str, str | None]] = {}
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), _CHUNK):
        query = (sa.select(t_person.c.id, t_person.c.family_id, t_family.c.head_sort_key, t_person.c.iin)
                 .join(t_family, t_family.c.id == t_person.c.family_id)
                 .where(t_person.c.id.in_(ids[start:start + _CHUNK])))
        for person_id, family_id, key, iin in session.execute(query):
            keys[person_id] = (family_id, key, iin)
    return keys


TOKEN_COLUMNS = ("token", "person_id", "family_id", "head_sort_key")
TokenRow = tuple[str, int, int, str]


def token_rows(session: Session, words: list[tuple[int, str]], person_ids: Iterable[int] = (),
               known: dict[int, tuple[int, str, str | None]] | None = None) -> list[TokenRow]:
    """(token, person id, family id, head sort key) rows for the (person id, word) pairs of
    ``words`` plus an IIN token for each of their persons and of ``person_ids``. ``known`` gives the
    copies (as ``family_keys`` would) for persons just written; the others are read."""
    known = known or {}
    wanted = {person_id for person_id, _ in words} | set(person_ids)
    keys = {person_id: known[person_id] for person_id in wanted if person_id in known}
    keys.update(family_keys(session, [person_id for person_id in wanted if person_id not in known]))
    rows = [(word, person_id, *keys[person_id][:2]) for person_id, word in words]
    rows += [(iin_token(iin), person_id, family_id, key) for person_id, (family_id, key, iin) in keys.items() if iin]
    return rows


def insert_token_rows(session: Session, rows: list[TokenRow]) -> None:
    """Insert ``token_rows``, in token order: three of the table's four B-trees lead with the
    token, and rows that arrive in their order fill each page once instead of touching pages
    all over the tree (700 000 tokens of an import: 7.5 s in person order, 4.5 s sorted in runs
    of 35 000)."""
    rows.sort()
    insert_tuples(session, t_token, TOKEN_COLUMNS, rows)


def insert_tokens(session: Session, words: list[tuple[int, str]], person_ids: Iterable[int] = (),
                  known: dict[int, tuple[int, str, str | None]] | None = None) -> None:
    """Insert the (person id, word) tokens of ``words`` and the IIN tokens of their persons and of
    ``person_ids``, each with the person's family id and that family's head sort key."""
    insert_token_rows(session, token_rows(session, words, person_ids, known))


def replace_tokens(session: Session, person_id: int, words: list[str]) -> None:
    session.execute(t_token.delete().where(t_token.c.person_id == person_id))
    insert_tokens(session, [(person_id, word[:100]) for word in words], [person_id])


def _refresh_family(connection, family_id: int, head_sort_key: str) -> None:
    members = sa.select(t_person.c.id).where(t_person.c.family_id == family_id)
    connection.execute(t_token.update()
                       .where(t_token.c.person_id.in_(members),
                              sa.or_(t_token.c.family_id != family_id, t_token.c.head_sort_key != head_sort_key))
                       .values(family_id=family_id, head_sort_key=head_sort_key))


def _after_flush(session: Session, _context) -> None:
    # The new/dirty lists and attribute history still describe what this flush wrote.
    for instance in list(session.new) + list(session.dirty):
        if not isinstance(instance, Family) or instance.id is None:
            continue
        attrs = inspect(instance).attrs
        if attrs.head_sort_key.history.has_changes() or attrs.members.history.added:
            _refresh_family(session.connection(), instance.id, instance.head_sort_key or "")


def install(session_class: type[Session]) -> None:
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
