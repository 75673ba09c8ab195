"""How errors reach the user: inline on a field, a warning box, or an apology with details.

* ``ValidationError`` belongs inline on the named fields (forms use ``gui.forms.inline_errors``);
  it reaches this box only when no form can place it.
* ``ConflictError`` ("changed by … at …") offers a Reload button that calls ``on_reload``.
* Anything unexpected gets an apology, the details and the log.
"""
from __future__ import annotations

import logging
import sys
import traceback
from typing import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from domain.errors import ConflictError, DomainError, NotFound, PermissionDenied, ValidationError
from gui.dialogs import message_box, translate_buttons
from i18n import Translator
from services.database import as_domain_error

log = logging.getLogger(__name__)


def error_text(error: BaseException, translator: Translator) -> str:
    """The translated text of a domain error, every field problem included."""
    text = translator.error(error)
    if isinstance(error, ValidationError) and len(error.problems) > 1:
        text += "\n" + "\n".join("• " + translator.error(p) for p in error.problems[1:])
    return text


def build_error_box(parent: QWidget | None, error: BaseException, translator: Translator, trace: str = "",
                    on_reload: Callable[[], None] | None = None) -> QMessageBox:
    if not isinstance(error, DomainError):
        error = as_domain_error(error) or error  # a database error: its sentence, not SQL text
    if isinstance(error, ConflictError):
        box = message_box(parent, translator, QMessageBox.Icon.Warning, error_text(error, translator),
                          QMessageBox.StandardButton.Close, object_name="conflict_box")
        reload_button = box.addButton(translator._("Reload"), QMessageBox.ButtonRole.AcceptRole)
        reload_button.setObjectName("reload_button")
        box.setDefaultButton(reload_button)
        if on_reload is not None:
            reload_button.clicked.connect(on_reload)
        return box
    if isinstance(error, DomainError):
        text = error_text(error, translator)
        if isinstance(error, (PermissionDenied, NotFound)):
            text += "\n\n" + translator._("Ask a supervisor if you need this.")
        box = message_box(parent, translator, QMessageBox.Icon.Warning, text, object_name="error_box")
        return box
    box = message_box(parent, translator, QMessageBox.Icon.Critical, translator._(
        "Sorry, something went wrong. Your data is safe; the details are in the log file."),
        object_name="error_box")
    box.setDetailedText(trace or "".join(traceback.format_exception(error)))
    translate_buttons(box, translator)
    return box


def show_error(parent: QWidget | None, error: BaseException, translator: Translator, trace: str = "",
               on_reload: Callable[[], None] | None = None) -> None:
    """A translated box: a warning for refusals, Reload for conflicts, an apology for bugs."""
    if not isinstance(error, DomainError):
        translated = as_domain_error(error)  # logged there, without the driver's DETAIL line
        if translated is not None:
            error, trace = translated, ""
        else:
            log.error("unexpected error shown to the user: %s", trace or repr(error))
    build_error_box(parent, error, translator, trace, on_reload).exec()


def install_excepthook(parent: QWidget, translator_of: Callable[[], Translator] | Translator) -> None:
    def hook(kind, value, tb):
        trace = "".join(traceback.format_exception(kind, value, tb))
        log.error("unhandled exception: %s", trace)
        try:
            translator = translator_of() if callable(translator_of) else translator_of
            show_error(parent, value, translator, trace)
        except Exception:  # noqa: BLE001 - never recurse
            sys.__excepthook__(kind, value, tb)

    sys.excepthook = hook
