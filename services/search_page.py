"""The first page of a search with how each family matched (``domain.search.MatchKind``)."""
from __future__ import annotations

from dataclasses import dataclass

from services.dto import CaseRow


@dataclass(frozen=True)
class SearchPage:
    rows: tuple[CaseRow, ...]
    kinds: tuple[int, ...]  # one ``MatchKind`` per row

    @property
    def family_ids(self) -> tuple[int, ...]:
        return tuple(row.family_id for row in self.rows)

    def kind_of(self) -> dict[int, int]:
        return dict(zip(self.family_ids, self.kinds))
