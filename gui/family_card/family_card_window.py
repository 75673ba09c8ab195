"""The family card: one top-level window per family with the case header, its stage and tabs.

The card loads everything through a read job and stays disabled until the data is in.
Writes run as write jobs; a refusal shows inline on the field, a conflict as a banner
with Reload, anything else as a notice. After its own write the card reloads and tells
the other screens through ``AppEvents.changes_applied`` (naming itself as initiator, so
it skips its own echo).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout,
                               QWidget)

from domain.errors import ConflictError, DomainError, ValidationError
from domain.messages import N_
from domain.permissions import Action
from domain.stages import CloseReason, Stage
from gui.jobs import Latest
from gui.dialogs import ask
from gui.errors import show_error
from gui.family_card.tabs.attachments_tab import AttachmentsTab
from gui.family_card.tabs.documents_tab import DocumentsTab
from gui.family_card.family_dialog import FamilyDetailsDialog
from gui.forms.form_widgets import ConflictBanner, InlineErrors
from gui.family_card.tabs.members_tab import MembersTab
from gui.family_card.stage_control import StageControl
from gui.family_card.tabs.status_tab import StatusTab
from gui.family_card.tabs.tasks_tab import TasksTab
from gui.family_card.tabs.timeline_tab import TimelineTab
from gui.family_card.card_printing import add_print_button
from gui.privacy.basis_warning import BasisWarning
from gui.privacy.person_removal import add_removal_button
from gui.screens import CardTab, ScreenContext, family_tabs
from reports.message_text import task_text
from i18n import Translator

BUILT_IN_TABS = (("members", N_("Members")), ("documents", N_("Documents")), ("status", N_("Kandas status")),
                 ("tasks", N_("Tasks")), ("timeline", N_("Timeline")), ("attachments", N_("Attachments")))
HEADER_FIELDS = (("stage", N_("Stage")), ("region", N_("Region")), ("arrival", N_("Arrived")),
                 ("responsible", N_("Responsible worker")), ("last_contact", N_("Last contact")),
                 ("phone", N_("Phone")), ("address", N_("Address")), ("origin", N_("Country of origin")))
RELEVANT = ("families", "persons", "statuses", "documents", "tasks", "quotas", "payments", "employment",
            "education", "services")


class FamilyCardWindow(QWidget):
    def __init__(self, ctx: ScreenContext, family_id: int, parent=None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setObjectName("family_card")
        self.ctx = ctx
        self.services = ctx.services
        self.i18n: Translator = ctx.translator
        self.family_id = family_id
        self.details = None
        self.tasks: list = []
        self._users: dict[str, str] = {}
        self._user_ids: dict[int, str] = {}
        self._user_rows: list = []
        # Reference rows arrive with the first load job: no database call on the GUI thread.
        self._regions: list = []
        self._countries: list = []
        self.loading = False
        self.dialog: FamilyDetailsDialog | None = None
        self._latest = Latest()
        self._closed = False  # jobs may finish after the window closed: their results are dropped
        self.open_url = QDesktopServices.openUrl  # tests put a recorder here
        self.editable = self.services.actor.can(Action.EDIT_CASES)
        self._build()
        ctx.events.changes_applied.connect(self.on_changes)
        ctx.events.language_changed.connect(self.retranslate_ui)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        self.resize(1150, 720)
        self.retranslate_ui(self.i18n)
        self.reload()

    # --- building --------------------------------------------------------------------------
    def _build(self) -> None:
        self.title_label = QLabel(self)
        self.title_label.setObjectName("card_title")
        self.title_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.header_labels: dict[str, QLabel] = {}
        self.header_values: dict[str, QLabel] = {}
        header = QGridLayout()
        header.setHorizontalSpacing(12)
        for position, (key, _title) in enumerate(HEADER_FIELDS):
            label, value = QLabel(self), QLabel(self)
            label.setStyleSheet("color: #555;")
            value.setObjectName(f"header_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.header_labels[key], self.header_values[key] = label, value
            row, column = position % 4, (position // 4) * 2
            header.addWidget(label, row, column)
            header.addWidget(value, row, column + 1)
        header.setColumnStretch(1, 1)
        header.setColumnStretch(3, 1)
        self.stage_control = StageControl(self)
        self.stage_edit = self.stage_control.stage_edit
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("edit_family_button")
        self.edit_button.clicked.connect(self.edit_details)
        self.contact_button = QPushButton(self)
        self.contact_button.setObjectName("record_contact_button")
        self.contact_button.clicked.connect(self.record_contact)
        controls = QHBoxLayout()
        controls.addWidget(self.stage_control)
        controls.addStretch(1)
        controls.addWidget(self.edit_button)
        controls.addWidget(self.contact_button)
        self.printing = add_print_button(self, controls)
        self.removal = add_removal_button(self, controls)  # personal data removed on request (issue #19)
        self.banner = ConflictBanner(self)
        self.banner.reload_requested.connect(self.reload)
        self.notice = QLabel(self)
        self.notice.setObjectName("card_notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.errors = InlineErrors(self, QLabel(self))
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("family_tabs")
        from gui.widgets.tab_cycling import install_tab_cycling
        install_tab_cycling(self.tabs)  # Ctrl+Tab / Ctrl+Shift+Tab from any field of the card
        self.members_tab = MembersTab(self)
        self.documents_tab = DocumentsTab(self)
        self.status_tab = StatusTab(self)
        self.tasks_tab = TasksTab(self)
        self.timeline_tab = TimelineTab(self)
        self.attachments_tab = AttachmentsTab(self)
        self.built_in = [self.members_tab, self.documents_tab, self.status_tab, self.tasks_tab,
                         self.timeline_tab, self.attachments_tab]
        for widget in self.built_in:
            self.tabs.addTab(widget, "")
        self.plugged: list[tuple[object, CardTab]] = []
        for spec in family_tabs():
            if spec.action is not None and not self.services.actor.can(spec.action):
                continue
            widget = spec.factory(self.ctx, self.family_id)
            assert isinstance(widget, CardTab), spec.key
            widget.hosted = True
            widget.setObjectName(f"{spec.key}_tab")
            self.plugged.append((spec, widget))
            self.tabs.addTab(widget, "")
        self.body = QWidget(self)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(controls)
        body.addWidget(self.tabs, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.notice)
        self.basis_warning = BasisWarning(self.ctx, self.family_id, self)  # personal data: a member lacks a basis
        layout.addWidget(self.basis_warning)
        layout.addWidget(self.errors.label)
        layout.addWidget(self.body, 1)

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator.gettext
        for index, (_key, title) in enumerate(BUILT_IN_TABS):
            self.tabs.setTabText(index, _(title))
        for offset, (spec, widget) in enumerate(self.plugged):
            self.tabs.setTabText(len(BUILT_IN_TABS) + offset, _(spec.title))
            widget.retranslate_ui(translator)
        for key, text in HEADER_FIELDS:
            self.header_labels[key].setText(_(text) + ":")
        self.stage_control.retranslate_ui(translator)
        self.contact_button.setText(_("Contact made today"))
        self.edit_button.setText(_("Edit details…"))
        self.printing.retranslate_ui(translator)
        self.banner.retranslate_ui(translator)
        self.basis_warning.retranslate_ui(translator)
        for tab in self.built_in:
            tab.retranslate_ui(translator)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.retranslate_ui(translator)
        self._show_header()

    # --- loading -----------------------------------------------------------------------
    def reload(self) -> None:
        """Fetch the family, its tasks and files; the card is disabled until they arrive."""
        self.loading = True
        self.body.setEnabled(False)
        generation = self._latest.next()
        services, family_id = self.services, self.family_id

        need_reference = not self._regions
        opening = self.details is None  # the first load is the card being opened: the view log records it
        plugged = [widget for _spec, widget in self.plugged]

        def work(_progress):
            # One read of the family for the whole card, its plugged tabs included.
            with services.reading_together():
                reference = (services.reference.regions(), services.reference.countries()) if need_reference \
                    else None
                return (services.cases.details(family_id, record_view=opening), services.tasks.family_tasks(family_id),
                        services.attachments.for_family(family_id), services.tasks.users(), reference,
                        [widget.load(services, family_id) for widget in plugged],
                        services.privacy.family_basis(family_id), services.history.family_history(family_id))

        def loaded(result) -> None:
            if self._latest.is_current(generation) and not self._closed:  # a newer reload supersedes this one
                self._loaded(result)

        self.ctx.jobs.run(work, on_success=loaded, on_failure=self._load_failed)

    def refresh(self) -> None:
        """F5: bring reminders up to date, then reload."""
        if self.editable:
            tasks = self.services.tasks
            self.ctx.jobs.run(lambda _p: tasks.generate_reminders(), write=True, initiator=self,
                              on_success=lambda _summary: self._after_reminders(),
                              on_failure=self.report_failure)
        else:
            self.reload()

    def _after_reminders(self) -> None:
        if not self._closed:
            self.reload()

    def _loaded(self, result) -> None:
        details, tasks, attachments, users, reference, plugged, basis, history = result
        if reference is not None:
            self._regions, self._countries = reference
        self.details, self.tasks = details, tasks
        self._user_rows = users
        self._users = {u.login: u.display_name or u.login for u in users}
        self._user_ids = {u.id: u.display_name or u.login for u in users}
        for tab in self.built_in:
            tab.set_details(details)
        self.status_tab.set_tasks(tasks)
        self.tasks_tab.set_tasks(tasks)
        self.attachments_tab.set_attachments(attachments)
        for (_spec, widget), data in zip(self.plugged, plugged):
            widget.show_loaded(data)
        self._show_header()
        self.basis_warning.show_missing([p.full_name for p in basis.without_basis])
        self.timeline_tab.set_history(history)
        self.loading = False
        self.body.setEnabled(True)
        for tab in self.built_in:
            tab.set_editable(self.editable)
        self.stage_control.set_editable(self.editable)
        self.contact_button.setEnabled(self.editable)
        self.edit_button.setEnabled(self.editable)

    def _load_failed(self, error: Exception) -> bool:
        if self._closed:
            return True
        self.loading = False
        self.report_failure(error)
        return True

    def _show_header(self) -> None:
        d, tr = self.details, self.i18n
        if d is None:
            self.setWindowTitle(tr._("Family card"))
            self.title_label.setText(tr._("Loading…"))
            return
        head = next((m for m in d.members if m.relation == "head"), d.members[0] if d.members else None)
        name = head.full_name if head else ""
        self.setWindowTitle(tr.format("Case {case_number} — {name}", case_number=d.case_number, name=name))
        self.title_label.setText(f"{d.case_number}  ·  {name}")
        stage = tr.gettext(Stage.LABELS.get(d.stage, d.stage))
        if d.stage == Stage.CLOSED and d.closed_reason:
            stage += " — " + tr.gettext(CloseReason.LABELS.get(d.closed_reason, d.closed_reason))
        values = {"stage": stage, "region": self.region_name(d.region_code),
                  "arrival": tr.format_date(d.arrival_date) or "—",
                  "responsible": self._user_ids.get(d.responsible_user_id, "—") if d.responsible_user_id else "—",
                  "last_contact": tr.format_date(d.last_contact_date) or "—", "phone": d.phone or "—",
                  "address": d.address or "—", "origin": self.country_name(d.origin_country_code) or "—"}
        for key, text in values.items():
            self.header_values[key].setText(text)
        self.stage_control.show_stage(d.stage, tr)

    # --- reference names ----------------------------------------------------------------
    def _names(self, rows) -> dict[str, str]:
        language = self.i18n.language
        return {row.code: row.name(language) for row in rows}

    def region_name(self, code: str | None) -> str:
        return self._names(self._regions).get(code or "", code or "—")

    def region_names(self) -> dict[str, str]:
        return self._names(self._regions)

    def country_names(self) -> dict[str, str]:
        return dict(sorted(self._names(self._countries).items(), key=lambda item: item[1]))

    def country_name(self, code: str | None) -> str:
        return self._names(self._countries).get(code or "", code or "")

    def user_name(self, login: str) -> str:
        return self._users.get(login, login)

    def users(self) -> list:
        return list(self._user_rows)

    def today(self):
        return self.services.clock().date()

    def task_text(self, task) -> str:
        return task_text(task, self.i18n)

    # --- writing ------------------------------------------------------------------------
    def run_write(self, fn, on_success=None, on_failure=None, label: str = ""):
        """Run a service write off the GUI thread; refusals come back inline or as a notice."""
        self.notice.hide()
        self.errors.clear()

        def succeeded(result) -> None:
            if self._closed:
                return
            if on_success is not None:
                on_success(result)
            self.reload()

        def failed(error: Exception) -> None:
            if self._closed:
                return
            if on_failure is not None and on_failure(error):
                return
            self.report_failure(error)

        return self.ctx.jobs.run(fn, on_success=succeeded, on_failure=failed, write=True, label=label,
                                 parent_widget=self, initiator=self)

    def report_failure(self, error: Exception) -> bool:
        if isinstance(error, ConflictError):
            self.banner.show_conflict(error, self.i18n)
        elif isinstance(error, ValidationError):
            self.errors.show(error, self.i18n)
        elif isinstance(error, DomainError):
            self.notify(self.i18n.error(error), error=True)
        else:
            show_error(self, error, self.i18n)
        return True

    def notify(self, text: str, error: bool = False) -> None:
        self.notice.setStyleSheet("color: #b71c1c;" if error else "color: #1b5e20;")
        self.notice.setText(text)
        self.notice.show()

    def confirm(self, question: str) -> bool:
        """Asks the worker; tests answer it by replacing this method."""
        return ask(self, self.i18n, question)

    def change_stage(self) -> None:
        self.stage_control.change_stage()

    def edit_details(self) -> FamilyDetailsDialog | None:
        if self.details is None:
            return None
        self.dialog = FamilyDetailsDialog(self)
        self.dialog.open()
        return self.dialog

    def record_contact(self) -> None:
        if self.details is None:
            return
        records, details = self.services.records, self.details
        self.run_write(lambda _p: records.record_contact(details.id, details.version))

    # --- events -------------------------------------------------------------------------
    def on_changes(self, changes, initiator) -> None:
        if initiator is self:
            return
        if any(getattr(changes, name, False) for name in RELEVANT):
            self.reload()  # the plugged tabs too: they load with the card

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._closed = True
        try:
            self.ctx.events.changes_applied.disconnect(self.on_changes)
            self.ctx.events.language_changed.disconnect(self.retranslate_ui)
        except (RuntimeError, TypeError):
            pass
        super().closeEvent(event)


def open_family_card(ctx: ScreenContext, family_id: int, parent=None) -> FamilyCardWindow:
    """Show the family's card, raising the one already open instead of opening a second."""
    cards = ctx.family_cards
    card = cards.get(family_id)
    if not isinstance(card, FamilyCardWindow):
        card = FamilyCardWindow(ctx, family_id, parent)
        cards[family_id] = card
        card.destroyed.connect(lambda _obj=None, fid=family_id: cards.pop(fid, None))
    card.show()
    card.raise_()
    card.activateWindow()
    return card
