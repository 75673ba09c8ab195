"""What each button and menu command does, in one sentence, keyed by the widget's object name
(issue 17 §10: a tooltip that only repeats the caption tells a worker nothing).

Kept in one table rather than beside each button so the wording stays consistent across screens,
translators see the sentences together, and screens built by other areas get a real tooltip
without their code changing. ``gui.widgets.button_tooltips`` applies the table to buttons and
``apply_action_tooltips`` to menu commands; a tooltip a screen sets itself always wins.

A key is either ``object_name`` or ``ClassName/object_name`` for a generic name (``cancel_button``)
that means something different on each screen: the nearest enclosing widget of that class decides.
"""
from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QWidget

from domain.messages import N_

TOOLTIPS: dict[str, str] = {
    # main window menus
    "new_family_action": N_("Register a new family with its members"),
    "exit_action": N_("Close Qandas"),
    "find_action": N_("Go to the registry's search box"),
    "refresh_action": N_("Load the current screen again from the database"),
    "language_kk_action": N_("Show the window in Kazakh"),
    "language_ru_action": N_("Show the window in Russian"),
    "language_en_action": N_("Show the window in English"),
    "change_password_action": N_("Choose a new password for your own sign-in"),
    "lock_action": N_("Lock the window now; your password opens it again"),
    "switch_user_action": N_("Close your session and let a colleague sign in"),
    "sign_out_action": N_("End your session and return to the sign-in"),
    "guide_action": N_("A short guide to the daily work"),
    "shortcuts_action": N_("Every keyboard shortcut of the window"),
    "about_action": N_("The program's version and the database it uses"),
    # registry, my work, tasks
    "clear_filters_button": N_("Show every family again: empty the search and reset every filter"),
    "open_family_button": N_("Open the card of the selected family"),
    "done_task_button": N_("Mark the selected task as done, or reopen a task that is done"),
    "add_task_button": N_("Create a task with a due date and a responsible worker"),
    "edit_task_button": N_("Change the selected task"),
    # quotas and programmes
    "edit_plan_button": N_("Change the quota plan of the selected year"),
    "employment_plan_button": N_("Set how many people the centre plans to place in jobs this year"),
    "add_places_button": N_("Record the places in education and courses available this year"),
    "set_mrp_button": N_("Enter the monthly calculation index (MRP) of a year; payments are worked out from it"),
    "add_rule_button": N_("Add a rule saying which support is paid, to whom and how much"),
    "save_regions_button": N_("Save which regions receive kandas under the quota"),
    # duplicates
    "keep_a_radio": N_("Keep the left record; the right one is merged into it"),
    "keep_b_radio": N_("Keep the right record; the left one is merged into it"),
    "open_a_button": N_("Open the family card of the left record"),
    "open_b_button": N_("Open the family card of the right record"),
    "distinct_button": N_("These are two different people: close the pair so it is not flagged again"),
    "merge_button": N_("Merge the two records into the one chosen to keep (asks first)"),
    "undo_merge_button": N_("Put the two records back as they were before the last merge"),
    # import
    "choose_button": N_("Pick the Excel register (.xlsx) to import"),
    "check_button": N_("Read the file and check every row; nothing is saved yet"),
    "problems_only_check": N_("Hide the rows that have no errors or warnings"),
    "skip_invalid_check": N_("On: rows with errors are left out and the rest imported. Off: any error stops the import"),
    "export_button": N_("Save the rows with remarks to an Excel file to correct them"),
    "import_button": N_("Save the checked rows to the register"),
    "undo_button": N_("Remove the families added by the import selected in the history"),
    "ImportScreen/cancel_button": N_("Stop the check or the import that is running"),
    # reports
    "generate_button": N_("Build the selected report for the chosen period"),
    "ReportsView/cancel_button": N_("Stop building the report"),
    "approve_month_button": N_("Approve the month's report; after that its figures no longer change"),
    "ReportsView/open_button": N_("Open the built report in its program"),
    "print_button": N_("Print the built report"),
    "save_report_button": N_("Save the built report to a file of your choice"),
    "export_all_edit": N_("Export every record, whatever its date"),
    "export_by_year_edit": N_("Export only the records of the chosen year"),
    "export_by_month_edit": N_("Export only the records of the chosen month"),
    "export_save_button": N_("Choose where to save the export and write it"),
    # audit, views of records, laws
    "verify_button": N_("Check that no audit entry was changed or deleted after it was written"),
    "view_log_show": N_("Show who looked at records in the chosen period"),
    "add_ground_button": N_("Add a law that allows keeping personal data without consent"),
    "edit_ground_button": N_("Change the selected law"),
    # administration
    "add_user_button": N_("Create a sign-in for a new member of staff"),
    "role_button": N_("Change what the selected user may do"),
    "password_button": N_("Give the selected user a new password"),
    "active_button": N_("Switch the selected user off (no more sign-in) or on again"),
    "centre_save_button": N_("Save the centre's details as reports and letters print them"),
    "backup_button": N_("Make a backup copy of the database now"),
    "restore_button": N_("Replace the database with a backup copy (asks first)"),
    "passphrase_button": N_("Set the passphrase that protects backup copies"),
    "share_register_button": N_("Let the office's other computers work on this register"),
    "connect_register_button": N_("Work on the register that another computer of the centre shares"),
    "RetentionView/apply_button": N_("Anonymise the cases whose keeping period has ended (asks first)"),
    "person_button": N_("Erase one person's personal data on their request"),
    # family card: header and tabs
    "change_stage_button": N_("Move the family to another stage of its case"),
    "edit_family_button": N_("Change the family's address, phone, region and other details"),
    "record_contact_button": N_("Note that the family was contacted today"),
    "add_member_button": N_("Add a person to the family"),
    "edit_member_button": N_("Change the selected person's details"),
    "remove_member_button": N_("Remove the selected person from the family"),
    "add_document_button": N_("Record a passport, certificate or other document"),
    "edit_document_button": N_("Change the selected document"),
    "remove_document_button": N_("Delete the selected document"),
    "add_status_button": N_("Record an application for kandas status or a decision on it"),
    "decide_status_button": N_("Record the decision on the selected application"),
    "extend_status_button": N_("Record that the selected status was extended"),
    "end_status_button": N_("Record that the selected status ended"),
    "add_attachment_button": N_("Attach a scan or another file to the case"),
    "open_attachment_button": N_("Open the selected file in its program"),
    "remove_attachment_button": N_("Remove the selected file from the case"),
    "include_button": N_("Include the family in the regional quota"),
    "pay_button": N_("Record a support payment to the family"),
    "move_button": N_("Record the family's move to the region"),
    "amend_button": N_("Correct the inclusion decision"),
    "cancel_inclusion_button": N_("Cancel the family's inclusion in the quota"),
    "add_placement_button": N_("Record a job a family member was placed in"),
    "edit_placement_button": N_("Change the selected job placement"),
    "delete_placement_button": N_("Delete the selected job placement"),
    "add_measure_button": N_("Record a training or subsidised-job measure"),
    "add_application_button": N_("Record an application to a school, college or course"),
    "set_result_button": N_("Enter the result of the selected application"),
    "add_service_button": N_("Record a service given to the family"),
    "check_in_button": N_("Record that the family moved into the centre's housing"),
    "check_out_button": N_("Record that the family left the centre's housing"),
    "record_consent_button": N_("Record a person's consent to keeping their data"),
    "record_legal_button": N_("Record the law under which a person's data is kept"),
    "withdraw_basis_button": N_("Record that the selected consent or basis was withdrawn"),
    "person_file_button": N_("Everything kept about the selected person, as PDF and Excel"),
    "remove_person_data_button": N_("Remove one member's personal data on their request, with the reason"),
    # new-family form
    "NewFamilyDialog/add_member_button": N_("Add another person to the family being registered"),
    "NewFamilyDialog/remove_member_button": N_("Take the selected person off the form"),
    "NewFamilyDialog/save_button": N_("Check the form and register the family"),
}

