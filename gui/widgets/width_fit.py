"""A table whose columns stay within its visible width: at 1280x800, and at 1366x768 at 125 %,
no column a worker needs hides behind a horizontal scroll bar.

While the columns fit they keep their natural widths (what the screen set, what their contents
want, or what the worker dragged). When they do not, the widest give way first, down to one
common cap, so narrow columns (dates, amounts, numbers) stay whole and long names give up their
extra; none goes under ``FLOOR``. A cut cell or heading ends in "…" and its tooltip holds the
whole text (``ColumnTableModel``'s ToolTipRole). Fitting runs after the rows arrive (after a
screen's own sizing) and when the table is resized or shown; a wider window gives the columns back.
"""
from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import QHeaderView, QProxyStyle, QStyle, QStyleOptionHeader, QTableView

FLOOR = 56  # px: below this a column shows only "…"
PADDING = 12  # px beside a column's contents when its natural width is measured
HEADING_LINES = 2  # a heading may take two lines before it is cut


def _spread(low: Sequence[int], high: Sequence[int], available: int) -> list[int]:
    """``low`` plus as much of each column's way up to ``high`` as fits, one common cap on the
    extra: the columns wanting least more get all of it, the ones wanting most share the rest."""
    extra = [max(0, h - lo) for lo, h in zip(low, high)]
    room = available - sum(low)
    cap_low, cap_high = 0, max(extra, default=0)
    while cap_low < cap_high:  # the largest cap whose total fits
        cap = (cap_low + cap_high + 1) // 2
        if sum(min(e, cap) for e in extra) <= room:
            cap_low = cap
        else:
            cap_high = cap - 1
    return [lo + min(e, cap_low) for lo, e in zip(low, extra)]


