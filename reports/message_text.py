"""Text of tasks and timeline events in the reader's language.

Automatic reminders and events store an English msgid and its params; dates travel as
ISO strings and codes (stage, decision, reason) as codes, so they are translated and
formatted here, at the last moment, in the language of the window or of the printed report.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.families import DocumentKind
from domain.messages import N_
from domain.kandas_status import Decision, EndReason
from domain.stages import CloseReason, Stage
from domain.tasks import TaskKind
from i18n import Translator

CODE_LABELS = {"old": Stage.LABELS, "new": Stage.LABELS, "reason": CloseReason.LABELS,
               "decision": Decision.LABELS, "end_reason": EndReason.LABELS, "kind": {**DocumentKind.LABELS}}
DATE_KEYS = {"date", "birth_date", "valid_until", "expiry_date"}
MONEY_KEYS = {"amount"}

# Events stored before these messages had plural forms; databases still hold them, so they stay translated.
STORED_BEFORE_PLURALS = (
    N_("Family registered with {count} member(s)."),
    N_("Family imported with {count} member(s) by import {batch} from {file} (rows {first}–{last})."),
)


def render_param(key: str, value: Any, translator: Translator) -> Any:
    if key in CODE_LABELS and isinstance(value, str) and value in CODE_LABELS[key]:
        return translator.gettext(CODE_LABELS[key][value])
    if key in DATE_KEYS and isinstance(value, str):
        try:
            return translator.format_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if key in MONEY_KEYS:
        try:
            return translator.format_money(Decimal(str(value)))
        except InvalidOperation:
            return value
    return value


def render_message(message: str, params: dict[str, Any], translator: Translator) -> str:
    values = {key: render_param(key, value, translator) for key, value in (params or {}).items()}
    text = translator.message(message, values)
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text


def task_text(task, translator: Translator) -> str:
    """A reminder's sentence from its rule; a worker's own task as written."""
    if task.kind == TaskKind.MANUAL:
        return task.title
    return render_message(task.title, task.params, translator)


def event_text(message: str, params: dict[str, Any], translator: Translator) -> str:
    """An event of the timeline; a task event quotes the task in the reader's language."""
    params = dict(params or {})
    if "title_params" in params:
        title_params = params.pop("title_params") or {}
        params["title"] = render_message(params.get("title", ""), title_params, translator) if title_params \
            else params.get("title", "")
    return render_message(message, params, translator)


def kind_label(kind: str, translator: Translator) -> str:
    return translator.gettext(TaskKind.LABELS.get(kind, kind))
