"""Export the registry as it is on screen (filter, sort, shown columns) or the selected rows, to .xlsx.

Runs as a read job off the GUI thread with the job runner's delayed progress dialog and its
Cancel; rows are fetched a page at a time and rendered with the same column declarations the
table paints with, so the file says what the screen says, in the same language.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from domain.messages import N_
from domain.permissions import Action

PAGE = 500
DATE_COLUMNS = {"arrival_date": "arrival_date", "status_valid_until": "status_valid_until",
                "next_due": "next_due_date"}


def export_job(services, model, columns: Sequence[str], widths: Sequence[int], flt, sort: str, descending: bool,
               path: str | Path, selected_ids: Sequence[int] | None = None):
    """The job function: ids (the selection, else the current search), then pages of rows into the file."""
    cases = services.cases
    by_key = {column.key: column for column in model.columns}
    chosen = [by_key[key] for key in columns]
    translator = model.translator

    def cell(row, column):
        if column.key in DATE_COLUMNS:  # a date stays a date in the file
            return getattr(row, DATE_COLUMNS[column.key])
        return column.text(row, translator)

    def rows(ids):
        for start in range(0, len(ids), PAGE):
            for row in cases.rows(ids[start:start + PAGE]):
                yield [cell(row, column) for column in chosen]

    def work(progress):
        services.actor.require(Action.EXPORT)  # before a file is written, not only at its audit entry
        ids = list(selected_ids) if selected_ids is not None else cases.export_ids(flt, sort, descending)
        progress.step(0, len(ids), N_("Writing rows"))
        from reports.registry_export import render_registry_xlsx  # openpyxl: only when exporting
        count = render_registry_xlsx(translator._("Registry"), [translator.gettext(c.title) for c in chosen],
                                     rows(ids), path, progress, len(ids), widths)
        cases.record_export(Path(path).name, count, list(columns), selected_ids is not None)
        return count

    return work
