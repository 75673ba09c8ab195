"""Editing the family's own details: arrival, origin, region, address, phone, worker, notes."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from domain.messages import N_
from gui.forms.date_edit import OptionalDateEdit
from gui.forms.form_widgets import select_data
from gui.forms.record_dialog import RecordDialog
from i18n import Translator
from services.dto import FamilyFieldsInput


class FamilyDetailsDialog(RecordDialog):
    def __init__(self, card) -> None:
        details = card.details
        registration = card.services.registration
        super().__init__(card, N_("Edit family details"),
                         lambda data: registration.update_family(details.id, details.version, data))
        self.setObjectName("family_dialog")
        self.arrival_date = self.add_field("arrival_date", OptionalDateEdit(self))
        self.origin = self.add_field("origin_country_code", QComboBox(self))
        self.region = self.add_field("region_code", QComboBox(self))
        self.address = self.add_field("address", QLineEdit(self))
        self.phone = self.add_field("phone", QLineEdit(self))
        self.responsible = self.add_field("responsible_user_id", QComboBox(self))
        self.notes = self.add_field("notes", QPlainTextEdit(self))
        self.notes.setFixedHeight(80)
        self.setMinimumWidth(520)
        self.retranslate_ui(card.i18n)
        self.arrival_date.set_value(details.arrival_date)
        select_data(self.origin, details.origin_country_code)
        select_data(self.region, details.region_code)
        self.address.setText(details.address)
        self.phone.setText(details.phone)
        select_data(self.responsible, details.responsible_user_id)
        self.notes.setPlainText(details.notes)

    def retranslate_ui(self, translator: Translator) -> None:
        super().retranslate_ui(translator)
        for combo, names in ((self.origin, self.card.country_names()), (self.region, self.card.region_names()),
                             (self.responsible, {u.id: u.display_name or u.login for u in self.card.users()})):
            current = combo.currentData()
            combo.clear()
            combo.addItem("—", None)
            for code, name in names.items():
                combo.addItem(name, code)
            select_data(combo, current)

    def values(self) -> FamilyFieldsInput:
        return FamilyFieldsInput(
            arrival_date=self.arrival_date.value(), origin_country_code=self.origin.currentData(),
            region_code=self.region.currentData(), address=self.address.text(), phone=self.phone.text(),
            notes=self.notes.toPlainText(), responsible_user_id=self.responsible.currentData())
