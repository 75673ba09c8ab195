"""An audit entry in words, in one language: the one wording of the audit screen and the card's timeline.

``task 474`` becomes "Task “Call the family”, case 2026-0012"; ``relation = head`` becomes
"Relation to the head: Head of the family"; ``app_user 2`` becomes the user's name.
"""
from __future__ import annotations

import datetime as dt
import decimal
import re
from dataclasses import dataclass
from typing import Any, Mapping, TypeVar

from domain.field_labels import CODE_LABELS, FIELD_LABELS, RECORD_CODE_LABELS, RECORD_LABELS, TECHNICAL_FIELDS
from domain.messages import N_
from i18n import Translator
from services.history import HistoryEntry

ACTION_LABELS = {"insert": N_("created"), "update": N_("changed"), "delete": N_("deleted"),
                 "login": N_("signed in"), "login_failed": N_("failed sign-in"), "logout": N_("signed out"),
                 "backup": N_("backup"), "restore": N_("restore"), "export": N_("export"), "report": N_("report"),
                 "import": N_("import"), "demo": N_("demo data"), "print": N_("printed")}
# the ids a value may hold, and the lookup that names them
_PERSON_FIELDS = {"person_id", "kept_person_id", "removed_person_id", "person_a_id", "person_b_id"}
_FAMILY_FIELDS = {"family_id", "kept_family_id", "removed_family_id"}
_USER_FIELDS = {"assignee_id", "responsible_user_id"}
_USER_LOGIN_FIELDS = {"done_by", "resolved_by", "merged_by", "undone_by", "approved_by", "imported_by"}
_REGION_FIELDS = {"region_code"}
_COUNTRY_FIELDS = {"origin_country_code", "citizenship_code", "country_code"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_D = TypeVar("_D")


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


def user(login: str, entry: HistoryEntry) -> str:
    return entry.names.users.get(login, login)


def action(entry: HistoryEntry, tr: Translator) -> str:
    label = ACTION_LABELS.get(entry.action)
    return tr.gettext(label) if label else entry.action


def record_kind(entity: str, tr: Translator) -> str:
    label = RECORD_LABELS.get(entity)
    return tr.gettext(label) if label else entity


def _case(entry: HistoryEntry, tr: Translator) -> str:
    number = entry.names.families.get(entry.family_id) if entry.family_id is not None else None
    return tr.format("Case {case_number}", case_number=number) if number else ""


def subject(entry: HistoryEntry, tr: Translator, within: int | None = None) -> str:
    """What the entry is about: the case, the person, the task or the user, never a table and an id.
    ``within``: the family the reader is looking at (its card), whose case number need not repeat."""
    case = _case(entry, tr) if within is None or entry.family_id != within or entry.entity == "family" else ""
    person = entry.names.persons.get(entry.person_id) if entry.person_id is not None else None
    if entry.entity == "family":
        return case or record_kind("family", tr)
    if entry.entity == "app_user":
        name = _by_id(entry.names.users, entry.entity_id, None) or _value_of(entry, "display_name") or \
            _value_of(entry, "login")
        return tr.format("User {name}", name=name) if name else record_kind("app_user", tr)
    if entry.entity == "person" and person:
        return tr.format("{name}, {case}", name=person, case=case) if case else person
    parts = [record_kind(entry.entity, tr)]
    if entry.entity == "task" and entry.title:
        parts[0] = tr.format("Task “{title}”", title=task_title(entry, tr))
    if person:
        parts.append(person)
    if case:
        parts.append(case)
    if len(parts) == 1 and entry.entity_id and entry.entity not in RECORD_LABELS:
        parts.append(entry.entity_id)  # an unknown kind of record: at least its number
    return ", ".join(parts)


def task_title(entry: HistoryEntry, tr: Translator) -> str:
    """A worker's own title as written; a reminder's (a msgid with params) in the reader's language."""
    if not entry.title_params or entry.title is None:
        return entry.title or ""
    values = {key: _plain(value, tr) for key, value in entry.title_params.items()}
    if "amount" in values:
        try:
            values["amount"] = tr.format_money(decimal.Decimal(str(entry.title_params["amount"])))
        except (decimal.InvalidOperation, TypeError):
            pass
    try:
        return tr.gettext(entry.title).format(**values)
    except (KeyError, IndexError, ValueError):
        return tr.gettext(entry.title)


def changes(entry: HistoryEntry, tr: Translator) -> list[FieldChange]:
    """Each changed field by its label with the values in words; a new record shows what it was created
    with, a deleted one what it held."""
    before, after = entry.before, entry.after
    if not isinstance(before, (dict, type(None))) or not isinstance(after, (dict, type(None))):
        return [FieldChange("", _plain(before, tr), _plain(after, tr))]
    before, after = before or {}, after or {}
    result: list[FieldChange] = []
    for key in dict.fromkeys([*before.keys(), *after.keys()]):
        if key in TECHNICAL_FIELDS or _is_subject(entry, key, after.get(key, before.get(key))):
            continue
        old, new = value(entry, key, before.get(key), tr), value(entry, key, after.get(key), tr)
        if entry.action == "insert" and not new:
            continue  # an empty field of a new record says nothing
        if entry.action == "delete" and not old:
            continue
        result.append(FieldChange(field_label(key, tr), old, new))
    return result


def summary(entry: HistoryEntry, tr: Translator) -> str:
    """The changes on one line: "Birth date: 01.02.1980 → 02.01.1980; Region: Abai"."""
    parts = []
    for change in changes(entry, tr):
        if entry.action == "update":
            parts.append(f"{change.label}: {change.before or '—'} → {change.after or '—'}")
        else:
            shown = change.before if entry.action == "delete" else change.after or change.before
            parts.append(f"{change.label}: {shown}" if change.label else shown)
    return "; ".join(parts)


def sentence(entry: HistoryEntry, tr: Translator, within: int | None = None) -> str:
    """The whole event on one line: "Case 2026-0012 — changed: Region: Abai → Pavlodar"."""
    head = f"{subject(entry, tr, within)} — {action(entry, tr)}"
    details = summary(entry, tr)
    return f"{head}: {details}" if details else head


def field_label(key: str, tr: Translator) -> str:
    label = FIELD_LABELS.get(key)
    return tr.gettext(label) if label else key


def value(entry: HistoryEntry, key: str, raw: Any, tr: Translator) -> str:
    if raw is None or raw == "":
        return ""
    names = entry.names
    if isinstance(raw, bool):
        return tr.gettext(N_("Yes") if raw else N_("No"))
    labels = RECORD_CODE_LABELS.get((entry.entity, key)) or CODE_LABELS.get(key)
    if labels is not None and raw in labels:
        return tr.gettext(labels[raw])
    if key in _PERSON_FIELDS:
        return _by_id(names.persons, raw, str(raw))
    if key in _FAMILY_FIELDS:
        number = _by_id(names.families, raw, None)
        return tr.format("Case {case_number}", case_number=number) if number else str(raw)
    if key in _USER_FIELDS:
        return _by_id(names.users, raw, str(raw))
    if key in _USER_LOGIN_FIELDS:
        return names.users.get(raw, str(raw))
    if key in _REGION_FIELDS and raw in names.regions:
        return names.regions[raw].get(tr.language) or raw
    if key in _COUNTRY_FIELDS and raw in names.countries:
        return names.countries[raw].get(tr.language) or raw
    return _plain(raw, tr)


def _plain(raw: Any, tr: Translator) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return tr.gettext(N_("Yes") if raw else N_("No"))
    if isinstance(raw, str) and _DATE.match(raw):
        return tr.format_date(dt.date.fromisoformat(raw))
    if isinstance(raw, str) and _DATETIME.match(raw):
        try:
            return tr.format_datetime(dt.datetime.fromisoformat(raw))
        except ValueError:
            return raw
    if isinstance(raw, (dict, list)):
        return ", ".join(f"{k}: {v}" for k, v in raw.items()) if isinstance(raw, dict) else ", ".join(map(str, raw))
    return str(raw)


def _is_subject(entry: HistoryEntry, key: str, raw: Any) -> bool:
    """The case or person the subject already names, repeated as a field of the record."""
    return (key == "family_id" and _int(raw) == entry.family_id) or \
        (key == "person_id" and _int(raw) == entry.person_id)


def _value_of(entry: HistoryEntry, key: str) -> Any:
    for side in (entry.after, entry.before):
        if isinstance(side, dict) and side.get(key):
            return side[key]
    return None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _by_id(lookup: Mapping[Any, str], raw: Any, default: _D) -> str | _D:
    """The name of the record whose id ``raw`` holds; ``default`` when it holds no id or an unknown one."""
    key = _int(raw)
    return lookup.get(key, default) if key is not None else default
