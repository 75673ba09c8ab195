"""The audit log: who did what and when, filtered and sorted in SQL; chain verification."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Sequence

from domain.errors import RuleViolation
from domain.messages import N_
from domain.names import search_key
from domain.permissions import Action
from services.context import ServiceContext
from services.dto_admin import AuditFilter, AuditRow, AuditVerification
from services.progress import Progress
from storage.audit import verify_chain
from storage.audit_anchor import Anchor, AnchorDamaged, compare, read_anchor
from storage.backup import SUFFIX as BACKUP_SUFFIX
from storage.backup import read_manifest

BREAK_MESSAGES = {
    "edited": N_("Audit entry {id} was changed after it was written."),
    "unlinked": N_("The audit entry before entry {id} was deleted or changed."),
    "missing_tail": N_("The newest audit entries were deleted (from entry {id} on)."),
    "head_mismatch": N_("Audit entry {id} is not the newest entry that was written."),
    "missing_head": N_("The record of the newest audit entry (its number and hash) was deleted from the "
                       "database."),
    "anchor_truncated": N_("Entries in the audit log: {count}; counted by the anchor outside the database: "
                           "{anchor_count}. Newer entries were deleted."),
    "anchor_rewritten": N_("Audit entry number {anchor_count} differs from the one the anchor outside the "
                           "database recorded: the log was rewritten."),
    "anchor_not_moved": N_("Entries in the audit log: {count}; counted by the anchor outside the database: "
                           "{anchor_count}. Entries were added without the program."),
    "anchor_damaged": N_("The anchor file {path} cannot be read."),
}


def _filters(flt: AuditFilter | None, uow: Any) -> dict[str, Any]:
    flt = flt or AuditFilter()
    extra: dict[str, Any] = {}
    if flt.case_number and flt.case_number.strip():
        # an unknown case number matches nothing rather than everything
        extra["family_id"] = uow.audit_log.family_by_case_number(flt.case_number) or -1
    if flt.person and flt.person.strip():
        text = flt.person.strip()
        iin = text if text.isdigit() else None
        keys = [] if iin else [key for key in (search_key(word) for word in text.split()) if key]
        extra["person_ids"] = uow.audit_log.matching_persons(iin, keys)
    return extra | {"actor": flt.actor or None, "entity": flt.entity or None,
            "entity_id": (str(flt.entity_id).strip() or None) if flt.entity_id is not None else None,
            "since": dt.datetime.combine(flt.since, dt.time()) if flt.since else None,
            "until": dt.datetime.combine(flt.until + dt.timedelta(days=1), dt.time()) if flt.until else None,
            "action": flt.action or None}


class AuditService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def search(self, flt: AuditFilter | None = None, sort: str = "id", descending: bool = True,
               limit: int | None = None) -> list[int]:
        self.ctx.actor.require(Action.VIEW_AUDIT)
        with self.ctx.reading() as uow:
            return uow.audit_log.search_ids(sort, descending, limit, **_filters(flt, uow))

    def count(self, flt: AuditFilter | None = None) -> int:
        self.ctx.actor.require(Action.VIEW_AUDIT)
        with self.ctx.reading() as uow:
            return uow.audit_log.count(**_filters(flt, uow))

    def rows(self, ids: Sequence[int]) -> list[AuditRow]:
        self.ctx.actor.require(Action.VIEW_AUDIT)
        with self.ctx.reading() as uow:
            return [AuditRow(r["id"], r["occurred_at"], r["actor_login"], r["action"], r["entity"],
                             r["entity_id"], r["before"], r["after"]) for r in uow.audit_log.rows(list(ids))]

    def list(self, flt: AuditFilter | None = None, limit: int | None = None) -> list[AuditRow]:
        return self.rows(self.search(flt, limit=limit))

    def actors(self) -> list[str]:
        self.ctx.actor.require(Action.VIEW_AUDIT)
        with self.ctx.reading() as uow:
            return uow.audit_log.distinct("actor_login")

    def entities(self) -> list[str]:
        self.ctx.actor.require(Action.VIEW_AUDIT)
        with self.ctx.reading() as uow:
            return uow.audit_log.distinct("entity")

    def record(self, action: str, entity: str, entity_id=None, details: dict[str, Any] | None = None) -> None:
        """An entry written by hand (a note for the record, a script's own step): administrators only.

        Services record what a user does (exports, printed reports, viewed files) with ``uow.audit``
        inside their own transaction and their own permission check; an open ``record`` would let
        any role write entries that look like someone else's actions.
        """
        self.ctx.actor.require(Action.RECORD_AUDIT)
        with self.ctx.uow() as uow:
            uow.audit(action, entity, entity_id, None, details or {})
            uow.commit()

    def verify(self, progress: Progress | None = None, against: str | Path | None = None) -> AuditVerification:
        """Recompute every hash and link, then compare with the anchor kept outside the database.

        Checked in this order: the chain, the head the database keeps beside it (a missing head
        with entries present is a failure), this computer's anchor file for the database — or,
        with ``against``, another anchor: a backup file's manifest or a copied anchor file (an
        older anchor: the entry it counted must still carry its hash). Another process committing
        meanwhile moves the anchor: a disagreement is re-checked (twice) when it changed meanwhile.
        """
        self.ctx.actor.require(Action.VIEW_AUDIT)
        keeper = self.ctx.uow_factory.anchor
        anchor_file = Path(against) if against is not None else (keeper.path if keeper is not None else None)
        result = None
        for _attempt in range(3):
            anchor = self._anchor(anchor_file, against is not None)
            result = self._verify_once(anchor_file, anchor, progress, strict=against is None)
            if result.ok or not result.reason.startswith("anchor_") or \
                    self._anchor(anchor_file, against is not None) == anchor:
                return result
        return result

    @staticmethod
    def _anchor(anchor_file, explicit: bool = False):
        """The anchor to compare with; None when this computer has none yet; "damaged"."""
        if anchor_file is None:
            return None
        if explicit and anchor_file.suffix == BACKUP_SUFFIX:
            manifest = read_manifest(anchor_file)  # refuses a file that is not a backup
            if manifest.audit_head is None:
                raise RuleViolation("no_anchor_in_backup", N_(
                    "This backup was made before backups carried the audit anchor: {path}"), path=str(anchor_file))
            return Anchor(manifest.audit_count or 0, manifest.audit_head, manifest.created_at)
        if explicit and not anchor_file.is_file():
            raise RuleViolation("no_anchor_file", N_("The file does not exist: {path}"), path=str(anchor_file))
        try:
            return read_anchor(anchor_file)
        except AnchorDamaged:
            return "damaged"

    def _verify_once(self, anchor_file, anchor, progress: Progress | None, strict: bool = True) -> AuditVerification:
        damaged = anchor == "damaged"
        anchor = None if damaged else anchor
        seen = {"last": "", "at_anchor": None}
        with self.ctx.reading() as uow:
            total = uow.audit_log.total()
            head_hash, head_count = uow.audit_log.head()

            def entries():
                for done, row in enumerate(uow.audit_log.chain(), start=1):
                    if progress is not None and done % 2000 == 0:
                        progress.step(done, total, N_("Checking the audit log…"))
                    if anchor is not None and done == anchor.count:
                        # an anchor written before revision 0014 names the entry's old hash
                        legacy = row.get("legacy_hash")
                        seen["at_anchor"] = legacy if legacy and legacy == anchor.head_hash else row["hash"]
                    seen["last"] = row["hash"]
                    yield row

            checked, broken = verify_chain(entries(), head_hash, head_count)
        facts = {"head_count": checked, "head_hash": seen["last"],
                 "anchor_path": str(anchor_file) if anchor_file is not None else "",
                 "anchor_count": anchor.count if anchor else None, "anchor_hash": anchor.head_hash if anchor else ""}
        if broken is not None:
            return AuditVerification(False, checked, broken.entry_id, broken.reason, BREAK_MESSAGES[broken.reason],
                                     {"id": broken.entry_id}, anchor_state="not_checked", **facts)
        if damaged:
            return AuditVerification(False, checked, None, "anchor_damaged", BREAK_MESSAGES["anchor_damaged"],
                                     {"path": str(anchor_file)}, anchor_state="damaged", **facts)
        if anchor is None:
            return AuditVerification(True, checked, anchor_state="absent", **facts)
        strict = strict and self.ctx.uow_factory.engine.dialect.name == "sqlite"
        reason = compare(anchor, checked, seen["at_anchor"], strict)
        if reason is not None:
            return AuditVerification(False, checked, None, reason, BREAK_MESSAGES[reason],
                                     {"count": checked, "anchor_count": anchor.count, "path": str(anchor_file)},
                                     anchor_state="differs", **facts)
        state = "matches" if checked == anchor.count else "behind"
        return AuditVerification(True, checked, anchor_state=state, **facts)

    def head(self) -> tuple[int, str]:
        """(entries, newest hash) as the database keeps them: what a report prints as its anchor."""
        with self.ctx.uow() as uow:
            head_hash, head_count = uow.audit_log.head()
        return head_count or 0, head_hash or ""
