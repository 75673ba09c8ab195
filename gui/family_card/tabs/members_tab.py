"""Members of the family: who they are and how they are related to the head."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QLineEdit, QVBoxLayout, QWidget)

from domain.families import EducationLevel, Relation
from domain.errors import ValidationError
from domain.iin import Iin, Sex
from domain.messages import N_
from gui.forms.date_edit import OptionalDateEdit
from gui.forms.form_widgets import fill_combo, select_data
from gui.forms.record_dialog import RecordDialog
from gui.widgets.column_model import Column, ColumnTableModel
from gui.widgets.tables import button_row, push_button, row_table
from gui.family_card.card_context import CardContext
from i18n import Translator
from services.dto import PersonDetails, PersonInput

SEX_LABELS = {Sex.MALE: N_("Male"), Sex.FEMALE: N_("Female")}


def _label(labels: dict, code) -> callable:
    return lambda tr: tr.gettext(labels[code]) if code in labels else (code or "")


def member_columns(card) -> list[Column]:
    return [
        Column("name", N_("Full name"), lambda p, tr: p.full_name),
        Column("relation", N_("Relation to the head"), lambda p, tr: _label(Relation.LABELS, p.relation)(tr)),
        Column("birth_date", N_("Birth date"), lambda p, tr: tr.format_date(p.birth_date)),
        Column("sex", N_("Sex"), lambda p, tr: _label(SEX_LABELS, p.sex)(tr)),
        Column("iin", N_("IIN"), lambda p, tr: p.iin or ""),
        Column("citizenship", N_("Citizenship"), lambda p, tr: card.country_name(p.citizenship_code)),
        Column("education", N_("Education"), lambda p, tr: _label(EducationLevel.LABELS, p.education_level)(tr)),
        Column("profession", N_("Profession"), lambda p, tr: p.profession),
    ]


class MemberDialog(RecordDialog):
    def __init__(self, card, member: PersonDetails | None) -> None:
        self.member = member
        registration = card.services.registration
        if member is None:
            title = N_("Add a member")
            save = lambda data: registration.add_member(card.family_id, data)  # noqa: E731
        else:
            title = N_("Edit member")
            save = lambda data: registration.update_member(member.id, member.version, data)  # noqa: E731
        super().__init__(card, title, save)
        self.setObjectName("member_dialog")
        self.surname = self.add_field("surname", QLineEdit(self))
        self.given_name = self.add_field("given_name", QLineEdit(self))
        self.patronymic = self.add_field("patronymic", QLineEdit(self))
        self.latin_name = self.add_field("latin_name", QLineEdit(self))
        self.relation = self.add_field("relation", QComboBox(self))
        self.birth_date = self.add_field("birth_date", OptionalDateEdit(self))
        self.sex = self.add_field("sex", QComboBox(self))
        self.iin = self.add_field("iin", QLineEdit(self))
        self.iin.setMaxLength(15)
        self.iin.textEdited.connect(self._on_iin_text_edited)
        self.citizenship = self.add_field("citizenship_code", QComboBox(self))
        self.education = self.add_field("education_level", QComboBox(self))
        self.profession = self.add_field("profession", QLineEdit(self))
        self.setMinimumWidth(460)
        self.retranslate_ui(card.i18n)
        if member is not None:
            self.surname.setText(member.surname)
            self.given_name.setText(member.given_name)
            self.patronymic.setText(member.patronymic)
            self.latin_name.setText(member.latin_name)
            select_data(self.relation, member.relation)
            self.birth_date.set_value(member.birth_date)
            select_data(self.sex, member.sex)
            self.iin.setText(member.iin or "")
            select_data(self.citizenship, member.citizenship_code)
            select_data(self.education, member.education_level)
            self.profession.setText(member.profession)
        else:
            select_data(self.relation, Relation.CHILD)

    def retranslate_ui(self, translator: Translator) -> None:
        super().retranslate_ui(translator)
        fill_combo(self.relation, Relation.LABELS, translator)
        fill_combo(self.sex, SEX_LABELS, translator, blank=True)
        fill_combo(self.education, EducationLevel.LABELS, translator, blank=True)
        current = self.citizenship.currentData()
        self.citizenship.clear()
        self.citizenship.addItem("—", None)
        for code, name in self.card.country_names().items():
            self.citizenship.addItem(name, code)
        select_data(self.citizenship, current)

    def _on_iin_text_edited(self, text: str) -> None:
        """A valid IIN fills an empty birth date and sex (the worker may still change them)."""
        try:
            iin = Iin.parse(text)
        except ValidationError:
            return
        if iin is None:
            return
        if self.birth_date.value() is None and iin.birth_date is not None:
            self.birth_date.set_value(iin.birth_date)
        if self.sex.currentData() is None:
            select_data(self.sex, iin.sex)

    def values(self) -> PersonInput:
        return PersonInput(
            surname=self.surname.text(), given_name=self.given_name.text(), patronymic=self.patronymic.text(),
            relation=self.relation.currentData(), birth_date=self.birth_date.value(), sex=self.sex.currentData(),
            iin=self.iin.text().strip() or None, latin_name=self.latin_name.text(),
            citizenship_code=self.citizenship.currentData(), education_level=self.education.currentData(),
            profession=self.profession.text())


class MembersTab(QWidget):
    def __init__(self, ctx: CardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("members_tab")
        self.model = ColumnTableModel(member_columns(ctx), ctx.i18n, self)
        self.table = row_table(self, self.model, "members_table", self.edit_member)
        self.add_button = push_button(self, "add_member_button", self.add_member)
        self.edit_button = push_button(self, "edit_member_button", self.edit_member)
        self.remove_button = push_button(self, "remove_member_button", self.remove_member)
        buttons = button_row(self.add_button, self.edit_button, self.remove_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.dialog: MemberDialog | None = None
        self.retranslate_ui(ctx.i18n)

    def retranslate_ui(self, translator: Translator) -> None:
        self.add_button.setText(translator._("Add member…"))
        self.edit_button.setText(translator._("Edit…"))
        self.remove_button.setText(translator._("Remove"))
        self.model.retranslate(translator)
        if self.dialog is not None:
            self.dialog.retranslate_ui(translator)

    # --- the CardTab protocol (gui.screens): everything shown comes with the card's shared read ---
    hosted = True

    def load(self, services, family_id: int) -> None:
        return None  # nothing beyond the shared read (FamilyRead)

    def show_loaded(self, _data: None = None) -> None:
        read = self.ctx.read
        if read is None:
            return
        self.model.set_rows(read.details.members)

    def set_editable(self, editable: bool) -> None:
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setEnabled(editable)

    def selected(self) -> PersonDetails | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _open(self, member: PersonDetails | None) -> MemberDialog:
        self.dialog = MemberDialog(self.ctx, member)
        self.dialog.finished.connect(self._on_dialog_finished)
        self.dialog.open()
        return self.dialog

    def _on_dialog_finished(self, _result: int) -> None:
        self.dialog = None

    def add_member(self) -> MemberDialog:
        return self._open(None)

    def edit_member(self) -> MemberDialog | None:
        member = self.selected()
        return self._open(member) if member is not None else None

    def remove_member(self) -> None:
        member = self.selected()
        if member is None:
            return
        question = self.ctx.i18n.format("Remove {name} from the family?", name=member.full_name)
        if self.ctx.confirm(question):
            registration = self.ctx.services.registration
            self.ctx.run_write(lambda _p: registration.remove_member(member.id, member.version))
