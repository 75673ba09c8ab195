"""The registry: search as you type in any spelling, filters, a lazily filled table sorted in SQL.

Only ids travel from the search job to the model; rows are fetched by page as they become
visible. Newer keystrokes supersede older searches (``gui.jobs.Latest``), the selection
is kept by family id across reloads, rows have a fixed height and columns are never sized
to their contents, so the screen stays instant at a million persons.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu, QTableView, \
    QVBoxLayout, QWidget

from domain.messages import N_
from domain.search import FamilyFilter
from gui import settings as keys
from gui.jobs import JobRunner, Latest
from gui.registry.case_table_model import COLUMNS, PAGE_SIZE, PRIORITY, SORT_FOR_COLUMN, CaseTableModel
from gui.registry.column_fit import fitting_columns
from gui.registry.filter_bar import FilterBar
from gui.registry.registry_toolbar import RegistryToolbar
from gui.registry.search_marks import FilterChips, MatchDelegate, SearchMarks, chip_texts, clear_one, hidden_text
from i18n import Translator

SEARCH_DELAY_MS = 150
ROW_HEIGHT = 24
DEFAULT_WIDTHS = {"case_number": 100, "name": 240, "iin": 110, "members": 70, "stage": 170, "region": 170,
                  "country": 130, "arrival_date": 90, "responsible": 150, "status_valid_until": 110,
                  "next_due": 100, "overdue": 90}


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
        self.searched = False  # a search has finished (work that may wait for the first screen asks)
        self._selected_id: int | None = None
        self._reference = None  # (regions, countries, workers) once loaded
        self.settings = None  # the UI settings, once restore_state has read them
        self.events = None  # AppEvents, for the bulk actions' change flags
        self._chosen: dict[str, bool] = {}  # columns the worker switched on or off in the header menu
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
        # Ctrl+click and Shift+click select several families for the bulk actions.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)  # the model's tooltip holds the whole text
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
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_context_menu_requested)
        self._fitting = False
        self._apply_widths({})
        header.sectionResized.connect(self._on_header_section_resized)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        from domain.permissions import Action
        from gui.session.empty_messages import registry_empty_message
        from gui.widgets.empty_state import install_empty_state
        self.empty_state = install_empty_state(self.table, lambda: registry_empty_message(
            self.i18n, bool(self.search_edit.text().strip() or self.filter_bar.active_count()),
            self.services.actor.can(Action.EDIT_CASES)), "registry_empty")
        self.table.installEventFilter(self)
        self.table.viewport().installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.toolbar = RegistryToolbar(self, translator)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("registry_message")
        # How each row matched the search (gui.registry.search_marks): marked words, «≈», chips.
        self.marks = SearchMarks()
        self.match_delegate = MatchDelegate(self.marks, self.model.family_id, translator, self.table)
        self.table.setItemDelegateForColumn(COLUMNS.index("name"), self.match_delegate)
        self.filter_chips = FilterChips(self)
        self.filter_chips.cleared.connect(lambda field: clear_one(self.filter_bar, field))
        self._hidden_by: list[str] = []
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
        # beside the search it clears too; the filters' row keeps its width for the five choices
        # (1366x768 at 125 %, in Kazakh), the search box gives way
        top.addWidget(self.filter_bar.clear_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.filter_chips)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message_label)
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
        self.toolbar.retranslate_ui(translator)
        self.match_delegate.i18n = translator
        self._update_chips()
        self._update_model_names()
        QTimer.singleShot(0, self.fit_columns)  # the headers' widths change with the language
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
            return cases.ranked_page(flt, sort, descending, PAGE_SIZE) if self._latest.is_current(generation) else None

        def everything(_progress):
            return cases.search(flt, sort, descending) if self._latest.is_current(generation) else None

        def finished(ids):
            if self._latest.is_current(generation):  # a newer keystroke superseded this search
                self._set_ids(ids, extend=True)
                self.searched = True
                self.search_finished.emit(len(ids))
                if not ids and self.filter_bar.active_count():
                    self._find_hiding_filters(flt, generation)

        def first_page_done(page):
            if not self._latest.is_current(generation):
                return
            rows = page.rows
            self.marks.set(flt.text, page.kind_of())
            self._hidden_by = []
            self._update_chips()
            ids = [row.family_id for row in rows]
            self._set_ids(ids, final=False, rows=rows)
            if len(ids) < PAGE_SIZE:  # that was all of it
                finished(ids)
            else:
                self.jobs.run(everything, on_success=finished)

        self.jobs.run(first_page, on_success=first_page_done)

    def _find_hiding_filters(self, flt: FamilyFilter, generation: int) -> None:
        """Nothing found with filters kept: ask which of them hides families (named by the count)."""
        cases = self.services.cases

        def work(_progress):
            return cases.hiding_filters(flt) if self._latest.is_current(generation) else None

        def done(fields):
            if self._latest.is_current(generation) and fields:
                texts = dict(chip_texts(self.filter_bar, self.i18n))
                self._hidden_by = [texts.get(field, field) for field in fields]
                self._show_count(0)

        self.jobs.run(work, on_success=done)

    def _update_chips(self) -> None:
        self.filter_chips.set_chips(chip_texts(self.filter_bar, self.i18n), self.i18n._("Remove this filter"))

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
        if count == 0 and self._hidden_by:
            text += " · " + hidden_text(self.i18n, self._hidden_by)
        self.count_label.setText(text)

    # --- state -------------------------------------------------------------------------------
    def save_state(self, settings) -> None:
        settings.set(keys.REGISTRY_COLUMN_WIDTHS, dict(self._widths))
        settings.set(keys.REGISTRY_COLUMNS_CHOSEN, self._chosen)
        self.toolbar.store(settings)
        settings.set(keys.REGISTRY_FILTER, self.filter_bar.values())
        settings.set(keys.REGISTRY_SORT, list(self._sort))

    def restore_state(self, settings) -> None:
        self.settings = settings
        self._apply_widths(settings.get(keys.REGISTRY_COLUMN_WIDTHS))
        self._chosen = {k: bool(v) for k, v in settings.get(keys.REGISTRY_COLUMNS_CHOSEN).items() if k in COLUMNS}
        self.toolbar.restore(settings)
        self.fit_columns()
        sort = settings.get(keys.REGISTRY_SORT)
        if len(sort) == 2 and sort[0] in SORT_FOR_COLUMN.values():
            self._sort = (sort[0], bool(sort[1]))
            column = next(c for c, s in SORT_FOR_COLUMN.items() if s == sort[0])
            self.table.horizontalHeader().setSortIndicator(
                COLUMNS.index(column), Qt.SortOrder.DescendingOrder if self._sort[1] else Qt.SortOrder.AscendingOrder)
        self.filter_bar.set_values(settings.get(keys.REGISTRY_FILTER))

    def _apply_widths(self, widths: dict) -> None:
        self._widths = {}
        self._fitting = True
        for index, column in enumerate(COLUMNS):
            width = widths.get(column) if isinstance(widths.get(column), int) else None
            self._widths[column] = max(40, min(width or DEFAULT_WIDTHS[column], 600))
            self.table.setColumnWidth(index, self._widths[column])
        self._fitting = False

    # --- columns that fit ----------------------------------------------------------------------
    def fit_columns(self) -> None:
        """Show what fits the table's width by priority, and what the worker chose (``column_fit``).
        A column is never narrower than its header in the current language."""
        header = self.table.horizontalHeader()
        widths = {column: max(self._widths[column], header.sectionSizeFromContents(index).width() + 6)
                  for index, column in enumerate(COLUMNS)}
        available = self.table.viewport().width() or self.width()
        shown = fitting_columns(COLUMNS, widths, PRIORITY, available, self._chosen)
        self._fitting = True  # these are not the worker's own resizes
        try:
            for index, column in enumerate(COLUMNS):
                self.table.setColumnHidden(index, column not in shown)
                if column in shown and self.table.columnWidth(index) < widths[column]:
                    self.table.setColumnWidth(index, widths[column])
        finally:
            self._fitting = False

    def _on_header_section_resized(self, index: int, _old: int, new: int) -> None:
        """Remember a width the worker dragged (not the stretched last column, not a fit)."""
        header = self.table.horizontalHeader()
        last = max((header.visualIndex(i) for i in range(len(COLUMNS)) if not self.table.isColumnHidden(i)),
                   default=-1)
        if not self._fitting and new > 0 and header.visualIndex(index) != last:
            self._widths[COLUMNS[index]] = new

    def shown_columns(self) -> list[str]:
        """Shown columns in their on-screen order (what an export of the view writes)."""
        header = self.table.horizontalHeader()
        return [COLUMNS[header.logicalIndex(v)] for v in range(len(COLUMNS))
                if not self.table.isColumnHidden(header.logicalIndex(v))]

    @staticmethod
    def column_index(column: str) -> int:
        return COLUMNS.index(column)

    def set_column_chosen(self, column: str, shown: bool) -> None:
        self._chosen[column] = shown
        self.fit_columns()

    def _on_header_context_menu_requested(self, position) -> None:
        self.columns_menu().popup(self.table.horizontalHeader().mapToGlobal(position))

    def columns_menu(self) -> QMenu:
        """Every column with a tick: the worker shows a column the width left out, or hides one."""
        menu = QMenu(self)
        menu.setObjectName("columns_menu")
        for index, column in enumerate(COLUMNS):
            action = menu.addAction(self.model.headerData(index, Qt.Orientation.Horizontal))
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(index))
            action.toggled.connect(lambda checked, c=column: self.set_column_chosen(c, checked))
        return menu

    # --- the view as a whole (saved filters, export) ----------------------------------------
    def sort_order(self) -> tuple[str, bool]:
        return self._sort

    def view_state(self) -> dict:
        return {"text": self.search_edit.text(), "filter": self.filter_bar.values(), "sort": list(self._sort),
                "columns": dict(self._chosen)}

    def apply_view_state(self, state: dict) -> None:
        sort = state.get("sort") or ["name", False]
        if len(sort) == 2 and sort[0] in SORT_FOR_COLUMN.values():
            self._set_sort(sort[0], bool(sort[1]))
        self._chosen = {k: bool(v) for k, v in (state.get("columns") or {}).items() if k in COLUMNS}
        self.fit_columns()
        self.search_edit.blockSignals(True)
        self.search_edit.setText(state.get("text") or "")
        self.search_edit.blockSignals(False)
        self.filter_bar.set_values(state.get("filter") or {})  # emits filter_changed: one refresh

    def _set_sort(self, sort: str, descending: bool) -> None:
        self._sort = (sort, descending)
        column = next(c for c, s in SORT_FOR_COLUMN.items() if s == sort)
        self.table.horizontalHeader().setSortIndicator(
            COLUMNS.index(column), Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)

    def selected_family_ids(self) -> list[int]:
        """The selected families in row order (read from the selection's ranges: a Shift+click over
        100 000 rows is one range, not 100 000 indexes)."""
        rows = sorted({row for part in self.table.selectionModel().selection()
                       for row in range(part.top(), part.bottom() + 1)})
        return [family_id for family_id in map(self.model.family_id, rows) if family_id is not None]

    def active_workers(self) -> list:
        return [w for w in self._reference[2] if w.active] if self._reference is not None else []

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)

    def _on_selection_changed(self, *_args) -> None:
        rows = {row for part in self.table.selectionModel().selection() for row in range(part.top(), part.bottom() + 1)}
        self.toolbar.update_selection(len(rows))

    # --- events ------------------------------------------------------------------------------
    def _on_header_clicked(self, section: int) -> None:
        column = "next_due" if COLUMNS[section] == "overdue" else COLUMNS[section]  # overdue = earliest due first
        if column not in SORT_FOR_COLUMN:
            sort, descending = self._sort
            current = next(c for c, s in SORT_FOR_COLUMN.items() if s == sort)
            self.table.horizontalHeader().setSortIndicator(
                COLUMNS.index(current), Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
            return
        sort = SORT_FOR_COLUMN[column]
        descending = not self._sort[1] if self._sort[0] == sort else False
        self._set_sort(sort, descending)
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
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self.fit_columns)  # after the view has laid out its scroll bars
            return False
        if watched is self.table and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.table.currentIndex().isValid():
                self.open_row(self.table.currentIndex().row())
                return True
        return super().eventFilter(watched, event)

    def on_changes(self, changes, initiator) -> None:
        if changes.families or changes.persons or changes.statuses or changes.tasks:
            self.refresh()
        if changes.users and self._reference is not None:
            self._load_reference()


def _create(ctx) -> RegistryView:
    view = RegistryView(ctx.services, ctx.jobs, ctx.translator)
    view.events = ctx.events
    if ctx.window is not None:
        view.family_opened.connect(ctx.window.open_family)
    return view


def _register() -> None:
    from gui.screens import ScreenSpec, register_screen
    register_screen(ScreenSpec("registry", N_("Registry"), _create, order=10))


_register()
