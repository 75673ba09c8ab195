"""One label per field name, so an inline error and the form label always agree."""
from __future__ import annotations

from domain.field_labels import FIELD_LABELS  # noqa: F401  (one table for forms and the history)


def field_key(field: str) -> str:
    """``members.2.iin`` → ``iin``: the widget and label a scoped field maps to."""
    return field.rsplit(".", 1)[-1]


def field_label(field: str, translator) -> str:
    key = field_key(field)
    return translator.gettext(FIELD_LABELS[key]) if key in FIELD_LABELS else key
