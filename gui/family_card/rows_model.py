"""The colours of the family card's short lists (members, documents, events): its traffic lights.

The lists use the shared ``gui.widgets.column_model.ColumnTableModel``; the task list of a
worker uses the id-based lazy model in ``gui/tasks``.
"""
from __future__ import annotations

from PySide6.QtGui import QColor

OVERDUE_COLOUR = QColor("#c62828")
WARNING_COLOUR = QColor("#e65100")
MUTED_COLOUR = QColor("#757575")
