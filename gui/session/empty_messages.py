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


def duplicates_empty_message(translator: Translator) -> str:
    return translator.gettext("No possible duplicates are waiting for review. A pair appears here when someone is "
                              "registered or imported with the IIN, or the name and birth date, of a person "
                              "already in the register.")


def audit_empty_message(translator: Translator) -> str:
    return translator.gettext("No audit entry matches these filters. Empty a field, choose «any» or widen the "
                              "period to see more.")


def view_log_empty_message(translator: Translator) -> str:
    return translator.gettext("Nobody opened a record for this choice. Choose «everyone», empty the family field "
                              "and press «Show» to see every view.")


def import_history_empty_message(translator: Translator) -> str:
    return translator.gettext("No register has been imported yet. Choose an Excel file above (or drop it on the "
                              "window), check it, then import it.")


def import_rows_empty_message(translator: Translator, checked: bool) -> str:
    if checked:
        return translator.gettext("No row has a remark. Untick «Only rows with remarks» to see every row.")
    return translator.gettext("Choose an Excel register with «Choose file…» or drop it on the window; its rows "
                              "and their remarks appear here before anything is saved.")


def attachments_empty_message(translator: Translator, editable: bool) -> str:
    if editable:
        return translator.gettext("No files are attached to this case. Attach scans of documents or letters with "
                                  "«Attach file…».")
    return translator.gettext("No files are attached to this case.")
