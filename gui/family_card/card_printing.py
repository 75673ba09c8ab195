"""Printing for the family from its card: the card's summary (print preview) and letters.

The summary is an HTML page of what the card's header and members table show, printed through
Qt's print preview (the worker picks the printer or "Save as PDF" there). A letter is filled in
by services.letters (the administrator's template in kk or ru, the centre's details), laid out
as a PDF by reports.letters and opened in the system's PDF viewer to print. Every print is
recorded in the audit log by the service.
"""
from __future__ import annotations

import tempfile
from html import escape
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QMenu, QPushButton

from domain import letters
from domain.families import Relation
from domain.messages import NC_, N_
from gui.forms.prompt_dialog import PromptDialog
from i18n import Translator
from i18n.translator import LANGUAGE_NAMES


def summary_html(card, tr: Translator) -> str:
    """The family card's summary as one printable page: header fields, then every member."""
    details = card.details
    _ = tr.gettext
    rows = "".join(f"<tr><td><b>{escape(card.header_labels[key].text())}</b></td>"
                   f"<td>{escape(card.header_values[key].text())}</td></tr>" for key in card.header_values)
    members = "".join(
        f"<tr><td>{escape(m.full_name)}</td><td>{escape(_(Relation.LABELS.get(m.relation, m.relation)))}</td>"
        f"<td>{escape(tr.format_date(m.birth_date))}</td><td>{escape(m.iin or '')}</td>"
        f"<td>{escape('; '.join(d.number for d in m.documents))}</td></tr>" for m in details.members)
    head = "".join(f"<th align='left'>{escape(_(text))}</th>"
                   for text in ("Full name", "Relation to the head", "Birth date", "IIN", "Documents"))
    return (f"<html><body style='font-family: DejaVu Sans; font-size: 10pt'>"
            f"<h2>{escape(tr.format('Case {case_number}', case_number=details.case_number))}</h2>"
            f"<table cellpadding='3'>{rows}</table>"
            f"<h3>{escape(_('Family members'))}</h3>"
            f"<table border='1' cellspacing='0' cellpadding='3' width='100%'><tr>{head}</tr>{members}</table>"
            f"<p style='color:#555'>{escape(tr.format('Printed {date}', date=tr.format_date(card.today())))}</p>"
            f"</body></html>")


class LetterDialog(PromptDialog):
    """Which language, for which member, and (for a referral) to whom."""

    label_suffix = ":"

    def __init__(self, card, kind: str) -> None:
        super().__init__(card.i18n, letters.KIND_LABELS[kind], card, ok_text=N_("Make the letter"),
                         object_name="letter_dialog")
        self.kind = kind
        tr = card.i18n
        self.language_combo = self.add_field("letter_language", QComboBox(self), N_("Language"))
        for language in letters.LANGUAGES:
            self.language_combo.addItem(LANGUAGE_NAMES[language], language)
        if tr.language in letters.LANGUAGES:
            self.language_combo.setCurrentIndex(letters.LANGUAGES.index(tr.language))
        self.member_combo = self.add_field("letter_member", QComboBox(self), N_("Member"))
        for member in card.details.members:
            self.member_combo.addItem(member.full_name, member.id)
        self.recipient_edit = QLineEdit(self)
        if kind == letters.REFERRAL:
            # the addressee of a letter, not the end of a period ("To" of a date range)
            self.add_field("letter_recipient", self.recipient_edit, NC_("letter recipient", "To"),
                           context="letter recipient")
        self.recipient_edit.setPlaceholderText(tr._("employer or course, as it should be addressed"))
        self.retranslate_ui(tr)

    def choice(self) -> tuple[str, int | None, str]:
        return self.language_combo.currentData(), self.member_combo.currentData(), self.recipient_edit.text()


class CardPrinting:
    """The card's Print button and what it does; tests replace ``open_preview`` and ``ask_letter``."""

    def __init__(self, card) -> None:
        self.card = card
        self._folder = tempfile.TemporaryDirectory(prefix="qandas-letters-")
        self.last_letter: Path | None = None
        # A push button with a menu (not a tool button): its size hint makes room for the menu
        # arrow, so "Печать" is not cut under the arrow in any language.
        self.button = QPushButton(card)
        self.button.setObjectName("print_button")
        self.menu = QMenu(self.button)
        self.summary_action = self.menu.addAction("", self.print_summary)
        self.summary_action.setObjectName("print_summary_action")
        self.letter_actions = {kind: self.menu.addAction("", lambda k=kind: self.make_letter(k))
                               for kind in letters.KINDS}
        self.button.setMenu(self.menu)

    def retranslate_ui(self, tr: Translator) -> None:
        _ = tr.gettext
        self.button.setText(_("Print"))
        self.button.setToolTip(_("Print the card or a letter for the family"))
        self.summary_action.setText(_("Card summary…"))
        for kind, action in self.letter_actions.items():
            action.setText(_(letters.KIND_LABELS[kind]) + "…")

    # --- the card's summary ------------------------------------------------------------------
    def summary_document(self) -> QTextDocument:
        document = QTextDocument()
        document.setHtml(summary_html(self.card, self.card.i18n))
        return document

    def open_preview(self, document: QTextDocument, title: str) -> bool:
        """Qt's print preview; True when the worker printed (the dialog is accepted after printing)."""
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        dialog = QPrintPreviewDialog(printer, self.card)
        dialog.setWindowTitle(title)
        dialog.paintRequested.connect(document.print_)
        dialog.resize(1000, 760)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def print_summary(self) -> None:
        card = self.card
        if card.details is None:
            return
        title = card.i18n.format("Case {case_number}", case_number=card.details.case_number)
        if self.open_preview(self.summary_document(), title):
            family_id, letters_service = card.family_id, card.services.letters
            card.ctx.jobs.run(lambda _p: letters_service.record_print(family_id), write=True,
                              on_failure=card.report_failure)

    # --- letters ---------------------------------------------------------------------------------
    def ask_letter(self, kind: str) -> tuple[str, int | None, str] | None:
        dialog = LetterDialog(self.card, kind)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def make_letter(self, kind: str) -> None:
        card = self.card
        if card.details is None:
            return
        choice = self.ask_letter(kind)
        if choice is None:
            return
        language, person_id, recipient = choice
        family_id, letters_service = card.family_id, card.services.letters
        path = Path(self._folder.name) / f"{kind}_{card.details.case_number}_{language}.pdf"

        def work(_progress):
            from reports.letters import write_letter_pdf
            letter = letters_service.letter(kind, language, family_id, person_id, recipient)
            return write_letter_pdf(letter, path)

        def done(pdf: Path) -> None:
            self.last_letter = pdf
            card.open_url(QUrl.fromLocalFile(str(pdf)))

        card.ctx.jobs.run(work, write=True, label=card.i18n._("Preparing the letter…"), parent_widget=card,
                          on_success=done, on_failure=card.report_failure)


def add_print_button(card, layout) -> CardPrinting:
    printing = CardPrinting(card)
    layout.addWidget(printing.button)
    return printing
