"""Columns share a table's width: whole while they fit, the widest narrowed when they do not."""
from __future__ import annotations

from gui.widgets.table_fit import share_width


def test_columns_that_fit_keep_their_width():
    assert share_width([80, 120, 60], 400) == [80, 120, 60]


def test_the_widest_columns_give_way_first_and_narrow_ones_stay_whole():
    widths = share_width([80, 400, 300, 60], 600)
    assert sum(widths) <= 600
    assert widths[0] == 80 and widths[3] == 60
    assert widths[1] == widths[2] < 300


def test_never_under_the_floor():
    assert share_width([500, 500, 500], 30, floor=48) == [48, 48, 48]
