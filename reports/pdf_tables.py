"""Grid tables for the PDF that always fit the frame.

Every cell is a Paragraph, so a long name wraps inside its column instead of pushing the
table past the right margin. Column widths start from the caller's shares and grow to the
longest word of a text column and the whole text of a number column (a number never wraps);
when those minima do not fit the frame (or leave the name columns less than TEXT_SHARE of it)
the font shrinks a step, and if even the smallest size
does not fit, the columns share the frame in proportion to their needs and long words are split.
The sum of the widths is therefore never more than the frame width (tests/reports/test_pdf_layout.py).
"""
from __future__ import annotations

import functools

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table
from xml.sax.saxutils import escape

from reports.pdf_theme import FONT, FONT_BOLD, register_fonts, table_style

SIZES = (8.0, 7.5, 7.0, 6.5, 6.0)  # cell font sizes tried in turn; the header is one point smaller
PADDING = 13  # left and right cell padding (6 + 6) and a point of air
TEXT_SHARE = 0.22  # what the name columns keep at least, before the font steps down for wide numbers


@functools.lru_cache(maxsize=None)
def _style(size: float, bold: bool, right: bool) -> ParagraphStyle:
    register_fonts()
    return ParagraphStyle(f"cell-{size}-{bold}-{right}", fontName=FONT_BOLD if bold else FONT, fontSize=size,
                          leading=size + 2, alignment=TA_RIGHT if right else TA_LEFT, splitLongWords=1)


def _need(text: str, font: str, size: float, whole: bool) -> float:
    if whole:
        return stringWidth(text, font, size)
    return max((stringWidth(word, font, size) for word in text.split()), default=0.0)


def _minima(head: list[str], rows: list[list[str]], numeric_from: int, total: bool, size: float) -> list[float]:
    result = []
    for index, title in enumerate(head):
        need = _need(title, FONT_BOLD, size - 1, False)
        for number, row in enumerate(rows):
            bold = total and number == len(rows) - 1
            need = max(need, _need(row[index], FONT_BOLD if bold else FONT, size, index >= numeric_from))
        result.append(need + PADDING)
    return result


def fit_widths(minima: list[float], shares: list[float], width: float) -> list[float]:
    """Widths that follow ``shares`` where they can, never below ``minima`` when those fit, and that
    never add up to more than ``width``."""
    need = sum(minima)
    if need >= width:
        return [width * m / need for m in minima]
    widths = [width * s / sum(shares) for s in shares]
    fixed: set[int] = set()
    for _round in range(len(widths)):
        short = [i for i, w in enumerate(widths) if w < minima[i] - 0.01]
        if not short:
            break
        fixed.update(short)
        for i in short:
            widths[i] = minima[i]
        flexible = [i for i in range(len(widths)) if i not in fixed]
        room = width - sum(widths[i] for i in fixed)
        share = sum(shares[i] for i in flexible)
        for i in flexible:
            widths[i] = room * shares[i] / share if share else 0
    return widths


def grid_table(head: list[str], rows: list[list], shares: list[float], width: float, numeric_from: int = 1,
               total: bool = False) -> Table:
    """A table of ``head`` and ``rows`` (text cells; columns from ``numeric_from`` on are right-aligned
    numbers), the last row bold when ``total``, exactly as wide as the frame allows."""
    texts = [["" if cell is None else str(cell) for cell in row] for row in rows]
    size, minima = SIZES[-1], []
    for size in SIZES:
        minima = _minima(head, texts, numeric_from, total, size)
        # fits, and the numbers leave the name columns room to read (not one word a line)
        if sum(minima) <= width and (numeric_from == 0 or width - sum(minima[numeric_from:]) >= TEXT_SHARE * width):
            break
    widths = fit_widths(minima, shares, width)
    header = [Paragraph(escape(title), _style(size - 1, True, i >= numeric_from)) for i, title in enumerate(head)]
    body = [[Paragraph(escape(cell), _style(size, total and number == len(texts) - 1, i >= numeric_from))
             for i, cell in enumerate(row)] for number, row in enumerate(texts)]
    table = Table([header] + body, colWidths=widths, repeatRows=1)
    table.setStyle(table_style(numeric_from, total))
    return table
