"""The centre's letterhead and the signature block of a printed report.

What a supervisor signs and sends to the ministry: the centre's name in the report's language,
its address and phone, a place for the outgoing number and date, then the director's and the
executor's lines. The details come from the centre settings (services.centre); a detail that is
not set prints as a blank line to fill in by hand, never as somebody else's name.
"""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

from domain.centre import CentreDetails
from i18n import Translator
from reports.pdf_theme import FONT, MUTED, styles

BLANK = "_" * 18


def centre_name(summary, tr: Translator) -> str:
    """The name in the report's language (falling back to another language it is set in)."""
    centre: CentreDetails = getattr(summary, "centre", None) or CentreDetails()
    return centre.name(tr.language) or getattr(summary, "centre_name", "") or ""


def _p(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text), styles()[style])


def letterhead(summary, tr: Translator, width: float) -> list:
    centre: CentreDetails = getattr(summary, "centre", None) or CentreDetails()
    name = centre_name(summary, tr)
    parts = [_p(name or tr._("Centre name not set (Administration → Centre details)"), "h2")]
    contact = [item for item in (centre.address, tr.format("tel. {phone}", phone=centre.phone) if centre.phone
                                 else "") if item]
    if contact:
        parts.append(_p(", ".join(contact), "small"))
    parts.append(_p(tr.format("Outgoing No. {number} of {date}", number=BLANK, date=BLANK), "body"))
    parts.append(Spacer(1, 4 * mm))
    return parts


def signatures(centre: CentreDetails, tr: Translator, width: float) -> list:
    """Director (position, a line to sign on, name), executor (name and phone) and the date line."""
    position = centre.director_position or tr._("Director")
    rows = [[_p(position, "body"), _p(BLANK, "body"), _p(centre.director_name or BLANK, "body")],
            ["", _p(tr._("(signature)"), "small"), ""],
            [_p(tr._("Executor"), "body"), "", _p(centre.executor_name or BLANK, "body")],
            [_p(tr._("Phone"), "small"), "", _p(centre.executor_phone or BLANK, "small")],
            [_p(tr._("Date"), "body"), _p(BLANK, "body"), ""]]
    table = Table(rows, colWidths=[width * 0.42, width * 0.28, width * 0.30])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("TEXTCOLOR", (0, 1), (-1, 1), MUTED), ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("TOPPADDING", (0, 2), (-1, 2), 8),
                               ("TOPPADDING", (0, 4), (-1, 4), 8), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [KeepTogether([Spacer(1, 10 * mm), table])]
