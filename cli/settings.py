"""``settings show [--json]`` and ``settings set KEY VALUE``: the centre's details for reports and forms."""
from __future__ import annotations

from cli import EXIT_OK, EXIT_USAGE
from cli.context import CliContext
from domain.centre import FIELDS


def register(subparsers, tr) -> None:
    parser = subparsers.add_parser("settings", help=tr._("the centre's name, address, director and executor"))
    actions = parser.add_subparsers(dest="settings_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help=tr._("print the centre's details"))
    show.add_argument("--json", action="store_true", help=tr._("print one JSON object"))
    show.set_defaults(handler=run_show)
    change = actions.add_parser("set", help=tr._("change one detail (an empty VALUE clears it)"))
    change.add_argument("key", metavar="KEY", help=", ".join(FIELDS))
    change.add_argument("value", metavar="VALUE")
    change.set_defaults(handler=run_set)


def run_show(args, ctx: CliContext) -> int:
    details = ctx.services().centre.details().as_dict()
    if args.json:
        ctx.json(details)
        return EXIT_OK
    width = max(len(key) for key in FIELDS)
    for key, label in FIELDS.items():
        ctx.out(f"{key:<{width}}  {details[key] or '—'}    ({ctx.tr._(label)})")
    return EXIT_OK


def run_set(args, ctx: CliContext) -> int:
    if args.key not in FIELDS:  # a mistyped key is a usage error, like an unknown option
        ctx.err(ctx.tr.format("Unknown centre setting “{key}”: choose one of {keys}.", key=args.key,
                              keys=", ".join(FIELDS)))
        return EXIT_USAGE
    changes = ctx.services().centre.update({args.key: args.value})
    if changes.any():
        ctx.out(ctx.tr.format("“{key}” was saved.", key=args.key))
    else:
        ctx.out(ctx.tr.format("“{key}” already had this value; nothing was changed.", key=args.key))
    return EXIT_OK
