"""Scanned files kept with the family; "Open" hands a temporary copy to the system viewer."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QFileDialog, QLineEdit, QWidget

from domain.messages import N_
from gui.widgets.column_model import Column, ColumnTableModel
from gui.family_card.card_context import CardContext, FamilyRead
from gui.family_card.list_section import ListAction, ListSection
from gui.forms.prompt_dialog import PromptDialog
from i18n import Translator


def temporary_copy(attachment_id: int, sha256: str, file_name: str, content: bytes) -> Path:
    """Write the file under a per-attachment temporary folder (temporary name, then rename)."""
    folder = Path(tempfile.gettempdir()) / "qandas-attachments" / f"{attachment_id}-{sha256[:12]}"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (Path(file_name).name or "file")
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(content)
    os.replace(partial, target)
    return target


def _size(size: int, tr: Translator) -> str:
    if size >= 1024 * 1024:
        return tr.format("{size} MB", size=tr.format_number(size / 1024 / 1024, 1))
    return tr.format("{size} KB", size=tr.format_number(max(1, round(size / 1024))))


class AttachmentsTab(ListSection):
    actions = (ListAction("add_button", "add_attachment_button", N_("Attach file…"), "add_file"),
               ListAction("open_button", "open_attachment_button", N_("Open file"), "open_selected",
                          on_row=True, edits=False),
               ListAction("remove_button", "remove_attachment_button", N_("Remove"), "remove_selected",
                          on_row=True))
    table_name, activate = "attachments_table", "open_selected"

    def __init__(self, ctx: CardContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "attachments_tab", parent)
        from gui.session.empty_messages import attachments_empty_message
        from gui.widgets.empty_state import install_empty_state
        self._translator = ctx.i18n
        self.empty_state = install_empty_state(self.table, lambda: attachments_empty_message(
            self._translator, self._editable), "attachments_empty")
        self.last_opened: Path | None = None
        self.retranslate_ui(ctx.i18n)

    def make_model(self, ctx: CardContext) -> ColumnTableModel:
        columns = [
            Column("file_name", N_("File"), lambda a, tr: a.file_name),
            Column("description", N_("Description"), lambda a, tr: a.description),
            Column("size", N_("Size"), lambda a, tr: _size(a.size, tr)),
            Column("added", N_("Added"), lambda a, tr: tr.format_datetime(a.created_at)),
            Column("by", N_("By"), lambda a, tr: ctx.user_name(a.created_by)),
            Column("sha256", N_("SHA-256"), lambda a, tr: a.sha256),
        ]
        return ColumnTableModel(columns, ctx.i18n, self)

    def retranslate_extra(self, translator: Translator) -> None:
        self._translator = translator
        self.empty_state.update()

    # --- the CardTab protocol (gui.screens), shown from the card's shared read ---
    def show_read(self, read: FamilyRead) -> None:
        self.model.set_rows(read.attachments)

    def set_editable(self, editable: bool) -> None:
        super().set_editable(editable)
        self.empty_state.update()

    # The two questions are methods so tests can answer them without a real dialog.
    def ask_file(self) -> str:
        path, _filter = QFileDialog.getOpenFileName(self, self.ctx.i18n._("Attach a scanned file"))
        return path

    def ask_description(self, file_name: str) -> str | None:
        tr = self.ctx.i18n
        dialog = PromptDialog(tr, N_("Attach a scanned file"), self, ok_text=N_("Attach"),
                              object_name="attachment_description_dialog")
        dialog.set_hint_text(tr.format("Description of «{name}»:", name=file_name))
        dialog.add_field("description", QLineEdit(dialog), N_("Description"))
        answer = dialog.ask()
        return answer["description"] if answer else None

    def add_file(self) -> None:
        path = self.ask_file()
        if not path:
            return
        description = self.ask_description(Path(path).name)
        if description is None:
            return
        attachments, family_id = self.ctx.services.attachments, self.ctx.family_id
        self.ctx.run_write(lambda _p: attachments.add_file(family_id, path, description),
                            label=self.ctx.i18n._("Attaching the file…"))

    def open_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        attachments = self.ctx.services.attachments

        def work(_progress) -> Path:
            name, content = attachments.content(row.id)
            return temporary_copy(row.id, row.sha256, name, content)

        self.ctx.jobs.run(work, on_success=self._opened, on_failure=self.ctx.report_failure,
                               label=self.ctx.i18n._("Opening the file…"), parent_widget=self.ctx.window)

    def _opened(self, path: Path) -> None:
        self.last_opened = path
        self.ctx.open_url(QUrl.fromLocalFile(str(path)))

    def remove_selected(self) -> None:
        attachments = self.ctx.services.attachments
        self.remove_selected_after(
            lambda row: self.ctx.i18n.format("Remove the file «{name}» from the case?", name=row.file_name),
            lambda row: attachments.remove(row.id, row.version))
