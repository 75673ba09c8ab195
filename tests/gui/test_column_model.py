"""The shared column-declared table model, on its own: headers, roles, language, resets, lazy rows."""
from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from domain.messages import N_
from gui.quotas.row_model import RowTableModel
from gui.widgets.column_model import RIGHT_ALIGNED, Column, ColumnTableModel, PagedColumnTableModel
from i18n import Translator

pytestmark = pytest.mark.gui

RED = QColor("#c62828")
PINK = QColor("#f8d7da")


@dataclass(frozen=True)
class Family:
    id: int
    case_number: str
    head_name: str
    persons: int
    due: dt.date
    overdue: bool = False


COLUMNS = [
    Column("case_number", N_("Case"), lambda r, tr: r.case_number),
    Column("head", N_("Head of family"), lambda r, tr: r.head_name,
           tooltip=lambda r, tr: f"{r.head_name} ({r.case_number})"),
    Column("persons", N_("Persons"), lambda r, tr: tr.format_number(r.persons), lambda r: r.persons, numeric=True),
    Column("due", N_("Due date"), lambda r, tr: tr.format_date(r.due)),
]
FAMILIES = [
    Family(7, "KZ-7", "Әлия Сейітқызы", 4, dt.date(2026, 3, 1), overdue=True),
    Family(9, "KZ-9", "Иван Петров", 1200, dt.date(2026, 12, 31)),
]


def model_with_rows(translator=None, **options) -> ColumnTableModel:
    model = ColumnTableModel(COLUMNS, translator or Translator("en"), **options)
    model.set_rows(FAMILIES)
    return model


def cell(model, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def test_empty_model_has_headers_but_no_rows(qtmodeltester):
    model = ColumnTableModel(COLUMNS, Translator("en"))
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (0, 4)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Case"
    assert model.headerData(4, Qt.Orientation.Horizontal) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.row_at(0) is None and model.rows == []
    assert model.data(model.index(0, 0)) is None


def test_rows_are_shown_through_their_columns(qtmodeltester):
    model = model_with_rows(colour=lambda r: RED if r.overdue else None, colour_columns=["due"],
                            background=lambda r: PINK if r.overdue else None, bold=lambda r: r.persons > 100)
    qtmodeltester.check(model)
    assert [cell(model, 1, c) for c in range(4)] == ["KZ-9", "Иван Петров", "1,200", "31.12.2026"]
    assert cell(model, 0, 1, Qt.ItemDataRole.ToolTipRole) == "Әлия Сейітқызы (KZ-7)"
    assert cell(model, 0, 0, Qt.ItemDataRole.ToolTipRole) == "KZ-7"  # no tooltip declared: the text
    assert cell(model, 0, 2, Qt.ItemDataRole.TextAlignmentRole) == RIGHT_ALIGNED
    assert cell(model, 0, 0, Qt.ItemDataRole.TextAlignmentRole) is None
    assert cell(model, 0, 3, Qt.ItemDataRole.ForegroundRole).color() == RED
    assert cell(model, 0, 0, Qt.ItemDataRole.ForegroundRole) is None  # only the declared colour columns
    assert cell(model, 1, 3, Qt.ItemDataRole.ForegroundRole) is None
    assert cell(model, 0, 0, Qt.ItemDataRole.BackgroundRole).color() == PINK
    assert cell(model, 1, 0, Qt.ItemDataRole.BackgroundRole) is None
    assert cell(model, 1, 0, Qt.ItemDataRole.FontRole).bold() and cell(model, 0, 0, Qt.ItemDataRole.FontRole) is None
    assert [cell(model, r, 0, Qt.ItemDataRole.UserRole) for r in range(2)] == [7, 9]
    assert cell(model, 0, 0, Qt.ItemDataRole.DecorationRole) is None
    assert model.row_at(1) is FAMILIES[1] and model.row_at(2) is None and model.row_at(-1) is None
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_without_colour_rules_no_role_is_coloured():
    model = model_with_rows()
    for role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole):
        assert cell(model, 0, 3, role) is None


@pytest.mark.parametrize("language, headers", [
    ("kk", ["Іс №", "Отбасы басшысы", "Адамдар", "Орындау мерзімі"]),
    ("ru", ["№ дела", "Глава семьи", "Человек", "Срок"]),
])
def test_retranslate_changes_headers_and_cells_and_tells_the_view(qtbot, qtmodeltester, language, headers):
    model = model_with_rows()
    english = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert english == ["Case", "Head of family", "Persons", "Due date"]
    headers_changed, cells_changed = [], []
    model.headerDataChanged.connect(lambda *args: headers_changed.append(args))
    model.dataChanged.connect(lambda top_left, bottom_right, _roles=None: cells_changed.append(
        (top_left.row(), top_left.column(), bottom_right.row(), bottom_right.column())))
    model.retranslate(Translator(language))
    assert headers_changed == [(Qt.Orientation.Horizontal, 0, 3)]
    assert cells_changed == [(0, 0, 1, 3)]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == headers
    assert cell(model, 1, 3) == Translator(language).format_date(FAMILIES[1].due)  # cells use the new translator
    qtmodeltester.check(model)


