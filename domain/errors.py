"""Domain errors. Messages are English msgids marked with N_ and carry named params."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable

from domain.messages import N_


class DomainError(Exception):
    """Base of every error a user may see; ``message`` is a msgid, ``params`` fill it."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params

    def render(self, gettext: Callable[[str], str] = lambda s: s) -> str:
        return gettext(self.message).format(**self.params)

    def __str__(self) -> str:  # English, for logs
        try:
            return self.message.format(**self.params)
        except (KeyError, IndexError):
            return self.message


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one field: a refusal or a warning."""

    field: str
    message: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)  # ``field`` is the attribute here

    def render(self, gettext: Callable[[str], str] = lambda s: s) -> str:
        return gettext(self.message).format(**self.params)


class ValidationError(DomainError):
    """Input that breaks a rule. ``problems`` lists every offending field."""

    def __init__(self, field: str | FieldProblem | list[FieldProblem], message: str = "", **params: Any) -> None:
        if isinstance(field, list):
            problems = list(field)
        elif isinstance(field, FieldProblem):
            problems = [field]
        else:
            problems = [FieldProblem(field, message, params)]
        first = problems[0]
        super().__init__(first.message, **first.params)
        self.problems = problems

    @property
    def field(self) -> str:
        return self.problems[0].field


class PermissionDenied(DomainError):
    def __init__(self, action: str, role: str = "") -> None:
        super().__init__(N_("You are not allowed to do this: {action}."), action=action, role=role)
        self.action = action


class NotFound(DomainError):
    def __init__(self, what: str, key: Any) -> None:
        # ``what``/``key`` stay for the log; the user sees one translated sentence.
        super().__init__(N_("The record was not found; someone may have deleted it meanwhile."),
                         what=what, key=key)


class ConflictError(DomainError):
    """The record was changed by someone else since it was opened (optimistic locking)."""

    def __init__(self, what: str, changed_by: str, changed_at: str) -> None:
        super().__init__(
            N_("This record was changed by {changed_by} at {changed_at} after you opened it. "
               "Reload it and make your change again."),
            what=what, changed_by=changed_by, changed_at=changed_at)


class RuleViolation(DomainError):
    """A business rule refuses the action (not a single bad field)."""

    def __init__(self, rule: str, message: str, **params: Any) -> None:
        super().__init__(message, **params)
        self.rule = rule
