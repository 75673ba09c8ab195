"""Field labels in the window's language; the table itself is ``domain.field_labels``."""
from __future__ import annotations

from domain.field_labels import FIELD_LABELS, field_key

__all__ = ["FIELD_LABELS", "field_key", "field_label"]


def field_label(field: str, translator) -> str:
    key = field_key(field)
    return translator.gettext(FIELD_LABELS[key]) if key in FIELD_LABELS else key
