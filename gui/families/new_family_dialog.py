"""The new-family form (Ctrl+N): family fields, its members, checks as you type, duplicates.

A ``FormDialogBase`` like every form: its field rows, Save/Cancel, the write handling and the
close guard are the base's (a form with changes asks before it closes, on Esc and the close
button too); the family's rows sit beside the members (``place_form``), and the member being
edited is the card's ``PersonForm``. Region, country of origin and arrival date are required
(``domain.families.new_family_problems``): saving with one empty marks it inline and focuses
the first bad field in reading order. Saving asks the service for possible duplicates first (a
read job): the same IIN is refused on the IIN field; the same name and birth date opens
``DuplicateWarningDialog``. Then ``register_family`` runs as a write job; a ``ValidationError``
lands on the named fields (``members.1.iin`` selects member 2 and marks its IIN) and nothing is
saved.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLayout,
                               QLineEdit, QListView, QPlainTextEdit, QPushButton, QVBoxLayout)

from domain.errors import FieldProblem, ValidationError
from domain.families import NEW_FAMILY_REQUIRED, Relation, new_family_problems
from domain.iin import clean
from domain.messages import N_
from gui.privacy.basis_fields import BasisFields
from gui.errors import show_error
from gui.families.duplicate_warning_dialog import DuplicateWarningDialog
from gui.families.member_list import MemberListModel
from gui.forms.person_form import PersonForm, empty_person, person_problems
from gui.forms.date_edit import OptionalDateEdit
from gui.forms.form_dialog import FormDialogBase
from gui.forms.inline_errors import error_line, set_error_line
from i18n import Translator
from services.dto import FamilyInput, PersonInput

FAMILY_FIELDS = ("arrival_date", "origin_country_code", "region_code", "address", "phone",
                 "responsible_user_id", "notes")


class NewFamilyDialog(FormDialogBase):
    """``submitted`` carries the registration's services.dto.WriteResult."""

    open_existing_requested = Signal(int)

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx.translator, N_("New family"), parent)
        self.setObjectName("new_family_dialog")
        self.ctx = ctx
        self.services = ctx.services
        self.today = self.services.clock().date()
        self.attempted = False
        self.duplicate_dialog: DuplicateWarningDialog | None = None
        self._reference = ([], [], [])
        self.members: list[dict] = [empty_person()]
        self.touched: list[set[str]] = [set()]
        self.server_problems: list[dict] = [{}]
        self.current = 0
        self.shown_problems: list[tuple[str, FieldProblem]] = []  # (place, problem) outside the members
        self._build()
        ctx.events.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui(self.i18n)
        self.member_list.selectionModel().setCurrentIndex(
            self.member_model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.close_guard.mark_clean()  # the form as it opens
        self._set_tab_order()
        self._load_reference()

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.arrival_date = OptionalDateEdit(self, maximum=self.today)
        self.arrival_date.set_value(self.today)
        self.origin_country_code = QComboBox(self)
        self.region_code = QComboBox(self)
        self.address = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.responsible_user_id = QComboBox(self)
        self.notes = QPlainTextEdit(self)
        self.notes.setFixedHeight(70)
        self.notes.setTabChangesFocus(True)  # Tab goes on to the members, it does not type a tab
        for field in FAMILY_FIELDS:
            self.add_field(field, getattr(self, field), required=field in NEW_FAMILY_REQUIRED)
        self.family_rows = self.rows
        for field in NEW_FAMILY_REQUIRED:  # a corrected required field loses its mark at once
            editor = getattr(self, field)
            signal = editor.value_changed if isinstance(editor, OptionalDateEdit) else editor.currentIndexChanged
            signal.connect(lambda *_args: self._recheck_family())
        self.members_group = QGroupBox(self)
        self.member_model = MemberListModel(self.members, self.i18n, self)
        self.member_list = QListView(self.members_group)
        self.member_list.setObjectName("member_list")
        self.member_list.setModel(self.member_model)
        self.member_list.setMinimumWidth(260)
        self.member_list.setWordWrap(True)
        self.member_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.member_list.selectionModel().currentRowChanged.connect(self._on_member_current_row_changed)
        self.members_error = error_line(self.members_group, "members_error")
        self.members_error.setVisible(False)
        self.add_member_button = QPushButton(self.members_group)
        self.add_member_button.setObjectName("add_member_button")
        self.add_member_button.clicked.connect(self.add_member)
        self.remove_member_button = QPushButton(self.members_group)
        self.remove_member_button.setObjectName("remove_member_button")
        self.remove_member_button.clicked.connect(self.remove_current_member)
        self.editor = PersonForm(self.i18n, self.today, self.members_group)
        self.editor.touched = self.touched[0]
        self.editor.changed.connect(self._on_editor_changed)
        left = QVBoxLayout()
        left.addWidget(self.member_list, 1)
        left.addWidget(self.members_error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_member_button)
        buttons.addWidget(self.remove_member_button)
        left.addLayout(buttons)
        members_layout = QHBoxLayout(self.members_group)
        members_layout.addLayout(left)
        members_layout.addWidget(self.editor, 1)
        self.save_button = self.ok_button
        self.place_form(self._body)
        self.resize(1180, 600)

    def _body(self, form: QFormLayout) -> QLayout:
        """The family's field rows and its basis of processing on the left, the members on the right."""
        self.family_group = QGroupBox(self)
        family_box = QVBoxLayout(self.family_group)
        family_box.addLayout(form)
        self.basis_fields = BasisFields(self.ctx, self.today, self.family_group)  # personal data: Law No. 94-V
        family_box.addWidget(self.basis_fields)
        family_box.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.family_group, 5)
        body.addWidget(self.members_group, 7)
        return body

    def _load_reference(self) -> None:
        services = self.services

        def work(_progress):
            return services.reference.countries(), services.reference.regions(), services.workers.list()

        self.ctx.jobs.run(work, on_success=self._on_reference_loaded)

    def _on_reference_loaded(self, reference) -> None:
        clean = not self.close_guard.is_dirty()
        self._reference = reference
        self.editor.set_countries(reference[0])
        self._fill_family_combos()
        if clean:  # the lists and the default worker filled in are not the worker's changes
            self.close_guard.mark_clean()

    def _set_tab_order(self) -> None:
        """Reading order: the family's fields, its basis of processing, then the members section
        (list, its buttons, the member's fields), then Save and Cancel."""
        chain = [getattr(self, field) for field in FAMILY_FIELDS]
        chain += [self.basis_fields.kind, self.basis_fields.date, self.basis_fields.form, self.basis_fields.ground]
        chain += [self.member_list, self.add_member_button, self.remove_member_button]
        chain += [getattr(self.editor, field) for field in self.editor.fields]
        chain += [self.save_button, self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]
        for first, second in zip(chain, chain[1:]):
            self.setTabOrder(first, second)

    def _fill_family_combos(self) -> None:
        countries, regions, workers = self._reference
        language = self.i18n.language
        actor_id = self.services.actor.user_id
        lists = ((self.origin_country_code, sorted(((c.code, c.name(language)) for c in countries),
                                                   key=lambda item: item[1])),
                 (self.region_code, [(r.code, r.name(language)) for r in regions]),
                 (self.responsible_user_id, [(w.id, w.label) for w in workers]))
        for combo, items in lists:
            selected = combo.currentData() if combo.count() else (actor_id if combo is self.responsible_user_id
                                                                   else None)
            combo.clear()
            combo.addItem("—", None)
            for value, text in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(selected)))

    # --- members ---------------------------------------------------------------------------
    def add_member(self) -> None:
        self._sync_current()
        relation = Relation.CHILD if any(m["relation"] == Relation.HEAD for m in self.members) else Relation.HEAD
        self.touched.append(set())
        self.server_problems.append({})
        row = self.member_model.insert_member(empty_person(relation))
        self.member_list.setCurrentIndex(self.member_model.index(row, 0))
        self.editor.surname.setFocus()

    def remove_current_member(self) -> None:
        if len(self.members) <= 1:
            return
        row = self.current
        del self.touched[row]
        del self.server_problems[row]
        self.current = -1  # nothing to sync from the removed row
        self.member_model.remove_member(row)
        self.member_list.setCurrentIndex(self.member_model.index(min(row, len(self.members) - 1), 0))

    def _on_member_current_row_changed(self, current, _previous) -> None:
        if not current.isValid():
            return
        self._sync_current()
        self.current = current.row()
        self.editor.touched = self.touched[self.current]
        self.editor.load(self.members[self.current])
        self._check_member(self.current)
        self.remove_member_button.setEnabled(len(self.members) > 1)

    def _sync_current(self) -> None:
        if 0 <= self.current < len(self.members):
            self.members[self.current].update(self.editor.values())

    def _on_editor_changed(self, field: str) -> None:
        self._sync_current()
        self.server_problems[self.current].pop(field, None)
        if field in ("iin", "birth_date", "sex"):  # the IIN fills or checks these together
            for name in ("iin", "birth_date", "sex"):
                self.server_problems[self.current].pop(name, None)
        self._check_member(self.current)
        self.member_model.row_changed(self.current)

    def _local_problems(self, row: int) -> dict:
        """What the checks as you type find in member ``row``: {field: (state, message, params)}."""
        return person_problems(self.members[row], self.today)

    def _problems(self, row: int) -> dict:
        found = self._local_problems(row)
        found.update(self.server_problems[row])
        return found

    def _check_member(self, row: int) -> None:
        problems = self._problems(row)
        if row == self.current:
            self.editor.show_problems(problems, show_all=self.attempted)
        shown = self.attempted or bool(self.server_problems[row])
        has_error = any(state == "error" and (shown or field in self.touched[row])
                        for field, (state, _m, _p) in problems.items())
        if has_error:
            self.member_model.invalid.add(row)
        else:
            self.member_model.invalid.discard(row)
        self.member_model.row_changed(row)

    # --- saving: FormDialogBase.submit runs check, then start_write -----------------------------
    def family_input(self) -> FamilyInput:
        self._sync_current()
        members = tuple(PersonInput(
            surname=m["surname"], given_name=m["given_name"], patronymic=m["patronymic"], relation=m["relation"],
            birth_date=m["birth_date"], sex=m["sex"], iin=clean(m["iin"]) or None, latin_name=m["latin_name"],
            citizenship_code=m["citizenship_code"], education_level=m["education_level"]) for m in self.members)
        return FamilyInput(members=members, arrival_date=self.arrival_date.value(),
                           origin_country_code=self.origin_country_code.currentData(),
                           region_code=self.region_code.currentData(), address=self.address.text(),
                           phone=self.phone.text(), notes=self.notes.toPlainText(),
                           responsible_user_id=self.responsible_user_id.currentData(),
                           basis=self.basis_fields.value())

    def _family_problems(self) -> list[FieldProblem]:
        return new_family_problems(arrival_date=self.arrival_date.value(),
                                   origin_country_code=self.origin_country_code.currentData(),
                                   region_code=self.region_code.currentData())

    def _recheck_family(self) -> None:
        if not self.attempted:
            return
        missing = {problem.field for problem in self._family_problems()}
        for field in NEW_FAMILY_REQUIRED:
            if field not in missing and self.family_rows[field].has_error():
                self.family_rows[field].clear()
                self.shown_problems = [(place, p) for place, p in self.shown_problems if place != field]

    def values(self) -> FamilyInput:
        return self.family_input()

    def snapshot(self) -> FamilyInput:
        return self.family_input()

    def check(self) -> list[FieldProblem]:
        """The family's required fields, then each member's refused fields, in reading order."""
        self.attempted = True
        self._clear_family_errors()
        self._sync_current()
        return self._family_problems() + [
            FieldProblem(f"members.{row}.{field}", message, params)
            for row in range(len(self.members))
            for field, (state, message, params) in self._local_problems(row).items() if state == "error"]

    def start_write(self, values: FamilyInput) -> None:
        """First the duplicate check (a read job), then the registration (a write job)."""
        registration = self.services.registration
        self.ctx.jobs.run(lambda _p: registration.find_duplicates(values),
                          on_success=lambda hints: self._after_duplicate_check(values, hints),
                          on_failure=lambda error: self._failed(values, error))

    def _after_duplicate_check(self, data: FamilyInput, hints) -> None:
        same_iin = [h for h in hints if h.reason == "same_iin"]
        if same_iin:
            self._failed(data, ValidationError([FieldProblem(
                f"members.{h.member_index}.iin", N_("This IIN is already registered in case {case_number}."),
                {"case_number": h.case_number}) for h in same_iin]))
            return
        if hints:
            self._ask_about_duplicates(data, hints)
            return
        self._register(data, confirm=False)

    def _ask_about_duplicates(self, data: FamilyInput, hints) -> None:
        self.set_saving(False)
        dialog = DuplicateWarningDialog(hints, self.i18n, self)
        dialog.open_existing.connect(self.open_existing_requested)
        dialog.save_anyway.connect(lambda: self._register(data, confirm=True))
        self.ctx.events.language_changed.connect(dialog.retranslate_ui)
        self.duplicate_dialog = dialog
        dialog.open()

    def _register(self, data: FamilyInput, confirm: bool) -> None:
        self.set_saving(True)
        registration = self.services.registration
        self.ctx.jobs.run(lambda _p: registration.register_family(data, confirm_duplicates=confirm),
                          write=True, label=self.i18n._("Saving the family…"), parent_widget=self,
                          on_success=self.on_saved, on_failure=lambda error: self._failed(data, error))

    def _failed(self, data: FamilyInput, error: Exception) -> None:
        hints = getattr(error, "hints", None)
        if hints:  # someone registered a look-alike meanwhile
            self._ask_about_duplicates(data, hints)
        elif not self.on_failed(error):
            show_error(self, error, self.i18n)

    def show_problems(self, error: ValidationError) -> bool:
        """Each problem under its field (a member's on that member, its line in the list red);
        the first one gets the focus. A member's problem the checks as you type find again is
        theirs to clear; one only the service found stays until its field changes."""
        self.attempted = True
        self._clear_family_errors()
        first: tuple | None = None
        for problem in error.problems:
            parts = problem.field.split(".")
            if parts[0] == "members" and len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(self.members):
                row = int(parts[1])
                if self._local_problems(row).get(parts[2], ("",))[0] != "error":
                    self.server_problems[row][parts[2]] = ("error", problem.message, problem.params)
                self.touched[row].add(parts[2])
                first = first or ("member", row)
            elif problem.field in self.family_rows:
                self.shown_problems.append((problem.field, problem))
                first = first or ("family", problem.field)
            elif problem.field == "members":
                self.shown_problems.append(("members", problem))
                first = first or ("list", None)
            else:
                self.shown_problems.append(("general", problem))
        for row in range(len(self.members)):
            self._check_member(row)
        self._show_other_problems()
        if first and first[0] == "member":
            self._focus_member_problem(first[1], self._problems(first[1]))
        elif first and first[0] == "family":
            self.family_rows[first[1]].editor.setFocus()
        elif first:
            self.member_list.setFocus()
        return True

    def _focus_member_problem(self, row: int, problems: dict) -> None:
        self.member_list.setCurrentIndex(self.member_model.index(row, 0))
        field = next((f for f, (state, _m, _p) in problems.items() if state == "error"), None)
        if field is not None:
            self.editor.focus_field(field)

    def _show_other_problems(self) -> None:
        """Family-field, member-list and general problems, in the current language."""
        general = []
        for place, problem in self.shown_problems:
            text = self.i18n.error(problem)
            if place in self.family_rows:
                self.family_rows[place].set_error(text)
            elif place == "members":
                self.members_error.setText(text)
                self.members_error.setVisible(True)
            else:
                general.append(text)
        if general:
            set_error_line(self.error_label, "\n".join(general))

    def _clear_family_errors(self) -> None:
        self.shown_problems = []
        for row in self.family_rows.values():
            row.clear()
        self.members_error.setVisible(False)
        set_error_line(self.error_label, "")

    # --- language ------------------------------------------------------------------------------
    def retranslate_ui(self, translator: Translator) -> None:
        super().retranslate_ui(translator)  # the title, field rows and buttons
        for set_text, msgid in ((self.family_group.setTitle, N_("Family")),
                                (self.members_group.setTitle, N_("Members")),
                                (self.add_member_button.setText, N_("Add member")),
                                (self.remove_member_button.setText, N_("Remove member")),
                                (self.address.setPlaceholderText, N_("Town, street, house, flat"))):
            set_text(translator.gettext(msgid))
        self.phone.setPlaceholderText("+7 7__ ___ __ __")
        self.member_model.retranslate(translator)
        self.editor.retranslate_ui(translator)
        self.basis_fields.retranslate_ui(translator)
        if self.current >= 0:
            self._check_member(self.current)
        self._show_other_problems()
        self._fill_family_combos()
