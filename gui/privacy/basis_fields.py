"""The new-family form's «Basis of processing» box: consent (date, form) or a law from the list,
recorded for every member at registration (services.registration → services.privacy)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QFormLayout, QGroupBox, QLabel

from domain.messages import N_
from domain.processing_basis import BasisKind, ConsentForm
from services.privacy_dto import BasisInput, ConsentInput, LegalBasisInput

NOT_YET = "not_yet"
ROW_LABELS = (N_("Basis"), N_("From"), N_("Form of consent"), N_("Law"))
NOT_YET_TEXT = N_("Not recorded yet")


class BasisFields(QGroupBox):
    def __init__(self, ctx, today: dt.date, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("basis_fields")
        self.ctx, self.i18n = ctx, ctx.translator
        self.grounds: list = []
        self.kind = QComboBox(self)
        self.kind.setObjectName("basis_kind")
        self.date = QDateEdit(self)
        self.date.setObjectName("basis_date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd.MM.yyyy")
        self.date.setDate(QDate(today.year, today.month, today.day))
        self.form = QComboBox(self)
        self.form.setObjectName("basis_consent_form")
        self.ground = QComboBox(self)
        self.ground.setObjectName("basis_ground")
        self.labels = [QLabel(self) for _ in range(4)]
        layout = QFormLayout(self)
        for label, widget in zip(self.labels, (self.kind, self.date, self.form, self.ground)):
            layout.addRow(label, widget)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.retranslate_ui(self.i18n)
        services = ctx.services
        ctx.jobs.run(lambda _p: services.privacy.legal_grounds(), on_success=self._grounds_loaded)

    def _grounds_loaded(self, grounds) -> None:
        self.grounds = list(grounds)
        self._fill_grounds()

    def _fill_grounds(self) -> None:
        current = self.ground.currentData()
        self.ground.clear()
        for g in self.grounds:
            self.ground.addItem(g.name(self.i18n.language), g.code)
        self.ground.setCurrentIndex(max(self.ground.findData(current), 0))

    def _kind_changed(self, *_args) -> None:
        kind = self.kind.currentData()
        self.date.setEnabled(kind != NOT_YET)
        self.form.setEnabled(kind == BasisKind.CONSENT)
        self.ground.setEnabled(kind == BasisKind.LEGAL_OBLIGATION)

    def value(self) -> BasisInput | None:
        kind, day = self.kind.currentData(), self.date.date().toPython()
        if kind == BasisKind.CONSENT:
            return BasisInput(kind, consent=ConsentInput(day, self.form.currentData()))
        if kind == BasisKind.LEGAL_OBLIGATION:
            return BasisInput(kind, legal=LegalBasisInput(self.ground.currentData(), day))
        return None

    def retranslate_ui(self, translator) -> None:
        self.i18n = _ = translator
        self.setTitle(_._("Basis of processing personal data"))
        for label, text in zip(self.labels, ROW_LABELS):
            label.setText(_.gettext(text) + ":")
        for combo, items in ((self.kind, [(BasisKind.CONSENT, BasisKind.LABELS[BasisKind.CONSENT]),
                                          (BasisKind.LEGAL_OBLIGATION, BasisKind.LABELS[BasisKind.LEGAL_OBLIGATION]),
                                          (NOT_YET, NOT_YET_TEXT)]),
                             (self.form, list(ConsentForm.LABELS.items()))):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for code, text in items:
                combo.addItem(_.gettext(text), code)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)
        self._fill_grounds()
        self._kind_changed()
