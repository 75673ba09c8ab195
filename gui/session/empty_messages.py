"""What an empty registry or task list says: why it is empty and what to do."""
from __future__ import annotations

from i18n import Translator


def registry_empty_message(translator: Translator, searching: bool, can_register: bool) -> str:
    _ = translator.gettext
    if searching:
        return _("No family matches the search or the filters. Check the spelling, or clear the search box "
                 "and remove the filters to see every family.")
    if can_register:
        return _("No families are registered yet. Register one with File › New family… (Ctrl+N), or drop an "
                 "Excel register on the window to import it.")
    return _("No families are registered yet. They appear here once a case worker registers or imports them.")


def tasks_empty_message(translator: Translator) -> str:
    return translator.gettext("No tasks in this list. Tasks appear as families' deadlines come near, or add one "
                              "with «Add task…». Another choice above (whose tasks, which state) may show more.")
