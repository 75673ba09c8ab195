""""My work": the signed-in worker's day on one screen, the first one a case worker sees.

Five sections (overdue tasks, this week's tasks, statuses ending within 60 days, payments due,
families without contact for 90 days), each line one double-click or Enter away from the
family's card. A supervisor picks a worker, or the unassigned. What is due is decided in
``domain.workload``; this screen only lays out ``services.workload.my_work``.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QPushButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from domain.messages import N_
from domain.permissions import Action
from domain.subsidies import SupportKind
from domain.workload import WorkSection
from gui.privacy.my_work_notice import MyWorkBasisNotice
from reports.message_text import render_message
from i18n import Translator
from services.workload import UNASSIGNED, WorkItem

COLUMNS = (N_("Case"), N_("Head of family"), N_("Date"), N_("What is due"))
COLUMN_WIDTHS = (140, 260, 100)  # the case number sits behind the section's indent
OVERDUE_COLOUR = QColor(180, 30, 30)
FAMILY_ROLE = int(Qt.ItemDataRole.UserRole)


class MyWorkView(QWidget):
    family_opened = Signal(int)
    loaded = Signal(int)  # number of lines shown

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.services = ctx.services
        self.i18n: Translator = ctx.translator
        self._generation = 0
        self._summary = None
        self._workers: list = []
        self.supervising = self.services.workload.can_reassign()
        self.worker_edit = QComboBox(self)
        self.worker_edit.setObjectName("worker_edit")
        self.worker_edit.setVisible(self.supervising)
        # as wide as its longest choice ("Unassigned families and tasks" in Kazakh): the title gives way
        self.worker_edit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("my_work_title")
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("open_family_button")
        self.open_button.clicked.connect(self.open_selected_family)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("work_tree")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.tree.setColumnWidth(column, width)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.tree.installEventFilter(self)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("my_work_empty")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.worker_edit)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        self.basis_notice = MyWorkBasisNotice(ctx, self)  # personal data: own families lacking a basis
        layout.addWidget(self.basis_notice)
        layout.addWidget(self.tree, 1)
        self.retranslate_ui(self.i18n)
        self.worker_edit.currentIndexChanged.connect(lambda _i: self.refresh())
        if self.supervising:
            self._load_workers()

    # --- language ---------------------------------------------------------------------------
    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator._
        self.tree.setHeaderLabels([translator.gettext(title) for title in COLUMNS])
        self.open_button.setText(_("Open family"))
        self.open_button.setToolTip(_("Open the card of the selected family (Enter or double-click)"))
        self.worker_edit.setToolTip(_("Whose work to show"))
        self._fill_workers()
        self.basis_notice.retranslate_ui(translator)
        self._show(self._summary)

    # --- workers (supervisor) -------------------------------------------------------------
    def _load_workers(self) -> None:
        workers = self.services.workers

        def done(rows) -> None:
            self._workers = [w for w in rows if w.active]
            self._fill_workers()

        self.ctx.jobs.run(lambda _p: workers.list(), on_success=done)

    def _fill_workers(self) -> None:
        if not self.supervising:
            return
        current = self.worker_edit.currentData()
        self.worker_edit.blockSignals(True)
        self.worker_edit.clear()
        self.worker_edit.addItem(self.i18n._("Unassigned families and tasks"), UNASSIGNED)
        for worker in self._workers:
            self.worker_edit.addItem(worker.label, worker.id)
        own = self.services.actor.user_id
        index = self.worker_edit.findData(current if current is not None else own)
        self.worker_edit.setCurrentIndex(max(index, 0))
        self.worker_edit.blockSignals(False)

    # --- loading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        worker = self.worker_edit.currentData() if self.supervising else None
        workload = self.services.workload

        def done(summary) -> None:
            if generation == self._generation:
                self._summary = summary
                self._show(summary)
                self.loaded.emit(len(summary.items))

        self.ctx.jobs.run(lambda _p: workload.my_work(worker), on_success=done)
        self.basis_notice.refresh()

    def _show(self, summary) -> None:
        tr = self.i18n
        self.tree.clear()
        if summary is None:
            self.title_label.setText(tr._("My work"))
            return
        self.title_label.setText(tr.format("My work for {date}", date=tr.format_date(summary.today)))
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for section in WorkSection.ALL:
            items = summary.section(section)
            if not items:
                continue
            head = QTreeWidgetItem(self.tree, [tr.format("{title} ({count})", title=tr.gettext(
                WorkSection.LABELS[section]), count=tr.format_number(len(items)))])
            head.setFirstColumnSpanned(True)
            head.setFont(0, bold)
            head.setData(0, Qt.ItemDataRole.UserRole + 1, section)
            head.setFlags(head.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            for item in items:
                self._line(head, item, summary.today)
            head.setExpanded(True)
        empty = not summary.items
        self.empty_label.setVisible(empty)
        self.empty_label.setText(tr._("Nothing is due: no overdue or this week's tasks, no status ending within "
                                      "60 days, no payment due and every family contacted within 90 days. "
                                      "New tasks appear here as they fall due.") if empty else "")

    def _line(self, parent: QTreeWidgetItem, item: WorkItem, today) -> None:
        texts = [item.case_number, item.head_name, self.i18n.format_date(item.day), self._what(item)]
        line = QTreeWidgetItem(parent, texts)
        for column, text in enumerate(texts):
            line.setToolTip(column, text)  # the whole text where the column cuts it
        line.setData(0, FAMILY_ROLE, item.family_id)
        if item.day is not None and item.day < today:
            for column in (2, 3):
                line.setForeground(column, QBrush(OVERDUE_COLOUR))

    def _what(self, item: WorkItem) -> str:
        tr = self.i18n
        if item.section in (WorkSection.OVERDUE_TASKS, WorkSection.WEEK_TASKS):
            return item.detail if item.kind == "manual" else render_message(item.detail, item.detail_params, tr)
        if item.section == WorkSection.STATUS_EXPIRING:
            return tr.format("Kandas status of {name} ends", name=item.detail)
        if item.section == WorkSection.PAYMENTS_DUE:
            return tr.format("{kind}: {amount} unpaid", kind=tr.gettext(SupportKind.LABELS.get(item.kind, item.kind)),
                             amount=tr.format_money(item.amount))
        if item.day is None:
            return tr._("No contact recorded")
        return tr.format("Last contact {date}", date=tr.format_date(item.day))

    # --- opening a card ----------------------------------------------------------------------
    def family_id_of(self, line: QTreeWidgetItem | None) -> int | None:
        return line.data(0, FAMILY_ROLE) if line is not None else None

    def lines(self, section: str) -> list[QTreeWidgetItem]:
        for index in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(index)
            if head.data(0, Qt.ItemDataRole.UserRole + 1) == section:
                return [head.child(i) for i in range(head.childCount())]
        return []

    def _on_tree_item_activated(self, line: QTreeWidgetItem, _column: int) -> None:
        family_id = self.family_id_of(line)
        if family_id is not None:
            self.family_opened.emit(family_id)

    def open_selected_family(self) -> None:
        self._on_tree_item_activated(self.tree.currentItem(), 0)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if watched is self.tree and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.tree.currentItem() is not None:
            self.open_selected_family()
            return True
        return super().eventFilter(watched, event)

    def on_changes(self, changes, initiator) -> None:
        if changes.tasks or changes.families or changes.statuses or changes.payments:
            self.refresh()
        if changes.users and self.supervising:
            self._load_workers()


def _create(ctx) -> MyWorkView:
    view = MyWorkView(ctx)
    window = ctx.window
    if window is not None:  # a WindowHost (gui.screens); tests may build the screen alone
        view.family_opened.connect(window.open_family)
    return view


def _register() -> None:
    from gui.screens import ScreenSpec, register_screen
    register_screen(ScreenSpec("my_work", N_("My work"), _create, order=5, action=Action.VIEW_CASES))


_register()
