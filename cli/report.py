"""``report monthly --month YYYY-MM [--lang kk|ru|en] (--out FILE.pdf | --json)``: the supervisor's monthly
report; ``report approve --month`` closes a month, ``report show --month`` gives it back as approved."""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from cli.context import CliContext
from i18n import LANGUAGES, Translator

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str, tr: Translator | None = None) -> dt.date:
    """``YYYY-MM`` → the first day of that month (argparse turns the error into exit 2)."""
    tr = tr or Translator("en")
    match = MONTH_PATTERN.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2100:
        raise argparse.ArgumentTypeError(tr.format("invalid month “{value}”: use YYYY-MM, e.g. 2026-03",
                                                   value=text))
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def parse_year(text: str, tr: Translator | None = None) -> int:
    tr = tr or Translator("en")
    if not re.fullmatch(r"\d{4}", text.strip()) or not 2000 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(tr.format("invalid year “{value}”: use four digits between 2000 and 2100",
                                                   value=text))
    return int(text)


def month_type(tr: Translator):
    return lambda text: parse_month(text, tr)


def year_type(tr: Translator):
    return lambda text: parse_year(text, tr)


def report_translator(args, ctx: CliContext) -> Translator:
    """The report's own language: --lang after the command, else before it, else the messages' language."""
    language = getattr(args, "report_lang", None) or getattr(args, "lang", None) or ctx.tr.language
    return Translator(language)


def output_folder_problem(path: Path, tr: Translator) -> str | None:
    if not path.parent.exists() or not path.parent.is_dir():
        return tr.format("The folder {folder} does not exist.", folder=str(path.parent))
    if path.is_dir():
        return tr.format("{path} is a folder; give a file name.", path=str(path))
    return None


def register(subparsers, tr) -> None:
    parser = subparsers.add_parser("report", help=tr._("print a report as a PDF"))
    reports = parser.add_subparsers(dest="report_name", metavar="REPORT", required=True)
    monthly = reports.add_parser("monthly", help=tr._("the monthly report for the supervisor"))
    monthly.add_argument("--month", required=True, type=month_type(tr), metavar="YYYY-MM",
                         help=tr._("the month to report on"))
    monthly.add_argument("--lang", dest="report_lang", choices=LANGUAGES,
                         help=tr._("language of the report (default: the language of messages)"))
    monthly.add_argument("--out", type=Path, metavar="FILE.pdf", help=tr._("the PDF file to write"))
    monthly.add_argument("--json", action="store_true",
                         help=tr._("print the report's figures as one JSON object instead of a PDF"))
    monthly.set_defaults(handler=run_monthly)
    approve = reports.add_parser("approve", help=tr._("approve a month's report and close the month (supervisor)"))
    approve.add_argument("--month", required=True, type=month_type(tr), metavar="YYYY-MM",
                         help=tr._("the month to approve"))
    approve.add_argument("--lang", dest="report_lang", choices=LANGUAGES,
                         help=tr._("language of the report (default: the language of messages)"))
    approve.set_defaults(handler=run_approve)
    show = reports.add_parser("show", help=tr._("the approved report of a closed month, exactly as approved"))
    show.add_argument("--month", required=True, type=month_type(tr), metavar="YYYY-MM",
                      help=tr._("the approved month"))
    show.add_argument("--out", type=Path, metavar="FILE.pdf", help=tr._("the PDF file to write"))
    show.add_argument("--json", action="store_true", help=tr._("print the approved figures as one JSON object"))
    show.set_defaults(handler=run_show)


def _print_json_text(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.write("\n")


def run_monthly(args, ctx: CliContext) -> int:
    from reports.monthly_report import export_monthly_report
    if args.json:
        text, _approved = ctx.services().reporting.monthly_figures(args.month)
        _print_json_text(text)
        return EXIT_OK
    if args.out is None:
        ctx.err(ctx.tr._("Give --out FILE.pdf, or --json for the figures."))
        return EXIT_USAGE
    report_tr = report_translator(args, ctx)
    problem = output_folder_problem(args.out, ctx.tr)
    if problem:
        ctx.err(problem)
        return EXIT_REFUSED
    services = ctx.services()
    stored = services.closed_months.stored(args.month)
    pages = export_monthly_report(services, args.month, args.out, report_tr)
    if stored is not None:
        ctx.out(ctx.tr.format("The month {month} is approved: this is the report as approved on {date}.",
                              month=args.month.strftime("%Y-%m"), date=stored.month.approved_at.isoformat(" ")))
    ctx.out(ctx.tr.format("Wrote {path} ({pages} pages).", path=str(args.out), pages=pages))
    return EXIT_OK


def run_approve(args, ctx: CliContext) -> int:
    from reports.month_approval import approve_month
    closed = approve_month(ctx.services(), args.month, report_translator(args, ctx))
    ctx.out(ctx.tr.format("The month {month} is approved and closed (SHA-256 {hash}).",
                          month=closed.month.strftime("%Y-%m"), hash=closed.sha256))
    return EXIT_OK


def run_show(args, ctx: CliContext) -> int:
    from reports.month_approval import write_stored_pdf
    services = ctx.services()
    stored = services.closed_months.stored(args.month)
    if stored is None:
        ctx.err(ctx.tr.format("The month {month} is not approved.", month=args.month.strftime("%Y-%m")))
        return EXIT_REFUSED
    if not stored.hash_matches():
        ctx.err(ctx.tr.format("The stored report of {month} does not match its hash: it was altered.",
                              month=args.month.strftime("%Y-%m")))
        return EXIT_REFUSED
    if args.json:
        _print_json_text(stored.figures_json)
        return EXIT_OK
    if args.out is None:
        ctx.err(ctx.tr._("Give --out FILE.pdf, or --json for the figures."))
        return EXIT_USAGE
    problem = output_folder_problem(args.out, ctx.tr)
    if problem:
        ctx.err(problem)
        return EXIT_REFUSED
    pages = write_stored_pdf(services, stored, args.out)
    ctx.out(ctx.tr.format("Wrote {path} ({pages} pages).", path=str(args.out), pages=pages))
    return EXIT_OK
