"""Who changed what, when, with before/after values, in a hash chain.

Mapped entities are captured by an ``after_flush`` listener (primary keys are known
and attribute history is still intact there); Core writes and exports add entries
through ``UnitOfWork.audit``. ``append_entries`` links each entry to the previous
one by SHA-256, so an edited or deleted entry breaks the chain.

Erasable values (retention, issue #19): an entry's hash covers a *digest* of its before/after
values (``values_digest``, salted with a random ``values_salt``), not the values themselves. The
values and the salt sit in their own columns and can be erased (``erase_values``) when a person's
data reach the end of their retention period; the chain still verifies because the digest stays.
The salt makes the digest of an erased entry useless for guessing the values (an IIN has few
enough possibilities to try them all against an unsalted hash); it is erased with the values.

Entries written before this format ("legacy", revision ``0014``) keep their old hash in
``legacy_hash``; the migration re-linked them under the new format with that old hash inside, so
an anchor, a backup manifest or a report footer that names an old hash still matches.
"""
from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import secrets
import weakref
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from storage import tables

GENESIS_HASH = "0" * 64
SECRET_COLUMNS = frozenset({"password_hash"})
SKIPPED_COLUMNS = frozenset({"search_key", "sort_key", "head_sort_key", "content"})


@dataclass
class AuditEntry:
    action: str  # insert, update, delete, export, report, login, ...
    entity: str
    entity_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def _column_values(state, *, before: bool) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in SKIPPED_COLUMNS:
            continue
        history = state.attrs[key].history
        if before:
            value = history.deleted[0] if history.deleted else (
                history.unchanged[0] if history.unchanged else None)
        else:
            value = history.added[0] if history.added else (
                history.unchanged[0] if history.unchanged else None)
        values[key] = "***" if key in SECRET_COLUMNS and value is not None else plain(value)
    return values


def _changed_values(state) -> tuple[dict[str, Any], dict[str, Any]]:
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in SKIPPED_COLUMNS:
            continue
        history = state.attrs[key].history
        if history.added or history.deleted:
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if key in SECRET_COLUMNS:
                old, new = ("***" if old else None), ("***" if new else None)
            before[key], after[key] = plain(old), plain(new)
    return before, after


def _entity_id(state) -> str | None:
    # New rows have no identity key yet in after_flush, but their primary key is filled in.
    identity = state.identity or state.mapper.primary_key_from_instance(state.obj())
    if not identity or all(part is None for part in identity):
        return None
    return ",".join(str(part) for part in identity)


def _collect(session: Session, _flush_context) -> None:
    pending: list[AuditEntry] = session.info.setdefault("audit_pending", [])
    for obj in session.new:
        state = inspect(obj)
        pending.append(AuditEntry("insert", state.mapper.local_table.name, _entity_id(state),
                                  None, _column_values(state, before=False)))
    for obj in session.dirty:
        state = inspect(obj)
        if not session.is_modified(obj, include_collections=False):
            continue
        before, after = _changed_values(state)
        if after.keys() - {"version", "updated_at", "updated_by"}:
            pending.append(AuditEntry("update", state.mapper.local_table.name, _entity_id(state), before, after))
    for obj in session.deleted:
        state = inspect(obj)
        pending.append(AuditEntry("delete", state.mapper.local_table.name, _entity_id(state),
                                  _column_values(state, before=True), None))


def install(session_class: type[Session]) -> None:
    if not event.contains(session_class, "after_flush", _collect):
        event.listen(session_class, "after_flush", _collect)


