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
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSplitter,
                               QTableView, QTabWidget, QVBoxLayout, QWidget)

from domain.errors import ConflictError, DomainError, ValidationError
from domain.messages import N_, NC_
from domain.permissions import Action
from domain.stages import CloseReason, Stage
from gui.jobs import Latest
from gui.dialogs import ask
from gui.errors import show_error
from gui.family_card.card_context import CardContext, FamilyRead
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
from gui.screens import CardTab, ScreenContext, family_tabs
from gui.widgets.elided_label import ElidedLabel
from gui.widgets.width_fit import fit_columns_to_width
from i18n import Translator

# The card's groups, in order (issue 17 §5: no scroll arrows at 1280 px in kk, ru or en). Each
# section of a group is a built-in tab (below) or a registered one (FamilyTabSpec.group); a
# group of one section shows that section as its page.
GROUP_CONTEXT = "card group"
CARD_GROUPS = (("people", NC_("card group", "People and documents")), ("status", NC_("card group", "Status")),
               ("support", NC_("card group", "Support and payments")),
               ("work", NC_("card group", "Work and study")), ("services", NC_("card group", "Services")),
               ("tasks", NC_("card group", "Tasks and history")), ("files", NC_("card group", "Files")))
BUILT_IN_TABS = (("members", N_("Members"), "people"), ("documents", N_("Documents"), "people"),
                 ("status", N_("Kandas status"), "status"), ("tasks", N_("Tasks"), "tasks"),
                 ("timeline", N_("Timeline"), "tasks"), ("attachments", N_("Attachments"), "files"))
# Three columns of four: what is due first (issue 17 §5: stage, status valid until, next due, worker).
HEADER_FIELDS = (("stage", N_("Stage")), ("status_until", N_("Status valid until")), ("next_due", N_("Next due")),
                 ("responsible", N_("Responsible worker")),
                 ("region", N_("Region")), ("arrival", N_("Arrived")), ("origin", N_("Country of origin")),
                 ("last_contact", N_("Last contact")), ("phone", N_("Phone")), ("address", N_("Address")))
HEADER_ROWS = 4
SECTION_TABLE_MIN_HEIGHT = 48
OVERDUE_STYLE = "color: #c62828; font-weight: bold;"
RELEVANT = ("families", "persons", "statuses", "documents", "tasks", "quotas", "payments", "employment",
            "education", "services")


