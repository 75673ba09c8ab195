"""What a restore checks inside a backup before it replaces anything: accounts and the audit chain.

Read from the unpacked SQLite copy, or from the SQL that ``pg_restore`` made of a PostgreSQL dump
(its ``COPY … FROM stdin`` blocks), so both engines are checked the same way and before the
database changes. Only what the checks need is kept: the accounts, and per audit entry its hash
and what it says about accounts; the chain itself is verified on the way.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generator, Iterable, Iterator

import sqlalchemy as sa

from storage import tables
from storage.audit import HEAD_COUNT_KEY, HEAD_HASH_KEY, ChainBreak, comparable_hash, verify_chain

ACCOUNT_FIELDS = ("role", "active", "password_fingerprint")


@dataclass
class BackupContents:
    users: list[dict[str, Any]]  # id, login, role, active, password_hash
    audited: dict[str, dict[str, Any]] = field(default_factory=dict)  # user id -> last audited role/active/…
    checked: int = 0
    broken: ChainBreak | None = None
    head_hash: str | None = None
    head_count: int | None = None
    last_hash: str = ""
    # Compared with the live database's chain, entry by entry: the first position (0-based) where
    # the two differ and the live entry's action there; None while one is a prefix of the other.
    diverged_at: int | None = None
    live_action_there: str | None = None
    # whether the backup's audit_log has the erasable-values columns (revision 0014): a
    # restore's own entry is written in the matching format before the schema is upgraded
    values_format: bool = True

    def user(self, login: str) -> dict[str, Any] | None:
        return next((u for u in self.users if u["login"] == login), None)


def _summarise(users: list[dict], entries: Iterable[dict], head_hash: str | None, head_count: int | None,
               live: Iterator[tuple[str, str]] | None) -> BackupContents:
    contents = BackupContents(users, head_hash=head_hash, head_count=head_count)
    live = live if live is not None else iter(())

    def watched() -> Iterator[dict]:
        for position, row in enumerate(entries):
            contents.last_hash = row["hash"]
            if contents.diverged_at is None:
                theirs = next(live, None)
                if theirs is not None and theirs[0] != comparable_hash(row):
                    contents.diverged_at, contents.live_action_there = position, theirs[1]
            after = row["after"]
            if row["entity"] == "app_user" and row["entity_id"] and isinstance(after, dict) \
                    and row["action"] in ("insert", "update", "login"):
                facts = contents.audited.setdefault(str(row["entity_id"]), {})
                facts.update({key: after[key] for key in ACCOUNT_FIELDS if key in after})
            yield row

    contents.checked, contents.broken = verify_chain(watched(), head_hash, head_count)
    return contents


def _head(settings: dict[str, str]) -> tuple[str | None, int | None]:
    count = settings.get(HEAD_COUNT_KEY)
    try:
        return settings.get(HEAD_HASH_KEY), int(count) if count is not None else None
    except ValueError:
        return settings.get(HEAD_HASH_KEY), -1


def _audit_columns(connection) -> list:
    """The audit_log columns this database has (an older backup lacks the erasable-values ones)."""
    present = {column["name"] for column in sa.inspect(connection).get_columns("audit_log")}
    return [column for column in tables.audit_log.c if column.name in present]


def live_chain(engine: sa.Engine | None) -> Generator[tuple[str, str], None, None]:  # closed early by restores
    """(hash, action) of every entry of the live database's chain, in id order (keyset pages);
    a converted entry is named by its old hash, the one an older backup knows it by."""
    if engine is None:
        return
    a = tables.audit_log
    with engine.connect() as connection:
        legacy = a.c.legacy_hash if "legacy_hash" in {c.name for c in _audit_columns(connection)} \
            else sa.null().label("legacy_hash")
        last = 0
        while True:
            page = connection.execute(sa.select(a.c.id, a.c.hash, legacy, a.c.action).where(a.c.id > last)
                                      .order_by(a.c.id).limit(5000)).all()
            if not page:
                return
            for row in page:
                yield row.legacy_hash or row.hash, row.action
            last = page[-1].id


def from_database(engine: sa.Engine, live: Iterator[tuple[str, str]] | None = None) -> BackupContents:
    """From the unpacked SQLite copy, compared with ``live`` (see ``live_chain``)."""
    u, a, s = tables.app_user, tables.audit_log, tables.setting
    with engine.connect() as connection:
        users = [dict(row._mapping) for row in connection.execute(
            sa.select(u.c.id, u.c.login, u.c.role, u.c.active, u.c.password_hash).order_by(u.c.id))]
        settings = dict(connection.execute(sa.select(s.c.key, s.c.value).where(
            s.c.key.in_([HEAD_HASH_KEY, HEAD_COUNT_KEY]))).all())

        columns = _audit_columns(connection)

        def entries() -> Iterator[dict]:
            last = 0
            while True:
                page = connection.execute(sa.select(*columns).where(a.c.id > last).order_by(a.c.id)
                                          .limit(2000)).all()
                if not page:
                    return
                for row in page:
                    yield dict(row._mapping)
                last = page[-1].id

        contents = _summarise(users, entries(), *_head(settings), live)
        contents.values_format = any(c.name == "values_digest" for c in columns)
        return contents


# --- PostgreSQL: the COPY blocks of pg_restore's SQL ------------------------------------------
_COPY = re.compile(r'^COPY (?:"?\w+"?\.)?"?(\w+)"? \((.*)\) FROM stdin;$')
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))")
_SIMPLE = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def _unescape(text: str) -> str | None:
    """One field of PostgreSQL's COPY text format."""
    if text == "\\N":
        return None

    def one(match: re.Match) -> str:
        octal, hexa, other = match.groups()
        if octal:
            return chr(int(octal, 8))
        if hexa:
            return chr(int(hexa, 16))
        return _SIMPLE.get(other, other)
    return _ESCAPE.sub(one, text)


