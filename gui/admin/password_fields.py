"""The password and its repetition, as the user and password dialogs ask for them."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget


def password_pair(parent: QWidget) -> tuple[QLineEdit, QLineEdit]:
    """Two hidden-text fields, ``password_edit`` and ``confirm_edit``."""
    fields = []
    for name in ("password_edit", "confirm_edit"):
        field = QLineEdit(parent)
        field.setObjectName(name)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        fields.append(field)
    return fields[0], fields[1]
