"""Scanned files kept in the database with their SHA-256; content is read only on demand."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage import tables

t_att = tables.attachment
LIST_COLUMNS = [c for c in t_att.c if c.name != "content"]


class AttachmentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_family(self, family_id: int) -> list[dict]:
        query = sa.select(*LIST_COLUMNS).where(t_att.c.family_id == family_id).order_by(
            t_att.c.created_at.desc(), t_att.c.id.desc())
        return [row._asdict() for row in self.session.execute(query)]

    def get(self, attachment_id: int) -> dict | None:
        row = self.session.execute(sa.select(*LIST_COLUMNS).where(t_att.c.id == attachment_id)).first()
        return row._asdict() if row else None

    def content(self, attachment_id: int) -> bytes | None:
        return self.session.scalar(sa.select(t_att.c.content).where(t_att.c.id == attachment_id))

    def find_by_hash(self, family_id: int, sha256: str) -> dict | None:
        row = self.session.execute(sa.select(*LIST_COLUMNS).where(
            t_att.c.family_id == family_id, t_att.c.sha256 == sha256)).first()
        return row._asdict() if row else None

    def insert(self, values: dict) -> int:
        return self.session.execute(t_att.insert().values(**values)).inserted_primary_key[0]

    def delete(self, attachment_id: int, version: int) -> bool:
        result = self.session.execute(t_att.delete().where(t_att.c.id == attachment_id, t_att.c.version == version))
        return result.rowcount == 1
