"""Scanned files kept with the family, each with its SHA-256 so a damaged copy is noticed."""
from __future__ import annotations

from typing import Any

import hashlib
from pathlib import Path

from domain.errors import ConflictError, NotFound, RuleViolation, ValidationError
from domain.messages import N_
from domain.permissions import Action
from services.changes import Changes
from services.context import ServiceContext
from services.dto import WriteResult
from services.records_dto import AttachmentRow
from services.tasks import require_version

ATTACHMENTS_CHANGED = Changes(documents=True)
DEFAULT_MAX_MB = "25"


class AttachmentService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def for_family(self, family_id: int) -> list[AttachmentRow]:
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            return [_row(r) for r in uow.attachments.for_family(family_id)]

    def add_file(self, family_id: int, path: str | Path, description: str = "",
                 person_id: int | None = None) -> WriteResult:
        """Keep a copy of the file at ``path`` with the family (read here, off the GUI thread)."""
        self.ctx.actor.require(Action.EDIT_CASES)
        path = Path(path)
        if not path.is_file():
            raise ValidationError("file", N_("The file «{name}» cannot be read."), name=path.name)
        content = path.read_bytes()
        return self.add_content(family_id, path.name, content, description, person_id)

    def add_content(self, family_id: int, file_name: str, content: bytes, description: str = "",
                    person_id: int | None = None) -> WriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        if not content:
            raise ValidationError("file", N_("The file «{name}» is empty."), name=file_name)
        with self.ctx.uow() as uow:
            family = uow.families.get(family_id)
            if family is None:
                raise NotFound("family", family_id)
            attachment_id = store_attachment(uow, self.ctx, family_id, file_name, content, description, person_id)
            uow.commit()
            return WriteResult(attachment_id, ATTACHMENTS_CHANGED, (), family.case_number, 1)

    def content(self, attachment_id: int) -> tuple[str, bytes]:
        """(file name, bytes), after checking the bytes still match the stored hash."""
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.uow() as uow:
            row = uow.attachments.get(attachment_id)
            if row is None:
                raise NotFound("attachment", attachment_id)
            content = uow.attachments.content(attachment_id) or b""
            if hashlib.sha256(content).hexdigest() != row["sha256"]:
                raise RuleViolation("damaged_file", N_(
                    "The stored copy of «{name}» is damaged (its SHA-256 does not match)."), name=row["file_name"])
            uow.audit("open", "attachment", attachment_id, None, {"file_name": row["file_name"]})
            uow.commit()
            return row["file_name"], content

    def remove(self, attachment_id: int, expected_version: int | None) -> WriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            row = uow.attachments.get(attachment_id)
            if row is None:
                raise NotFound("attachment", attachment_id)
            require_version(uow, row, expected_version, "attachment")
            if not uow.attachments.delete(attachment_id, row["version"]):
                raise ConflictError("attachment", changed_by=uow.reference.user_name(row["updated_by"]),
                                    changed_at=row["updated_at"])
            uow.audit("delete", "attachment", attachment_id, {"file_name": row["file_name"],
                                                              "sha256": row["sha256"]}, None)
            uow.families.add_event(row["family_id"], "attachment", N_("File removed: {file_name}."),
                                   {"file_name": row["file_name"]}, self.ctx.actor.login, self.ctx.now())
            uow.commit()
            return WriteResult(attachment_id, ATTACHMENTS_CHANGED, (), "", row["version"])


def _row(r: dict[str, Any]) -> AttachmentRow:
    return AttachmentRow(r["id"], r["family_id"], r["person_id"], r["file_name"], r["description"], r["sha256"],
                         r["size"], r["created_at"], r["created_by"], r["version"])


def store_attachment(uow, ctx: ServiceContext, family_id: int, file_name: str, content: bytes,
                     description: str = "", person_id: int | None = None) -> int:
    """Keep ``content`` with the family inside an open unit of work (the caller commits): the size
    limit, the same-file check, the audit entry and the timeline event. Returns the new id."""
    if not content:
        raise ValidationError("file", N_("The file «{name}» is empty."), name=file_name)
    digest = hashlib.sha256(content).hexdigest()
    limit_mb = int(uow.reference.setting("attachment_max_mb", DEFAULT_MAX_MB) or DEFAULT_MAX_MB)
    if len(content) > limit_mb * 1024 * 1024:
        raise ValidationError("file", N_("The file is larger than {limit} MB."), limit=limit_mb)
    same = uow.attachments.find_by_hash(family_id, digest)
    if same is not None:
        raise RuleViolation("same_file", N_("This file is already attached as «{name}»."),
                            name=same["file_name"])
    now, login = ctx.now(), ctx.actor.login
    values = {"family_id": family_id, "person_id": person_id, "file_name": Path(file_name).name[:255],
              "description": description.strip()[:500], "sha256": digest, "size": len(content),
              "content": content, "created_at": now, "created_by": login, "updated_at": now,
              "updated_by": login, "version": 1}
    attachment_id = uow.attachments.insert(values)
    uow.audit("insert", "attachment", attachment_id, None,
              {"file_name": values["file_name"], "sha256": digest, "size": len(content)})
    uow.families.add_event(family_id, "attachment", N_("File attached: {file_name}."),
                           {"file_name": values["file_name"]}, login, now)
    return attachment_id
