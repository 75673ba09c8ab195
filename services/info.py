"""What is in the database: address (password masked), schema revision, counts."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from services.context import ServiceContext
from storage.engine import masked
from storage.schema import database_state


@dataclass(frozen=True)
class DatabasePlace:
    """Where the database is, in the parts a person recognises (never a URL: issue 17 §4).

    ``kind`` is "file" (SQLite on this computer: ``name`` is the file's name) or "server"
    (``host`` and the database ``name``)."""
    kind: str
    name: str
    host: str = ""


class InfoService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def location(self) -> str:
        """Where the database is (password masked): what the window's status bar shows. Cheap,
        unlike ``summary`` which counts every table (seconds on a million persons)."""
        return masked(self.ctx.uow_factory.engine.url.render_as_string(hide_password=False))

    def place(self) -> DatabasePlace:
        """The database named for a person: the file name, or the server and database (no user, no
        password, no driver)."""
        url = self.ctx.uow_factory.engine.url
        if url.get_backend_name() == "sqlite":
            return DatabasePlace("file", PurePath(url.database or ":memory:").name)
        host = url.host or "localhost"
        if url.port:
            host = f"{host}:{url.port}"
        return DatabasePlace("server", url.database or "", host)

    def summary(self) -> dict[str, Any]:
        engine = self.ctx.uow_factory.engine
        state = database_state(engine)
        with self.ctx.reading() as uow:
            table_counts = uow.reference.counts()
            open_duplicates = uow.duplicates.open_count()
        counts = {"families": table_counts.pop("family"), "persons": table_counts.pop("person")}
        counts.update({name: value for name, value in sorted(table_counts.items())})
        counts["open_duplicates"] = open_duplicates
        return {
            "database": masked(engine.url.render_as_string(hide_password=False)),
            "dialect": engine.dialect.name,
            "schema_revision": state.revision,
            "schema_state": state.kind,
            "counts": counts,
        }
