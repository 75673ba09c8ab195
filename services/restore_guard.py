"""Who may restore, and which backups a restore refuses: nobody is promoted by a restore.

A backup is a file; anyone who can read it can edit it and recompute its manifest's checksum.
So before anything changes a restore checks, inside the backup:

1. the restoring administrator is an active administrator there too, with the same login and
   password hash (otherwise nobody could be sure who administers the restored data, and a
   backup without an active administrator would leave the database to whoever comes first);
2. the audit chain is intact and its head is there (a missing head is a failure);
3. every account's role, active flag and password fingerprint are what its newest audit
   entries recorded (a role edited in the payload is not in the log);
4. its audit chain agrees with this database's history entry by entry, up to where one ends
   (a chain rewritten to hide an edit differs from the live one), except where the live
   history itself forked at an earlier restore (going back to a backup of the replaced branch).
"""
from __future__ import annotations

from typing import Any

from domain.accounts import password_fingerprint
from domain.errors import RuleViolation
from domain.messages import N_
from domain.permissions import Role
from storage.backup_contents import BackupContents


def _is_active_admin(user: dict[str, Any] | None) -> bool:
    return user is not None and user["role"] == Role.ADMINISTRATOR and bool(user["active"])


def check_chain(contents: BackupContents) -> None:
    if contents.broken is not None:
        raise RuleViolation("backup_audit_broken", N_(
            "The audit log inside this backup is broken at entry {id}: the backup was changed after it was "
            "made. Nothing was restored."), id=contents.broken.entry_id)


def check_backup(contents: BackupContents, restorer: str, restorer_hash: str | None,
                 check_history: bool) -> dict[str, Any]:
    """Raise ``RuleViolation`` naming what is wrong; returns facts for the restore's audit entry."""
    check_chain(contents)
    user = contents.user(restorer)
    if user is None or not _is_active_admin(user) or restorer_hash is None \
            or user["password_hash"] != restorer_hash:
        raise RuleViolation("restorer_not_admin", N_(
            "{login} is not an active administrator with the same password in this backup: after the restore "
            "nobody could be sure who administers the data. Restore a backup in which you are an "
            "administrator. Nothing was restored."), login=restorer)
    for account in contents.users:
        audited = contents.audited.get(str(account["id"]))
        if audited is None or _differs(account, audited):
            raise RuleViolation("backup_account_altered", N_(
                "In this backup the account {login} has a role, state or password that its audit log does not "
                "record: the backup was altered. Nothing was restored."), login=account["login"])
    facts: dict[str, Any] = {"backup_head": {"count": contents.checked, "hash": contents.last_hash}}
    if check_history and contents.diverged_at is not None:
        if contents.live_action_there != "restore":
            raise RuleViolation("backup_history_differs", N_(
                "The audit log inside this backup differs from this database's own from entry number {position} "
                "on: it is not a backup of this database, or it was rewritten. Nothing was restored."),
                position=contents.diverged_at + 1)
        facts["history"] = f"branch replaced by the restore at entry {contents.diverged_at + 1}"
    elif check_history:
        facts["history"] = "continues"
    return facts


def _differs(account: dict[str, Any], audited: dict[str, Any]) -> bool:
    if "role" in audited and audited["role"] != account["role"]:
        return True
    if "role" not in audited:  # an account whose creation is not in the log
        return True
    if "active" in audited and bool(audited["active"]) != bool(account["active"]):
        return True
    # Entries written before fingerprints were recorded carry none: nothing to compare then.
    fingerprint = audited.get("password_fingerprint")
    return fingerprint is not None and fingerprint != password_fingerprint(account["password_hash"])
