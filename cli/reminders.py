"""``reminders [--date YYYY-MM-DD] [--json]``: create the reminders the data calls for.

Meant for a scheduled job on a multi-seat server; the window does the same when it opens
and on F5. Running it twice creates nothing new.
"""
from __future__ import annotations

import argparse
import datetime as dt

from cli import EXIT_OK
from cli.context import CliContext


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError("expected a date as YYYY-MM-DD") from error


def register(subparsers, tr) -> None:
    parser = subparsers.add_parser("reminders", help=tr._(
        "create task reminders from the data (expiring certificates and documents, payments due, "
        "families without contact) and close settled ones"))
    parser.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help=tr._("the day to plan for (default today)"))
    parser.add_argument("--json", action="store_true", help=tr._("print one JSON object"))
    parser.set_defaults(handler=run)


def run(args, ctx: CliContext) -> int:
    summary = ctx.services().tasks.generate_reminders(args.date)
    if args.json:
        ctx.json({"created": summary.created, "closed": summary.closed})
    else:
        ctx.out(ctx.tr.format("Reminders created: {created}; settled and closed: {closed}.",
                              created=summary.created, closed=summary.closed))
    return EXIT_OK
