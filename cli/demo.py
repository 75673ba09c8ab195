"""``demo [--families N] [--seed S]``: demonstration data."""
from __future__ import annotations

from cli import EXIT_OK
from cli.context import CliContext


def _positive(text: str) -> int:
    import argparse
    value = int(text)
    if value < 1 or value > 1_000_000:
        raise argparse.ArgumentTypeError("must be between 1 and 1000000")
    return value


def register(subparsers, tr) -> None:
    parser = subparsers.add_parser("demo", help=tr._("add demonstration data"))
    parser.add_argument("--families", type=_positive, default=200, metavar="N",
                        help=tr._("how many families to add (default 200)"))
    parser.add_argument("--seed", type=int, default=2026, metavar="S",
                        help=tr._("random seed: the same seed gives the same data"))
    parser.add_argument("--if-empty", action="store_true",
                        help=tr._("add the data only when the database holds no family yet"))
    parser.set_defaults(handler=run)


def run(args, ctx: CliContext) -> int:
    services = ctx.services()
    if args.if_empty and services.cases.count() > 0:
        ctx.out(ctx.tr._("The database already holds families; no demonstration data was added."))
        return EXIT_OK
    result = services.demo(args.families, args.seed)
    ctx.out(ctx.tr.format("Added {families} families with {persons} persons.",
                          families=result.families, persons=result.persons))
    _approve_a_past_month(services, ctx)
    return EXIT_OK


def _approve_a_past_month(services, ctx: CliContext) -> None:
    """A demo centre has approved its report of the month before last (the last one is still open
    for corrections), as a real one would have by now; nothing when it is approved already."""
    import datetime as dt

    from domain.permissions import Action
    from reports.month_approval import approve_month
    if not services.actor.can(Action.APPROVE_MONTHS):
        return
    first_of_this = services.ctx.today().replace(day=1)
    month = (first_of_this - dt.timedelta(days=1)).replace(day=1)
    month = (month - dt.timedelta(days=1)).replace(day=1)
    if services.closed_months.stored(month) is None:
        approve_month(services, month, ctx.tr if ctx.tr.language != "en" else type(ctx.tr)("kk"))
        ctx.out(ctx.tr.format("The report of {month} is approved and the month closed.",
                              month=ctx.tr.format_month(month)))
