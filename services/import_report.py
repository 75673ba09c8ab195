"""What a register import says about a file: one verdict per data row and a summary.

Plain frozen values (the window and the command line receive them); messages stay
msgids with params until a presenter renders them with *its* translator
(``message_text``). ``to_json`` is the public ``--json`` shape of ``import``.
"""
from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from services.changes import Changes

OK, INVALID, DUPLICATE = "ok", "invalid", "duplicate"
STATUSES = (OK, INVALID, DUPLICATE)


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

    def messages(self) -> list[tuple[str, ImportMessage]]:
        """Every message with its kind ("error", "warning", "repair"), errors first."""
        return ([("error", m) for m in self.errors] + [("warning", m) for m in self.warnings]
                + [("repair", m) for m in self.repairs])


class VerdictRows(Sequence[RowVerdict]):
    """Every data row's verdict in row order. A plain "ok" row (nothing to say about it) is kept as
    its row number in an array; only rows with a message or another status keep a ``RowVerdict``.
    A 100 000-row import held 100 000 objects for this (≈10 MB of its growth in memory)."""

    def __init__(self) -> None:
        self._rows = array("q")
        self._told: dict[int, RowVerdict] = {}  # index -> verdict of a row with something to say

    def append_ok(self, row: int) -> None:
        self._rows.append(row)

    def append(self, verdict: RowVerdict) -> None:
        if verdict == RowVerdict(verdict.row, OK):
            self.append_ok(verdict.row)
        else:
            self._told[len(self._rows)] = verdict
            self._rows.append(verdict.row)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> RowVerdict: ...

    @overload
    def __getitem__(self, index: slice) -> list[RowVerdict]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._rows)))]
        row = self._rows[index]  # raises IndexError as a list would; negative indexes count from the end
        told = self._told.get(index % len(self._rows))
        return told if told is not None else RowVerdict(row, OK)

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
        return [r for r in self.rows if r.errors or r.warnings or r.status != OK]

    def to_json(self, tr) -> dict[str, Any]:
        def shape(messages: tuple[ImportMessage, ...]) -> list[dict[str, str]]:
            return [{"column": m.column, "message": message_text(m, tr)} for m in messages]

        return {
            "file": self.file,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "rows": [{"row": r.row, "status": r.status, "errors": shape(r.errors), "warnings": shape(r.warnings),
                      "repairs": shape(r.repairs), "duplicate_of": r.duplicate_of} for r in self.rows],
            "summary": {"ok": self.ok, "invalid": self.invalid, "duplicate": self.duplicate,
                        "imported": self.imported},
        }


def message_text(message: ImportMessage, tr) -> str:
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
