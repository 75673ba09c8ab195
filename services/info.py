"""What is in the database: address (password masked), schema revision, counts."""
from __future__ import annotations

from typing import Any

from services.context import ServiceContext
from storage.engine import masked
from storage.schema import database_state


class InfoService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def location(self) -> str:
        """Where the database is (password masked): what the window's status bar shows. Cheap,
        unlike ``summary`` which counts every table (seconds on a million persons)."""
        return masked(self.ctx.uow_factory.engine.url.render_as_string(hide_password=False))

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
