"""Kandas status and certificate: applications, decisions, validity, extension, end."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from domain.kandas_status import Channel, Decision, EndReason, StatusKind, days_left
from domain.messages import N_
from domain.stages import can_close_for_citizenship
from domain.tasks import TaskKind
from gui.dialogs import ask
from gui.forms.date_edit import OptionalDateEdit
from gui.forms.form_widgets import fill_combo
from gui.forms.record_dialog import RecordDialog
from gui.widgets.rows_model import MUTED_COLOUR, OVERDUE_COLOUR, WARNING_COLOUR
from gui.widgets.column_model import Column, ColumnTableModel
from gui.family_card.card_context import CardContext, FamilyRead
from gui.family_card.card_columns import card_column_priorities
from gui.family_card.list_section import ListAction, ListSection
from i18n import Translator
from services.dto import PersonDetails, StatusDetails, StatusInput
from services.records_dto import DecisionInput, ExtensionInput, StatusEndInput

KIND_LABELS = {StatusKind.INITIAL: N_("First status"), StatusKind.EXTENSION: N_("Extension")}
WARNING_DAYS = 30


@dataclass(frozen=True)
class StatusRow:
    person: PersonDetails
    status: StatusDetails

    @property
    def id(self) -> int:
        return self.status.id


def _label(labels, code, tr):
    return tr.gettext(labels[code]) if code in labels else (code or "")


class ApplicationDialog(RecordDialog):
    """The fields of an application and its decision, shared by a first status and an extension."""

    def add_application_fields(self, applied_on=None, granted: bool = False) -> None:
        self.channel = self.add_field("channel", QComboBox(self))
        self.applied_on = self.add_field("applied_on", OptionalDateEdit(self))
        self.applied_on.set_value(applied_on)
        self.decision = self.add_field("decision", QComboBox(self))
        self.decided_on = self.add_field("decided_on", OptionalDateEdit(self))
        if granted:
            self.granted_on = self.add_field("granted_on", OptionalDateEdit(self))
        self.certificate = self.add_field("certificate_number", QLineEdit(self))
        self.retranslate_ui(self.card.i18n)

    def retranslate_ui(self, translator: Translator) -> None:
        super().retranslate_ui(translator)
        if hasattr(self, "certificate"):
            fill_combo(self.channel, Channel.LABELS, translator, blank=True)
            fill_combo(self.decision, Decision.LABELS, translator)


class StatusDialog(ApplicationDialog):
    """A new application or decision for a member."""

    def __init__(self, card) -> None:
        super().__init__(card, N_("Record a kandas status"),
                         lambda data: card.services.registration.add_status(data[0], data[1]))
        self.setObjectName("status_dialog")
        self.person = self.add_member_chooser()
        self.add_application_fields(granted=True)

    def values(self):
        return self.person.currentData(), StatusInput(
            kind=StatusKind.INITIAL, channel=self.channel.currentData(), applied_on=self.applied_on.value(),
            decision=self.decision.currentData(), decided_on=self.decided_on.value(),
            granted_on=self.granted_on.value(), certificate_number=self.certificate.text())


class ExtensionDialog(ApplicationDialog):
    def __init__(self, card, row: StatusRow) -> None:
        records = card.services.records
        super().__init__(card, N_("Extend the kandas status"),
                         lambda data: records.extend_status(row.status.id, row.status.version, data))
        self.setObjectName("extension_dialog")
        self.add_application_fields(applied_on=card.today())

    def values(self) -> ExtensionInput:
        return ExtensionInput(applied_on=self.applied_on.value(), channel=self.channel.currentData(),
                              decision=self.decision.currentData(), decided_on=self.decided_on.value(),
                              certificate_number=self.certificate.text())


class DecisionDialog(RecordDialog):
    """The decision on a pending application."""

    def __init__(self, card, row: StatusRow) -> None:
        records = card.services.records
        super().__init__(card, N_("Record the decision"),
                         lambda data: records.decide_status(row.status.id, row.status.version, data))
        self.setObjectName("decision_dialog")
        self.decision = self.add_field("decision", QComboBox(self))
        self.decided_on = self.add_field("decided_on", OptionalDateEdit(self))
        self.decided_on.set_value(card.today())
        self.certificate = self.add_field("certificate_number", QLineEdit(self))
        self.retranslate_ui(card.i18n)

    def retranslate_ui(self, translator: Translator) -> None:
        super().retranslate_ui(translator)
        choices = {code: label for code, label in Decision.LABELS.items() if code != Decision.PENDING}
        fill_combo(self.decision, choices, translator)

    def values(self) -> DecisionInput:
        return DecisionInput(self.decision.currentData(), self.decided_on.value(), self.certificate.text())


class EndStatusDialog(RecordDialog):
    def __init__(self, card, row: StatusRow) -> None:
        records = card.services.records
        super().__init__(card, N_("End the kandas status"),
                         lambda data: records.end_status(row.status.id, row.status.version, data))
        self.setObjectName("end_status_dialog")
        self.ended_on = self.add_field("ended_on", OptionalDateEdit(self))
        self.ended_on.set_value(card.today())
        self.reason = self.add_field("end_reason", QComboBox(self))
        self.retranslate_ui(card.i18n)

    def retranslate_ui(self, translator: Translator) -> None:
        super().retranslate_ui(translator)
        fill_combo(self.reason, {code: EndReason.LABELS[code] for code in EndReason.CHOSEN}, translator)

    def ask_close_case(self) -> bool:
        """Citizenship closes the case: the worker confirms (tests patch this question)."""
        tr = self.card.i18n
        return ask(self, tr, tr._("Close the case as «Citizenship obtained»?"), tr._(
            "Support items due after this date that are not paid will be cancelled; payments made stay."))

    def values(self) -> StatusEndInput:
        reason = self.reason.currentData()
        close = reason == EndReason.CITIZENSHIP and can_close_for_citizenship(self.card.details.stage) \
            and self.ask_close_case()
        return StatusEndInput(ended_on=self.ended_on.value(), reason=reason, close_case=close)


STATUS_PRIORITIES = {"member": 0, "kind": 9, "decision": 8, "granted_on": 6, "valid_until": 0, "days_left": 9,
                     "certificate": 5, "ended": 7, "channel": 2, "applied_on": 3, "decided_on": 4}


class StatusTab(ListSection):
    actions = (
        ListAction("add_button", "add_status_button", N_("Record application or decision…"), "add_status"),
        ListAction("decide_button", "decide_status_button", N_("Record decision…"), "decide_status", on_row=True),
        ListAction("extend_button", "extend_status_button", N_("Extend…"), "extend_status", on_row=True),
        ListAction("end_button", "end_status_button", N_("End status…"), "end_status", on_row=True))
    table_name = "status_table"

    def __init__(self, ctx: CardContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "status_tab", parent)
        self.reminders = QLabel(self)
        self.reminders.setObjectName("status_reminders_label")
        self.reminders.setWordWrap(True)
        self.layout_.addWidget(self.reminders)
        self._tasks = []
        # eleven columns do not fit a narrow card: the paperwork (how filed, on which dates) steps
        # aside first, what a worker looks for (valid until, days left) stays
        self.column_priorities = card_column_priorities(
            ctx, self.table, self.table_name, [c.key for c in self.model.columns], STATUS_PRIORITIES)
        self.retranslate_ui(ctx.i18n)

    def make_model(self, ctx: CardContext) -> ColumnTableModel:
        today = ctx.today
        # What a worker looks for first (is it valid, for how long) comes before the paperwork.
        columns = [
            Column("member", N_("Member"), lambda r, tr: r.person.full_name),
            Column("kind", N_("Kind"), lambda r, tr: _label(KIND_LABELS, r.status.kind, tr)),
            Column("decision", N_("Decision"), lambda r, tr: _label(Decision.LABELS, r.status.decision, tr)),
            Column("granted_on", N_("Granted on"), lambda r, tr: tr.format_date(r.status.granted_on)),
            Column("valid_until", N_("Valid until"), lambda r, tr: tr.format_date(r.status.valid_until)),
            Column("days_left", N_("Days left"), lambda r, tr: self._days_text(r, tr)),
            Column("certificate", N_("Certificate number"), lambda r, tr: r.status.certificate_number),
            Column("ended", N_("Ended"), lambda r, tr: self._ended_text(r, tr)),
            Column("channel", N_("Filed through"), lambda r, tr: _label(Channel.LABELS, r.status.channel, tr)),
            Column("applied_on", N_("Applied on"), lambda r, tr: tr.format_date(r.status.applied_on)),
            Column("decided_on", N_("Decision date"), lambda r, tr: tr.format_date(r.status.decided_on)),
        ]
        return ColumnTableModel(columns, ctx.i18n, self, colour=lambda r: self._colour(r, today()),
                                colour_columns=("valid_until", "days_left", "ended"))

    @staticmethod
    def _colour(row: StatusRow, today):
        s = row.status
        if s.ended_on is not None or s.decision == Decision.REFUSED:
            return MUTED_COLOUR
        left = days_left(s.decision, s.valid_until, s.ended_on, today)
        if s.decision == Decision.GRANTED and left is None:
            return OVERDUE_COLOUR
        if left is not None and left <= WARNING_DAYS:
            return WARNING_COLOUR
        return None

    def _days_text(self, row: StatusRow, tr: Translator) -> str:
        s = row.status
        left = days_left(s.decision, s.valid_until, s.ended_on, self.ctx.today())
        if left is not None:
            return tr.format_number(left)
        if s.decision == Decision.GRANTED and s.ended_on is None and s.valid_until is not None:
            return tr._("expired")
        return ""

    @staticmethod
    def _ended_text(row: StatusRow, tr: Translator) -> str:
        s = row.status
        if s.ended_on is None:
            return ""
        return f"{tr.format_date(s.ended_on)} — {_label(EndReason.LABELS, s.end_reason, tr)}"

    def retranslate_extra(self, translator: Translator) -> None:
        self._show_reminders(translator)

    # --- the CardTab protocol (gui.screens), shown from the card's shared read ---
    def show_read(self, read: FamilyRead) -> None:
        self.model.set_rows([StatusRow(p, s) for p in read.details.members for s in p.statuses])
        self._tasks = [t for t in read.tasks if t.kind == TaskKind.STATUS_EXPIRY and t.done_at is None]
        self._show_reminders(self.ctx.i18n)

    def _show_reminders(self, translator: Translator) -> None:
        if not self._tasks:
            self.reminders.setText(translator._("No open reminders about certificates."))
            return
        lines = [translator._("Open reminders:")]
        lines += ["• " + self.ctx.task_text(task) for task in self._tasks]
        self.reminders.setText("\n".join(lines))

    def add_status(self):
        return self.open_dialog(StatusDialog(self.ctx)) if self.ctx.details and self.ctx.details.members else None

    def decide_status(self):
        row = self.selected()
        if row is None or row.status.decision != Decision.PENDING:
            self.ctx.notify(self.ctx.i18n._("Select a pending application."))
            return None
        return self.open_dialog(DecisionDialog(self.ctx, row))

    def extend_status(self):
        row = self.selected()
        if row is None:
            self.ctx.notify(self.ctx.i18n._("Select the status to extend."))
            return None
        return self.open_dialog(ExtensionDialog(self.ctx, row))

    def end_status(self):
        row = self.selected()
        if row is None:
            self.ctx.notify(self.ctx.i18n._("Select the status to end."))
            return None
        return self.open_dialog(EndStatusDialog(self.ctx, row))
