"""Retention (issue #19): the period per kind of case, the cases that are due, anonymising them,
and removing one person's data on request with a reason. Administrators only; the rules and the
audit entries are the services' (``services.retention``)."""
from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, \
    QLineEdit, QMessageBox, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from domain.messages import N_
from domain.permissions import Action
from domain.retention import KINDS, LABELS, MAX_YEARS
from gui.dialogs import ask
from gui.forms.prompt_dialog import PromptDialog
from i18n import Translator


class PersonRequestDialog(PromptDialog):
    """The person's number and the reason for removing their data."""

    def __init__(self, translator: Translator, parent=None) -> None:
        super().__init__(translator, N_("Remove one person's data"), parent, ok_text=N_("Remove"),
                         hint=N_("The person's names, IIN, documents and attachments are removed for good, also "
                                 "from the audit log's values. Counts in reports stay."),
                         object_name="person_request_dialog")
        self.person_edit = self.add_field("person", QSpinBox(self), N_("Person number"))
        self.person_edit.setRange(1, 2_000_000_000)
        self.reason_edit = self.add_field("reason", QLineEdit(self), N_("Reason"), required=True)


class RetentionDialogs:
    """The screen's prompts in one place, so tests patch them (never exec())."""

    def __init__(self, parent, translator: Translator) -> None:
        self.parent = parent
        self.i18n = translator

    def confirm(self, text: str) -> bool:
        return ask(self.parent, self.i18n, text, icon=QMessageBox.Icon.Warning)

    def person_request(self) -> tuple[int, str] | None:
        answer = PersonRequestDialog(self.i18n, self.parent).ask()
        return (answer["person"], answer["reason"]) if answer else None


class RetentionView(QWidget):
    def __init__(self, services, jobs, events, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.services, self.jobs, self.events, self.i18n = services, jobs, events, translator
        self.dialogs = RetentionDialogs(self, translator)
        self.periods_box = QGroupBox(self)
        form = QFormLayout(self.periods_box)
        self.years_edits: dict[str, QSpinBox] = {}
        self.years_labels: dict[str, QLabel] = {}
        for kind in KINDS:
            edit = QSpinBox(self)
            edit.setObjectName(f"years_{kind}_edit")
            edit.setRange(0, MAX_YEARS)  # 0: no period, kept
            edit.editingFinished.connect(lambda kind=kind: self._on_years_edit_finished(kind))
            self.years_edits[kind] = edit
            self.years_labels[kind] = QLabel(self)
            form.addRow(self.years_labels[kind], edit)
        self.due_box = QGroupBox(self)
        self.due_table = QTableWidget(0, 4, self)
        self.due_table.setObjectName("due_table")
        self.due_table.verticalHeader().setVisible(False)
        self.due_table.horizontalHeader().setStretchLastSection(True)
        from gui.widgets.width_fit import fit_columns_to_width
        fit_columns_to_width(self.due_table)  # every heading whole at 1366x768 at 125 %
        self.apply_button = QPushButton(self)
        self.apply_button.setObjectName("apply_button")
        self.apply_button.clicked.connect(self._on_apply_button_clicked)
        self.person_button = QPushButton(self)
        self.person_button.setObjectName("person_button")
        self.person_button.clicked.connect(self._on_person_button_clicked)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("status_label")
        self.status_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.person_button)
        buttons.addStretch(1)
        due_layout = QVBoxLayout(self.due_box)
        due_layout.addWidget(self.due_table)
        due_layout.addLayout(buttons)
        due_layout.addWidget(self.status_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.periods_box)
        layout.addWidget(self.due_box, 1)
        self.rows = []
        self.retranslate_ui(translator)

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        self.dialogs.i18n = translator
        _ = translator.gettext
        self.periods_box.setTitle(_("Retention period after the case finished, in years (0: kept)"))
        for kind in KINDS:
            self.years_labels[kind].setText(_(LABELS[kind]))
        self.due_box.setTitle(_("Cases due for anonymisation"))
        self.due_table.setHorizontalHeaderLabels([_("Case"), _("Kind of case"), _("Finished"), _("Due since")])
        self.apply_button.setText(_("Anonymise the due cases…"))
        self.person_button.setText(_("Remove one person's data…"))
        self._fill()

    # --- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.jobs.run(lambda _p: (self.services.retention.periods(), self.services.retention.due()),
                      on_success=self._on_loaded)

    def _on_loaded(self, loaded) -> None:
        periods, self.rows = loaded
        for kind, edit in self.years_edits.items():
            edit.blockSignals(True)
            edit.setValue(periods.get(kind) or 0)
            edit.blockSignals(False)
        self._fill()

    def _fill(self) -> None:
        self.due_table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            cells = (row.case_number, self.i18n._(LABELS[row.kind]), self.i18n.format_date(row.finished_on),
                     self.i18n.format_date(row.due_on))
            for column, text in enumerate(cells):
                self.due_table.setItem(index, column, QTableWidgetItem(text))
        self.apply_button.setEnabled(bool(self.rows))

    # --- changes ------------------------------------------------------------------------------
    def _on_years_edit_finished(self, kind: str) -> None:
        years = self.years_edits[kind].value() or None
        self.jobs.run(lambda _p: self.services.retention.set_period(kind, years),
                      on_success=lambda _r: self.refresh(), write=True)

    def _on_apply_button_clicked(self) -> None:
        count = len(self.rows)
        if not count or not self.dialogs.confirm(self.i18n.ngettext(
                "Remove the personal data of {count} case for good? Names, IINs, documents, addresses, phones and "
                "attachments are deleted; counts in reports stay.",
                "Remove the personal data of {count} cases for good? Names, IINs, documents, addresses, phones and "
                "attachments are deleted; counts in reports stay.", count).format(count=count)):
            return
        self.jobs.run(lambda _p: self.services.retention.apply(), on_success=self._on_applied, write=True, initiator=self,
                      label=self.i18n._("Removing personal data…"), parent_widget=self)

    def _on_applied(self, result) -> None:
        self.status_label.setText(self.i18n.ngettext(
            "Personal data removed from {count} case.", "Personal data removed from {count} cases.",
            result.families).format(count=result.families))
        self.refresh()

    def _on_person_button_clicked(self) -> None:
        request = self.dialogs.person_request()
        if request is None:
            return
        person_id, reason = request
        self.jobs.run(lambda _p: self.services.retention.anonymise_person(person_id, reason),
                      on_success=self._on_person_done, write=True,
                      initiator=self)

    def _on_person_done(self, _result) -> None:
        self.status_label.setText(self.i18n._("The person's data were removed."))

    def on_changes(self, changes, initiator) -> None:
        if changes.families and initiator is not self and self.isVisible():
            self.refresh()


def _create(ctx) -> RetentionView:
    return RetentionView(ctx.services, ctx.jobs, ctx.events, ctx.translator)


def _register() -> None:
    from gui.screens import ScreenSpec, register_screen
    register_screen(ScreenSpec("retention", N_("Retention"), _create, order=960, action=Action.ANONYMISE))


_register()
