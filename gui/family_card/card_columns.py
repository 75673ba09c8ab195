"""Column priorities for a table of the family card, the worker's choice kept in the settings
(``card/columns_chosen``: table name → column key → shown) for every card opened later."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtWidgets import QTableView

from gui import settings as keys
from gui.family_card.card_context import CardContext
from gui.widgets.column_priorities import ColumnPriorities


def card_column_priorities(ctx: CardContext, table: QTableView, table_name: str,
                           columns: Sequence[str], priorities: dict[str, int]) -> ColumnPriorities:
    settings = ctx.settings
    chosen = settings.get(keys.CARD_COLUMNS_CHOSEN).get(table_name, {}) if settings is not None else {}

    def remember(choice: dict[str, bool]) -> None:
        if settings is not None:
            settings.set(keys.CARD_COLUMNS_CHOSEN, {**settings.get(keys.CARD_COLUMNS_CHOSEN), table_name: choice})

    def hint(names: list[str]) -> str:
        shown = ", ".join(names)
        return ctx.translator.format("Hidden columns: {names}. Right-click the headings to choose the columns.",
                                     names=shown)

    return ColumnPriorities(table, columns, [priorities.get(key, 0) for key in columns], chosen, remember, hint)
