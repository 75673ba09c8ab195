"""The family card's «Personal data» tab: each member's basis of processing, recording consent or
a legal basis, withdrawing it, a person's own file, and (for supervisors) who viewed the family."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from domain.messages import N_
from domain.permissions import Action
from gui.family_card.card_context import CardContext
from gui.privacy.person_removal import PersonRemoval
from domain.processing_basis import ConsentForm
from gui.privacy.texts import VIEW_KIND_TITLES, WARNING_STYLE, basis_text, missing_text
from gui.forms.form_dialog import FieldSpec, FormDialogSpec
from gui.family_card.list_section import ListAction, ListTable
from gui.family_card.tabs.own_read_section import OwnReadSection
from gui.widgets.column_model import Column
from services.privacy_dto import ConsentInput, LegalBasisInput


@dataclass(frozen=True)
class MemberBasisRow:
    id: int  # the person's id
    name: str
    basis: Any  # the newest BasisRow in force, else the newest one, else None
    has_basis: bool
    grounds: dict


def _date(value, tr) -> str:
    return tr.format_date(value) if value else ""


MEMBER_COLUMNS = (
    Column("name", N_("Member"), lambda r, tr: r.name),
    Column("basis", N_("Basis of processing"), lambda r, tr: basis_text(r.basis, r.grounds, tr)),
    Column("from", N_("From"), lambda r, tr: _date(r.basis.valid_from if r.basis else None, tr)),
    Column("withdrawn", N_("Withdrawn on"), lambda r, tr: _date(r.basis.withdrawn_on if r.basis else None, tr)),
    Column("state", N_("In force"), lambda r, tr: tr._("yes") if r.has_basis else tr._("no")),
)
VIEW_COLUMNS = (
    Column("when", N_("When"), lambda r, tr: tr.format_datetime(r.occurred_at)),
    Column("user", N_("User"), lambda r, tr: r.actor_login),
    Column("kind", N_("Action"), lambda r, tr: tr.gettext(VIEW_KIND_TITLES.get(r.kind, r.kind))),
)


def _current(person) -> Any:
    in_force = [b for b in person.bases if b.in_force]
    return (in_force or list(person.bases) or [None])[-1]


class PrivacyTab(OwnReadSection):
    actions = tuple(ListAction(attribute, name, text, method, edits=False, permission=permission)
                    for attribute, name, text, method, permission in (
        ("consent_button", "record_consent_button", N_("Record consent…"), "_on_consent", Action.RECORD_CONSENT),
        ("legal_button", "record_legal_button", N_("Record a legal basis…"), "_on_legal", Action.RECORD_CONSENT),
        ("withdraw_button", "withdraw_basis_button", N_("Withdraw…"), "_on_withdraw", Action.RECORD_CONSENT),
        ("file_button", "person_file_button", N_("Person's file (PDF and Excel)…"), "_on_person_file",
         Action.SUBJECT_ACCESS),
        ("remove_button", "remove_person_data_button", N_("Remove personal data…"), "_on_remove_person_data",
         Action.ANONYMISE)))
    tables = (ListTable("members", "basis_table", N_("Basis of processing personal data"), MEMBER_COLUMNS,
                        alarm=lambda r: not r.has_basis),
              ListTable("views", "family_views_table", N_("Who viewed this family"), VIEW_COLUMNS,
                        permission=Action.VIEW_ACCESS_LOG))

    def __init__(self, ctx: CardContext, family_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, family_id, parent)
        self.warning = QLabel(self)
        self.warning.setObjectName("privacy_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.hide()
        self.layout_.insertWidget(0, self.warning)
        self.removal = PersonRemoval(ctx, self.remove_button)  # one member's data, on request
        self.save_path = lambda suggested: QFileDialog.getSaveFileName(  # tests put a fake here
            self, self.i18n._("Save the person's file"), suggested, "PDF (*.pdf)")[0]

    def _on_remove_person_data(self) -> None:
        self.removal.remove()

    def load(self, services, family_id):
        state = services.privacy.family_basis(family_id)
        grounds = services.privacy.legal_grounds(include_inactive=True)
        attachments = services.attachments.for_family(family_id)
        views = services.view_log.for_family(family_id, limit=500) if self.views_model is not None else []
        return state, grounds, attachments, views

    def show_data(self, data) -> None:
        state, ground_rows, _attachments, views = data
        grounds = {g.code: g.name(self.i18n.language) for g in ground_rows}
        self.members_model.set_rows([MemberBasisRow(p.person_id, p.full_name, _current(p), p.has_basis, grounds)
                                     for p in state.persons])
        missing = [p.full_name for p in state.without_basis]
        self.warning.setText(missing_text(missing, self.i18n) if missing else "")
        self.warning.setVisible(bool(missing))
        if self.views_model is not None:
            self.views_model.set_rows(views)

    def selected_member(self) -> MemberBasisRow | None:
        rows = self.members_table.selectionModel().selectedRows()
        if rows:
            return self.members_model.row(rows[0].row())
        return self.members_model.row(0) if self.members_model.rowCount() == 1 else None

    def _need_member(self) -> MemberBasisRow | None:
        member = self.selected_member()
        if member is None:
            self.warning.setText(self.i18n._("Select a member first."))
            self.warning.show()
        return member

    def _on_consent(self) -> None:
        member = self._need_member()
        if member is None or self.data is None:
            return
        tr, privacy, today = self.i18n, self.services.privacy, self.services.ctx.today()
        files = tuple((a.id, a.file_name) for a in self.data[2])
        spec = FormDialogSpec(N_("Record consent"), [
            FieldSpec("consent_date", N_("Consent given on"), "date", today),
            FieldSpec("consent_form", N_("Form of consent"), "choice", ConsentForm.WRITTEN,
                      tuple((code, tr.gettext(text)) for code, text in ConsentForm.LABELS.items())),
            FieldSpec("attachment", N_("Scanned signed form"), "choice", None,
                      ((None, tr._("not attached yet")),) + files),
            FieldSpec("note", N_("Note")),
        ], lambda v: privacy.record_consent(member.id, ConsentInput(
            v["consent_date"], v["consent_form"], v["note"], attachment_id=v["attachment"])),
            hint=N_("Attach the scanned form on the Attachments tab first, then choose it here."))
        self.open_form(spec)

    def _on_legal(self) -> None:
        member = self._need_member()
        if member is None or self.data is None:
            return
        privacy, today = self.services.privacy, self.services.ctx.today()
        active = tuple((g.code, g.name(self.i18n.language)) for g in self.data[1] if g.active)
        spec = FormDialogSpec(N_("Record a legal basis"), [
            FieldSpec("legal_ground", N_("Law"), "choice", active[0][0] if active else None, active),
            FieldSpec("valid_from", N_("From"), "date", today),
            FieldSpec("note", N_("Note")),
        ], lambda v: privacy.record_legal_basis(member.id, LegalBasisInput(v["legal_ground"], v["valid_from"],
                                                                           v["note"])))
        self.open_form(spec)

    def _on_withdraw(self) -> None:
        member = self._need_member()
        if member is None or member.basis is None:
            return
        privacy, today, basis = self.services.privacy, self.services.ctx.today(), member.basis
        spec = FormDialogSpec(N_("Withdraw the basis of processing"), [
            FieldSpec("withdrawn_on", N_("Withdrawn on"), "date", today),
            FieldSpec("note", N_("Note")),
        ], lambda v: privacy.withdraw(basis.id, basis.version, v["withdrawn_on"], v["note"]), ok_text=N_("Withdraw"))
        self.open_form(spec)

    def _on_person_file(self) -> None:
        member = self._need_member()
        if member is None:
            return
        chosen = self.save_path(f"{member.name}.pdf")
        if not chosen:
            return
        pdf = Path(chosen)
        services, tr = self.services, self.i18n

        def work(_progress):
            from reports.subject_access import export_subject_access
            return export_subject_access(services, member.id, tr, pdf, pdf.with_suffix(".xlsx"))

        self.ctx.jobs.run(work, on_success=lambda _file: self.ctx.reload(), write=True)


def _register() -> None:
    from gui.screens import FamilyTabSpec, register_family_tab
    register_family_tab(FamilyTabSpec("privacy", N_("Personal data"), PrivacyTab, order=90))


_register()
