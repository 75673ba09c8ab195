"""The questions the Import screen asks (tests patch these methods instead of driving dialogs)."""
from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QWidget

from gui.dialogs import ask
from i18n import Translator


class ImportDialogs:
    def __init__(self, parent: QWidget) -> None:
        self.parent = parent
        self.folder = ""

    def open_register(self, tr: Translator) -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            self.parent, tr._("Choose a register to import"), self.folder,
            tr._("Excel workbooks (*.xlsx *.xlsm *.xls)") + ";;" + tr._("All files (*)"))
        return path or None

    def save_errors(self, tr: Translator, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.parent, tr._("Save the list of problems"), suggested,
                                              tr._("Excel workbooks (*.xlsx)"))
        if path and not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        return path or None

    def confirm(self, tr: Translator, text: str) -> bool:
        return ask(self.parent, tr, text, yes_text=tr._("Undo the import"))
