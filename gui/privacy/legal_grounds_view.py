"""«Laws for personal data»: the list of laws the administrator keeps (a basis other than consent).

Adding a law or changing its names goes through ``services.privacy.save_legal_ground``; a retired
law is no longer offered for new records, while the records that name it keep it.
"""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from domain.messages import N_
from domain.permissions import Action
from gui.quotas.common import fit_columns, make_table
from gui.forms.form_dialog import FieldSpec, FormDialogSpec, FormHost
from gui.quotas.row_model import RowTableModel
from gui.screens import ScreenSpec, register_screen
from gui.widgets.column_model import Column


class _Ground:
    """A LegalGroundRow with the ``id`` the table model keys rows by."""

    def __init__(self, row) -> None:
        self.row, self.id = row, row.code


COLUMNS = (
    Column("code", N_("Code"), lambda g, tr: g.row.code),
    Column("name", N_("Law"), lambda g, tr: g.row.name(tr.language)),
    Column("active", N_("In force"), lambda g, tr: tr._("yes") if g.row.active else tr._("no")),
)


class LegalGroundsView(FormHost, QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.setObjectName("legal_grounds_view")
        self.ctx, self.services, self.jobs, self.i18n = ctx, ctx.services, ctx.jobs, ctx.translator
        self.last_dialog = None
        self.add_button, self.edit_button = QPushButton(self), QPushButton(self)
        self.add_button.setObjectName("add_ground_button")
        self.edit_button.setObjectName("edit_ground_button")
        self.add_button.clicked.connect(lambda: self.open_form(self._spec(None)))
        self.edit_button.clicked.connect(self._edit_selected)
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        bar.addStretch(1)
        self.model = RowTableModel(COLUMNS, self.i18n, self)
        self.table = make_table(self, self.model, "legal_grounds_table")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        ctx.events.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui(self.i18n)

    def _app_events(self):
        return self.ctx.events

    def retranslate_ui(self, translator) -> None:
        self.i18n = translator
        self.add_button.setText(translator._("Add a law…"))
        self.edit_button.setText(translator._("Change…"))
        self.model.retranslate(translator)

    def refresh(self) -> None:
        services = self.services
        self.jobs.run(lambda _p: [_Ground(g) for g in services.privacy.legal_grounds(include_inactive=True)],
                      on_success=self._show)

    def _show(self, rows) -> None:
        self.model.set_rows(rows)
        fit_columns(self.table)

    def on_changes(self, changes, initiator) -> None:
        if changes.reference and initiator is not self:
            self.refresh()

    def _edit_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_form(self._spec(self.model.row(rows[0].row()).row))

    def _spec(self, ground) -> FormDialogSpec:
        privacy = self.services.privacy
        return FormDialogSpec(N_("Law for processing personal data"), [
            FieldSpec("code", N_("Code"), default=ground.code if ground else ""),
            FieldSpec("name_kk", N_("Name in Kazakh"), default=ground.name_kk if ground else ""),
            FieldSpec("name_ru", N_("Name in Russian"), default=ground.name_ru if ground else ""),
            FieldSpec("name_en", N_("Name in English"), default=ground.name_en if ground else ""),
            FieldSpec("active", N_("In force"), "check", ground.active if ground else True),
        ], lambda v: privacy.save_legal_ground(v["code"], v["name_kk"], v["name_ru"], v["name_en"], v["active"]))


register_screen(ScreenSpec("legal_grounds", N_("Laws for personal data"), LegalGroundsView, order=915,
                           action=Action.MANAGE_REFERENCE))
