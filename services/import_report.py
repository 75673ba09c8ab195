"""What a register import says about a file: one verdict per data row and a summary.

Plain frozen values (the window and the command line receive them); messages stay
msgids with params until a presenter renders them with *its* translator
(``message_text``). ``to_json`` is the public ``--json`` shape of ``import``.
"""
from __future__ import annotations

import datetime as dt
import json
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO, overload

from services.changes import Changes

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from i18n import Translator

OK, INVALID, DUPLICATE = "ok", "invalid", "duplicate"
STATUSES = (OK, INVALID, DUPLICATE)
_STATUS_CODE = {OK: 0, INVALID: 1, DUPLICATE: 2}
# Rows whose messages are kept one by one; further rows keep their status, and their messages
# are counted by problem (``ProblemCount``): a million refused rows would otherwise be a million
# verdicts with their messages (1.4 GB measured).
MAX_DETAILED_ROWS = 1_000


@dataclass(frozen=True, slots=True)
class ImportMessage:
    """An error, warning or repair: the column as headed in the file, a msgid and its params."""

    column: str
    field: str
    message: str
    params: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RowVerdict:
    row: int  # the Excel row number
    status: str
    errors: tuple[ImportMessage, ...] = ()
    warnings: tuple[ImportMessage, ...] = ()
    repairs: tuple[ImportMessage, ...] = ()
    duplicate_of: int | str | None = None  # an earlier Excel row or "existing"
    details_dropped: bool = False  # past MAX_DETAILED_ROWS: the row's messages are only counted

    def messages(self) -> list[tuple[str, ImportMessage]]:
        """Every message with its kind ("error", "warning", "repair"), errors first."""
        return ([("error", m) for m in self.errors] + [("warning", m) for m in self.warnings]
                + [("repair", m) for m in self.repairs])


@dataclass(slots=True)
class ProblemCount:
    """How many rows have one problem (kind, column, message); ``example`` is its first occurrence."""

    kind: str
    example: ImportMessage
    first_row: int
    rows: int = 0


class VerdictRows(Sequence[RowVerdict]):
    """Every data row's verdict in row order, in memory that stays flat whatever the file.

    Each row is its number in an array and its status in a byte; only the first
    ``MAX_DETAILED_ROWS`` rows with something to say keep a ``RowVerdict`` with their messages.
    Every message, kept or not, is counted by problem (``problems``). A 100 000-row import held
    100 000 objects for this (≈10 MB), a million refused rows 1.4 GB."""

    def __init__(self, detail_limit: int = MAX_DETAILED_ROWS) -> None:
        self._rows = array("q")
        self._status = bytearray()
        self._told: dict[int, RowVerdict] = {}  # index -> verdict of a row with something to say
        self._detail_limit = detail_limit
        self._problems: dict[tuple[str, str, str], ProblemCount] = {}
        self.dropped = 0  # rows with something to say whose messages were only counted

    def append_ok(self, row: int) -> None:
        self._rows.append(row)
        self._status.append(0)

    def append(self, verdict: RowVerdict) -> None:
        if verdict == RowVerdict(verdict.row, OK):
            self.append_ok(verdict.row)
            return
        for kind, message in verdict.messages():
            key = (kind, message.column, message.message)
            count = self._problems.get(key)
            if count is None:
                count = self._problems[key] = ProblemCount(kind, message, verdict.row)
            count.rows += 1
        if len(self._told) < self._detail_limit:
            self._told[len(self._rows)] = verdict
        else:
            self.dropped += 1
        self._rows.append(verdict.row)
        self._status.append(_STATUS_CODE[verdict.status])

    @property
    def problems(self) -> list[ProblemCount]:
        """Every problem with the number of rows that have it, the most frequent first."""
        return sorted(self._problems.values(), key=lambda p: (-p.rows, p.first_row))

    def detailed(self) -> list[RowVerdict]:
        """The rows whose messages were kept (at most ``MAX_DETAILED_ROWS``), in row order."""
        return [self._told[i] for i in sorted(self._told)]

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> RowVerdict: ...

    @overload
    def __getitem__(self, index: slice) -> list[RowVerdict]: ...

    def __getitem__(self, index: int | slice) -> RowVerdict | list[RowVerdict]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._rows)))]
        row = self._rows[index]  # raises IndexError as a list would; negative indexes count from the end
        position = index % len(self._rows)
        told = self._told.get(position)
        if told is not None:
            return told
        status = STATUSES[self._status[position]]
        return RowVerdict(row, status) if status == OK else RowVerdict(row, status, details_dropped=True)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(other) == len(self) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"VerdictRows({len(self)} rows, {len(self._told)} with something to say)"


