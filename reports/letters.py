"""A letter for a family as a PDF: the centre's letterhead, the title, the text, the signatures.

The text comes filled in from services.letters (the administrator's template or the shipped
one); this module only lays it out. Paragraphs are separated by blank lines in the template.
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from i18n import Translator
from reports.atomic import atomic_path
from reports.pdf_centre import letterhead, signatures
from reports.pdf_theme import styles


def write_letter_pdf(letter, path: str | Path) -> Path:
    """Write ``letter`` (services.letters.Letter) to ``path`` atomically; returns the path."""
    tr = Translator(letter.language)
    path = Path(path)
    margin = 20 * mm
    width = A4[0] - 2 * margin
    s = styles()
    story = letterhead(letter, tr, width)
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph(escape(letter.title), s["title"]))
    for paragraph in letter.body.split("\n\n"):
        story.append(Paragraph(escape(paragraph).replace("\n", "<br/>"), s["body"]))
        story.append(Spacer(1, 3 * mm))
    story.extend(signatures(letter.centre, tr, width))
    with atomic_path(path) as temporary:
        SimpleDocTemplate(str(temporary), pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin,
                          bottomMargin=margin, title=letter.title, author=letter.centre.name(letter.language),
                          ).build(story)
    return path
