"""A layout that puts its widgets side by side and wraps them onto the next row when the width
runs out (the idea of Qt's "flow layout" example): a row of filters that would be cut at 1280x800
at 125 % goes on two rows instead, every choice whole.

Each row is widened to the whole width: the room left over is shared among the row's items, so
the filters line up with the table below them instead of huddling on the left.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing

    # --- QLayout's item list ----------------------------------------------------------------
    def addItem(self, item):  # noqa: N802 - Qt API
        self._items.append(item)

    def count(self):
        return len(self._items)

    def itemAt(self, index):  # noqa: N802 - Qt API
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index):  # noqa: N802 - Qt API
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    # --- sizes ------------------------------------------------------------------------------
    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt API
        return Qt.Orientation.Horizontal  # the row takes the width it is given

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """Everything on one row."""
        shown = self._shown()
        margins = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in shown) + self._spacing * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt API
        """The widest single item: narrower than that, one item per row still fits."""
        margins = self.contentsMargins()
        width = max((i.sizeHint().width() for i in self._shown()), default=0)
        return QSize(width + margins.left() + margins.right(), self.heightForWidth(width) if width else 0)

    def setGeometry(self, rect):  # noqa: N802 - Qt API
        QLayout.setGeometry(self, rect)
        self._arrange(rect, apply=True)

    def rows(self, width: int) -> list[list[QLayoutItem]]:
        """The shown items row by row at ``width`` (what a test asks: did the filters wrap?)."""
        margins = self.contentsMargins()
        room = width - margins.left() - margins.right()
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            wanted = item.sizeHint().width()
            if rows[-1] and used + self._spacing + wanted > room:
                rows.append([])
                used = 0
            used += (self._spacing if rows[-1] else 0) + wanted
            rows[-1].append(item)
        return [row for row in rows if row]

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() is not None and i.widget().isHidden())]

    def _arrange(self, rect: QRect, apply: bool) -> int:
        margins = self.contentsMargins()
        left, top = rect.x() + margins.left(), rect.y() + margins.top()
        room = rect.width() - margins.left() - margins.right()
        y = top
        for row in self.rows(rect.width()):
            wanted = [i.sizeHint().width() for i in row]
            height = max(i.sizeHint().height() for i in row)
            spare = max(0, room - sum(wanted) - self._spacing * (len(row) - 1))
            growing = [k for k, i in enumerate(row) if _grows(i)]
            x = left
            for k, (item, width) in enumerate(zip(row, wanted)):
                if k in growing:  # the row's spare room, shared evenly among the items that may grow
                    width += spare // len(growing) + (1 if growing.index(k) < spare % len(growing) else 0)
                if apply:
                    item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
                x += width + self._spacing
            y += height + self._spacing
        return y - self._spacing - top + margins.top() + margins.bottom() if y > top else 0


def _grows(item: QLayoutItem) -> bool:
    widget = item.widget()
    # plain ints: and-ing the two enum types crashes PySide 6.11
    return widget is not None and bool(widget.sizePolicy().horizontalPolicy().value
                                       & QSizePolicy.PolicyFlag.GrowFlag.value)
