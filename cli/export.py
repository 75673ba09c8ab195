"""``export KIND --out FILE.xlsx [--year Y] [--month YYYY-MM] [--lang kk|ru|en]``: ministry Excel forms."""
from __future__ import annotations

from pathlib import Path

from cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from cli.context import CliContext
from cli.report import month_type, output_folder_problem, report_translator, year_type
from i18n import LANGUAGES
from services.reporting import EXPORT_KINDS


def register(subparsers, tr) -> None:
    parser = subparsers.add_parser("export", help=tr._("export a ministry Excel form"))
    parser.add_argument("kind", choices=EXPORT_KINDS, metavar="KIND",
                        help=tr.format("what to export: {kinds}", kinds=", ".join(EXPORT_KINDS)))
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx", help=tr._("the Excel file to write"))
    parser.add_argument("--year", type=year_type(tr), metavar="Y", help=tr._("only this year"))
    parser.add_argument("--month", type=month_type(tr), metavar="YYYY-MM", help=tr._("only this month"))
    parser.add_argument("--lang", dest="report_lang", choices=LANGUAGES,
                        help=tr._("language of the headers (default: the language of messages)"))
    parser.set_defaults(handler=run)


def run(args, ctx: CliContext) -> int:
    from reports.ministry_export import export_ministry_xlsx
    tr = ctx.tr
    if args.year is not None and args.month is not None and args.month.year != args.year:
        ctx.err(tr.format("The month {month} is not in the year {year}.", month=args.month.strftime("%Y-%m"),
                          year=args.year))
        return EXIT_USAGE
    problem = output_folder_problem(args.out, tr)
    if problem:
        ctx.err(problem)
        return EXIT_REFUSED
    rows = export_ministry_xlsx(ctx.services(), args.kind, args.out, report_translator(args, ctx),
                                year=args.year, month=args.month)
    ctx.out(tr.ngettext("Wrote {path} ({rows} row).", "Wrote {path} ({rows} rows).", rows).format(
        path=str(args.out), rows=rows))
    return EXIT_OK
