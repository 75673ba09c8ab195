"""Fields a form cannot be saved without: one message per empty field, named by the field."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from domain.errors import FieldProblem
from domain.messages import N_

REQUIRED = N_("This field is required.")


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def missing_fields(values: Mapping[str, object], required: Iterable[str],
                   messages: Mapping[str, str] | None = None) -> list[FieldProblem]:
    """A problem for each required field left empty, in the order ``required`` lists them
    (the form's reading order, so the first problem is the field to go back to)."""
    messages = messages or {}
    return [FieldProblem(field, messages.get(field, REQUIRED)) for field in required
            if is_empty(values.get(field))]