# The standard buttons of any dialog: what they do is the same everywhere.
STANDARD_BUTTONS: dict[QDialogButtonBox.StandardButton, str] = {
    QDialogButtonBox.StandardButton.Ok: N_("Accept and close"),
    QDialogButtonBox.StandardButton.Save: N_("Save and close"),
    QDialogButtonBox.StandardButton.Apply: N_("Save without closing"),
    QDialogButtonBox.StandardButton.Cancel: N_("Close without saving"),
    QDialogButtonBox.StandardButton.Close: N_("Close this window"),
    QDialogButtonBox.StandardButton.Discard: N_("Close and forget the changes"),
    QDialogButtonBox.StandardButton.Yes: N_("Yes, go ahead"),
    QDialogButtonBox.StandardButton.No: N_("No, leave it as it is"),
}


def tooltip_msgid(widget: QWidget) -> str | None:
    """The table's untranslated sentence for ``widget``, or None."""
    name = widget.objectName()
    if name:
        parent = widget.parentWidget()
        while parent is not None:
            text = TOOLTIPS.get(f"{type(parent).__name__}/{name}")
            if text is not None:
                return text
            parent = parent.parentWidget()
        if name in TOOLTIPS:
            return TOOLTIPS[name]
    box = widget.parentWidget()
    if isinstance(box, QDialogButtonBox):
        return STANDARD_BUTTONS.get(box.standardButton(widget))
    return None
