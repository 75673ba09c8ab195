"""Identity documents of every member, with expired and soon-expiring ones highlighted."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from domain.families import DocumentKind
from domain.messages import N_
from gui.forms.date_edit import OptionalDateEdit
from gui.forms.form_widgets import fill_combo, select_data
from gui.forms.record_dialog import RecordDialog
from gui.widgets.rows_model import OVERDUE_COLOUR, WARNING_COLOUR
from gui.widgets.column_model import Column, ColumnTableModel
from gui.family_card.card_context import CardContext, FamilyRead
from gui.family_card.list_section import ListAction, ListSection
from i18n import Translator
from services.dto import DocumentDetails, DocumentInput, PersonDetails

EXPIRY_WARNING_DAYS = 30  # matches the default reminder horizon (domain.tasks.ReminderPolicy)


@dataclass(frozen=True)
class DocumentRow:
    person: PersonDetails
    document: DocumentDetails

    @property
    def id(self) -> int:
        return self.document.id


def _expiry_colour(row: DocumentRow, today: dt.date):
    expiry = row.document.expiry_date
    if expiry is None:
        return None
    if expiry < today:
        return OVERDUE_COLOUR
    if (expiry - today).days <= EXPIRY_WARNING_DAYS:
        return WARNING_COLOUR
    return None


class DocumentDialog(RecordDialog):
    def __init__(self, card, row: DocumentRow | None) -> None:
        self.row = row
        if row is None:
            title = N_("Add a document")
            save = lambda data: card.services.registration.add_document(data[0], data[1])  # noqa: E731
        else:
            title = N_("Edit document")
            save = lambda data: card.services.records.update_document(  # noqa: E731
                row.document.id, row.document.version, data[1])
        super().__init__(card, title, save)
        self.setObjectName("document_dialog")
        self.person = self.add_member_chooser()
        self.kind = self.add_field("kind", QComboBox(self))
        self.number = self.add_field("number", QLineEdit(self))
        self.issued_by = self.add_field("issued_by", QLineEdit(self))
        self.issue_date = self.add_field("issue_date", OptionalDateEdit(self))
        self.expiry_date = self.add_field("expiry_date", OptionalDateEdit(self))
        self.country = self.add_field("country_code", QComboBox(self))
        self.notarised = self.add_field("translation_notarised", QCheckBox(self))
        self.setMinimumWidth(440)
        self.retranslate_ui(card.i18n)
        if row is not None:
            select_data(self.person, row.person.id)
            self.person.setEnabled(False)
            d = row.document
            select_data(self.kind, d.kind)
            self.number.setText(d.number)
            self.issued_by.setText(d.issued_by)
            self.issue_date.set_value(d.issue_date)
            self.expiry_date.set_value(d.expiry_date)
            select_data(self.country, d.country_code)
            self.notarised.setChecked(d.translation_notarised)

    def retranslate_ui(self, translator: Translator) -> None:
        super().retranslate_ui(translator)
        fill_combo(self.kind, DocumentKind.LABELS, translator)
        current = self.country.currentData()
        self.country.clear()
        self.country.addItem("—", None)
        for code, name in self.card.country_names().items():
            self.country.addItem(name, code)
        select_data(self.country, current)

    def values(self) -> tuple[int, DocumentInput]:
        return self.person.currentData(), DocumentInput(
            kind=self.kind.currentData(), number=self.number.text(), issued_by=self.issued_by.text(),
            issue_date=self.issue_date.value(), expiry_date=self.expiry_date.value(),
            country_code=self.country.currentData(), translation_notarised=self.notarised.isChecked())


class DocumentsTab(ListSection):
    actions = (ListAction("add_button", "add_document_button", N_("Add document…"), "add_document"),
               ListAction("edit_button", "edit_document_button", N_("Edit…"), "edit_document", on_row=True),
               ListAction("remove_button", "remove_document_button", N_("Delete"), "remove_document", on_row=True))
    table_name, activate = "documents_table", "edit_document"

    def __init__(self, ctx: CardContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "documents_tab", parent)
        self.legend = QLabel(self)
        self.buttons.addWidget(self.legend)
        self.retranslate_ui(ctx.i18n)

    def make_model(self, ctx: CardContext) -> ColumnTableModel:
        columns = [
            Column("member", N_("Member"), lambda r, tr: r.person.full_name),
            Column("kind", N_("Kind"), lambda r, tr: tr.gettext(DocumentKind.LABELS.get(r.document.kind,
                                                                                        r.document.kind))),
            Column("number", N_("Number"), lambda r, tr: r.document.number),
            Column("issued_by", N_("Issued by"), lambda r, tr: r.document.issued_by),
            Column("issue_date", N_("Issue date"), lambda r, tr: tr.format_date(r.document.issue_date)),
            Column("expiry_date", N_("Valid until"), self._expiry_text),
            Column("country", N_("Issuing country"), lambda r, tr: ctx.country_name(r.document.country_code)),
            Column("translation", N_("Notarised translation"),
                   lambda r, tr: tr._("Yes") if r.document.translation_notarised else tr._("No")),
        ]
        return ColumnTableModel(columns, ctx.i18n, self, colour=lambda r: _expiry_colour(r, ctx.today()),
                                colour_columns=("expiry_date",))

    def _expiry_text(self, row: DocumentRow, tr: Translator) -> str:
        expiry = row.document.expiry_date
        if expiry is None:
            return ""
        text = tr.format_date(expiry)
        if expiry < self.ctx.today():
            text += " — " + tr._("expired")
        return text

    def retranslate_extra(self, translator: Translator) -> None:
        self.legend.setText(translator.format("Red: expired; orange: expires within {days} days.",
                                              days=EXPIRY_WARNING_DAYS))

    # --- the CardTab protocol (gui.screens), shown from the card's shared read ---
    def show_read(self, read: FamilyRead) -> None:
        self.model.set_rows([DocumentRow(p, d) for p in read.details.members for d in p.documents])

    def add_document(self) -> DocumentDialog | None:
        if not (self.ctx.details and self.ctx.details.members):
            return None
        return self.open_dialog(DocumentDialog(self.ctx, None))

    def edit_document(self) -> DocumentDialog | None:
        return self.open_for_selected(lambda row: DocumentDialog(self.ctx, row))

    def remove_document(self) -> None:
        records = self.ctx.services.records
        self.remove_selected_after(
            lambda row: self.ctx.i18n.format("Delete document {number} of {name}?",
                                             number=row.document.number, name=row.person.full_name),
            lambda row: records.remove_document(row.document.id, row.document.version))