def share_width(wanted: Sequence[int], available: int, floor: int = FLOOR,
                content: Sequence[int] | None = None, heading: Sequence[int] | None = None) -> list[int]:
    """Widths for columns that want ``wanted`` within ``available`` pixels.

    All as wanted when they fit. Otherwise the columns are cut back through these levels, each
    kept as far as the width allows (the last that fits is shared out with one common cap):

    1. every column's cells (``content``), a long text only up to a fifth of the width (a table of
       seven columns keeps its number headings whole beside long names);
    2. the heading of every column that has something in it, on two lines (``heading``);
    3. the whole of every long text;
    4. the heading of an empty column: it gives its room to long names first, its heading cut
       ("…", the whole of it in the tooltip);
    5. every heading on one line (``wanted``).

    None goes under ``floor``. Without ``content`` and ``heading`` the widest give way first."""
    if not wanted or sum(wanted) <= available:
        return list(wanted)
    content = list(wanted) if content is None else list(content)
    heading = list(wanted) if heading is None else list(heading)
    long_cap = max(floor, available // 5)
    base = [min(w, floor) for w in wanted]
    short_cells = [max(b, min(w, c, long_cap)) for b, w, c in zip(base, wanted, content)]
    headed = [max(s, min(w, h)) if c > 0 else s for s, w, h, c in zip(short_cells, wanted, heading, content)]
    cells = [max(h, min(w, c)) for h, w, c in zip(headed, wanted, content)]
    readable = [max(c, min(w, h)) for c, w, h in zip(cells, wanted, heading)]
    levels = [base, short_cells, headed, cells, readable, list(wanted)]
    for low, high in zip(levels, levels[1:]):
        if sum(high) > available:
            if sum(low) > available:
                return low  # not even the floor fits: the table scrolls
            return _spread(low, high, available)
    return list(wanted)


def _widths(natural: list[int], available: int, content: list[int], heading: list[int]) -> list[int]:
    """``share_width``, and room to spare goes to columns the screen set narrower than their cells."""
    fitted = share_width(natural, available, content=content, heading=heading)
    grown = [max(f, c) for f, c in zip(fitted, content)]
    if grown == fitted or sum(fitted) >= available:
        return fitted
    return grown if sum(grown) <= available else _spread(fitted, grown, available)


def _two_lines(metrics: QFontMetrics, text: str) -> int:
    """The width ``text`` needs when it may break once between words."""
    words = text.split()
    if len(words) < 2:
        return metrics.horizontalAdvance(text)
    return min(max(metrics.horizontalAdvance(" ".join(words[:cut])), metrics.horizontalAdvance(" ".join(words[cut:])))
               for cut in range(1, len(words))) + 2  # a wrapped word is not a pixel short


def heading_width(header: QHeaderView, column: int, lines: int = 1) -> int:
    """The width the heading of ``column`` needs on at most ``lines`` (1 or 2) lines."""
    model = header.model()
    text = str(model.headerData(column, header.orientation()) or "") if model is not None else ""
    style, metrics = header.style(), header.fontMetrics()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    extra = 2 * margin
    if header.isSortIndicatorShown() and header.sortIndicatorSection() == column:
        extra += style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + margin
    if not text:
        return extra
    return (_two_lines(metrics, text) if lines >= 2 else metrics.horizontalAdvance(text)) + extra


def heading_lines(header: QHeaderView) -> int:
    """How many lines a heading of ``header`` may take now (two once the fitter made room)."""
    two = header.fontMetrics().lineSpacing() * HEADING_LINES
    return HEADING_LINES if isinstance(header.style(), HeadingStyle) and header.height() >= two else 1


class HeadingStyle(QProxyStyle):
    """Draws a heading that is too long for one line on two when it fits there, otherwise on one
    line ending in "…" (the whole of it is in the heading's tooltip). Qt's own header can only
    elide every heading or wrap every heading."""

    def drawControl(self, element, option, painter, widget=None) -> None:  # noqa: N802 - Qt API
        if element == QStyle.ControlElement.CE_HeaderLabel and isinstance(option, QStyleOptionHeader) \
                and option.text and option.icon.isNull():
            metrics, rect, text = option.fontMetrics, option.rect, option.text
            if metrics.horizontalAdvance(text) > rect.width():
                if rect.height() >= 2 * metrics.lineSpacing() and _two_lines(metrics, text) <= rect.width():
                    alignment = int(option.textAlignment) | int(Qt.TextFlag.TextWordWrap)
                    self.drawItemText(painter, rect, alignment, option.palette,
                                      bool(option.state & QStyle.StateFlag.State_Enabled), text,
                                      QPalette.ColorRole.ButtonText)
                    return
                option = QStyleOptionHeader(option)
                option.text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        super().drawControl(element, option, painter, widget)


class ColumnsFitWidth(QObject):
    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self._pending = False
        self._natural: list[int] | None = None  # the widths the screen, the contents or the worker chose
        self._applied: list[int] | None = None  # what this fitter made of them last time
        header = table.horizontalHeader()
        # columns sized to their contents by Qt cannot be narrowed: measure them here instead
        self._to_contents = any(header.sectionResizeMode(c) == QHeaderView.ResizeMode.ResizeToContents
                                for c in range(header.count())) or \
            header.sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents
        if self._to_contents:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # the style elides or wraps each heading on its own ("Capt…", not a caption cut at both ends)
        self._heading_style = HeadingStyle()
        header.setStyle(self._heading_style)
        header.setTextElideMode(Qt.TextElideMode.ElideNone)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.viewport().installEventFilter(self)
        model = table.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.headerDataChanged):
            signal.connect(self._contents_changed)

    def _contents_changed(self, *_args) -> None:
        if self._to_contents:
            self._natural = None  # measure the new rows
        self.schedule()

    def schedule(self, *_args) -> None:
        """Fit once the current event is done (the screen sizes its columns to the rows first)."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.fit)  # not after the table is gone

    def _measured(self, columns: list[int]) -> list[int]:
        header, table = self.table.horizontalHeader(), self.table
        return [max(header.sectionSizeHint(c), table.sizeHintForColumn(c)) + PADDING for c in columns]

    def fit(self) -> None:
        self._pending = False
        if not self.table.isVisible():
            return  # a page not laid out yet has no real width; showing it resizes the viewport
        header = self.table.horizontalHeader()
        columns = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        if not columns:
            return
        last = columns[-1] if header.stretchLastSection() else None
        sized = [c for c in columns if c != last]  # the stretched last column takes what is left
        width = self.table.viewport().width()
        # the stretched last column (often the text of a row: a task, a message) keeps a fair share
        # (never less than the header's default size, below which Qt no longer shrinks it)
        reserve = max(FLOOR, width // len(columns), header.defaultSectionSize()) if last is not None else 0
        if last is not None and self._to_contents:
            reserve = max(FLOOR, min(reserve, self._measured([last])[0]))
        if last is not None:  # and its heading readable (on two lines), up to a third of the table
            reserve = max(reserve, min(heading_width(header, last, HEADING_LINES), width // 3))
        available = width - reserve
        current = [header.sectionSize(c) for c in sized]
        if self._to_contents and self._natural is None:
            self._natural = self._measured(sized)
        elif self._applied is None or current != self._applied:
            self._natural = current  # the screen sized the columns to new rows, or the worker dragged one
        natural = self._natural or current
        # a heading is part of a column's natural width: a screen that set a column to its numbers'
        # width would cut the heading even with room to spare
        natural = [max(n, heading_width(header, c)) for n, c in zip(natural, sized)]
        content = self._content(sized)
        heading = [heading_width(header, c, HEADING_LINES) for c in sized]
        # always from the natural widths, so a window made wider again gives the columns back
        for _attempt in range(4):  # again if Qt kept the stretched last column wider than reserved
            for column, fitted in zip(sized, _widths(natural, available, content, heading)):
                if fitted != header.sectionSize(column):
                    header.resizeSection(column, fitted)
            overflow = header.length() - self.table.viewport().width()
            if overflow <= 0:
                break
            available -= overflow
        self._applied = [header.sectionSize(c) for c in sized]
        self._wrap_headings(columns)

    def _content(self, columns: list[int]) -> list[int]:
        """What the cells of each column need (the rows in sight); nothing for a column without rows."""
        model = self.table.model()
        if model is None or model.rowCount() == 0:
            return [0 for _ in columns]
        rows = range(min(model.rowCount(), 200))  # a small table's rows; a long one's first page

        def empty(column: int) -> bool:
            return all(str(model.index(row, column).data() or "").strip() == "" for row in rows)
        return [0 if empty(c) else max(0, self.table.sizeHintForColumn(c)) + PADDING for c in columns]

    def _wrap_headings(self, columns: list[int]) -> None:
        """Room for two lines of heading when one needs them and fits there."""
        header = self.table.horizontalHeader()
        two = any(heading_width(header, c) > header.sectionSize(c) >= heading_width(header, c, HEADING_LINES)
                  for c in columns)
        one_line = header.fontMetrics().lineSpacing()
        height = header.sizeHint().height() + one_line * (HEADING_LINES - 1) if two else 0
        if header.minimumHeight() != height:
            header.setMinimumHeight(height)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.schedule()
        return False


def width_fitter(table: QTableView) -> ColumnsFitWidth | None:
    """The fitter ``fit_columns_to_width`` gave ``table``, if any."""
    return getattr(table, "_columns_fit_width", None)


def fit_columns_to_width(table: QTableView) -> ColumnsFitWidth:
    """Keep ``table``'s columns within its width from now on; once per table."""
    fitter = width_fitter(table)
    if fitter is None:
        fitter = ColumnsFitWidth(table)
        table._columns_fit_width = fitter  # kept alive with the table
    return fitter
