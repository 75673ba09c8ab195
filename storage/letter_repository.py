"""The centre's own letter texts, one per kind of letter and language (Core: a handful of rows)."""
from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.errors import ConflictError
from storage import tables


class LetterRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self) -> list[dict[str, Any]]:
        t = tables.letter_template
        return [dict(row._mapping) for row in self.session.execute(sa.select(t).order_by(t.c.kind, t.c.language))]

    def get(self, kind: str, language: str) -> dict[str, Any] | None:
        t = tables.letter_template
        row = self.session.execute(sa.select(t).where(t.c.kind == kind, t.c.language == language)).first()
        return dict(row._mapping) if row is not None else None

    def save(self, kind: str, language: str, title: str, body: str, expected_version: int | None,
             actor: str, now: dt.datetime) -> int:
        """Insert or update; ``expected_version`` (None for a template never saved) guards against
        overwriting another administrator's edit. Returns the new version."""
        t = tables.letter_template
        current = self.get(kind, language)
        if current is None:
            if expected_version not in (None, 0):
                raise ConflictError("letter_template", "", "")
            self.session.execute(t.insert().values(kind=kind, language=language, title=title, body=body,
                                                   created_at=now, created_by=actor, updated_at=now,
                                                   updated_by=actor, version=1))
            return 1
        if expected_version is not None and expected_version != current["version"]:
            raise ConflictError("letter_template", current["updated_by"], current["updated_at"].isoformat())
        version = current["version"] + 1
        done = self.session.execute(t.update().where(t.c.id == current["id"], t.c.version == current["version"])
                                    .values(title=title, body=body, updated_at=now, updated_by=actor,
                                            version=version))
        if done.rowcount != 1:
            raise ConflictError("letter_template", current["updated_by"], current["updated_at"].isoformat())
        return version
