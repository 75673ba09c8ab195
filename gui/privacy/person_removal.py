"""Removing one member's personal data on request, from the family card's *Personal data* group.

A button of that group, shown only to those who may anonymise (``Action.ANONYMISE``).
It asks for the member and the reason, lists what will be removed for that member, and runs
``services.retention.anonymise_person`` (one transaction, audited with the reason) as a write
job; the card then reloads and shows the member without names, IIN or documents.
"""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QPushButton

from domain.messages import N_
from gui.family_card.card_context import CardContext
from gui.forms.prompt_dialog import PromptDialog
from i18n import Translator

REMOVED = N_("Removed for good: surname, given name and patronymic, the Latin spelling, the IIN, the profession, "
             "the day and month of birth (the year stays), {documents} and every attachment of the member, and "
             "their values in the audit log. Kept: the family, its case and the counts in reports.")


def is_anonymised(member) -> bool:
    return not (member.full_name or "").strip() and not member.iin


class PersonRemovalDialog(PromptDialog):
    """Which member, why, and what goes; the Remove button waits for a reason."""

    label_suffix = ":"

    def __init__(self, parent, tr: Translator, members) -> None:
        super().__init__(tr, N_("Remove a member's personal data"), parent, ok_text=N_("Remove"),
                         object_name="person_removal_dialog")
        self.tr = tr
        self.members = [m for m in members if not is_anonymised(m)]
        self.member_combo = self.add_field("removal_member", QComboBox(self), N_("Member"))
        for member in self.members:
            self.member_combo.addItem(member.full_name, member.id)
        self.reason_edit = self.add_field("removal_reason", QLineEdit(self), N_("Reason"), required=True)
        self.reason_edit.setPlaceholderText(tr._("for example: the person asked in writing, letter of 3 December"))
        self.what_label = QLabel(self)
        self.what_label.setObjectName("removal_what_label")
        self.what_label.setWordWrap(True)
        layout = self.layout()
        layout.insertWidget(layout.indexOf(self.error_label), self.what_label)
        self.member_combo.currentIndexChanged.connect(self._show_what)
        self.reason_edit.textChanged.connect(self._enable)
        self.retranslate_ui(tr)
        self._show_what()
        self._enable()
        self.resize(560, self.sizeHint().height())

    def member(self):
        index = self.member_combo.currentIndex()
        return self.members[index] if 0 <= index < len(self.members) else None

    def _show_what(self) -> None:
        member = self.member()
        if member is None:
            self.what_label.setText(self.tr._("Every member's data were already removed."))
            return
        documents = self.tr.ngettext("{count} identity document", "{count} identity documents",
                                     len(member.documents)).format(count=len(member.documents))
        iin = self.tr.format("IIN {iin}", iin=member.iin) if member.iin else self.tr._("no IIN")
        self.what_label.setText(f"{member.full_name} ({iin})\n\n" + self.tr.format(REMOVED, documents=documents))

    def _enable(self) -> None:
        self.ok_button.setEnabled(self.member() is not None and bool(self.reason_edit.text().strip()))

    def choice(self) -> tuple[int, str] | None:
        member = self.member()
        return None if member is None else (member.id, self.reason_edit.text())


class PersonRemoval:
    """What the button does (the tab's action runs ``remove``), on the card's context; tests
    replace ``ask`` (never exec())."""

    def __init__(self, context: CardContext, button: QPushButton) -> None:
        self.context, self.button = context, button

    def ask(self) -> tuple[int, str] | None:
        read = self.context.current_read()
        if read is None:
            return None
        dialog = PersonRemovalDialog(self.context.window, self.context.current_translator(), read.details.members)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def remove(self) -> None:
        if self.context.current_read() is None:
            return
        choice = self.ask()
        if choice is None:
            return
        person_id, reason = choice
        retention, tr = self.context.services.retention, self.context.current_translator()
        # the write job announces the result's Changes: the registry and My work show the member anonymised
        self.context.run_write(lambda _p: retention.anonymise_person(person_id, reason),
                               on_success=lambda _result: self.context.notify(
                                   tr._("The member's personal data were removed.")),
                               label=tr._("Removing personal data…"))
