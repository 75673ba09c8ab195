"""Past import batches (a short list: the shared column model); undone batches are grey."""
from __future__ import annotations

from PySide6.QtGui import QColor

from domain.messages import N_
from gui.widgets.column_model import Column, ColumnTableModel
from i18n import Translator
from services.import_report import ImportBatchRow

UNDONE_COLOUR = QColor("#777777")


def _state_text(batch: ImportBatchRow, tr: Translator) -> str:
    if batch.undone_at is None:
        return tr._("Imported")
    return tr.format("Undone {when} by {who}", when=tr.format_datetime(batch.undone_at), who=batch.undone_by)


BATCH_COLUMNS = (
    Column("id", N_("No."), lambda b, tr: str(b.id)),
    Column("imported_at", N_("Imported"), lambda b, tr: tr.format_datetime(b.imported_at)),
    Column("imported_by", N_("By"), lambda b, tr: b.imported_by),
    Column("file", N_("File"), lambda b, tr: b.file_name),
    Column("sheet", N_("Sheet"), lambda b, tr: b.sheet),
    Column("rows", N_("Persons"), lambda b, tr: tr.format_number(b.rows_imported)),
    Column("families", N_("New families"), lambda b, tr: tr.format_number(b.families)),
    Column("state", N_("State"), _state_text),
)


class BatchTableModel(ColumnTableModel):
    def __init__(self, translator: Translator, parent=None) -> None:
        super().__init__(BATCH_COLUMNS, translator, parent,
                         colour=lambda batch: UNDONE_COLOUR if batch.undone_at is not None else None)

    set_batches = ColumnTableModel.set_rows
    batch = ColumnTableModel.row_at
