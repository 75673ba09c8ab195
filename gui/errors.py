"""How errors reach the user: inline on a field, a warning box, or an apology with details."""
from __future__ import annotations

import logging
import sys
import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from domain.errors import ConflictError, DomainError, NotFound, PermissionDenied, ValidationError
from i18n import Translator

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, error: BaseException, translator: Translator, trace: str = "") -> None:
    """A translated box: a warning for refusals, an apology with details for bugs."""
    box = QMessageBox(parent)
    box.setObjectName("error_box")
    box.setWindowTitle("Qandas")
    if isinstance(error, DomainError):
        box.setIcon(QMessageBox.Icon.Warning)
        text = translator.error(error)
        if isinstance(error, ValidationError) and len(error.problems) > 1:
            text += "\n" + "\n".join("• " + translator.error(p) for p in error.problems[1:])
        if isinstance(error, ConflictError):
            text += "\n\n" + translator._("Press F5 to reload.")
        if isinstance(error, (PermissionDenied, NotFound)):
            text += "\n\n" + translator._("Ask a supervisor if you need this.")
        box.setText(text)
    else:
        box.setIcon(QMessageBox.Icon.Critical)
        box.setText(translator._("Sorry, something went wrong. Your data is safe; the details are in the log file."))
        box.setDetailedText(trace or "".join(traceback.format_exception(error)))
    ok = box.addButton(QMessageBox.StandardButton.Ok)
    ok.setText(translator._("OK"))
    box.exec()


def install_excepthook(parent: QWidget, translator: Translator) -> None:
    def hook(kind, value, tb):
        trace = "".join(traceback.format_exception(kind, value, tb))
        log.error("unhandled exception: %s", trace)
        try:
            show_error(parent, value, translator, trace)
        except Exception:  # noqa: BLE001 - never recurse
            sys.__excepthook__(kind, value, tb)

    sys.excepthook = hook
