"""Which registry columns fit: priorities first, then what the worker chose to show or hide.

A 1280×800 screen leaves about 1 000 px for the table: not enough for every column in Russian
or Kazakh. Columns of priority 1 (case, head of family, next due, overdue) always show; those of
priority 2 and then 3 follow, left to right, while they fit. A column the worker switched on or
off in the header's menu stays as they chose, whatever the width.
"""
from __future__ import annotations

from typing import Mapping, Sequence


def fitting_columns(columns: Sequence[str], widths: Mapping[str, int], priority: Mapping[str, int],
                    available: int, chosen: Mapping[str, bool]) -> set[str]:
    """The columns to show in ``available`` pixels."""
    shown = {c for c in columns if chosen.get(c) is True or (priority.get(c, 3) == 1 and chosen.get(c) is not False)}
    used = sum(widths[c] for c in shown)
    for level in sorted({priority.get(c, 3) for c in columns} - {1}):
        for column in columns:
            if column in shown or chosen.get(column) is False or priority.get(column, 3) != level:
                continue
            if used + widths[column] <= available:
                shown.add(column)
                used += widths[column]
    return shown
