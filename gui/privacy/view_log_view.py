"""«Views of records»: who opened which family card, exported a list, printed a report or produced a
person's file — per user or per family (supervisors; Action.VIEW_ACCESS_LOG)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from domain.messages import N_
from domain.permissions import Action
from gui.privacy.texts import VIEW_KIND_TITLES
from gui.quotas.common import fit_columns, make_table
from gui.quotas.row_model import RowTableModel
from gui.screens import ScreenSpec, register_screen
from gui.widgets.column_model import Column

COLUMNS = (
    Column("when", N_("When"), lambda r, tr: tr.format_datetime(r.occurred_at)),
    Column("user", N_("User"), lambda r, tr: r.actor_login),
    Column("kind", N_("Action"), lambda r, tr: tr.gettext(VIEW_KIND_TITLES.get(r.kind, r.kind))),
    Column("family", N_("Family"), lambda r, tr: "" if r.family_id is None else str(r.family_id)),
    Column("detail", N_("Detail"), lambda r, tr: r.detail),
)


class ViewLogView(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.setObjectName("view_log_view")
        self.ctx, self.services, self.i18n = ctx, ctx.services, ctx.translator
        self.user_label, self.family_label = QLabel(self), QLabel(self)
        self.user_combo = QComboBox(self)
        self.user_combo.setObjectName("view_log_user")
        self.family_edit = QLineEdit(self)
        self.family_edit.setObjectName("view_log_family")
        self.show_button = QPushButton(self)
        self.show_button.setObjectName("view_log_show")
        self.show_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        for widget in (self.user_label, self.user_combo, self.family_label, self.family_edit, self.show_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.model = RowTableModel(COLUMNS, self.i18n, self)
        self.table = make_table(self, self.model, "view_log_table")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        from gui.session.empty_messages import view_log_empty_message
        from gui.widgets.empty_state import install_empty_state
        self.empty_state = install_empty_state(self.table, lambda: view_log_empty_message(self.i18n),
                                               "view_log_empty")
        ctx.events.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui(self.i18n)

    def retranslate_ui(self, translator) -> None:
        self.i18n = translator
        self.user_label.setText(translator._("User") + ":")
        self.family_label.setText(translator._("Family") + ":")
        self.family_edit.setPlaceholderText(translator._("family id"))
        self.show_button.setText(translator._("Show"))
        if self.user_combo.count():
            self.user_combo.setItemText(0, translator._("everyone"))
        self.model.retranslate(translator)
        self.empty_state.update()

    def refresh(self) -> None:
        services, user = self.services, self.user_combo.currentData()
        family_text = self.family_edit.text().strip()
        family_id = int(family_text) if family_text.isdigit() else None

        def work(_progress):
            if family_id is not None:
                rows = [r for r in services.view_log.for_family(family_id) if not user or r.actor_login == user]
            elif user:
                rows = services.view_log.for_user(user)
            else:
                rows = services.view_log.recent()
            return rows, services.view_log.users()

        self.ctx.jobs.run(work, on_success=self._show)

    def _show(self, result) -> None:
        rows, users = result
        current = self.user_combo.currentData()
        self.user_combo.blockSignals(True)
        self.user_combo.clear()
        self.user_combo.addItem(self.i18n._("everyone"), None)
        for login in users:
            self.user_combo.addItem(login, login)
        self.user_combo.setCurrentIndex(max(self.user_combo.findData(current), 0))
        self.user_combo.blockSignals(False)
        self.model.set_rows(rows)
        fit_columns(self.table)

    def on_changes(self, changes, initiator) -> None:
        pass  # views are not changes; the list is read when the screen is shown or Show is pressed


register_screen(ScreenSpec("view_log", N_("Views of records"), ViewLogView, order=910,
                           action=Action.VIEW_ACCESS_LOG))
