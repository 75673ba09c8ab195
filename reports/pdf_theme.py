"""The look of Qandas PDFs: the shipped DejaVu fonts (Kazakh letters), styles, colours.

reportlab's bundled Vera font has no Cyrillic at all, so every style here uses the
DejaVu family registered from ``reports/fonts`` (regular and bold as one family, so
``<b>`` in a paragraph picks the bold file).
"""
from __future__ import annotations

import functools
from importlib import resources

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import TableStyle

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

PRIMARY = colors.HexColor("#1f4e79")
ACCENT = colors.HexColor("#e0a526")
GRID = colors.HexColor("#b8c4d0")
HEADER_FILL = colors.HexColor("#dde7f1")
TOTAL_FILL = colors.HexColor("#f1f4f7")
MUTED = colors.HexColor("#5b6770")
PAGE_MARGIN = 16 * mm


@functools.lru_cache(maxsize=None)
def register_fonts() -> str:
    """Register DejaVu Sans (regular + bold) once per process; returns the family name."""
    folder = resources.files("reports").joinpath("fonts")
    for name, filename in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
        with resources.as_file(folder.joinpath(filename)) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    return FONT


@functools.lru_cache(maxsize=None)
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor=MUTED),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=17, leading=21,
                                textColor=PRIMARY, spaceAfter=2 * mm),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, leading=13, textColor=MUTED,
                                   spaceAfter=5 * mm),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=12, leading=15, textColor=PRIMARY,
                             spaceBefore=5 * mm, spaceAfter=2 * mm, keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=9.5, leading=12,
                             spaceBefore=3 * mm, spaceAfter=1.5 * mm, keepWithNext=1),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=8, leading=10, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontName=FONT_BOLD, fontSize=7, leading=9),
        "head_right": ParagraphStyle("head_right", parent=base, fontName=FONT_BOLD, fontSize=7, leading=9,
                                     alignment=TA_RIGHT),
    }


def table_style(numeric_from: int = 1, total_row: bool = False) -> TableStyle:
    """Grid table: a shaded header row, numbers right-aligned, an optional shaded total row."""
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, PRIMARY),
        ("INNERGRID", (0, 1), (-1, -1), 0.25, GRID),
        ("BOX", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if total_row:
        commands += [("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL), ("FONTNAME", (0, -1), (-1, -1), FONT_BOLD),
                     ("LINEABOVE", (0, -1), (-1, -1), 0.8, PRIMARY)]
    return TableStyle(commands)
