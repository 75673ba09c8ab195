"""Administration: user accounts and roles, the centre's details, backups (with progress) and restore."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QFrame, QGroupBox, QHBoxLayout, QLabel, QPushButton, \
    QScrollArea, QSpinBox, QTableView, QVBoxLayout, QWidget

from domain.messages import N_
from domain.permissions import Action, Role
from gui.admin.admin_dialogs import AdminDialogs
from gui.admin.centre_form import CentreForm
from gui.admin.host_panel import HostPanel
from gui.admin.translated_progress import TranslatedProgress
from gui.admin.user_dialog import UserDialog
from gui.widgets.column_model import Column, ColumnTableModel
from i18n import Translator
from services.changes import EVERYTHING, Changes


def _state_text(user, tr: Translator) -> str:
    if not user.active:
        return tr.gettext("switched off")
    if user.locked_until is not None:
        return tr.format("locked until {until}", until=tr.format_datetime(user.locked_until))
    return tr.gettext("active")


USER_COLUMNS = (
    Column("login", N_("Login"), lambda u, tr: u.login),
    Column("display_name", N_("Full name"), lambda u, tr: u.display_name),
    Column("role", N_("Role"), lambda u, tr: tr.gettext(Role.LABELS.get(u.role, u.role))),
    Column("state", N_("State"), _state_text),
    Column("last_login_at", N_("Last sign-in"),
           lambda u, tr: tr.format_datetime(u.last_login_at) if u.last_login_at else ""),
)


class UserTableModel(ColumnTableModel):
    """A handful of accounts: the whole list is held in memory."""

    show_tooltips = False

    def __init__(self, translator: Translator, parent=None) -> None:
        super().__init__(USER_COLUMNS, translator, parent)

    set_users = ColumnTableModel.set_rows
    users = ColumnTableModel.rows


@dataclass(frozen=True)
class AdminState:
    """What the screen shows, read in one job: users, the lockout policy and the backups."""

    users: list
    lockout: tuple[int, int]
    backup_folder: Path
    keep: int
    latest_backup: str | None


def read_admin_state(services) -> AdminState:
    folder, keep = services.backup.settings()
    backups = services.backup.backups()
    return AdminState(services.users.list_users(), services.users.lockout_policy(), folder, keep,
                      backups[0].name if backups else None)


class AdminView(QWidget):
    loaded = Signal()

    def __init__(self, services, jobs, events, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.state: AdminState | None = None  # None until the first read job returns
        self.services = services
        self.jobs = jobs
        self.events = events
        self.i18n = translator
        self.dialogs = AdminDialogs(self, translator)
        self.users_box = QGroupBox(self)
        self.model = UserTableModel(translator, self)
        self.table = QTableView(self)
        self.table.setObjectName("users_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((140, 260, 150, 200)):
            self.table.setColumnWidth(column, width)
        from gui.widgets.width_fit import fit_columns_to_width
        fit_columns_to_width(self.table)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("add_user_button")
        self.role_button = QPushButton(self)
        self.role_button.setObjectName("role_button")
        self.password_button = QPushButton(self)
        self.password_button.setObjectName("password_button")
        self.active_button = QPushButton(self)
        self.active_button.setObjectName("active_button")
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.role_button.clicked.connect(self._on_role_button_clicked)
        self.password_button.clicked.connect(self._on_password_button_clicked)
        self.active_button.clicked.connect(self._on_active_button_clicked)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        buttons = QHBoxLayout()
        for button in (self.add_button, self.role_button, self.password_button, self.active_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.lockout_caption = QLabel(self)
        self.max_failed_logins_edit = QSpinBox(self)
        self.max_failed_logins_edit.setObjectName("max_failed_logins_edit")
        self.max_failed_logins_edit.setRange(1, 100)
        self.lockout_minutes_caption = QLabel(self)
        self.lockout_minutes_edit = QSpinBox(self)
        self.lockout_minutes_edit.setObjectName("lockout_minutes_edit")
        self.lockout_minutes_edit.setRange(1, 1440)
        for edit in (self.max_failed_logins_edit, self.lockout_minutes_edit):
            edit.editingFinished.connect(self._on_lockout_editing_finished)
        lockout = QHBoxLayout()  # its own row: beside the buttons it widened the screen past 1280 px in kk
        lockout.addWidget(self.lockout_caption)
        lockout.addWidget(self.max_failed_logins_edit)
        lockout.addWidget(self.lockout_minutes_caption)
        lockout.addWidget(self.lockout_minutes_edit)
        lockout.addStretch(1)
        users_layout = QVBoxLayout(self.users_box)
        self.table.setMinimumHeight(150)  # a few users visible, however much the rest of the screen holds
        users_layout.addWidget(self.table)
        users_layout.addLayout(buttons)
        users_layout.addLayout(lockout)
        self.backup_box = QGroupBox(self)
        self.backup_info = QLabel(self)
        self.backup_info.setObjectName("backup_info")
        self.backup_info.setWordWrap(True)
        self.keep_caption = QLabel(self)
        self.keep_edit = QSpinBox(self)
        self.keep_edit.setObjectName("keep_edit")
        self.keep_edit.setRange(1, 365)
        self.keep_edit.editingFinished.connect(self._on_keep_edit_editing_finished)
        self.backup_button = QPushButton(self)
        self.backup_button.setObjectName("backup_button")
        self.backup_button.clicked.connect(self._on_backup_button_clicked)
        self.restore_button = QPushButton(self)
        self.restore_button.setObjectName("restore_button")
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.passphrase_button = QPushButton(self)
        self.passphrase_button.setObjectName("passphrase_button")
        self.passphrase_button.clicked.connect(self._on_passphrase_button_clicked)
        self.backup_result = QLabel(self)
        self.backup_result.setObjectName("backup_result")
        self.backup_result.setWordWrap(True)
        backup_row = QHBoxLayout()
        backup_row.addWidget(self.keep_caption)
        backup_row.addWidget(self.keep_edit)
        backup_row.addStretch(1)
        backup_buttons = QHBoxLayout()  # a row of their own: three long captions in kk and ru
        backup_buttons.addWidget(self.backup_button)
        backup_buttons.addWidget(self.restore_button)
        backup_buttons.addWidget(self.passphrase_button)
        from gui.admin.register_encryption_panel import RegisterEncryptionPanel
        self.register_encryption = RegisterEncryptionPanel(self)  # the database file at rest
        backup_buttons.addStretch(1)
        encryption_row = QHBoxLayout()  # its own row: four long captions do not fit 1093 px in kk
        encryption_row.addWidget(self.register_encryption.button)
        encryption_row.addStretch(1)
        backup_layout = QVBoxLayout(self.backup_box)
        backup_layout.addWidget(self.backup_info)
        backup_layout.addLayout(backup_row)
        backup_layout.addLayout(backup_buttons)
        backup_layout.addLayout(encryption_row)
        backup_layout.addWidget(self.backup_result)
        self.centre_form = CentreForm(services, jobs, translator, self)
        self.host_panel = HostPanel(services.hosting, jobs, translator, self)
        # Five sections do not fit 800 px in height: the screen scrolls rather than squeezing them.
        content = QWidget()
        scroll = QScrollArea(self)
        scroll.setObjectName("administration_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        layout.addWidget(self.users_box, 1)
        layout.addWidget(self.centre_form)
        self.letters_button = QPushButton(self)
        self.letters_button.setObjectName("letter_templates_button")
        self.letters_button.clicked.connect(self.open_letter_templates)
        letters_row = QHBoxLayout()
        letters_row.addStretch(1)
        letters_row.addWidget(self.letters_button)
        layout.addLayout(letters_row)
        layout.addWidget(self.backup_box)
        layout.addWidget(self.host_panel)
        scroll.setWidget(content)
        self.retranslate_ui(translator)

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        self.dialogs.i18n = translator
        self.model.retranslate(translator)
        self.centre_form.retranslate_ui(translator)
        self.host_panel.retranslate_ui(translator)
        self.register_encryption.retranslate_ui(translator)
        _ = translator.gettext
        self.letters_button.setText(_("Letter templates…"))
        self.letters_button.setToolTip(_("The certificate of registration and the referral the family card prints, "
                                         "in Kazakh and Russian"))
        self.users_box.setTitle(_("Users and roles"))
        self.add_button.setText(_("Add user…"))
        self.role_button.setText(_("Change role…"))
        self.password_button.setText(_("Set password…"))
        self.lockout_caption.setText(_("Lock after wrong passwords:"))
        self.lockout_minutes_caption.setText(_("for minutes:"))
        self.backup_box.setTitle(_("Backups"))
        self.keep_caption.setText(_("Automatic daily backups to keep:"))
        self.backup_button.setText(_("Back up now…"))
        self.restore_button.setText(_("Restore…"))
        self.passphrase_button.setText(_("Backup passphrase…"))
        self._update_buttons()
        self._show_backup_settings()

    def refresh(self) -> None:
        services = self.services
        self.jobs.run(lambda _progress: read_admin_state(services), on_success=self._on_state_loaded)
        self.centre_form.refresh()
        self.register_encryption.refresh()

    def _on_state_loaded(self, state: AdminState) -> None:
        self.state = state
        self.model.set_users(state.users)
        failures, minutes = state.lockout
        self.max_failed_logins_edit.setValue(failures)
        self.lockout_minutes_edit.setValue(minutes)
        self._update_buttons()
        self._show_backup_settings()
        self.loaded.emit()

    def open_letter_templates(self):
        from gui.admin.letter_templates_dialog import LetterTemplatesDialog
        dialog = LetterTemplatesDialog(self.services, self.jobs, self.i18n, self)
        dialog.setModal(True)
        dialog.show()  # not exec(): tests drive the open dialog
        self.letter_templates_dialog = dialog
        return dialog

    def _show_backup_settings(self) -> None:
        state = self.state
        self.backup_button.setEnabled(state is not None)
        self.restore_button.setEnabled(state is not None)
        if state is None:
            self.backup_info.setText(self.i18n._("Loading…"))
            return
        self.keep_edit.setValue(state.keep)
        self.backup_info.setText(self.i18n.format(
            "Automatic backups are made once a day at the first start and before every schema upgrade. "
            "Folder: {folder}. Latest: {latest}.", folder=str(state.backup_folder),
            latest=state.latest_backup or self.i18n._("none yet")))

    def selected_user(self):
        return self.model.row_at(self.table.currentIndex().row())

    def _update_buttons(self) -> None:
        user = self.selected_user()
        for button in (self.role_button, self.password_button, self.active_button):
            button.setEnabled(user is not None)
        self.active_button.setText(self.i18n._("Switch on") if user is not None and not user.active
                                   else self.i18n._("Switch off"))

    def _run(self, fn) -> None:
        """A write whose service returns the user row: it changed the users (announced by the runner)."""
        self.jobs.run(lambda _progress: fn(), on_success=lambda _r: self.refresh(), write=True, initiator=self,
                      changes=Changes(users=True))

    def _on_add_button_clicked(self) -> None:
        if UserDialog.ask(self.services, self.i18n, parent=self) is not None:
            self.refresh()
            self.jobs.announce(Changes(users=True), self)

    def _on_role_button_clicked(self) -> None:
        user = self.selected_user()
        role = self.dialogs.choose_role(user.login, user.role) if user else None
        if role and role != user.role:
            self._run(lambda: self.services.users.change_role(user.login, role, user.version))

    def _on_password_button_clicked(self) -> None:
        user = self.selected_user()
        password = self.dialogs.new_password(user.login) if user else None
        if password is not None:
            self._run(lambda: self.services.users.reset_password(user.login, password, user.version))

    def _on_active_button_clicked(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        if user.active:
            self._run(lambda: self.services.users.deactivate(user.login, user.version))
        else:
            self._run(lambda: self.services.users.activate(user.login, user.version))

    def _on_lockout_editing_finished(self) -> None:
        wanted = (self.max_failed_logins_edit.value(), self.lockout_minutes_edit.value())
        if self.state is not None and wanted != self.state.lockout:
            self._run(lambda: self.services.users.set_lockout_policy(*wanted))

    def _on_keep_edit_editing_finished(self) -> None:
        keep = self.keep_edit.value()
        if self.state is not None and keep != self.state.keep:
            self._run(lambda: self.services.backup.set_keep(keep))

    def _on_backup_button_clicked(self) -> None:
        if self.state is None:
            return
        folder = self.state.backup_folder
        folder.mkdir(parents=True, exist_ok=True)
        path = self.dialogs.backup_path(str(folder / self.services.backup.suggested_name()))
        if not path:
            return
        self.jobs.run(lambda progress: self.services.backup.create(path, TranslatedProgress(progress, self.i18n)), on_success=self._on_backed_up,
                      label=self.i18n._("Backing up the database…"), parent_widget=self)

    def _on_backed_up(self, result) -> None:
        self.backup_result.setText(self.i18n.format("Backup written: {path} ({size} bytes, schema {revision}).",
                                                    path=result.path, size=self.i18n.format_number(result.size),
                                                    revision=result.schema_revision))
        self.refresh()

    def _on_restore_button_clicked(self) -> None:
        if self.state is None:
            return
        folder = self.state.backup_folder
        path = self.dialogs.restore_path(str(folder))
        if not path or not self.dialogs.confirm(self.i18n._(
                "Replace the whole database with this backup? Changes made since the backup are lost "
                "(the current database is kept beside it). Other computers must close Qandas first.")):
            return
        passphrase = None
        if self.services.backup.is_encrypted(path):
            passphrase = self.dialogs.backup_passphrase(Path(path).name)
            if passphrase is None:
                return
        self.jobs.run(lambda progress: self.services.backup.restore(path, TranslatedProgress(progress, self.i18n),
                                                                    passphrase=passphrase),
                      on_success=self._on_restored, write=True, initiator=self, changes=EVERYTHING,
                      label=self.i18n._("Restoring the database…"), parent_widget=self)

    def _on_passphrase_button_clicked(self) -> None:
        passphrase = self.dialogs.new_passphrase()
        if passphrase is None:
            return
        self.jobs.run(lambda _p: self.services.backup.set_passphrase(passphrase), write=True,
                      on_success=lambda _r: self._on_passphrase_set())

    def _on_passphrase_set(self) -> None:
        self.backup_result.setText(self.i18n._(
            "Backups of this database are encrypted from now on. Keep the passphrase safe: without it no backup "
            "made from now on can be restored."))
        self._show_backup_settings()

    def _on_restored(self, result) -> None:
        self.dialogs.inform(self.i18n.format("The database was restored from {path} (made {created_at}).",
                                             path=result.path, created_at=result.created_at))

    def on_changes(self, changes, initiator) -> None:
        if changes.users and initiator is not self and self.isVisible():
            self.refresh()


def _create(ctx) -> AdminView:
    return AdminView(ctx.services, ctx.jobs, ctx.events, ctx.translator)


def _register() -> None:
    from gui.screens import ScreenSpec, register_screen
    register_screen(ScreenSpec("administration", N_("Administration"), _create, order=950,
                               action=Action.MANAGE_USERS))


_register()
