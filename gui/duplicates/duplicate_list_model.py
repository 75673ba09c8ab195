"""The open duplicate pairs (a short list: the shared column model is right here)."""
from __future__ import annotations

from domain.duplicates import DuplicateReason
from domain.messages import N_
from gui.widgets.column_model import Column, ColumnTableModel
from i18n import Translator


def _person(side: str):
    """A person of the pair with the birth date, which tells namesakes apart."""
    def text(row, tr: Translator) -> str:
        birth = getattr(row, f"birth_date_{side}")
        name = getattr(row, f"name_{side}")
        return f"{name} ({tr.format_date(birth)})" if birth else name
    return text


PAIR_COLUMNS = (
    Column("name_a", N_("Person"), _person("a")),
    Column("case_a", N_("Case"), lambda r, tr: r.case_a),
    Column("name_b", N_("Possible duplicate"), _person("b")),
    Column("case_b", N_("Case"), lambda r, tr: r.case_b),
    Column("reason", N_("Why"), lambda r, tr: tr.gettext(DuplicateReason.LABELS.get(r.reason, r.reason))),
    Column("detected_at", N_("Found"), lambda r, tr: tr.format_date(r.detected_at.date())),
)


class DuplicateListModel(ColumnTableModel):
    def __init__(self, translator: Translator, parent=None) -> None:
        super().__init__(PAIR_COLUMNS, translator, parent)

    def pair_id(self, row: int) -> int | None:
        pair = self.row_at(row)
        return pair.id if pair is not None else None

    def row_of(self, pair_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == pair_id), None)