def entry_hash(prev_hash: str, occurred_at: str, actor_login: str, action: str, entity: str,
               entity_id: str | None, before: Any, after: Any) -> str:
    """The legacy hash (before revision ``0014``): it covers the values themselves."""
    payload = json.dumps([prev_hash, occurred_at, actor_login, action, entity, entity_id, before, after],
                         sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def values_digest(salt: str, before: Any, after: Any) -> str:
    """SHA-256 of the salt and the canonical JSON of an entry's values (what the hash covers)."""
    payload = json.dumps([salt, before, after], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def entry_hash_v2(prev_hash: str, occurred_at: str, actor_login: str, action: str, entity: str,
                  entity_id: str | None, digest: str, legacy_hash: str | None) -> str:
    """The hash of an entry: everything but the values, which it covers through their digest."""
    payload = json.dumps(["v2", prev_hash, occurred_at, actor_login, action, entity, entity_id, digest,
                          legacy_hash], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def chain_row(prev: str, entry: AuditEntry, actor_login: str, occurred_at: dt.datetime,
              legacy: bool = False) -> dict[str, Any]:
    """The audit_log row of ``entry`` linked after ``prev`` (occurred_at without microseconds).

    ``legacy``: in the format before revision ``0014``, for a database restored from an
    older backup that is written to before its schema is upgraded (the upgrade then converts it).
    """
    before, after = plain(entry.before), plain(entry.after)
    if legacy:
        digest = entry_hash(prev, occurred_at.isoformat(), actor_login, entry.action, entry.entity,
                            entry.entity_id, before, after)
        return {"occurred_at": occurred_at, "actor_login": actor_login, "action": entry.action,
                "entity": entry.entity, "entity_id": entry.entity_id, "before": before,
                "after": after, "prev_hash": prev, "hash": digest}
    salt = secrets.token_hex(16)
    digest = values_digest(salt, before, after)
    return {"occurred_at": occurred_at, "actor_login": actor_login, "action": entry.action,
            "entity": entry.entity, "entity_id": entry.entity_id, "before": before,
            "after": after, "values_salt": salt, "values_digest": digest, "legacy_hash": None,
            "erased_at": None, "prev_hash": prev,
            "hash": entry_hash_v2(prev, occurred_at.isoformat(), actor_login, entry.action, entry.entity,
                                  entry.entity_id, digest, None)}


def convert_legacy(rows, prev: str = GENESIS_HASH):
    """Legacy rows (id order) in the new format: yields (id, changes) — used by the migration.

    Each keeps its old hash as ``legacy_hash``; its values get a salt and a digest, and the new
    hash links to the previous *new* hash, so the chain verifies under one rule from then on.
    """
    for row in rows:
        occurred = row["occurred_at"]
        occurred_text = occurred.isoformat() if hasattr(occurred, "isoformat") else str(occurred)
        salt = secrets.token_hex(16)
        digest = values_digest(salt, row["before"], row["after"])
        new_hash = entry_hash_v2(prev, occurred_text, row["actor_login"], row["action"], row["entity"],
                                 row["entity_id"], digest, row["hash"])
        yield row["id"], {"values_salt": salt, "values_digest": digest, "legacy_hash": row["hash"],
                          "prev_hash": prev, "hash": new_hash}
        prev = new_hash


HEAD_HASH_KEY = "audit.head_hash"
HEAD_COUNT_KEY = "audit.count"


def _lock_chain(session: Session) -> None:
    """Serialise appends so two seats never link to the same previous entry.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: a write to the head row takes the
    database's write lock before the tail is read (a plain SELECT would not).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(7354012)"))
    else:
        s = tables.setting
        session.execute(s.update().where(s.c.key == HEAD_COUNT_KEY).values(value=s.c.value))


def _set_head(session: Session, key: str, value: str, actor_login: str, now: dt.datetime) -> None:
    s = tables.setting
    done = session.execute(s.update().where(s.c.key == key).values(value=value, updated_at=now,
                                                                 updated_by=actor_login)).rowcount
    if not done:
        session.execute(s.insert().values(key=key, value=value, updated_at=now, updated_by=actor_login))


def _take_pending(session: Session) -> int:
    """Entries a hosted register's triggers appended in this transaction that the head does not
    count yet (storage.pg_roles moves the head at commit); the head written here counts them, so
    they are no longer pending. Always 0 on SQLite and on an unhosted PostgreSQL register."""
    if session.get_bind().dialect.name != "postgresql":
        return 0
    pending = session.execute(sa.text(
        "SELECT coalesce(nullif(current_setting('qandas.audit_pending', true), ''), '0')::bigint")).scalar()
    if pending:
        session.execute(sa.text("SELECT set_config('qandas.audit_pending', '0', true)"))
    return int(pending or 0)


_UPGRADED: "weakref.WeakSet[sa.Engine]" = weakref.WeakSet()


def _has_value_columns(session: Session) -> bool:
    """Whether this database's audit_log has the erasable-values columns (revision 0014).
    Only a database about to be upgraded lacks them (its pre-upgrade backup is audited first);
    a "yes" is remembered per engine, so an upgraded database is inspected once."""
    engine = session.get_bind().engine
    if engine in _UPGRADED:
        return True
    columns = {c["name"] for c in sa.inspect(session.connection()).get_columns("audit_log")}
    if "values_digest" in columns:
        _UPGRADED.add(engine)
        return True
    return False


def append_entries(session: Session, entries: list[AuditEntry], actor_login: str,
                   now: dt.datetime) -> tuple[int, str] | None:
    """Append entries to the chain and move the head (hash and count) in the same transaction.

    The head lives in the ``setting`` table so that deleting the newest entries (which leaves a
    perfectly linked but shorter chain) is detected by ``verify`` too. Returns the new head
    (count, hash) for the anchor outside the database, or None when there was nothing to append.
    """
    if not entries:
        return None
    _lock_chain(session)
    a = tables.audit_log
    prev = session.execute(sa.select(a.c.hash).order_by(a.c.id.desc()).limit(1)).scalar()
    prev = prev or GENESIS_HASH
    stored_count = session.scalar(sa.select(tables.setting.c.value).where(tables.setting.c.key == HEAD_COUNT_KEY))
    pending = _take_pending(session)
    count = int(stored_count) + pending if stored_count is not None else session.scalar(
        sa.select(sa.func.count()).select_from(a))
    occurred_at = now.replace(microsecond=0)
    legacy = not _has_value_columns(session)
    rows = []
    for entry in entries:
        rows.append(chain_row(prev, entry, actor_login, occurred_at, legacy=legacy))
        prev = rows[-1]["hash"]
    # a legacy row names only the columns an older audit_log has (the INSERT takes the rows' keys)
    session.execute(a.insert(), rows)
    _set_head(session, HEAD_HASH_KEY, prev, actor_login, occurred_at)
    _set_head(session, HEAD_COUNT_KEY, str(count + len(rows)), actor_login, occurred_at)
    return count + len(rows), prev


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    reason: str  # "edited", "unlinked" (an entry before it was deleted), "missing_tail", "head_mismatch",
    # "missing_head" (entries but no head settings: they were deleted)


def _entry_break(row, prev: str, legacy_prev: str) -> str | None:
    """Why one entry does not verify after ``prev`` (None when it does)."""
    occurred = row["occurred_at"]
    occurred_text = occurred.isoformat() if hasattr(occurred, "isoformat") else str(occurred)
    if row.get("values_digest") is None:  # legacy format: the hash covers the values
        expected = entry_hash(prev, occurred_text, row["actor_login"], row["action"], row["entity"],
                              row["entity_id"], row["before"], row["after"])
        return None if expected == row["hash"] else "edited"
    erased = row.get("erased_at") is not None
    if erased:
        if row["before"] is not None or row["after"] is not None or row.get("values_salt") is not None:
            return "edited"  # values put back (or only half erased) after the erasure
    elif row.get("values_salt") is None or \
            values_digest(row["values_salt"], row["before"], row["after"]) != row["values_digest"]:
        return "edited"
    legacy = row.get("legacy_hash")
    if legacy is not None and not erased and entry_hash(
            legacy_prev, occurred_text, row["actor_login"], row["action"], row["entity"], row["entity_id"],
            row["before"], row["after"]) != legacy:
        return "edited"  # a converted entry whose old hash never matched: a break older than the migration
    expected = entry_hash_v2(prev, occurred_text, row["actor_login"], row["action"], row["entity"],
                             row["entity_id"], row["values_digest"], legacy)
    return None if expected == row["hash"] else "edited"


def comparable_hash(row) -> str:
    """The hash another copy of the chain (an older backup, an anchor) knows this entry by."""
    return row.get("legacy_hash") or row["hash"]


def verify_chain(entries, head_hash: str | None, head_count: int | None) -> tuple[int, ChainBreak | None]:
    """Walk the entries in id order; returns (entries checked, first break or None).

    Erased entries verify through their digest; converted legacy entries whose values are still
    there are also checked against their old hash (a break from before the migration stays found).
    """
    prev = GENESIS_HASH
    legacy_prev = GENESIS_HASH
    checked = 0
    last_id = 0
    for row in entries:
        if row["prev_hash"] != prev:
            return checked, ChainBreak(row["id"], "unlinked")
        reason = _entry_break(row, prev, legacy_prev)
        if reason is not None:
            return checked, ChainBreak(row["id"], reason)
        prev = row["hash"]
        legacy_prev = row.get("legacy_hash") or GENESIS_HASH
        checked += 1
        last_id = row["id"]
    if head_count is not None and checked < head_count:
        return checked, ChainBreak(last_id + 1, "missing_tail")
    if checked and (head_hash is None or head_count is None):
        return checked, ChainBreak(last_id, "missing_head")
    if head_hash is not None and checked and (head_hash != prev or head_count != checked):
        return checked, ChainBreak(last_id, "head_mismatch")
    return checked, None


def erase_values(session: Session, where, now: dt.datetime) -> int:
    """Erase the values (and their salt) of the entries matching ``where``; returns how many.

    The hash chain is untouched: each entry's hash covers the digest, which stays. Entries in the
    legacy format cannot be erased this way (there are none after revision ``0014``).
    """
    a = tables.audit_log
    return session.execute(a.update().where(where, a.c.values_digest.is_not(None), a.c.erased_at.is_(None))
                           .values(before=sa.null(), after=sa.null(), values_salt=None, erased_at=now)).rowcount
