"""Grouped bar chart of plan vs fact, drawn with QPainter (PySide6-Essentials has no QtCharts).

Each group (a region, a measure) shows a plan bar and a fact bar; the fact bar turns
red past the plan. Numbers are drawn in the translator's locale format; long category
labels are elided to their column so neighbouring labels never overlap.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from i18n import Translator

PLAN_COLOUR = QColor("#9db4d3")
FACT_COLOUR = QColor("#2e6f40")
OVER_COLOUR = QColor("#b3261e")
AXIS_COLOUR = QColor("#6b6b6b")


@dataclass(frozen=True)
class BarGroup:
    label: str
    planned: int | None
    achieved: int


class PlanFactChart(QWidget):
    def __init__(self, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.i18n = translator
        self.title = ""
        self.groups: list[BarGroup] = []
        self.legend = ("", "")
        self.over_is_alarm = True  # quota: past the plan only by override; employment: past the plan is good
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(640, 280)

    def set_data(self, title: str, groups: list[BarGroup], legend: tuple[str, str], translator: Translator,
                 over_is_alarm: bool = True) -> None:
        self.title, self.groups, self.legend, self.i18n = title, list(groups), legend, translator
        self.over_is_alarm = over_is_alarm
        self.setAccessibleName(title)
        self.setToolTip(title)
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        font = QFont(self.font())
        metrics = QFontMetrics(font)
        line = metrics.height()
        width, height = self.width(), self.height()
        title_font = QFont(font)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(self.palette().text().color())
        # a long Kazakh title at 1366x768 at 125 % ends in "…" (the whole of it in the tooltip), not mid-word
        title = QFontMetrics(title_font).elidedText(self.title, Qt.TextElideMode.ElideRight, max(1, width - 16))
        painter.drawText(QRectF(8, 4, width - 16, line + 4), Qt.AlignmentFlag.AlignLeft, title)
        painter.setFont(font)
        self._draw_legend(painter, metrics, width, line)
        top, bottom = 2 * line + 16, height - 3 * line - 10
        left, right = 8, width - 8
        if not self.groups or bottom - top < 20:
            painter.drawText(QRectF(left, top, right - left, bottom - top), Qt.AlignmentFlag.AlignCenter,
                             self.i18n._("No data for this year"))
            painter.end()
            return
        peak = max([max(g.planned or 0, g.achieved) for g in self.groups] + [1])
        label_font = self._label_font(font, (right - left) / len(self.groups) - 4)
        painter.setPen(QPen(AXIS_COLOUR, 1))
        painter.drawLine(left, bottom, right, bottom)
        slot = (right - left) / len(self.groups)
        bar = max(4.0, min(36.0, slot * 0.32))
        for index, group in enumerate(self.groups):
            centre = left + slot * (index + 0.5)
            self._draw_bar(painter, metrics, centre - bar - 1, bar, group.planned, peak, top, bottom, PLAN_COLOUR)
            over = self.over_is_alarm and group.planned is not None and group.achieved > group.planned
            self._draw_bar(painter, metrics, centre + 1, bar, group.achieved, peak, top, bottom,
                           OVER_COLOUR if over else FACT_COLOUR)
            painter.setFont(label_font)
            self._draw_label(painter, QFontMetrics(label_font), group, centre, slot, bottom, line)
            painter.setFont(font)
        painter.end()

    def _label_font(self, font: QFont, width: float) -> QFont:
        """A font small enough (down to 7 pt) that every word of every label fits its column."""
        smaller = QFont(font)
        words = [word for group in self.groups for word in group.label.split()]
        size = font.pointSizeF()
        while size > 7 and words and max(QFontMetrics(smaller).horizontalAdvance(w) for w in words) > width:
            size -= 0.5
            smaller.setPointSizeF(size)
        return smaller

    def _draw_label(self, painter, metrics, group, centre, slot, bottom, line) -> None:
        """The category on up to two lines (wrapped at spaces, elided past that), the share below."""
        width = int(slot) - 4
        words, lines = group.label.split(), [""]
        for word in words:
            trial = (lines[-1] + " " + word).strip()
            if metrics.horizontalAdvance(trial) <= width or not lines[-1]:
                lines[-1] = trial
            elif len(lines) < 2:
                lines.append(word)
            else:
                lines[-1] += " " + word
        painter.setPen(self.palette().text().color())
        for number, text in enumerate(lines):
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRectF(centre - slot / 2 + 2, bottom + 4 + number * line, width, line),
                             Qt.AlignmentFlag.AlignHCenter, text)
        if group.planned:
            share = self.i18n.format_number(group.achieved * 100 / group.planned, 0) + "\u00a0%"
            painter.setPen(AXIS_COLOUR)
            painter.drawText(QRectF(centre - slot / 2 + 2, bottom + 4 + 2 * line, width, line),
                             Qt.AlignmentFlag.AlignHCenter, share)

    def _draw_bar(self, painter, metrics, x, bar, value, peak, top, bottom, colour) -> None:
        if value is None:
            return
        span = bottom - top - metrics.height() - 2
        length = span * value / peak
        painter.fillRect(QRectF(x, bottom - length, bar, length), colour)
        text = self.i18n.format_number(value)
        painter.setPen(self.palette().text().color())
        text_width = metrics.horizontalAdvance(text)
        painter.drawText(QRectF(x + bar / 2 - text_width / 2 - 2, bottom - length - metrics.height() - 1,
                                text_width + 4, metrics.height()), Qt.AlignmentFlag.AlignCenter, text)

    def _draw_legend(self, painter, metrics, width, line) -> None:
        x = width - 8
        for text, colour in reversed(((self.legend[0], PLAN_COLOUR), (self.legend[1], FACT_COLOUR))):
            text_width = metrics.horizontalAdvance(text)
            x -= text_width
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(x, line + 6, text_width + 2, line), Qt.AlignmentFlag.AlignLeft, text)
            x -= 16
            painter.fillRect(QRectF(x, line + 8, 12, line - 4), colour)
            x -= 14
