"""Charts for the monthly report (reportlab.graphics), drawn in DejaVu so labels show Kazakh text."""
from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from reports.pdf_theme import ACCENT, FONT, FONT_BOLD, MUTED, PRIMARY, register_fonts

SERIES_COLOURS = (colors.HexColor("#9db7d3"), PRIMARY, ACCENT, colors.HexColor("#6a9a5b"))


def _nice_max(value: float) -> int:
    """An axis top a little above the largest value, on a round step."""
    if value <= 0:
        return 5
    step = 10 ** max(0, len(str(int(value))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if value * 1.08 <= step * factor:
            return int(step * factor)
    return int(value * 1.2)


def wrap_label(text: str, width: float, size: float, font: str = FONT) -> str:
    """``text`` broken into lines (at spaces) no wider than ``width``; a label is never cut short."""
    lines: list[str] = []
    for word in text.split():
        if lines and stringWidth(lines[-1] + " " + word, font, size) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def _axis_format(tr):
    return lambda value: tr.format_number(int(value))


def _legend(drawing: Drawing, names: list[str], colours, x: float, y: float, width: float) -> float:
    """A legend in one row (or more rows when the names do not fit in one); returns its height."""
    legend = Legend()
    legend.fontName, legend.fontSize = FONT, 7.5
    legend.alignment = "right"
    legend.dx, legend.dy = 8, 8
    step = max(stringWidth(name, FONT, 7.5) for name in names) + 24 if names else 0
    per_row = max(1, min(len(names), int(width // step) if step else 1))
    rows = -(-len(names) // per_row) if names else 0
    legend.columnMaximum = rows or 1
    legend.deltax, legend.deltay = step, 11
    legend.x, legend.y = x, y
    legend.colorNamePairs = list(zip(colours, names))
    drawing.add(legend)
    return rows * 11


def horizontal_bars(title: str, categories: list[str], series: list[tuple[str, list[int]]], tr,
                    width: float) -> Drawing:
    """Horizontal bars per category (a region, a country), one bar per series (plan, fact…).

    Categories read down the left side in full, wrapped onto lines when long, so a long region or
    country name is never cut; the legend names each series with the same label the table uses.
    """
    register_fonts()
    label_size = 7.5
    label_room = min(max((stringWidth(c, FONT, label_size) for c in categories), default=40), width * 0.32)
    labels = [wrap_label(c, label_room, label_size) for c in categories] or [""]
    lines = max(label.count("\n") + 1 for label in labels)
    bar = 7 if len(series) > 1 else 9
    group = max(len(series) * (bar + 1) + 8, lines * 9 + 6)
    colours = [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(len(series))]
    chart_height = group * len(labels)
    probe = Drawing(width, 0)
    legend_height = _legend(probe, [name for name, _v in series], colours, 0, 0, width)
    height = chart_height + legend_height + 48
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, title, fontName=FONT_BOLD, fontSize=9.5, fillColor=PRIMARY))
    _legend(drawing, [name for name, _v in series], colours, 0, height - 24, width)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_room + 8, 14
    chart.width, chart.height = width - label_room - 40, chart_height
    # reportlab draws the first category, and within it the first series, at the bottom: reverse
    # both so the rows and the bars read top-down in the order of the table and of the legend
    chart.data = [list(reversed(values)) or [0] for _name, values in reversed(series)] or [[0]]
    chart.categoryAxis.categoryNames = list(reversed(labels))
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = label_size
    chart.categoryAxis.labels.leading = 9
    chart.categoryAxis.labels.textAnchor = "end"
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_max(max((max(v) for _n, v in series if v), default=0))
    chart.valueAxis.labelTextFormat = _axis_format(tr)
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e3e8ee")
    chart.groupSpacing, chart.barSpacing = 8, 1
    for index, colour in enumerate(reversed(colours)):
        chart.bars[index].fillColor = colour
    chart.bars.strokeColor = None
    chart.barLabelFormat = _axis_format(tr)
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def empty_note(text: str, width: float) -> Drawing:
    drawing = Drawing(width, 16)
    drawing.add(String(0, 4, text, fontName=FONT, fontSize=8, fillColor=MUTED))
    return drawing
