"""The verdict of every row of an analysed register: row, status, columns, messages, colour.

The rows live in the ``ImportReport`` (plain values in memory, not the database), so the
shared column model over them is enough; text is made when a cell is painted.
"""
from __future__ import annotations

from PySide6.QtGui import QColor

from domain.messages import N_
from gui.widgets.column_model import Column, ColumnTableModel
from i18n import Translator
from reports.import_errors import KIND_LABELS, STATUS_LABELS, duplicate_text
from services.import_report import ImportReport, RowVerdict, message_text

COLOURS = {"invalid": QColor("#f8d7da"), "duplicate": QColor("#fff3cd"), "warning": QColor("#fff8e1"),
           "repair": QColor("#e3f2e7")}


def _lines(verdict: RowVerdict, tr: Translator) -> list[tuple[str, str, str]]:
    lines = [(kind, m.column, message_text(m, tr)) for kind, m in verdict.messages()]
    if verdict.status == "duplicate":
        lines.insert(0, ("warning", "", duplicate_text(verdict.duplicate_of, tr)))
    return lines


def _columns_text(verdict: RowVerdict, tr: Translator) -> str:
    return ", ".join(dict.fromkeys(c for _k, c, _t in _lines(verdict, tr) if c))


def _message_text(verdict: RowVerdict, tr: Translator) -> str:
    return " • ".join(t for _k, _c, t in _lines(verdict, tr))


def _message_tooltip(verdict: RowVerdict, tr: Translator) -> str:
    return "\n".join(f"{tr.gettext(KIND_LABELS[k])}: {f'«{c}» ' if c else ''}{t}" for k, c, t in _lines(verdict, tr))


def _background(verdict: RowVerdict) -> QColor | None:
    kinds = {kind for kind, _m in verdict.messages()}
    key = verdict.status if verdict.status != "ok" else next((k for k in ("warning", "repair") if k in kinds), None)
    return COLOURS.get(key) if key else None


VERDICT_COLUMNS = (
    Column("row", N_("Row"), lambda v, tr: str(v.row), numeric=True),
    Column("status", N_("Status"), lambda v, tr: tr.gettext(STATUS_LABELS[v.status])),
    Column("column", N_("Column"), _columns_text),
    Column("message", N_("Message"), _message_text, tooltip=_message_tooltip),
)


class VerdictTableModel(ColumnTableModel):
    def __init__(self, translator: Translator, parent=None) -> None:
        super().__init__(VERDICT_COLUMNS, translator, parent, background=_background)
        self.report: ImportReport | None = None
        self.problems_only = False

    def set_report(self, report: ImportReport | None) -> None:
        self.report = report
        self._apply_filter()

    def set_problems_only(self, value: bool) -> None:
        self.problems_only = value
        self._apply_filter()

    def _apply_filter(self) -> None:
        self.beginResetModel()
        if self.report is None:
            self._rows = []
        elif self.problems_only:  # the rows whose messages were kept (at most MAX_DETAILED_ROWS)
            rows = self.report.rows
            kept = rows.detailed() if hasattr(rows, "detailed") else rows
            self._rows = [r for r in kept if r.status != "ok" or r.warnings or r.repairs]
        else:
            # the report's own sequence, read row by row as the view paints: a million rows are
            # never a million verdict objects here
            self._rows = self.report.rows
        self.endResetModel()

    verdict = ColumnTableModel.row_at

    def user_data(self, row: int, column: Column) -> int:
        return self.row_at(row).row  # the row number in the register
