"""Charts for the monthly report (reportlab.graphics), drawn in DejaVu so labels show Kazakh text."""
from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from reports.pdf_theme import ACCENT, FONT, FONT_BOLD, MUTED, PRIMARY, register_fonts

SERIES_COLOURS = (colors.HexColor("#9db7d3"), PRIMARY, ACCENT)


def _nice_max(value: float) -> int:
    """An axis top a little above the largest value, on a round step."""
    if value <= 0:
        return 5
    step = 10 ** max(0, len(str(int(value))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if value * 1.08 <= step * factor:
            return int(step * factor)
    return int(value * 1.2)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _axis_format(tr):
    return lambda value: tr.format_number(int(value))


def grouped_bars(title: str, categories: list[str], series: list[tuple[str, list[int]]], tr,
                 width: float, height: float = 230) -> Drawing:
    """Vertical grouped bars (e.g. plan vs fact per region) with a legend under the title."""
    register_fonts()
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, title, fontName=FONT_BOLD, fontSize=9.5, fillColor=PRIMARY))
    chart = VerticalBarChart()
    chart.x, chart.y = 42, 70
    chart.width, chart.height = width - 52, height - 115
    chart.data = [values or [0] for _name, values in series] or [[0]]
    chart.categoryAxis.categoryNames = [_shorten(c, 18) for c in categories] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.categoryAxis.labels.dx, chart.categoryAxis.labels.dy = 2, -2
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_max(max((max(v) for _n, v in series if v), default=0))
    chart.valueAxis.labelTextFormat = _axis_format(tr)
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e3e8ee")
    chart.valueAxis.visibleGrid = True
    chart.groupSpacing, chart.barSpacing = 8, 1
    for index in range(len(series)):
        chart.bars[index].fillColor = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        chart.bars[index].strokeColor = None
    chart.barLabelFormat = _axis_format(tr)
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 5.5
    chart.barLabels.nudge = 5
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 42, height - 24
    legend.fontName, legend.fontSize = FONT, 7.5
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 110
    legend.colorNamePairs = [(SERIES_COLOURS[i % len(SERIES_COLOURS)], name) for i, (name, _v) in enumerate(series)]
    drawing.add(legend)
    return drawing


def horizontal_bars(title: str, items: list[tuple[str, int, int]], month_label: str, year_label: str, tr,
                    width: float) -> Drawing:
    """Horizontal bars per category: the month and the year to date side by side."""
    register_fonts()
    rows = max(1, len(items))
    height = 60 + rows * 26
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, title, fontName=FONT_BOLD, fontSize=9.5, fillColor=PRIMARY))
    chart = HorizontalBarChart()
    chart.x, chart.y = 120, 14
    chart.width, chart.height = width - 150, height - 50
    # reportlab draws the first category at the bottom: reverse so the largest is on top
    ordered = list(reversed(items)) or [("", 0, 0)]
    chart.data = [[m for _c, m, _y in ordered], [y for _c, _m, y in ordered]]
    chart.categoryAxis.categoryNames = [_shorten(c, 24) for c, _m, _y in ordered]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_max(max((y for _c, _m, y in ordered), default=0))
    chart.valueAxis.labelTextFormat = _axis_format(tr)
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e3e8ee")
    chart.bars[0].fillColor, chart.bars[1].fillColor = ACCENT, PRIMARY
    chart.bars.strokeColor = None
    chart.barLabelFormat = _axis_format(tr)
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 200, height - 8
    legend.fontName, legend.fontSize = FONT, 7.5
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 100
    legend.colorNamePairs = [(ACCENT, month_label), (PRIMARY, year_label)]
    drawing.add(legend)
    return drawing


def empty_note(text: str, width: float) -> Drawing:
    drawing = Drawing(width, 16)
    drawing.add(String(0, 4, text, fontName=FONT, fontSize=8, fillColor=MUTED))
    return drawing
