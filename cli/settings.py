"""``settings show [--json]`` and ``settings set KEY VALUE``: the centre's details for reports and forms."""
from __future__ import annotations

from cli import EXIT_OK, EXIT_USAGE
from cli.context import CliContext
from domain.centre import FIELDS, IDLE_LOCK_KEY, IDLE_LOCK_LABEL


def register(subparsers, tr) -> None:
    parser = subparsers.add_parser("settings", help=tr._("the centre's name, address, director and executor"))
    actions = parser.add_subparsers(dest="settings_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help=tr._("print the centre's details"))
    show.add_argument("--json", action="store_true", help=tr._("print one JSON object"))
    show.set_defaults(handler=run_show)
    change = actions.add_parser("set", help=tr._("change one detail (an empty VALUE clears it)"))
    change.add_argument("key", metavar="KEY", help=", ".join([*FIELDS, IDLE_LOCK_KEY]))
    change.add_argument("value", metavar="VALUE")
    change.set_defaults(handler=run_set)


def run_show(args, ctx: CliContext) -> int:
    services = ctx.services()
    details: dict = services.centre.details().as_dict()
    details[IDLE_LOCK_KEY] = services.centre.idle_lock_minutes()
    if args.json:
        ctx.json(details)
        return EXIT_OK
    labels = {**FIELDS, IDLE_LOCK_KEY: IDLE_LOCK_LABEL}
    width = max(len(key) for key in labels)
    for key, label in labels.items():
        value = details[key]
        ctx.out(f"{key:<{width}}  {value if value != '' else '—'}    ({ctx.tr._(label)})")
    return EXIT_OK


def run_set(args, ctx: CliContext) -> int:
    if args.key not in FIELDS and args.key != IDLE_LOCK_KEY:  # a mistyped key is a usage error, like an unknown option
        ctx.err(ctx.tr.format("Unknown centre setting “{key}”: choose one of {keys}.", key=args.key,
                              keys=", ".join([*FIELDS, IDLE_LOCK_KEY])))
        return EXIT_USAGE
    changes = ctx.services().centre.update({args.key: args.value})
    if changes.any():
        ctx.out(ctx.tr.format("“{key}” was saved.", key=args.key))
    else:
        ctx.out(ctx.tr.format("“{key}” already had this value; nothing was changed.", key=args.key))
    return EXIT_OK
