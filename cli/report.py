"""``report monthly --month YYYY-MM [--lang kk|ru|en] --out FILE.pdf``: the supervisor's monthly report."""
from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

from cli import EXIT_OK, EXIT_REFUSED
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
    monthly.add_argument("--out", required=True, type=Path, metavar="FILE.pdf", help=tr._("the PDF file to write"))
    monthly.set_defaults(handler=run_monthly)


def run_monthly(args, ctx: CliContext) -> int:
    from reports.monthly_report import export_monthly_report
    report_tr = report_translator(args, ctx)
    problem = output_folder_problem(args.out, ctx.tr)
    if problem:
        ctx.err(problem)
        return EXIT_REFUSED
    pages = export_monthly_report(ctx.services(), args.month, args.out, report_tr)
    ctx.out(ctx.tr.format("Wrote {path} ({pages} pages).", path=str(args.out), pages=pages))
    return EXIT_OK
