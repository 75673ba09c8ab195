"""The registry table: ordered family ids from SQL, rows fetched a page at a time.

Like Anki's browser ``DataModel``: the model holds only the ids a search returned and
fetches ``CaseRow`` values for the visible part in pages of ``PAGE_SIZE``; sorting is
a new search in SQL, never a proxy over everything.
"""
from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QColor

from domain.messages import N_
from domain.stages import Stage
from gui.widgets.column_model import Column, PagedColumnTableModel
from i18n import Translator
from services.dto import CaseRow

PAGE_SIZE = 200

COLUMNS = ("case_number", "name", "iin", "members", "stage", "status_valid_until", "next_due", "overdue", "region",
           "country", "arrival_date", "responsible")
SORT_FOR_COLUMN = {"case_number": "case_number", "name": "name", "stage": "stage", "region": "region",
                   "country": "country", "arrival_date": "arrival_date", "status_valid_until": "status_valid_until",
                   "next_due": "next_due"}
# What stays on a narrow screen: 1 always, then 2, then 3 as the width allows (gui.registry.column_fit).
PRIORITY = {"case_number": 1, "name": 1, "next_due": 1, "overdue": 1, "stage": 2, "status_valid_until": 2,
            "responsible": 2, "iin": 3, "members": 3, "region": 3, "country": 3, "arrival_date": 3}
OVERDUE_COLOUR = QColor(180, 30, 30)


class CaseTableModel(PagedColumnTableModel):
    page_size = PAGE_SIZE
    id_attribute = "family_id"

    def __init__(self, fetch_rows: Callable[[Sequence[int]], list[CaseRow]], translator: Translator,
                 region_names: dict[str, str] | None = None, country_names: dict[str, str] | None = None,
                 parent=None, *, jobs) -> None:
        super().__init__(self._declare_columns(), fetch_rows, translator, parent, jobs=jobs,
                         colour=lambda r: OVERDUE_COLOUR if r.overdue else None,
                         colour_columns=("next_due", "overdue"))
        self.region_names = region_names or {}
        self.country_names = country_names or {}
        self.worker_names: dict[int, str] = {}

    def _declare_columns(self) -> list[Column]:
        """Region, country and worker names come from the model (they follow the language)."""
        columns = [
            Column("case_number", N_("Case"), lambda r, tr: r.case_number),
            Column("name", N_("Head of family"), lambda r, tr: r.head_name),
            Column("iin", N_("IIN"), lambda r, tr: r.head_iin or ""),
            Column("members", N_("Members"), lambda r, tr: str(r.members)),
            Column("stage", N_("Stage"), lambda r, tr: tr.gettext(Stage.LABELS.get(r.stage, r.stage))),
            Column("status_valid_until", N_("Status valid until"), lambda r, tr: tr.format_date(r.status_valid_until)),
            Column("next_due", N_("Next due"), lambda r, tr: tr.format_date(r.next_due_date)),
            Column("overdue", N_("Overdue"), lambda r, tr: tr._("Overdue") if r.overdue else ""),
            Column("region", N_("Region"),
                   lambda r, tr: self.region_names.get(r.region_code or "", r.region_code or "")),
            Column("country", N_("Country of origin"),
                   lambda r, tr: self.country_names.get(r.origin_country_code or "", r.origin_country_code or "")),
            Column("arrival_date", N_("Arrived"), lambda r, tr: tr.format_date(r.arrival_date)),
            Column("responsible", N_("Responsible worker"),
                   lambda r, tr: self.worker_names.get(r.responsible_user_id, "") if r.responsible_user_id else ""),
        ]
        assert tuple(column.key for column in columns) == COLUMNS
        return columns

    def extend_ids(self, ids: Sequence[int]) -> None:
        """The full result after its first page: append the rest without resetting the view
        (the selection and the scroll position stay); anything else is a new result."""
        ids = list(ids)
        shown = len(self._ids)
        if shown and len(ids) >= shown and ids[:shown] == self._ids:
            if len(ids) > shown:
                self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
                self._ids = ids
                self.endInsertRows()
            return
        self.set_ids(ids)

    def family_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, family_id: int) -> int | None:
        try:
            return self._ids.index(family_id)
        except ValueError:
            return None

    def retranslate(self, translator: Translator, region_names: dict[str, str] | None = None,
                    country_names: dict[str, str] | None = None, worker_names: dict[int, str] | None = None) -> None:
        """A new language, and the region/country/worker names that go with it; rows are fetched anew."""
        if region_names is not None:
            self.region_names = region_names
        if country_names is not None:
            self.country_names = country_names
        if worker_names is not None:
            self.worker_names = worker_names
        self._cache.clear()
        super().retranslate(translator)
