"""The audit log for supervisors and administrators, read as a history: filter by case, person, user,
kind of action and of record, and period; each change by field label with its values in words."""
from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLabel, \
    QLineEdit, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from domain.messages import N_
from domain.permissions import Action
from gui.forms.date_edit import OptionalDateEdit
from gui.jobs import Latest
from gui.admin.translated_progress import TranslatedProgress
from gui.admin.audit_table_model import COLUMNS, SORT_FOR_COLUMN, AuditTableModel
from gui.widgets.tables import long_table
from i18n import Translator
from services import history_text
from services.dto_admin import AuditFilter

MAX_ROWS = 100_000  # newest first; narrow the filter to reach older entries


class AuditView(QWidget):
    def __init__(self, services, jobs, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.jobs = jobs
        self.i18n = translator
        self._sort = ("id", True)
        self._latest = Latest()  # only the newest search may fill the table
        self.case_edit = QLineEdit(self)
        self.case_edit.setObjectName("case_edit")
        self.person_edit = QLineEdit(self)
        self.person_edit.setObjectName("person_edit")
        self.user_edit = QComboBox(self)
        self.user_edit.setObjectName("user_edit")
        self.action_edit = QComboBox(self)
        self.action_edit.setObjectName("action_edit")
        self.entity_edit = QComboBox(self)
        self.entity_edit.setObjectName("entity_edit")
        self.since_edit = OptionalDateEdit(self, name="since_edit")
        self.until_edit = OptionalDateEdit(self, name="until_edit")
        self.verify_button = QPushButton(self)
        self.verify_button.setObjectName("verify_button")
        self.verify_button.clicked.connect(self._on_verify_button_clicked)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("status_label")
        self.captions = [QLabel(self) for _ in range(6)]
        # two rows of filters: who and what it is about, then which kind and when (fits 1280 px)
        filters = QVBoxLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        for row, pairs in ((first, ((0, self.case_edit), (1, self.person_edit), (2, self.user_edit))),
                           (second, ((3, self.action_edit), (4, self.entity_edit), (5, self.since_edit)))):
            for index, field in pairs:
                self.captions[index].setBuddy(field)
                row.addWidget(self.captions[index])
                row.addWidget(field, 1)
        self.dash = QLabel("—", self)
        second.addWidget(self.dash)
        second.addWidget(self.until_edit, 1)
        first.addWidget(self.verify_button)
        filters.addLayout(first)
        filters.addLayout(second)
        self.model = AuditTableModel(services.history.entries, translator, self, jobs=jobs)
        self.table = long_table(self, self.model, "audit_table")
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        header.sectionClicked.connect(self._on_header_clicked)
        header.setStretchLastSection(True)
        # the details column takes what is left (fits 1280 px with the navigation beside it)
        for column, width in zip(COLUMNS[:-1], (55, 120, 150, 80, 250)):
            self.table.setColumnWidth(COLUMNS.index(column), width)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        from gui.session.empty_messages import audit_empty_message
        from gui.widgets.empty_state import install_empty_state
        self.empty_state = install_empty_state(self.table, lambda: audit_empty_message(self.i18n), "audit_empty")
        self.changes_table = QTableWidget(0, 3, self)
        self.changes_table.setObjectName("changes_table")
        self.changes_table.verticalHeader().setVisible(False)
        self.changes_table.horizontalHeader().setStretchLastSection(True)
        self.changes_table.setColumnWidth(0, 240)  # field labels such as "Relation to the head"
        self.changes_table.setColumnWidth(1, 340)
        self.changes_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.changes_table)
        splitter.setSizes([420, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status_label)
        for signal in (self.user_edit.currentIndexChanged, self.entity_edit.currentIndexChanged,
                       self.action_edit.currentIndexChanged, self.since_edit.dateChanged,
                       self.until_edit.dateChanged):
            signal.connect(lambda *_: self.refresh())
        self.case_edit.editingFinished.connect(self.refresh)
        self.person_edit.editingFinished.connect(self.refresh)
        self.retranslate_ui(translator)

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        self.model.retranslate(translator)
        _ = translator.gettext
        for caption, text in zip(self.captions, (_("Case no."), _("Person"), _("User"), _("Action"),
                                                  _("Record type"), _("Period"))):
            caption.setText(text)
        self.case_edit.setPlaceholderText(_("any"))
        self.person_edit.setPlaceholderText(_("name or IIN"))
        self._fill_actions()
        for edit in (self.since_edit, self.until_edit):
            edit.set_empty_text(_("any"))
        self.verify_button.setText(_("Check integrity"))
        self.empty_state.update()
        self.changes_table.setHorizontalHeaderLabels([_("Field"), _("Before"), _("After")])
        for combo in (self.user_edit, self.entity_edit):
            if combo.count():
                combo.setItemText(0, _("all"))
        for index in range(1, self.entity_edit.count()):
            self.entity_edit.setItemText(index, history_text.record_kind(self.entity_edit.itemData(index), translator))
        self._on_table_current_row_changed(self.table.currentIndex(), None)

    def _fill_actions(self) -> None:
        self._fill_combo(self.action_edit, [(code, self.i18n.gettext(label))
                                            for code, label in history_text.ACTION_LABELS.items()])

    def _fill_combo(self, combo: QComboBox, values: list[tuple[str, str]]) -> None:
        """``values``: (code, text in words) pairs after an "all" item."""
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.i18n._("all"), None)
        for value, text in values:
            combo.addItem(text, value)
        index = combo.findData(current)
        combo.setCurrentIndex(index if index >= 0 else 0)
        combo.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        return AuditFilter(actor=self.user_edit.currentData(), entity=self.entity_edit.currentData(),
                           action=self.action_edit.currentData(),
                           case_number=self.case_edit.text().strip() or None,
                           person=self.person_edit.text().strip() or None,
                           since=self.since_edit.value(), until=self.until_edit.value())

    def refresh(self) -> None:
        flt, (sort, descending) = self.current_filter(), self._sort
        generation = self._latest.next()

        def load(_progress):
            return (generation, self.services.audit.search(flt, sort, descending, limit=MAX_ROWS),
                    self.services.audit.count(flt), self.services.history.users(), self.services.audit.entities())

        self.jobs.run(load, on_success=self._on_loaded, label="", parent_widget=self)

    def _on_loaded(self, result) -> None:
        generation, ids, total, actors, entities = result
        if not self._latest.is_current(generation):
            return
        self._fill_combo(self.user_edit, actors)
        self._fill_combo(self.entity_edit, [(entity, history_text.record_kind(entity, self.i18n))
                                            for entity in entities])
        self.model.set_ids(ids)
        self.changes_table.setRowCount(0)
        if total > len(ids):
            self.status_label.setText(self.i18n.format("Showing {shown} of {count} entries; narrow the filter to see "
                                                       "the others.", shown=self.i18n.format_number(len(ids)),
                                                       count=self.i18n.format_number(total)))
        else:
            self.status_label.setText(self.i18n.ngettext("{count} entry", "{count} entries", total).format(
                count=self.i18n.format_number(total)))

    def _on_header_clicked(self, section: int) -> None:
        column = SORT_FOR_COLUMN[COLUMNS[section]]
        descending = not self._sort[1] if self._sort[0] == column else False
        self._sort = (column, descending)
        self.table.horizontalHeader().setSortIndicator(
            section, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        self.refresh()

    def _on_table_current_row_changed(self, current, _previous) -> None:
        entry = self.model.entry(current.row())
        self.changes_table.setRowCount(0)
        if entry is None:
            return
        changes = history_text.changes(entry, self.i18n)
        self.changes_table.setRowCount(len(changes))
        for row, change in enumerate(changes):
            for column, value in enumerate((change.label, change.before, change.after)):
                self.changes_table.setItem(row, column, QTableWidgetItem(value))

    def _on_verify_button_clicked(self) -> None:
        self.jobs.run(lambda progress: self.services.audit.verify(TranslatedProgress(progress, self.i18n)), on_success=self._on_verified,
                      label=self.i18n._("Checking the audit log…"), parent_widget=self)

    def _on_verified(self, result) -> None:
        if result.ok:
            text = self.i18n.ngettext("The audit log is intact: {count} entry checked.",
                                      "The audit log is intact: {count} entries checked.",
                                      result.checked).format(count=result.checked)
        else:
            text = self.i18n.format(result.message, **result.params)
        if result.anchor_count is not None:  # which anchor outside the database was compared
            text += "\n" + self.i18n.format("Anchor checked: {path} (entries: {count}, head {hash}).",
                                             path=result.anchor_path, count=result.anchor_count,
                                             hash=result.anchor_hash[:12])
        self.status_label.setText(text)

    def on_changes(self, changes, initiator) -> None:
        if self.isVisible():
            self.refresh()


def _create(ctx) -> AuditView:
    return AuditView(ctx.services, ctx.jobs, ctx.translator)


def _register() -> None:
    from gui.screens import ScreenSpec, register_screen
    register_screen(ScreenSpec("audit", N_("Audit log"), _create, order=900, action=Action.VIEW_AUDIT))


_register()