def test_retranslating_an_empty_model_changes_only_the_headers(qtbot):
    model = ColumnTableModel(COLUMNS, Translator("en"))
    with qtbot.assertNotEmitted(model.dataChanged), qtbot.waitSignal(model.headerDataChanged):
        model.retranslate(Translator("kk"))
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Іс №"


def test_set_rows_resets_the_model_and_copies_the_list(qtbot):
    model = model_with_rows()
    rows = [FAMILIES[1]]
    with qtbot.waitSignals([model.modelAboutToBeReset, model.modelReset]):
        model.set_rows(rows)
    rows.append(FAMILIES[0])
    assert model.rowCount() == 1 and model.rows == [FAMILIES[1]]
    model.rows.clear()  # a copy: the model's rows cannot be changed behind its back
    assert model.rowCount() == 1


def test_paged_model_fetches_a_page_only_when_a_row_is_painted(qtbot, qtmodeltester):
    from gui.jobs import JobRunner
    by_id = {f.id: f for f in FAMILIES}
    fetched: list[list[int]] = []
    threads: set[bool] = set()

    def fetch_rows(ids):
        threads.add(threading.current_thread() is threading.main_thread())
        fetched.append(list(ids))
        return [by_id[i] for i in ids]

    def painted(row: int, column: int) -> str:
        """What the cell shows once its page arrived (empty until then)."""
        if cell(model, row, column) is None:
            with qtbot.waitSignal(model.dataChanged, timeout=5000):
                pass
        return cell(model, row, column)

    jobs = JobRunner()
    model = PagedColumnTableModel(COLUMNS, fetch_rows, Translator("en"), jobs=jobs)
    model.page_size = 1
    model.set_ids([9, 7])
    assert model.rowCount() == 2 and model.ids() == [9, 7]
    assert cell(model, 1, 0, Qt.ItemDataRole.UserRole) == 7
    assert cell(model, 0, 2, Qt.ItemDataRole.TextAlignmentRole) == RIGHT_ALIGNED
    assert cell(model, 0, 0, Qt.ItemDataRole.SizeHintRole) is None
    assert cell(model, 0, 0, Qt.ItemDataRole.ForegroundRole) is None  # no colour rule declared
    assert fetched == []  # ids, alignment and undeclared roles need no row
    assert painted(1, 0) == "KZ-7" and cell(model, 1, 1) == "Әлия Сейітқызы" and fetched == [[7]]
    assert painted(0, 0) == "KZ-9" and model.row_at(0) is FAMILIES[1] and fetched == [[7], [9]]
    qtmodeltester.check(model)
    assert len(fetched) == 2  # cached
    model.set_ids([7])
    assert painted(0, 0) == "KZ-7" and fetched[-1] == [7]  # a new list of ids forgets the cache
    assert model.row_at(1) is None
    assert threads == {False}  # every page came from a worker thread
    jobs.shutdown()


def test_quota_flavour_numbers_rows_gives_raw_values_and_paints_alarms_red(qtmodeltester):
    model = RowTableModel(COLUMNS, Translator("en"), alarm=lambda r: r.overdue)
    model.set_rows(FAMILIES)
    qtmodeltester.check(model)
    assert model.headerData(1, Qt.Orientation.Vertical) == "2"
    assert model.row(0) is FAMILIES[0] and model.rows == FAMILIES
    assert cell(model, 1, 2, Qt.ItemDataRole.UserRole) == 1200  # the declared raw value
    assert cell(model, 1, 0, Qt.ItemDataRole.UserRole) == "KZ-9"  # no raw value declared: the text
    assert cell(model, 0, 1, Qt.ItemDataRole.ToolTipRole) is None
    assert cell(model, 0, 0, Qt.ItemDataRole.ForegroundRole).color() == QColor("#b3261e")
    assert cell(model, 1, 0, Qt.ItemDataRole.ForegroundRole) is None
    money = RowTableModel([Column("sum", N_("Owed"), lambda r, tr: str(r), lambda r: r, True)], Translator("en"))
    money.set_rows([Decimal("908250.00")])
    assert cell(money, 0, 0, Qt.ItemDataRole.UserRole) == "908250.00"  # a Decimal travels as text
