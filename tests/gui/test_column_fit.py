"""Which registry columns fit a width: priorities first, then the worker's own choice."""
from __future__ import annotations

from gui.registry.case_table_model import COLUMNS, PRIORITY
from gui.registry.column_fit import fitting_columns

WIDTHS = {column: 100 for column in COLUMNS}


def test_priority_one_always_shows_and_the_rest_fill_by_priority():
    essential = {c for c in COLUMNS if PRIORITY[c] == 1}
    assert fitting_columns(COLUMNS, WIDTHS, PRIORITY, 0, {}) == essential
    shown = fitting_columns(COLUMNS, WIDTHS, PRIORITY, 100 * (len(essential) + 2), {})
    assert shown - essential == set([c for c in COLUMNS if PRIORITY[c] == 2][:2])  # level 2 first, left to right
    assert fitting_columns(COLUMNS, WIDTHS, PRIORITY, 10_000, {}) == set(COLUMNS)


def test_the_workers_choice_wins_over_the_width():
    shown = fitting_columns(COLUMNS, WIDTHS, PRIORITY, 0, {"country": True, "name": False})
    assert "country" in shown and "name" not in shown
    wide = fitting_columns(COLUMNS, WIDTHS, PRIORITY, 10_000, {"iin": False})
    assert "iin" not in wide


def test_shown_columns_never_exceed_the_width_beyond_the_essentials():
    for available in range(0, 1400, 37):
        shown = fitting_columns(COLUMNS, WIDTHS, PRIORITY, available, {})
        optional = [c for c in shown if PRIORITY[c] != 1]
        assert not optional or sum(WIDTHS[c] for c in shown) <= available