@dataclass(frozen=True)
class ImportReport:
    file: str  # the file's name as given
    sheet: str
    sheet_names: tuple[str, ...]
    header_row: int
    columns: tuple[tuple[str, str], ...]  # (header as in the file, field) of recognised columns
    unknown_columns: tuple[str, ...]
    rows: Sequence[RowVerdict]  # a VerdictRows (or any sequence of verdicts)
    ok: int
    invalid: int
    duplicate: int
    imported: int
    families_imported: int = 0
    dry_run: bool = True
    skip_invalid: bool = False
    batch_id: int | None = None
    sha256: str = ""
    changes: Changes = field(default_factory=Changes)

    @property
    def refused(self) -> bool:
        """Nothing was (or would be) imported because some rows are invalid."""
        return self.invalid > 0 and not self.skip_invalid

    @property
    def clean(self) -> bool:
        return self.invalid == 0

    def problem_rows(self) -> list[RowVerdict]:
        """The rows with an error, a warning or another status whose messages were kept (at most
        ``MAX_DETAILED_ROWS`` of a ``VerdictRows``; ``dropped_rows`` says how many more there are)."""
        rows = self.rows.detailed() if isinstance(self.rows, VerdictRows) else self.rows
        return [r for r in rows if r.errors or r.warnings or r.status != OK]

    @property
    def dropped_rows(self) -> int:
        """Rows with something to say whose messages were only counted (see ``problems``)."""
        return self.rows.dropped if isinstance(self.rows, VerdictRows) else 0

    @property
    def problems(self) -> list[ProblemCount]:
        return self.rows.problems if isinstance(self.rows, VerdictRows) else []

    def to_json(self, tr: Translator) -> dict[str, Any]:
        """The ``--json`` object (the command line streams the same with ``write_json``)."""
        payload = self._json_head()
        payload["rows"] = [self.json_row(r, tr) for r in self.rows]
        payload.update(self._json_tail(tr))
        return payload

    def write_json(self, tr: Translator, out: TextIO) -> None:
        """``to_json`` written row by row: a million rows never become a million dicts at once."""
        head = json.dumps(self._json_head(), ensure_ascii=False, indent=2, default=str)
        out.write(head[:-2] + ',\n  "rows": [')
        for index, verdict in enumerate(self.rows):
            out.write(("\n    " if index == 0 else ",\n    ")
                      + json.dumps(self.json_row(verdict, tr), ensure_ascii=False, default=str))
        tail = json.dumps(self._json_tail(tr), ensure_ascii=False, indent=2, default=str)
        out.write("\n  ],\n" + tail[2:] + "\n")

    def _json_head(self) -> dict[str, Any]:
        return {"file": self.file, "sheet": self.sheet, "header_row": self.header_row}

    @staticmethod
    def json_row(verdict: RowVerdict, tr: Translator) -> dict[str, Any]:
        def shape(messages: tuple[ImportMessage, ...]) -> list[dict[str, str]]:
            return [{"column": m.column, "message": message_text(m, tr)} for m in messages]

        row = {"row": verdict.row, "status": verdict.status, "errors": shape(verdict.errors),
               "warnings": shape(verdict.warnings), "repairs": shape(verdict.repairs),
               "duplicate_of": verdict.duplicate_of}
        if verdict.details_dropped:
            row["details_dropped"] = True
        return row

    def _json_tail(self, tr: Translator) -> dict[str, Any]:
        tail: dict[str, Any] = {"summary": {"ok": self.ok, "invalid": self.invalid, "duplicate": self.duplicate,
                                            "imported": self.imported}}
        if self.dropped_rows:  # only then: the public shape of an ordinary report stays as it was
            tail["problems"] = [{"kind": p.kind, "column": p.example.column,
                                 "message": message_text(p.example, tr), "first_row": p.first_row,
                                 "rows": p.rows} for p in self.problems]
        return tail


def message_text(message: ImportMessage, tr: Translator) -> str:
    """The message in the translator's language (a region is named in that language too)."""
    params = dict(message.params)
    local_region = params.get(f"region_{tr.language}")
    if local_region:
        params["region"] = local_region
    for key, value in params.items():
        if isinstance(value, dt.date):
            params[key] = tr.format_date(value)
    try:
        return tr.gettext(message.message).format(**params)
    except (KeyError, IndexError, ValueError):
        return tr.gettext(message.message)


@dataclass(frozen=True)
class ImportBatchRow:
    id: int
    file_name: str
    sha256: str
    sheet: str
    imported_at: dt.datetime
    imported_by: str
    rows_imported: int
    families: int
    undone_at: dt.datetime | None
    undone_by: str | None


@dataclass(frozen=True)
class UndoResult:
    batch_id: int
    families_removed: int
    persons_removed: int
    changes: Changes