class CardGroup(QWidget):
    """A group page of several sections, one above the other, each under its title; the worker
    may move the splitter between them."""

    def __init__(self, key: str, sections: list[tuple[str, QWidget]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{key}_group")
        self.sections = sections
        self.titles: list[QLabel] = []
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        for _title, widget in sections:
            box = QWidget(splitter)
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 4, 0, 0)
            box_layout.setSpacing(2)
            title = QLabel(box)
            title.setObjectName(f"{widget.objectName()}_title")
            title.setStyleSheet("font-weight: bold;")
            self.titles.append(title)
            box_layout.addWidget(title)
            box_layout.addWidget(widget, 1)
            splitter.addWidget(box)
            for table in widget.findChildren(QTableView):
                # a title row and one row at the least: three tables stacked fit 614 px (768 at 125 %)
                table.setMinimumHeight(SECTION_TABLE_MIN_HEIGHT)
        # On a short screen (768 px at 125 %) the sections scroll as one rather than crushing each other.
        scroll = QScrollArea(self)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def retranslate_ui(self, translator: Translator) -> None:
        for label, (title, _widget) in zip(self.titles, self.sections):
            label.setText(translator.gettext(title))


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
        self.read: FamilyRead | None = None  # the newest shared read of the family
        self.loading = False
        self.dialog: FamilyDetailsDialog | None = None
        self._latest = Latest()
        self._closed = False  # jobs may finish after the window closed: their results are dropped
        self.open_url = QDesktopServices.openUrl  # tests put a recorder here
        self.editable = self.services.actor.can(Action.EDIT_CASES)
        # What every tab gets instead of this window; lambdas, so a test may replace a method here.
        self.card_context = CardContext(
            family_id=family_id, services=self.services, jobs=ctx.jobs, editable=self.editable, window=self,
            current_translator=lambda: self.i18n, current_read=lambda: self.read, reload=self.reload,
            run_write=lambda *args, **kwargs: self.run_write(*args, **kwargs),
            report_failure=lambda error: self.report_failure(error),
            notify=lambda text, error=False: self.notify(text, error),
            confirm=lambda question: self.confirm(question), open_url=lambda url: self.open_url(url),
            settings=getattr(ctx.window, "settings", None))
        self._build()
        ctx.events.changes_applied.connect(self.on_changes)
        ctx.events.language_changed.connect(self.retranslate_ui)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        self.resize(1150, 720)
        self.retranslate_ui(self.i18n)
        self.reload()

    @property
    def details(self):
        return self.read.details if self.read is not None else None

    @property
    def tasks(self) -> list:
        return list(self.read.tasks) if self.read is not None else []

    # --- building --------------------------------------------------------------------------
    def _build(self) -> None:
        self.title_label = QLabel(self)
        self.title_label.setObjectName("card_title")
        self.title_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.header_labels: dict[str, QLabel] = {}
        self.header_values: dict[str, QLabel] = {}
        header = QGridLayout()
        header.setHorizontalSpacing(12)
        header.setVerticalSpacing(2)
        for position, (key, _title) in enumerate(HEADER_FIELDS):
            label, value = QLabel(self), ElidedLabel(self)
            label.setStyleSheet("color: #555;")
            value.setObjectName(f"header_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.header_labels[key], self.header_values[key] = label, value
            row, column = position % HEADER_ROWS, (position // HEADER_ROWS) * 2
            header.addWidget(label, row, column)
            header.addWidget(value, row, column + 1)
        for column, stretch in ((1, 3), (3, 2), (5, 2)):  # the stage's words are the longest values that matter
            header.setColumnStretch(column, stretch)
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
        self.banner = ConflictBanner(self)
        self.banner.reload_requested.connect(self.reload)
        self.notice = QLabel(self)
        self.notice.setObjectName("card_notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.errors = InlineErrors(self, QLabel(self))
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("family_tabs")
        self.tabs.setUsesScrollButtons(False)  # the groups fit; a tab bar wider than the card is a test failure
        from gui.widgets.tab_cycling import install_tab_cycling
        install_tab_cycling(self.tabs)  # Ctrl+Tab / Ctrl+Shift+Tab from any field of the card
        context = self.card_context
        self.members_tab = MembersTab(context, self)
        self.documents_tab = DocumentsTab(context, self)
        self.status_tab = StatusTab(context, self)
        self.tasks_tab = TasksTab(context, self)
        self.timeline_tab = TimelineTab(context, self)
        self.attachments_tab = AttachmentsTab(context, self)
        self.built_in = [self.members_tab, self.documents_tab, self.status_tab, self.tasks_tab,
                         self.timeline_tab, self.attachments_tab]
        sections: dict[str, list[tuple[str, QWidget]]] = {key: [] for key, _title in CARD_GROUPS}
        group_titles: dict[str, str] = dict(CARD_GROUPS)
        for widget, (_key, title, group) in zip(self.built_in, BUILT_IN_TABS):
            sections[group].append((title, widget))
        self.plugged: list[tuple[object, CardTab]] = []
        for spec in family_tabs():
            if spec.action is not None and not self.services.actor.can(spec.action):
                continue
            widget = spec.factory(context, self.family_id)
            assert isinstance(widget, CardTab), spec.key
            widget.hosted = True
            widget.setObjectName(f"{spec.key}_tab")
            self.plugged.append((spec, widget))
            group = spec.group if spec.group in sections else spec.key  # unknown or none: a group of its own
            sections.setdefault(group, []).append((spec.title, widget))
            group_titles.setdefault(group, spec.title)
        self.sections: list[CardTab] = [*self.built_in, *(widget for _spec, widget in self.plugged)]
        self.groups: list[tuple[str, str, QWidget]] = []  # (key, title msgid, page)
        for key, members in sections.items():
            if not members:
                continue
            page = members[0][1] if len(members) == 1 else CardGroup(key, members, self)
            self.groups.append((key, group_titles[key], page))
            self.tabs.addTab(page, "")
        for table in self.findChildren(QTableView):
            fit_columns_to_width(table)  # columns share the width: elided text, the whole of it in a tooltip
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

    def group_title(self, title: str, translator: Translator) -> str:
        known = {text for _key, text in CARD_GROUPS}
        return translator.pgettext(GROUP_CONTEXT, title) if title in known else translator.gettext(title)

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator.gettext
        for index, (_key, title, page) in enumerate(self.groups):
            self.tabs.setTabText(index, self.group_title(title, translator))
            if isinstance(page, CardGroup):
                page.retranslate_ui(translator)
        for key, text in HEADER_FIELDS:
            self.header_labels[key].setText(_(text) + ":")
        self.stage_control.retranslate_ui(translator)
        self.contact_button.setText(_("Contact made today"))
        self.edit_button.setText(_("Edit details…"))
        self.printing.retranslate_ui(translator)
        self.banner.retranslate_ui(translator)
        self.basis_warning.retranslate_ui(translator)
        for tab in self.sections:
            tab.retranslate_ui(translator)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.retranslate_ui(translator)
        self._show_header()

    # --- loading -----------------------------------------------------------------------
    def reload(self) -> None:
        """Fetch the family and everything its tabs show in one read job; the card is disabled until it arrives."""
        self.loading = True
        self.body.setEnabled(False)
        generation = self._latest.next()
        services, family_id = self.services, self.family_id
        reference = (self.read.regions, self.read.countries) if self.read is not None else None
        opening = self.read is None  # the first load is the card being opened: the view log records it
        plugged = [widget for _spec, widget in self.plugged]

        def work(_progress) -> FamilyRead:
            # One read of the family for the whole card, its registered tabs included.
            with services.reading_together():
                regions, countries = reference or (services.reference.regions(), services.reference.countries())
                details = services.cases.details(family_id, record_view=opening)
                tasks = services.tasks.family_tasks(family_id)
                due = services.cases.due(details, [task.due_date for task in tasks if task.done_at is None])
                return FamilyRead(
                    details=details, tasks=tasks, attachments=services.attachments.for_family(family_id),
                    users=services.tasks.users(), history=services.history.family_history(family_id),
                    basis=services.privacy.family_basis(family_id), due=due, regions=regions, countries=countries,
                    plugged=[widget.load(services, family_id) for widget in plugged])

        def loaded(read: FamilyRead) -> None:
            if self._latest.is_current(generation) and not self._closed:  # a newer reload supersedes this one
                self._loaded(read)

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

    def _loaded(self, read: FamilyRead) -> None:
        self.read = read
        for tab in self.built_in:
            tab.show_loaded(None)
        for (_spec, widget), data in zip(self.plugged, read.plugged):
            widget.show_loaded(data)
        self._show_header()
        self.basis_warning.show_missing([p.full_name for p in read.basis.without_basis])
        self.loading = False
        self.body.setEnabled(True)
        for tab in self.sections:
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
        stage = tr.gettext(Stage.LABELS.get(d.stage, d.stage))  # the stage the case is in now
        if d.stage == Stage.CLOSED and d.closed_reason:
            stage += " — " + tr.gettext(CloseReason.LABELS.get(d.closed_reason, d.closed_reason))
        due = self.read.due
        next_due = tr.format_date(due.next_due_date) or "—"
        if due.overdue:
            next_due += " — " + tr.pgettext("due date", "overdue")
        context = self.card_context
        values = {"stage": stage, "status_until": tr.format_date(due.status_valid_until) or "—",
                  "next_due": next_due, "responsible": context.user_name_by_id(d.responsible_user_id),
                  "region": context.region_name(d.region_code), "arrival": tr.format_date(d.arrival_date) or "—",
                  "origin": context.country_name(d.origin_country_code) or "—",
                  "last_contact": tr.format_date(d.last_contact_date) or "—", "phone": d.phone or "—",
                  "address": d.address or "—"}
        for key, text in values.items():
            self.header_values[key].setText(text)
        self.header_values["next_due"].setStyleSheet(OVERDUE_STYLE if due.overdue else "")
        self.stage_control.show_stage(d.stage, tr)

    # --- reference names (the family details dialog asks the card) ------------------------
    def region_name(self, code: str | None) -> str:
        return self.card_context.region_name(code)

    def region_names(self) -> dict[str, str]:
        language = self.i18n.language
        return {row.code: row.name(language) for row in (self.read.regions if self.read else ())}

    def country_names(self) -> dict[str, str]:
        return self.card_context.country_names()

    def country_name(self, code: str | None) -> str:
        return self.card_context.country_name(code)

    def user_name(self, login: str) -> str:
        return self.card_context.user_name(login)

    def users(self) -> list:
        return self.card_context.users()

    def today(self):
        return self.services.clock().date()

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
