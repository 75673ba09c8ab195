"""The audit chain's anchor outside the database: a small file per database in the data folder.

The chain inside the database is unkeyed SHA-256, so whoever can write to the database can cut
its tail (and the head settings with it), empty it, or rewrite it consistently. The anchor — the
number of entries and the newest hash — is also written to a file that the database's users
cannot reach (the data folder of this computer's account, owner-only), into every backup's
manifest and into the monthly report's footer; ``audit verify`` compares the chain with it.

One file per database: ``<data folder>/audit-anchors/<key>.json`` (two slots, see
``write_anchor``), the key a hash of the SQLite file's absolute path or of the server URL
without its password (several databases on one computer never share an anchor, and a password
change does not orphan it; another spelling of the same server, ``localhost`` for ``127.0.0.1``,
starts an anchor of its own).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

FOLDER = "audit-anchors"


@dataclass(frozen=True)
class Anchor:
    count: int
    head_hash: str
    written_at: str = ""
    database: str = ""  # the database it belongs to, without a password (for people reading the file)


class AnchorDamaged(Exception):
    """The anchor file exists but cannot be read: treated as a failed check, never as "no anchor"."""


def data_folder() -> Path:
    """The user's data folder (the same rule as ``services.database.default_data_dir``, which
    storage cannot import): ``QANDAS_DATA_DIR`` or the platform's per-user data folder."""
    override = os.environ.get("QANDAS_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs
    return Path(platformdirs.user_data_dir("Qandas", appauthor=False))


def database_identity(url: str) -> str:
    """What names one database: the resolved SQLite path, or the server URL without password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:") or database.startswith("file::memory:"):
            return ""
        return "sqlite:" + str(Path(database).resolve())
    return parsed.set(drivername=parsed.get_backend_name(), password=None).render_as_string(hide_password=True)


def anchor_path(url: str, folder: Path | None = None) -> Path | None:
    """The anchor file of the database at ``url``; None for an in-memory database."""
    identity = database_identity(url)
    if not identity:
        return None
    key = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:24]
    return (folder or data_folder()) / FOLDER / f"{key}.json"


SLOT = 1024  # bytes per slot; the file holds two


def _checksum(fields: dict) -> str:
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def _slots(raw: bytes) -> list[tuple[int, Anchor]]:
    """The valid slots of an anchor file as (sequence, anchor); a torn or foreign slot is skipped."""
    found = []
    for index in range(2):
        chunk = raw[index * SLOT:(index + 1) * SLOT].strip()
        if not chunk:
            continue
        try:
            data = json.loads(chunk.decode("utf-8"))
            checksum = data.pop("sum")
            if checksum != _checksum(data):
                continue
            anchor = Anchor(int(data["count"]), str(data["head_hash"]), str(data.get("written_at", "")),
                            str(data.get("database", "")))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
        if anchor.count >= 0 and len(anchor.head_hash) == 64:
            found.append((int(data.get("seq", 0)), anchor))
    return found


def read_anchor(path: Path) -> Anchor | None:
    """The anchor in ``path``; None when there is no file; ``AnchorDamaged`` when no slot is readable."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise AnchorDamaged(str(path)) from error
    slots = _slots(raw)
    if not slots:
        raise AnchorDamaged(str(path))
    return max(slots, key=lambda item: item[0])[1]


def write_anchor(path: Path, anchor: Anchor) -> Anchor | None:
    """Write the anchor into the older of the file's two slots, in place; returns the anchor it
    supersedes (None when there was none readable).

    Two slots instead of "temporary file + rename": a rename costs milliseconds (the file system
    flushes the new file), which every committing unit of work would pay; an in-place write of one
    slot costs microseconds, and a write torn by a crash spoils only that slot — the other still
    holds the previous anchor (each slot carries a checksum and a sequence number). The file is
    created readable and writable by the owner only.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    try:
        slots, previous = {}, None
        raw = os.pread(handle, 2 * SLOT, 0) if hasattr(os, "pread") else os.read(handle, 2 * SLOT)
        for index in range(2):
            valid = _slots(raw[index * SLOT:(index + 1) * SLOT].ljust(SLOT))
            slots[index] = valid[0][0] if valid else -1
            if valid and (previous is None or valid[0][0] > previous[0]):
                previous = valid[0]
        target = min(slots, key=lambda index: slots[index])
        fields = {**asdict(anchor), "database": anchor.database[:400], "seq": max(slots.values()) + 1}
        fields["sum"] = _checksum(fields)
        record = (json.dumps(fields, ensure_ascii=False).encode("utf-8") + b"\n").ljust(SLOT)
        if len(record) > SLOT:
            raise ValueError("anchor record too long")
        os.lseek(handle, target * SLOT, os.SEEK_SET)
        os.write(handle, record)
    finally:
        os.close(handle)
    return previous[1] if previous else None


class AnchorKeeper:
    """Moves one database's anchor as units of work commit (see ``SqlAlchemyUnitOfWork.commit``).

    The file is written while the transaction still holds the chain's lock (so two processes on
    this computer write their anchors in commit order) and put back if the commit then fails.
    """

    def __init__(self, url: str, folder: Path | None = None) -> None:
        self.path = anchor_path(url, folder)
        self.database = database_identity(url)

    def move(self, count: int, head_hash: str, now: dt.datetime) -> Anchor | None:
        """Write the new head; returns the anchor it replaced (to put back on a failed commit)."""
        if self.path is None:
            return None
        return write_anchor(self.path, Anchor(count, head_hash, now.isoformat(), self.database))

    def put_back(self, previous: Anchor | None) -> None:
        if previous is None:
            self.forget()
        elif self.path is not None:
            write_anchor(self.path, previous)

    def forget(self) -> None:
        """Drop the anchor: the database it described is gone (the next commit starts it again)."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)


def compare(anchor: Anchor, count: int, hash_at_anchor: str | None, strict: bool) -> str | None:
    """How the chain (``count`` entries; ``hash_at_anchor`` = hash of entry number ``anchor.count``)
    stands to the anchor; None when it agrees.

    * ``anchor_truncated``: fewer entries than the anchor counted (a cut tail, an emptied log);
    * ``anchor_rewritten``: the entry the anchor points at has another hash (a rewritten chain);
    * ``anchor_not_moved``: more entries than the anchor, on a database only this computer writes
      (SQLite): entries appended without the program — with a valid hash or not.

    On a server database other computers append too, so entries after this computer's anchor are
    expected there; what the anchor proves is that the history it saw is still there unchanged.
    """
    if count < anchor.count:
        return "anchor_truncated"
    if anchor.count and hash_at_anchor != anchor.head_hash:
        return "anchor_rewritten"
    if strict and count > anchor.count:
        return "anchor_not_moved"
    return None
