"""*My work*'s notice of the worker's own families that lack a basis of processing (Law No. 94-V).

A label that loads through a read job and hides itself when there are none; the tasks screen
only creates it, adds it to its layout and calls ``refresh()`` when it refreshes.
"""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from gui.privacy.texts import WARNING_STYLE

LISTED = 10


class MyWorkBasisNotice(QLabel):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("my_work_basis_notice")
        self.setWordWrap(True)
        self.setStyleSheet(WARNING_STYLE)
        self.ctx, self.i18n = ctx, ctx.translator
        self.families: list = []
        self._generation = 0
        self.hide()

    def refresh(self) -> None:
        self._generation += 1
        generation, privacy = self._generation, self.ctx.services.privacy

        def shown(families) -> None:
            if generation == self._generation:
                self.show_families(families)

        self.ctx.jobs.run(lambda _p: privacy.my_families_without_basis(), on_success=shown,
                          on_failure=lambda _error: True)

    def show_families(self, families: list) -> None:
        self.families = list(families)
        count, tr = len(self.families), self.i18n
        cases = ", ".join(f"{case} {head}".strip() for _id, case, head in self.families[:LISTED])
        self.setText(tr.ngettext("{count} of your families has a member without a basis of processing personal "
                                 "data: {cases}.",
                                 "{count} of your families have a member without a basis of processing personal "
                                 "data: {cases}.", count).format(count=count, cases=cases) if count else "")
        self.setVisible(bool(count))

    def retranslate_ui(self, translator) -> None:
        self.i18n = translator
        self.show_families(self.families)
