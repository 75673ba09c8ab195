"""The card's warning that a member has no basis of processing (Law No. 94-V).

A label of its own that loads through a read job and hides itself when every member has a
basis; the card only creates it, adds it to its layout and calls ``refresh()`` after each load.
"""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from gui.privacy.texts import WARNING_STYLE, missing_text


class BasisWarning(QLabel):
    def __init__(self, ctx, family_id: int, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("basis_warning")
        self.setWordWrap(True)
        self.setStyleSheet(WARNING_STYLE)
        self.ctx, self.family_id, self.i18n = ctx, family_id, ctx.translator
        self.missing: list[str] = []
        self._generation = 0
        self.hide()

    def refresh(self) -> None:
        self._generation += 1
        generation, services, family_id = self._generation, self.ctx.services, self.family_id

        def shown(state) -> None:
            if generation == self._generation:
                self.show_missing([p.full_name for p in state.without_basis])

        self.ctx.jobs.run(lambda _p: services.privacy.family_basis(family_id), on_success=shown,
                          on_failure=lambda _error: True)

    def show_missing(self, names: list[str]) -> None:
        self.missing = names
        self.setText(missing_text(names, self.i18n) if names else "")
        self.setVisible(bool(names))

    def retranslate_ui(self, translator) -> None:
        self.i18n = translator
        self.show_missing(self.missing)
