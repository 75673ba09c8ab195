"""The family card's short lists (members, documents, events) use the shared column model.

Only for short lists that the card loads whole; the task list of a worker uses the
id-based lazy model in ``gui/tasks``. The colours are the card's traffic lights.
"""
from __future__ import annotations

from PySide6.QtGui import QColor

from gui.widgets.column_model import Column, ColumnTableModel

OVERDUE_COLOUR = QColor("#c62828")
WARNING_COLOUR = QColor("#e65100")
MUTED_COLOUR = QColor("#757575")

RowsModel = ColumnTableModel

__all__ = ["MUTED_COLOUR", "OVERDUE_COLOUR", "WARNING_COLOUR", "Column", "RowsModel"]
