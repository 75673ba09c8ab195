"""``import FILE.xlsx``, ``import-undo BATCH_ID`` and ``import-batches``: legacy registers.

``import`` reads the register, judges every row and imports in one transaction (nothing
when a row is invalid, unless ``--skip-invalid``). Exit codes: 0 imported (or a clean dry
run), 1 refused, 2 usage error or a file that cannot be read as a workbook.
"""
from __future__ import annotations

import sys

from cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from cli.context import CliContext


def register(subparsers, tr) -> None:
    parser = subparsers.add_parser("import", help=tr._("import a register kept in Excel (.xlsx, .xlsm, .xls)"))
    parser.add_argument("file", metavar="FILE.xlsx", help=tr._("the register file"))
    parser.add_argument("--sheet", metavar="NAME", help=tr._("the sheet to read (default: the first with a header)"))
    parser.add_argument("--dry-run", action="store_true", help=tr._("check every row and write nothing"))
    parser.add_argument("--skip-invalid", action="store_true",
                        help=tr._("import the valid rows even when other rows are invalid"))
    parser.add_argument("--json", action="store_true", help=tr._("print one JSON object"))
    parser.add_argument("--errors-out", metavar="ERRORS.xlsx",
                        help=tr._("write the rows with problems to this Excel file"))
    parser.set_defaults(handler=run_import)
    undo = subparsers.add_parser("import-undo", help=tr._("undo an import batch while nothing of it was edited"))
    undo.add_argument("batch_id", type=int, metavar="BATCH_ID", help=tr._("the number of the import batch"))
    undo.set_defaults(handler=run_undo)
    batches = subparsers.add_parser("import-batches", help=tr._("list the import batches"))
    batches.add_argument("--json", action="store_true", help=tr._("print one JSON object"))
    batches.set_defaults(handler=run_batches)


def run_import(args, ctx: CliContext) -> int:
    from services.register_reader import UnreadableRegisterError
    tr = ctx.tr
    services = ctx.services()
    try:
        report = services.imports.import_file(args.file, sheet=args.sheet, skip_invalid=args.skip_invalid,
                                              dry_run=args.dry_run)
    except UnreadableRegisterError as error:
        ctx.err(tr.error(error))
        return EXIT_USAGE
    if args.errors_out:
        from reports.import_errors import write_error_list
        write_error_list(report, tr, args.errors_out)
    if report.unknown_columns:
        ctx.err(tr.format("Columns not understood (ignored): {columns}.",
                          columns=", ".join(f"«{c}»" for c in report.unknown_columns)))
    if args.json:
        report.write_json(tr, sys.stdout)
    else:
        _print_report(report, ctx)
    return EXIT_REFUSED if report.refused else EXIT_OK


def _print_report(report, ctx: CliContext) -> None:
    from reports.import_errors import KIND_LABELS, duplicate_text
    from services.import_report import message_text
    tr = ctx.tr
    ctx.out(tr.format("File {file}, sheet «{sheet}», header in row {row}.", file=report.file, sheet=report.sheet,
                      row=report.header_row))
    for verdict in report.rows:
        if verdict.details_dropped:
            continue  # counted by problem below
        if verdict.status == "duplicate":
            ctx.out(tr.format("Row {row}: duplicate: {text}", row=verdict.row,
                              text=duplicate_text(verdict.duplicate_of, tr)))
        for kind, message in verdict.messages():
            column = f" «{message.column}»" if message.column else ""
            ctx.out(tr.format("Row {row}{column}: {kind}: {text}", row=verdict.row, column=column,
                              kind=tr._(KIND_LABELS[kind]), text=message_text(message, tr)))
    if report.dropped_rows:
        ctx.out(tr.ngettext(
            "{count} more row with remarks is not listed one by one; the remarks of all rows, by problem:",
            "{count} more rows with remarks are not listed one by one; the remarks of all rows, by problem:",
            report.dropped_rows).format(count=report.dropped_rows))
        for problem in report.problems:
            column = f" «{problem.example.column}»" if problem.example.column else ""
            ctx.out(tr.ngettext("{kind}{column}: {text} — {count} row, first row {row}",
                                "{kind}{column}: {text} — {count} rows, first row {row}", problem.rows).format(
                kind=tr._(KIND_LABELS[problem.kind]), column=column, text=message_text(problem.example, tr),
                count=problem.rows, row=problem.first_row))
    ctx.out(tr.format("Rows: {ok} ok, {invalid} invalid, {duplicate} duplicate.", ok=report.ok,
                      invalid=report.invalid, duplicate=report.duplicate))
    if report.refused:
        ctx.out(tr.ngettext("Nothing was imported: {count} row is invalid. Correct it or use --skip-invalid.",
                            "Nothing was imported: {count} rows are invalid. Correct them or use --skip-invalid.",
                            report.invalid).format(count=report.invalid))
    elif report.dry_run:
        ctx.out(tr._("Dry run: nothing was written."))
    elif report.imported:
        ctx.out(tr.format("Imported {persons} persons in {families} new families as import batch {batch}.",
                          persons=report.imported, families=report.families_imported, batch=report.batch_id))
    else:
        ctx.out(tr._("Nothing new to import: every valid row is already in the database."))


def run_undo(args, ctx: CliContext) -> int:
    result = ctx.services().imports.undo_batch(args.batch_id)
    ctx.out(ctx.tr.format("Import {batch} was undone: {families} families and {persons} persons removed.",
                          batch=result.batch_id, families=result.families_removed, persons=result.persons_removed))
    return EXIT_OK


def run_batches(args, ctx: CliContext) -> int:
    tr = ctx.tr
    batches = ctx.services().imports.batches()
    if args.json:
        ctx.json({"batches": [{"id": b.id, "file": b.file_name, "sha256": b.sha256, "sheet": b.sheet,
                               "imported_at": b.imported_at.isoformat(), "imported_by": b.imported_by,
                               "rows": b.rows_imported, "families": b.families,
                               "undone_at": b.undone_at.isoformat() if b.undone_at else None,
                               "undone_by": b.undone_by} for b in batches]})
        return EXIT_OK
    for b in batches:
        state = tr.format("undone {when} by {who}", when=tr.format_datetime(b.undone_at), who=b.undone_by) \
            if b.undone_at else ""
        ctx.out(f"{b.id}\t{tr.format_datetime(b.imported_at)}\t{b.imported_by}\t{b.file_name}\t«{b.sheet}»\t"
                f"{b.rows_imported}\t{state}")
    return EXIT_OK
