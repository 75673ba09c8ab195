"""The registry: search as you type in any spelling, filters, a lazily filled table sorted in SQL.

Only ids travel from the search job to the model; rows are fetched by page as they become
visible. Newer keystrokes supersede older searches (``gui.jobs.Latest``), the selection
is kept by family id across reloads, rows have a fixed height and columns are never sized
to their contents, so the screen stays instant at a million persons.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, \
    QVBoxLayout, QWidget

from domain.messages import N_
from domain.search import FamilyFilter
from gui import settings as keys
from gui.jobs import JobRunner, Latest
from gui.registry.case_table_model import COLUMNS, PAGE_SIZE, SORT_FOR_COLUMN, CaseTableModel
from gui.registry.filter_bar import FilterBar
from i18n import Translator

SEARCH_DELAY_MS = 150
ROW_HEIGHT = 24
DEFAULT_WIDTHS = {"case_number": 100, "name": 300, "iin": 110, "members": 70, "stage": 210, "region": 200,
                  "country": 130, "arrival_date": 90, "responsible": 150}


class RegistryView(QWidget):
    family_opened = Signal(int)
    search_finished = Signal(int)  # number of families found

    def __init__(self, services, jobs: JobRunner, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.jobs = jobs
        self.i18n = translator
        self._sort = ("name", False)
        self._latest = Latest()
        self._selected_id: int | None = None
        self._reference = None  # (regions, countries, workers) once loaded
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("search_edit")
        self.search_edit.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count_label")
        self.filter_bar = FilterBar(translator, self)
        self.model = CaseTableModel(services.cases.rows, translator, parent=self, jobs=jobs)
        self.table = QTableView(self)
        self.table.setObjectName("registry_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(COLUMNS.index("name"), Qt.SortOrder.AscendingOrder)
        header.sectionClicked.connect(self._on_header_clicked)
        header.setStretchLastSection(True)
        self._apply_widths({})
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        self.search_edit.returnPressed.connect(self._on_search_return_pressed)
        self.filter_bar.filter_changed.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.filter_bar.period)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.table, 1)
        self.retranslate_ui(translator)
        self._load_reference()

    # --- reference lists (off the GUI thread) -------------------------------------------
    def _load_reference(self) -> None:
        services = self.services

        def work(_progress):
            return services.reference.regions(), services.reference.countries(), services.workers.list(True)

        self.jobs.run(work, on_success=self._on_reference_loaded)

    def _on_reference_loaded(self, reference) -> None:
        self._reference = reference
        regions, countries, workers = reference
        self.filter_bar.set_reference(regions, countries, [w for w in workers if w.active])
        self._update_model_names()

    def _update_model_names(self) -> None:
        language = self.i18n.language
        if self._reference is None:
            self.model.retranslate(self.i18n, {}, {})
            return
        regions, countries, workers = self._reference
        self.model.retranslate(self.i18n, {r.code: r.name(language) for r in regions},
                               {c.code: c.name(language) for c in countries},
                               {w.id: w.label for w in workers})

    # --- language -------------------------------------------------------------------------
    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        self.search_edit.setPlaceholderText(translator._("Search by name in any spelling, IIN or case number"))
        self.filter_bar.retranslate_ui(translator)
        self._update_model_names()
        self._show_count(self.model.rowCount())

    # --- searching --------------------------------------------------------------------------
    def current_filter(self) -> FamilyFilter:
        return FamilyFilter(text=self.search_edit.text().strip(), **self.filter_bar.filter_fields())

    def refresh(self) -> None:
        """Search in two steps: the first page as soon as it is ready, then every id (for the
        count and scrolling), so each keystroke shows rows fast even on a million persons."""
        self._timer.stop()
        generation = self._latest.next()
        flt = self.current_filter()
        sort, descending = self._sort
        cases = self.services.cases

        # A job that waited in the read pool behind older searches skips its query when a newer
        # keystroke has superseded it (the pool has two threads; a full list can take a second).
        def first_page(_progress):  # ids and their rows in one unit of work: nothing more to fetch to paint
            return cases.first_page(flt, sort, descending, PAGE_SIZE) if self._latest.is_current(generation) else None

        def everything(_progress):
            return cases.search(flt, sort, descending) if self._latest.is_current(generation) else None

        def finished(ids):
            if self._latest.is_current(generation):  # a newer keystroke superseded this search
                self._set_ids(ids, extend=True)
                self.search_finished.emit(len(ids))

        def first_page_done(rows):
            if not self._latest.is_current(generation):
                return
            ids = [row.family_id for row in rows]
            self._set_ids(ids, final=False, rows=rows)
            if len(ids) < PAGE_SIZE:  # that was all of it
                finished(ids)
            else:
                self.jobs.run(everything, on_success=finished)

        self.jobs.run(first_page, on_success=first_page_done)

    def _set_ids(self, ids, extend: bool = False, final: bool = True, rows=()) -> None:
        keep = self._selected_id
        if extend:
            self.model.extend_ids(ids)  # the rest after the first page: no reset, the view stays
        else:
            self.model.set_ids(ids, rows)
        if final:  # the first page alone would show a count that is about to change
            self._show_count(len(ids))
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self._select_row(row)
        else:
            self._selected_id = keep  # remembered: it may come back when the filter is relaxed

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def select_family(self, family_id: int) -> None:
        """Select a family (e.g. one just registered) now or as soon as it is in the list."""
        self._selected_id = family_id
        row = self.model.row_of(family_id)
        if row is not None:
            self._select_row(row)

    def selected_family_id(self) -> int | None:
        return self._selected_id

    def _show_count(self, count: int) -> None:
        text = self.i18n.ngettext("{count} family", "{count} families", count).format(
            count=self.i18n.format_number(count))
        active = self.filter_bar.active_count()
        if active:
            text += " · " + self.i18n.ngettext("{count} filter", "{count} filters", active).format(count=active)
        self.count_label.setText(text)

    # --- state -------------------------------------------------------------------------------
    def save_state(self, settings) -> None:
        settings.set(keys.REGISTRY_COLUMN_WIDTHS, {c: self.table.columnWidth(i) for i, c in enumerate(COLUMNS)})
        settings.set(keys.REGISTRY_FILTER, self.filter_bar.values())
        settings.set(keys.REGISTRY_SORT, list(self._sort))

    def restore_state(self, settings) -> None:
        self._apply_widths(settings.get(keys.REGISTRY_COLUMN_WIDTHS))
        sort = settings.get(keys.REGISTRY_SORT)
        if len(sort) == 2 and sort[0] in SORT_FOR_COLUMN.values():
            self._sort = (sort[0], bool(sort[1]))
            column = next(c for c, s in SORT_FOR_COLUMN.items() if s == sort[0])
            self.table.horizontalHeader().setSortIndicator(
                COLUMNS.index(column), Qt.SortOrder.DescendingOrder if self._sort[1] else Qt.SortOrder.AscendingOrder)
        self.filter_bar.set_values(settings.get(keys.REGISTRY_FILTER))

    def _apply_widths(self, widths: dict) -> None:
        for index, column in enumerate(COLUMNS):
            width = widths.get(column) if isinstance(widths.get(column), int) else None
            self.table.setColumnWidth(index, max(40, width or DEFAULT_WIDTHS[column]))

    # --- events ------------------------------------------------------------------------------
    def _on_header_clicked(self, section: int) -> None:
        column = COLUMNS[section]
        if column not in SORT_FOR_COLUMN:
            sort, descending = self._sort
            current = next(c for c, s in SORT_FOR_COLUMN.items() if s == sort)
            self.table.horizontalHeader().setSortIndicator(
                COLUMNS.index(current), Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
            return
        sort = SORT_FOR_COLUMN[column]
        descending = not self._sort[1] if self._sort[0] == sort else False
        self._sort = (sort, descending)
        self.table.horizontalHeader().setSortIndicator(
            section, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        self.refresh()

    def _on_current_row_changed(self, current, _previous) -> None:
        family_id = self.model.family_id(current.row()) if current.isValid() else None
        if family_id is not None:
            self._selected_id = family_id

    def _on_table_double_clicked(self, index) -> None:
        self.open_row(index.row())

    def open_row(self, row: int) -> None:
        family_id = self.model.family_id(row)
        if family_id is not None:
            self.family_opened.emit(family_id)

    def _on_search_return_pressed(self) -> None:
        """Enter in the search box: search now; with one hit (or a selection) open it."""
        if self._timer.isActive():
            self.refresh()
            return
        if self.model.rowCount() == 1:
            self.open_row(0)
        elif self.table.currentIndex().isValid():
            self.open_row(self.table.currentIndex().row())

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if watched is self.table and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.table.currentIndex().isValid():
                self.open_row(self.table.currentIndex().row())
                return True
        return super().eventFilter(watched, event)

    def on_changes(self, changes, initiator) -> None:
        if changes.families or changes.persons or changes.statuses:
            self.refresh()
        if changes.users and self._reference is not None:
            self._load_reference()


def _create(ctx) -> RegistryView:
    view = RegistryView(ctx.services, ctx.jobs, ctx.translator)
    if ctx.window is not None:
        view.family_opened.connect(ctx.window.open_family)
    return view


def _register() -> None:
    from gui.screens import ScreenSpec, register_screen
    register_screen(ScreenSpec("registry", N_("Registry"), _create, order=10))


_register()
