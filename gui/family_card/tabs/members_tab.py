"""Members of the family: who they are and how they are related to the head."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from domain.errors import FieldProblem
from domain.families import EducationLevel, Relation
from domain.field_labels import FIELD_LABELS
from domain.messages import N_
from gui.forms.person_form import SEX_LABELS, PersonForm, empty_person, person_problems
from gui.forms.record_dialog import RecordDialog
from gui.widgets.column_model import Column, ColumnTableModel
from gui.family_card.card_context import CardContext, FamilyRead
from gui.family_card.list_section import ListAction, ListSection
from i18n import Translator
from services.dto import PersonDetails, PersonInput


def _label(labels: dict, code) -> callable:
    return lambda tr: tr.gettext(labels[code]) if code in labels else (code or "")


def member_columns(card) -> list[Column]:
    """The member table's headers are the fields' labels (domain.field_labels), as in the form."""
    label = FIELD_LABELS.__getitem__
    return [
        Column("name", N_("Full name"), lambda p, tr: p.full_name),
        Column("relation", label("relation"), lambda p, tr: _label(Relation.LABELS, p.relation)(tr)),
        Column("birth_date", label("birth_date"), lambda p, tr: tr.format_date(p.birth_date)),
        Column("sex", label("sex"), lambda p, tr: _label(SEX_LABELS, p.sex)(tr)),
        Column("iin", label("iin"), lambda p, tr: p.iin or ""),
        Column("citizenship", label("citizenship_code"), lambda p, tr: card.country_name(p.citizenship_code)),
        Column("education", label("education_level"),
               lambda p, tr: _label(EducationLevel.LABELS, p.education_level)(tr)),
        Column("profession", label("profession"), lambda p, tr: p.profession),
    ]


class MemberDialog(RecordDialog):
    """Add or edit a member on the card with the same person form (and checks) as a new family."""

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
        self.today = card.services.clock().date()
        self.person = PersonForm(card.i18n, self.today, self, with_profession=True)
        self.person.set_country_names(card.country_names())
        self.form.addRow(self.person)
        self.person.changed.connect(self._on_person_changed)
        self.setMinimumWidth(460)
        self.retranslate_ui(card.i18n)
        data = empty_person(Relation.CHILD)
        if member is not None:
            data.update(surname=member.surname, given_name=member.given_name, patronymic=member.patronymic,
                        latin_name=member.latin_name, relation=member.relation, birth_date=member.birth_date,
                        sex=member.sex, iin=member.iin or "", citizenship_code=member.citizenship_code,
                        education_level=member.education_level, profession=member.profession)
        self.person.load(data)

    def retranslate_ui(self, translator: Translator) -> None:
        super().retranslate_ui(translator)
        if hasattr(self, "person"):
            self.person.retranslate_ui(translator)
            self.person.set_country_names(self.card.country_names())

    def _on_person_changed(self, _field: str) -> None:
        self.person.show_problems(person_problems(self.person.values(), self.today))
        self.fit_to_contents()

    def check(self) -> list[FieldProblem]:
        problems = person_problems(self.person.values(), self.today)
        self.person.show_problems(problems, show_all=True)
        return [FieldProblem(field, message, params) for field, (state, message, params) in problems.items()
                if state == "error"]

    def snapshot(self) -> dict:
        return self.person.values()

    def values(self) -> PersonInput:
        data = self.person.values()
        return PersonInput(
            surname=data["surname"], given_name=data["given_name"], patronymic=data["patronymic"],
            relation=data["relation"], birth_date=data["birth_date"], sex=data["sex"],
            iin=data["iin"] or None, latin_name=data["latin_name"], citizenship_code=data["citizenship_code"],
            education_level=data["education_level"], profession=data["profession"])


class MembersTab(ListSection):
    actions = (ListAction("add_button", "add_member_button", N_("Add member…"), "add_member"),
               ListAction("edit_button", "edit_member_button", N_("Edit…"), "edit_member", on_row=True),
               ListAction("remove_button", "remove_member_button", N_("Remove"), "remove_member", on_row=True))
    table_name, activate = "members_table", "edit_member"

    def __init__(self, ctx: CardContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "members_tab", parent)
        self.retranslate_ui(ctx.i18n)

    def make_model(self, ctx: CardContext) -> ColumnTableModel:
        return ColumnTableModel(member_columns(ctx), ctx.i18n, self)

    # --- the CardTab protocol (gui.screens), shown from the card's shared read ---
    def show_read(self, read: FamilyRead) -> None:
        self.model.set_rows(read.details.members)

    def add_member(self) -> MemberDialog:
        return self.open_dialog(MemberDialog(self.ctx, None))

    def edit_member(self) -> MemberDialog | None:
        return self.open_for_selected(lambda member: MemberDialog(self.ctx, member))

    def remove_member(self) -> None:
        registration = self.ctx.services.registration
        self.remove_selected_after(
            lambda member: self.ctx.i18n.format("Remove {name} from the family?", name=member.full_name),
            lambda member: registration.remove_member(member.id, member.version))
