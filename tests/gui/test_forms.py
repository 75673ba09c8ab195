"""The form kit: one optional date editor with one "no date", used by every form and filter."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from gui.forms.date_edit import NO_DATE, OptionalDateEdit

GUI = Path(__file__).resolve().parents[2] / "gui"


def test_optional_date_is_empty_shows_its_text_and_round_trips(qtbot):
    edit = OptionalDateEdit(name="since_edit", empty_text="any", maximum=dt.date(2026, 12, 3))
    qtbot.addWidget(edit)
    assert edit.objectName() == "since_edit" and edit.value() is None and edit.text() == "any"
    seen = []
    edit.value_changed.connect(seen.append)
    edit.set_value(dt.date(1987, 10, 8))
    assert edit.value() == dt.date(1987, 10, 8) and edit.text() == "08.10.1987" and seen == [dt.date(1987, 10, 8)]
    edit.set_value(None)
    assert edit.value() is None and edit.date() == NO_DATE and seen[-1] is None
    edit.set_value(dt.date(2030, 1, 1))  # beyond the maximum: clamped, never a hidden empty value
    assert edit.value() == dt.date(2026, 12, 3)


def test_no_other_module_makes_its_own_empty_date():
    """The copies (1899-12-31, 1900-01-01 twice, 2000-01-01) are gone: only the kit marks a date empty."""
    offenders = [str(path.relative_to(GUI)) for path in GUI.rglob("*.py")
                 if path.name != "date_edit.py" and ("setMinimumDate" in path.read_text(encoding="utf-8")
                                                     or "setSpecialValueText" in path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_each_field_label_is_defined_once_and_forms_agree(qtbot):
    """The copies disagreed ("Education" vs "Education level", "Arrived" vs "Arrival date")."""
    from domain.field_labels import FIELD_LABELS
    from gui.forms.field_labels import field_label
    from i18n import Translator
    copies = [str(path.relative_to(GUI)) for path in GUI.rglob("*.py")
              if "FIELD_LABELS = {" in path.read_text(encoding="utf-8")
              or "FAMILY_LABELS = {" in path.read_text(encoding="utf-8")]
    assert copies == []
    assert FIELD_LABELS["education_level"] == "Education level" and FIELD_LABELS["arrival_date"] == "Arrival date"
    ru = Translator("ru")
    assert field_label("members.2.education_level", ru) == ru.gettext("Education level") != "Education level"


def test_reports_name_fields_with_the_one_label_table():
    """The person's file (subject access) was a fifth table ("Date of birth", "Education")."""
    from domain.field_labels import FIELD_LABELS
    from reports.subject_access_labels import COLUMNS
    assert {key: COLUMNS[key] for key in FIELD_LABELS} == FIELD_LABELS
    assert COLUMNS["education_level"] == "Education level" and COLUMNS["birth_date"] == "Birth date"


def test_one_form_kit_no_copies_left():
    """One declarative dialog, one field row, one error style: the copies are gone."""
    assert not (GUI / "quotas" / "form_dialog.py").exists()
    assert not (GUI / "widgets" / "field_error.py").exists()
    assert not (GUI / "families" / "member_editor.py").exists()
    styles = [str(path.relative_to(GUI)) for path in GUI.rglob("*.py")
              if path.parent.name != "forms" and any(colour in path.read_text(encoding="utf-8") for colour in
                                                     ("#b00020", "#c0392b", "#b3261e;"))]
    assert styles == []
    from gui.families.new_family_dialog import NewFamilyDialog
    from gui.family_card.tabs.members_tab import MemberDialog
    from gui.forms.form_dialog import FormDialog, FormDialogBase
    from gui.forms.record_dialog import RecordDialog
    assert issubclass(FormDialog, FormDialogBase) and issubclass(RecordDialog, FormDialogBase)
    assert issubclass(MemberDialog, RecordDialog) and issubclass(NewFamilyDialog, FormDialogBase)
    for method in ("submit", "reject", "on_saved", "on_failed"):  # one write handling, one close guard
        assert getattr(NewFamilyDialog, method) is getattr(FormDialogBase, method), method


def test_one_card_tab_base_no_copies_left():
    """Every tab a package registers on the family card is a ListSection, as the built-in ones are."""
    assert not (GUI / "family_card" / "tabs" / "quota_tab_base.py").exists()
    from gui.family_card.list_section import ListSection
    from gui.screens import family_tabs
    registered = {spec.key: spec.factory for spec in family_tabs()}
    assert {"quota", "employment", "education", "adaptation", "privacy"} <= set(registered)
    assert [key for key, factory in registered.items() if not issubclass(factory, ListSection)] == []


def test_one_yes_no_question_helper():
    """Yes/No questions go through gui.dialogs.ask (translated buttons, "No" the default)."""
    own = [str(path.relative_to(GUI)) for path in GUI.rglob("*.py") if path.name != "dialogs.py" and any(
        call in path.read_text(encoding="utf-8") for call in ("QMessageBox.question(", "ButtonRole.YesRole"))]
    assert own == []


def test_admin_dialogs_stand_on_the_form_base(qtbot):
    """OK/Cancel, the passwords check under the repeated password, labels from the one table."""
    from PySide6.QtWidgets import QLabel
    from gui.admin.admin_dialogs import PasswordDialog
    from gui.admin.user_dialog import UserDialog
    from gui.forms.form_dialog import FormDialogBase
    from i18n import Translator
    ru = Translator("ru")
    dialog = PasswordDialog(ru, "erlan")
    qtbot.addWidget(dialog)
    assert isinstance(dialog, FormDialogBase) and issubclass(UserDialog, FormDialogBase)
    assert "erlan" in dialog.windowTitle()
    dialog.password_edit.setText("one-password")
    dialog.confirm_edit.setText("another")
    dialog.submit()
    assert dialog.findChild(QLabel, "confirm_error").text() == ru.gettext("The two passwords differ.")
    assert dialog.result() == 0
    dialog.confirm_edit.setText("one-password")
    dialog.submit()
    assert dialog.result() == 1 and dialog.result_value == "one-password"
