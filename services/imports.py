"""Importing a legacy Excel register: analyse every row, then write in one transaction.

``analyse`` reads and judges the file and writes nothing. ``import_file`` does the same
and, unless a row is invalid (or ``skip_invalid``), writes the new families and persons
as one import batch: nothing is written when any row is refused, when the user cancels
or when the process dies. Rows stream from the reader and are written in chunks of
``CHUNK`` through Core bulk inserts, so 100 000 rows need neither minutes nor memory.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from pathlib import Path

from domain.errors import FieldProblem, NotFound, RuleViolation, ValidationError
from domain.messages import N_
from domain.permissions import Action
from domain.register_families import DuplicateIndex, FamilyGrouper, RowGroup, spread_refusals
from domain.register_header import FIELD_SYNONYMS, Header, find_header
from domain.register_rows import CountryLookup, ParsedRow, RowReader
from services.changes import Changes
from services.context import ServiceContext
from services.import_report import (DUPLICATE, INVALID, OK, ImportBatchRow, ImportMessage, ImportReport,
                                    RowVerdict, UndoResult, VerdictRows)
from services.import_duplicates import PossibleDuplicates
from services.import_write_behind import WriteBehind, WriteNow
from services.import_writer import BatchWriter
from services.progress import NullProgress, Progress
from services.register_reader import (RegisterLimitError, RegisterWorkbook, Row, UnreadableRegisterError,
                                      file_sha256)

from typing import Any, TYPE_CHECKING

if TYPE_CHECKING:
    from storage.unit_of_work import SqlAlchemyUnitOfWork

CHUNK = 500
# A server writes this many chunks at once: every write of a chunk is a few round trips and fires
# the audit's statement triggers once a table, a cost per statement rather than per row.
SERVER_CHUNKS = 10
IMPORT_CHANGES = Changes(families=True, persons=True, imports=True)

__all__ = ["ImportService", "UnreadableRegisterError", "RegisterLimitError", "CHUNK"]


class ImportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def analyse(self, path: str | Path, sheet: str | None = None, progress: Progress | None = None) -> ImportReport:
        """Read and judge every row; writes nothing."""
        self.ctx.actor.require(Action.IMPORT)
        return _ImportRun(self.ctx, Path(path), sheet, write=False, skip_invalid=False,
                          progress=progress or NullProgress()).run()

    def import_file(self, path: str | Path, sheet: str | None = None, skip_invalid: bool = False,
                    dry_run: bool = False, progress: Progress | None = None) -> ImportReport:
        """Import the valid rows as one batch, or nothing when a row is invalid and not ``skip_invalid``."""
        self.ctx.actor.require(Action.IMPORT)
        return _ImportRun(self.ctx, Path(path), sheet, write=not dry_run, skip_invalid=skip_invalid,
                          progress=progress or NullProgress()).run()

    def batches(self, limit: int = 200) -> list[ImportBatchRow]:
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            return [ImportBatchRow(b["id"], b["file_name"], b["file_sha256"], b["sheet"], b["imported_at"],
                                   b["imported_by"], b["rows_imported"], b["families"] or 0, b["undone_at"],
                                   b["undone_by"]) for b in uow.imports.batches(limit)]

    def undo_batch(self, batch_id: int) -> UndoResult:
        """Remove what a batch created, as a whole, while nothing of it was edited since."""
        self.ctx.actor.require(Action.IMPORT)
        with self.ctx.uow() as uow:
            batch = uow.imports.batch(batch_id)
            if batch is None:
                raise NotFound("import_batch", batch_id)
            if batch["imported_by"] != self.ctx.actor.login:
                self.ctx.actor.require(Action.DELETE_CASES)
            if batch["undone_at"] is not None:
                raise RuleViolation("import_undone", N_("Import {batch} was already undone on {when} by {who}."),
                                    batch=batch_id, when=batch["undone_at"], who=batch["undone_by"])
            edited = uow.imports.first_edited(batch_id)
            if edited is not None:
                self._refuse_edited(uow, batch_id, edited)
            dependent = uow.imports.first_dependent(batch_id)
            if dependent is not None:
                family_id = dependent["id"] if dependent["kind"] == "family" else \
                    uow.imports.person_family(dependent["id"])
                raise RuleViolation("import_edited", N_(
                    "Import {batch} cannot be undone: records ({table}) were added to case {case_number} "
                    "after the import."), batch=batch_id, table=dependent["table"],
                    case_number=uow.imports.case_number(family_id) if family_id else "?")
            families, persons = uow.imports.delete_batch(batch_id)
            uow.imports.mark_undone(batch_id, self.ctx.actor.login, self.ctx.now())
            uow.audit("undo_import", "import_batch", batch_id, {"file": batch["file_name"]},
                      {"families_removed": families, "persons_removed": persons})
            uow.commit()
            return UndoResult(batch_id, families, persons, IMPORT_CHANGES)

    @staticmethod
    def _refuse_edited(uow: SqlAlchemyUnitOfWork, batch_id: int, edited: dict[str, Any]) -> None:
        if edited["kind"] == "family":
            raise RuleViolation("import_edited", N_(
                "Import {batch} cannot be undone: case {case_number} was edited by {who} on {when} after the "
                "import."), batch=batch_id, case_number=edited["case_number"], who=edited["updated_by"],
                when=edited["updated_at"])
        raise RuleViolation("import_edited", N_(
            "Import {batch} cannot be undone: {name} (case {case_number}) was edited by {who} on {when} after "
            "the import."), batch=batch_id, name=" ".join((edited["surname"], edited["given_name"])),
            case_number=uow.imports.case_number(edited["family_id"]), who=edited["updated_by"],
            when=edited["updated_at"])


def _nothing(_groups: list[RowGroup]) -> None:
    return None


class _ImportRun:
    """One pass over one sheet: judge rows, find duplicates, write in chunks when allowed."""

    def __init__(self, ctx: ServiceContext, path: Path, sheet: str | None, *, write: bool, skip_invalid: bool,
                 progress: Progress) -> None:
        self.ctx, self.path, self.sheet_asked = ctx, path, sheet
        self.write, self.skip_invalid, self.progress = write, skip_invalid, progress
        self.verdicts = VerdictRows()
        self.counts = {OK: 0, INVALID: 0, DUPLICATE: 0}
        self.pending: list[RowGroup] = []
        self.pending_rows = 0
        self.write_chunk = CHUNK  # rows a flush takes; more on a server (run)
        self.duplicates = DuplicateIndex()
        self._shared: dict[int, tuple[FieldProblem, ImportMessage]] = {}
        self.moved: set[int] = set()  # quota inclusions whose move this run records

    def run(self) -> ImportReport:
        # A writing run is one serialised step from its first duplicate look-up to its commit: the
        # unit of work begins as a writer (SQLite) and holds the case-number row (PostgreSQL), so
        # the same register imported on two seats at once is written once; the second run waits and
        # then finds every row already there. An analysis or dry run only reads and never waits.
        # (On a server the look-ups of registered persons use a second session, begun after the
        # lock is held: they read what the database held before, the in-file index the rest.)
        unit = self.ctx.uow() if self.write else self.ctx.reading()
        with RegisterWorkbook(self.path) as book, unit as uow:
            sha = file_sha256(self.path)
            sheet, header, rows = self._locate(book)
            self.header = header
            self.reader = RowReader(header, self.ctx.today(), uow.reference.regions(),
                                    CountryLookup(uow.reference.countries()))
            if self.write:
                uow.families.lock_new_cases(self.ctx.today().year)
            # rows this import writes are found by the in-file index; the database needs asking
            # only when it held persons before (not on a first migration into an empty database)
            last_person = uow.imports.last_person_id()
            self.database_has_persons = last_person > 0
            server = uow.session.get_bind().dialect.name != "sqlite"
            self.write_chunk = CHUNK * SERVER_CHUNKS if server else CHUNK
            self.writer = BatchWriter(self.ctx, uow, self.path.name, sha, sheet) if self.write else None
            # on a server the chunks are written behind the judging (services.import_write_behind),
            # so what was registered before the import is read on a second session meanwhile
            behind = server and self.writer is not None
            with (self.ctx.reading(per_statement=True) if behind else nullcontext(uow)) as looking:
                self.looking = looking
                self.possible_duplicates = PossibleDuplicates(looking, last_person)
                writes = self.writes = (WriteBehind if behind else WriteNow)(
                    self.writer.write if self.writer is not None else _nothing)
                try:
                    seen = self._judge_rows(book, sheet, header, rows)
                    writes.drain()
                finally:
                    writes.abandon()
            if not any(self.counts.values()):  # said plainly, not «every valid row is already in the database»
                raise ValidationError("sheet", N_(
                    "The sheet «{sheet}» has its header in row {row} but no rows of data below it: there is "
                    "nothing to import."), sheet=sheet, row=header.row)
            self.progress.step(seen, seen, N_("Finishing"))
            imported, families, batch_id = 0, 0, None
            if self.writer is not None and not self._refused() and (self.writer.persons or self.writer.moves):
                batch_id = self.writer.finish()
                imported, families = self.writer.persons, self.writer.families
                uow.commit()
            return ImportReport(
                file=self.path.name, sheet=sheet, sheet_names=tuple(book.sheet_names), header_row=header.row,
                columns=tuple((header.titles[i], f) for i, f in sorted(header.fields.items())),
                unknown_columns=tuple(t for _, t in header.unknown + header.repeated),
                rows=self.verdicts, ok=self.counts[OK], invalid=self.counts[INVALID],
                duplicate=self.counts[DUPLICATE], imported=imported, families_imported=families,
                dry_run=not self.write, skip_invalid=self.skip_invalid, batch_id=batch_id, sha256=sha,
                changes=IMPORT_CHANGES if imported else Changes())

    def _judge_rows(self, book: RegisterWorkbook, sheet: str, header: Header, rows: Iterator[Row]) -> int:
        """Judge every row of the sheet, writing chunk by chunk when allowed; the rows seen."""
        grouper = FamilyGrouper(header)
        seen = 0
        self.progress.step(0, None, N_("Reading the register"))
        for seen, parsed in book.judged(sheet, rows, header, self.reader):
            if seen % CHUNK == 0:
                self.progress.step(seen, book.row_estimate, N_("Checking and importing rows"))
            if parsed is None:  # not a data row (blank, a title, the header repeated, totals)
                continue
            for group in grouper.add(parsed):
                self._queue(group)
        for group in grouper.finish():
            self._queue(group)
        self._flush()
        return seen

    def _locate(self, book: RegisterWorkbook) -> tuple[str, Header, Iterator[Row]]:
        """The sheet to read, its header and the rows after it (the first sheet with a header)."""
        names = [book.sheet(self.sheet_asked)] if self.sheet_asked is not None else book.sheet_names
        first_error: ValidationError | None = None
        for name in names:
            rows = book.rows(name)
            try:
                header = find_header(rows)
            except ValidationError as error:
                first_error = first_error or error
                continue
            book.keep_columns(max(header.fields) + 1)  # columns right of the header's are never read
            return name, header, rows
        raise first_error  # type: ignore[misc]

    def _refused(self) -> bool:
        return self.counts[INVALID] > 0 and not self.skip_invalid

    def _queue(self, group: RowGroup) -> None:
        self.pending.append(group)
        self.pending_rows += len(group.rows)
        if self.pending_rows >= self.write_chunk:
            self._flush()

    def _flush(self) -> None:
        groups, self.pending, self.pending_rows = self.pending, [], 0
        if not groups:
            return
        for group in groups:
            for row in group.rows:
                self.duplicates.check(row)
        self._mark_existing(groups)
        if self.database_has_persons:
            self.possible_duplicates.mark([row for group in groups for row in group.rows])
        for group in groups:
            spread_refusals(group)
            if group.head is not None and group.head.duplicate_of == "existing":
                group.existing_family_id = group.head.existing_family_id
            self._plan_move(group)
            for row in group.rows:
                self._verdict(row)
        if self.writer is not None and not self._refused():
            self.writes.submit(groups)

    def _plan_move(self, group: RowGroup) -> None:
        """A move date in the register is recorded on the family's live quota inclusion when it is
        already in the database and waits for its move (the import writes no inclusion itself);
        otherwise the row says why it was not recorded and the rest of the row is imported."""
        row = next((r for r in group.rows if r.values.get("moved_on")), None)
        if row is None:
            return
        inclusion = None
        if group.existing_family_id is not None and self.ctx.actor.can(Action.MANAGE_QUOTAS):
            live = self.looking.quotas.live_inclusion_ids(group.existing_family_id)
            inclusion = self.looking.quotas.inclusion(live[-1]) if live else None
            if inclusion is not None and inclusion["id"] in self.moved:  # recorded by an earlier row
                inclusion = None
        moved_on = row.values["moved_on"]
        address = row.values.get("moved_address") or row.values.get("address") or ""
        if inclusion is None or inclusion["arrived_on"] is not None or moved_on < inclusion["decision_date"] \
                or not address:
            row.warnings.append(FieldProblem("moved_on", N_(
                "The move date was not recorded: the family has no quota inclusion in the database waiting for "
                "a move on that date (with an address); record it on the family card.")))
            return
        group.move = (inclusion["id"], moved_on, address)
        self.moved.add(inclusion["id"])

    def _mark_existing(self, groups: list[RowGroup]) -> None:
        """Rows whose person is already in the database (same IIN, or same name and birth date)."""
        candidates = [r for g in groups for r in g.rows if r.ok]
        if not candidates or not self.database_has_persons:
            return
        by_iin = self.looking.imports.persons_by_iin(r.values["iin"] for r in candidates if r.values["iin"])
        by_name = self.looking.imports.persons_by_name(
            (r.name_key, r.values["birth_date"]) for r in candidates if r.name_key)
        for row in candidates:
            iin = row.values["iin"]
            found = by_iin.get(iin) if iin else None
            if found is None:  # same name and birth date, unless both have IINs and they differ
                found = next(((person_id, family_id) for person_id, family_id, other_iin
                              in by_name.get((row.name_key, row.values["birth_date"]), ())
                              if not (iin and other_iin and iin != other_iin)), None)
            if found is not None:
                row.duplicate_of = "existing"
                row.existing_person_id, row.existing_family_id = found

    def _verdict(self, row: ParsedRow) -> None:
        status = INVALID if row.errors else (DUPLICATE if row.duplicate_of is not None else OK)
        self.counts[status] += 1
        if status != OK or row.warnings or row.repairs:
            self.verdicts.append(RowVerdict(row.row, status, self._messages(row.errors),
                                            self._messages(row.warnings), self._messages(row.repairs),
                                            None if status == INVALID else row.duplicate_of))
        else:
            self.verdicts.append_ok(row.row)

    def _messages(self, problems: Iterable[FieldProblem]) -> tuple[ImportMessage, ...]:
        return tuple(self._message(p) for p in problems)

    def _message(self, problem: FieldProblem) -> ImportMessage:
        # notes the reader shares between rows (a region spelled the same way) stay shared here
        key = id(problem)
        cached = self._shared.get(key)
        if cached is not None and cached[0] is problem:
            return cached[1]
        message = ImportMessage(self._column(problem.field), problem.field, problem.message, problem.params)
        if problem.field == "region":
            self._shared[key] = (problem, message)
        return message

    def _column(self, field: str) -> str:
        header: Header = self.header
        if field in ("surname", "given_name") and not header.has(field) and header.has("full_name"):
            field = "full_name"
        return header.title(field) if field in FIELD_SYNONYMS else ""
