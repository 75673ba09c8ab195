"""``retention``: periods per kind of case, what is due (``--dry-run``, ``--json``), ``apply``, and
``person --person ID --reason …`` for one person's data on request (docs/retention.md)."""
from __future__ import annotations

import argparse
import datetime as dt

from cli import EXIT_OK, EXIT_USAGE
from cli.context import CliContext
from domain.retention import KINDS, LABELS


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from error


def register(subparsers, tr) -> None:
    parser = subparsers.add_parser("retention", help=tr._(
        "remove personal data of finished cases after their retention period"))
    parser.add_argument("--dry-run", action="store_true", help=tr._("list the cases that are due; change nothing"))
    parser.add_argument("--json", action="store_true", help=tr._("print one JSON object"))
    parser.add_argument("--as-of", type=_date, metavar="DATE", help=tr._(
        "with --dry-run: list what will be due on this date (YYYY-MM-DD)"))
    parser.set_defaults(handler=run_due)
    actions = parser.add_subparsers(dest="retention_action", metavar="ACTION")
    apply = actions.add_parser("apply", help=tr._("anonymise every case that is due today"))
    apply.add_argument("--json", action="store_true", help=tr._("print one JSON object"))
    apply.set_defaults(handler=run_apply)
    person = actions.add_parser("person", help=tr._("remove one person's data now, with a reason"))
    person.add_argument("--person", type=int, required=True, metavar="ID", help=tr._("the person's number"))
    person.add_argument("--reason", required=True, help=tr._("why (for example the person's written request)"))
    person.set_defaults(handler=run_person)
    periods = actions.add_parser("periods", help=tr._("show the retention period of each kind of case"))
    periods.add_argument("--json", action="store_true", help=tr._("print one JSON object"))
    periods.set_defaults(handler=run_periods)
    period = actions.add_parser("set", help=tr._("set the period of one kind of case in years (empty: keep)"))
    period.add_argument("kind", metavar="KIND", help=", ".join(KINDS))
    period.add_argument("years", metavar="YEARS")
    period.set_defaults(handler=run_set)


def run_due(args, ctx: CliContext) -> int:
    if not args.dry_run:
        ctx.err(ctx.tr._("Say what to do: --dry-run to list the cases that are due, or “apply” to anonymise them."))
        return EXIT_USAGE
    rows = ctx.services().retention.due(args.as_of)
    if args.json:
        ctx.json({"as_of": (args.as_of or dt.date.today()).isoformat(), "due": [
            {"family_id": r.family_id, "case_number": r.case_number, "kind": r.kind,
             "finished_on": r.finished_on.isoformat(), "due_on": r.due_on.isoformat(), "persons": r.persons}
            for r in rows]})
        return EXIT_OK
    for r in rows:
        ctx.out(ctx.tr.format("{case}: {kind}, finished {finished}, due since {due}, persons: {persons}",
                              case=r.case_number, kind=ctx.tr._(LABELS[r.kind]), finished=r.finished_on.isoformat(),
                              due=r.due_on.isoformat(), persons=r.persons))
    ctx.out(ctx.tr.ngettext("{count} case is due for anonymisation.", "{count} cases are due for anonymisation.",
                            len(rows)).format(count=len(rows)))
    return EXIT_OK


def _result(result) -> dict:
    return {"families": result.families, "persons": result.persons, "documents": result.documents,
            "attachments": result.attachments, "audit_entries_erased": result.audit_entries_erased,
            "cases": list(result.case_numbers)}


def run_apply(args, ctx: CliContext) -> int:
    result = ctx.services().retention.apply()
    if args.json:
        ctx.json(_result(result))
        return EXIT_OK
    ctx.out(ctx.tr.ngettext("Personal data removed from {count} case.", "Personal data removed from {count} cases.",
                            result.families).format(count=result.families))
    ctx.out(ctx.tr.format("Persons: {persons}; documents: {documents}; attachments: {attachments}; audit entries "
                          "erased: {erased}.", persons=result.persons, documents=result.documents,
                          attachments=result.attachments, erased=result.audit_entries_erased))
    return EXIT_OK


def run_person(args, ctx: CliContext) -> int:
    result = ctx.services().retention.anonymise_person(args.person, args.reason)
    ctx.out(ctx.tr.format("The person's data were removed. Documents: {documents}; attachments: {attachments}; "
                          "audit entries erased: {erased}.", documents=result.documents,
                          attachments=result.attachments, erased=result.audit_entries_erased))
    return EXIT_OK


def run_periods(args, ctx: CliContext) -> int:
    periods = ctx.services().retention.periods()
    if args.json:
        ctx.json(periods)
        return EXIT_OK
    for kind in KINDS:
        years = periods[kind]
        shown = ctx.tr.ngettext("{count} year", "{count} years", years).format(count=years) if years \
            else ctx.tr._("kept (no period set)")
        ctx.out(f"{kind:<16} {shown}    ({ctx.tr._(LABELS[kind])})")
    return EXIT_OK


def run_set(args, ctx: CliContext) -> int:
    changes = ctx.services().retention.set_period(args.kind, args.years)
    if changes.any():
        ctx.out(ctx.tr.format("“{key}” was saved.", key=args.kind))
    else:
        ctx.out(ctx.tr.format("“{key}” already had this value; nothing was changed.", key=args.kind))
    return EXIT_OK