def _copy_rows(script: Path, wanted: set[str]) -> Iterator[tuple[str, dict[str, str | None]]]:
    """(table, row) for the rows of the wanted tables, in the order the dump holds them."""
    table, columns = None, []
    with open(script, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if table is None:
                match = _COPY.match(line)
                if match and match.group(1) in wanted:
                    table = match.group(1)
                    columns = [c.strip().strip('"') for c in match.group(2).split(",")]
                continue
            if line == "\\.":
                table = None
                continue
            yield table, dict(zip(columns, (_unescape(v) for v in line.split("\t"))))


def _json(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def _audit_row(row: dict[str, str | None]) -> dict[str, Any]:
    erased = row.get("erased_at")
    return {"id": int(row["id"]), "occurred_at": dt.datetime.fromisoformat(row["occurred_at"]),
            "actor_login": row["actor_login"], "action": row["action"], "entity": row["entity"],
            "entity_id": row["entity_id"], "before": _json(row["before"]), "after": _json(row["after"]),
            "values_salt": row.get("values_salt"), "values_digest": row.get("values_digest"),
            "legacy_hash": row.get("legacy_hash"),
            "erased_at": dt.datetime.fromisoformat(erased) if erased else None,
            "prev_hash": row["prev_hash"], "hash": row["hash"]}


def from_postgres_script(script: Path, live: Iterator[tuple[str, str]] | None = None) -> BackupContents:
    """From the SQL of a PostgreSQL backup. A first pass reads accounts and settings and checks that
    the audit rows come in id order (a heap dump of an append-only table does); the second streams
    them, so memory holds hashes and accounts, not the log (sorted in memory only if out of order)."""
    users, settings, last_id, in_order = [], {}, 0, True
    values_format = _has_column(script, "audit_log", "values_digest")
    for table, row in _copy_rows(script, {"app_user", "setting", "audit_log"}):
        if table == "app_user":
            users.append({"id": int(row["id"]), "login": row["login"], "role": row["role"],
                          "active": row["active"] == "t", "password_hash": row["password_hash"]})
        elif table == "setting":
            settings[row["key"]] = row["value"]
        else:
            in_order = in_order and int(row["id"]) > last_id
            last_id = int(row["id"])
    entries: Iterable[dict] = (_audit_row(row) for _table, row in _copy_rows(script, {"audit_log"}))
    if not in_order:
        entries = sorted(entries, key=lambda r: r["id"])
    contents = _summarise(users, entries, *_head(settings), live)
    contents.values_format = values_format
    return contents


def _has_column(script: Path, table: str, column: str) -> bool:
    with open(script, encoding="utf-8") as handle:
        for line in handle:
            match = _COPY.match(line.rstrip("\n"))
            if match and match.group(1) == table:
                return column in [c.strip().strip('"') for c in match.group(2).split(",")]
    return False
