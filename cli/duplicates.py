"""``duplicates scan [--threshold N] [--record] [--json]``: candidate pairs of the whole register.

Meant for a nightly job: it reads every person once, scores only the pairs that share a block
(``domain.duplicate_scan``) and prints the pairs at or above the threshold with the evidence.
``--record`` puts new pairs on the window's duplicate review list.
"""
from __future__ import annotations

import argparse

from cli import EXIT_OK
from cli.context import CliContext
from domain.duplicate_scoring import MAXIMUM, STRONG


def _threshold(text: str) -> int:
    try:
        value = int(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError("expected a whole number from 1 to 100") from error
    if not 1 <= value <= MAXIMUM:
        raise argparse.ArgumentTypeError("expected a whole number from 1 to 100")
    return value


def register(subparsers, tr) -> None:
    parser = subparsers.add_parser("duplicates", help=tr._("find persons registered twice"))
    actions = parser.add_subparsers(dest="duplicates_command", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    scan = actions.add_parser("scan", help=tr._(
        "score every likely pair of persons in the register and list those at or above the threshold"))
    scan.add_argument("--threshold", type=_threshold, default=STRONG, metavar="N",
                      help=tr._("lowest score to list, 1 to 100 (default {value})").format(value=STRONG))
    scan.add_argument("--record", action="store_true", help=tr._("put new pairs on the duplicate review list"))
    scan.add_argument("--json", action="store_true", help=tr._("print one JSON object"))
    scan.set_defaults(handler=run_scan)


def _side(side) -> dict:
    return {"person_id": side.person_id, "case_number": side.case_number, "name": side.name,
            "birth_date": side.birth_date.isoformat() if side.birth_date else None, "iin": side.iin}


def run_scan(args, ctx: CliContext) -> int:
    result = ctx.services().duplicates.scan(args.threshold, record=args.record)
    tr = ctx.tr

    def evidence(row) -> list[str]:
        return [tr.format(item.message, **{key: tr._(value) if key == "field" else value
                                           for key, value in item.params.items()}) for item in row.evidence]

    if args.json:
        ctx.json({"persons": result.persons, "threshold": result.threshold, "recorded": result.recorded,
                  "pairs": [{"score": row.score, "a": _side(row.a), "b": _side(row.b),
                             "evidence": evidence(row)} for row in result.pairs]})
        return EXIT_OK
    for row in result.pairs:
        ctx.out(f"{row.score:3d}  {row.a.case_number} {row.a.name}  —  {row.b.case_number} {row.b.name}")
        ctx.out("     " + "; ".join(evidence(row)))
    ctx.out(tr.ngettext("{count} pair at or above {threshold} among {persons} persons; {recorded} new on the "
                        "review list.",
                        "{count} pairs at or above {threshold} among {persons} persons; {recorded} new on the "
                        "review list.", len(result.pairs)).format(
        count=len(result.pairs), threshold=result.threshold, persons=result.persons, recorded=result.recorded))
    return EXIT_OK
