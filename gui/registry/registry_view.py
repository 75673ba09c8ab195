"""The registry: search as you type in any spelling, a lazily filled table sorted in SQL."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, \
    QVBoxLayout, QWidget

from domain.messages import N_
from domain.search import FamilyFilter
from gui.jobs import JobRunner
from gui.registry.case_table_model import COLUMNS, PAGE_SIZE, SORT_FOR_COLUMN, CaseTableModel
from i18n import Translator

SEARCH_DELAY_MS = 150


class RegistryView(QWidget):
    family_opened = Signal(int)
    search_finished = Signal(int)  # number of families found

    def __init__(self, services, jobs: JobRunner, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.jobs = jobs
        self.i18n = translator
        self._sort = ("name", False)
        self._generation = 0
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("search_edit")
        self.search_edit.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count_label")
        self.model = CaseTableModel(services.cases.rows, translator, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("registry_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(COLUMNS.index("name"), Qt.SortOrder.AscendingOrder)
        header.sectionClicked.connect(self._on_header_clicked)
        header.setStretchLastSection(True)
        for column, width in zip(COLUMNS, (100, 300, 110, 70, 200, 200, 130, 90)):
            self.table.setColumnWidth(COLUMNS.index(column), width)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self._names_by_language: dict[str, tuple[dict, dict]] = {}
        self.retranslate_ui(translator)

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        self.search_edit.setPlaceholderText(translator._("Search by name in any spelling, IIN or case number"))
        regions, countries = self._reference_names(translator.language)
        self.model.retranslate(translator, regions, countries)
        self._show_count(self.model.rowCount())

    def _reference_names(self, language: str) -> tuple[dict, dict]:
        if language not in self._names_by_language:
            regions = {r.code: r.name(language) for r in self.services.reference.regions()}
            countries = {c.code: c.name(language) for c in self.services.reference.countries()}
            self._names_by_language[language] = (regions, countries)
        return self._names_by_language[language]

    def current_filter(self) -> FamilyFilter:
        return FamilyFilter(text=self.search_edit.text().strip())

    def refresh(self) -> None:
        """Search in two steps: the first page as soon as it is ready, then every id (for the
        count and scrolling), so each keystroke shows rows fast even on a million persons."""
        self._generation += 1
        generation = self._generation
        flt = self.current_filter()
        sort, descending = self._sort
        cases = self.services.cases

        # A job that waited in the read pool behind older searches skips its query when a newer
        # keystroke has superseded it (the pool has two threads; a full list can take a second).
        def first_page(_progress):
            return cases.search(flt, sort, descending, limit=PAGE_SIZE) if generation == self._generation else None

        def everything(_progress):
            return cases.search(flt, sort, descending) if generation == self._generation else None

        def finished(ids):
            if generation == self._generation:  # a newer keystroke superseded this search
                self.model.extend_ids(ids)
                self._show_count(len(ids))
                self.search_finished.emit(len(ids))

        def first_page_done(ids):
            if generation != self._generation:
                return
            self.model.set_ids(ids)
            if len(ids) < PAGE_SIZE:  # that was all of it
                finished(ids)
            else:
                self.jobs.run(everything, on_success=finished)

        self.jobs.run(first_page, on_success=first_page_done)

    def _show_count(self, count: int) -> None:
        self.count_label.setText(self.i18n.ngettext("{count} family", "{count} families", count).format(
            count=self.i18n.format_number(count)))

    def _on_header_clicked(self, section: int) -> None:
        column = COLUMNS[section]
        if column not in SORT_FOR_COLUMN:
            return
        sort = SORT_FOR_COLUMN[column]
        descending = not self._sort[1] if self._sort[0] == sort else False
        self._sort = (sort, descending)
        self.table.horizontalHeader().setSortIndicator(
            section, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        self.refresh()

    def _on_table_double_clicked(self, index) -> None:
        family_id = self.model.family_id(index.row())
        if family_id is not None:
            self.family_opened.emit(family_id)

    def on_changes(self, changes, initiator) -> None:
        if changes.families or changes.persons:
            self.refresh()


def _create(ctx) -> RegistryView:
    view = RegistryView(ctx.services, ctx.jobs, ctx.translator)
    if ctx.window is not None and hasattr(ctx.window, "open_family"):
        view.family_opened.connect(ctx.window.open_family)
    return view


def _register() -> None:
    from gui.screens import ScreenSpec, register_screen
    register_screen(ScreenSpec("registry", N_("Registry"), _create, order=10))


_register()
