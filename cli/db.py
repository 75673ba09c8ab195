"""``db upgrade`` and ``db check``."""
from __future__ import annotations

from cli import EXIT_OK, EXIT_REFUSED
from cli.context import CliContext


def register(subparsers, tr) -> None:
    parser = subparsers.add_parser("db", help=tr._("database maintenance"))
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    upgrade = actions.add_parser("upgrade", help=tr._("bring the database to the current schema"))
    upgrade.set_defaults(handler=run_upgrade)
    check = actions.add_parser("check", help=tr._("check integrity and schema revision (exit 1 when not fine)"))
    check.add_argument("--json", action="store_true", help=tr._("print one JSON object"))
    check.set_defaults(handler=run_check, opens_database=False)
    from cli import db_cipher
    db_cipher.register(actions, tr)


def run_upgrade(args, ctx: CliContext) -> int:
    ctx.services()
    result = ctx.upgrade_result
    if result.before.kind == "current":
        ctx.out(ctx.tr.format("The database is already at the current schema ({revision}).",
                              revision=result.revision))
    else:
        ctx.out(ctx.tr.format("The database was brought to schema {revision}.", revision=result.revision))
    return EXIT_OK


def run_check(args, ctx: CliContext) -> int:
    from services.database import check_database
    from services.database import open_engine
    engine = open_engine(ctx.db_url)
    try:
        report = check_database(engine)
    finally:
        engine.dispose()
    if args.json:
        ctx.json({"ok": report.ok, "schema_revision": report.revision, "head_revision": report.head,
                  "schema_state": report.state, "problems": list(report.problems)})
    elif report.ok:
        ctx.out(ctx.tr.format("The database is fine: integrity ok, schema {revision}.", revision=report.revision))
    else:
        ctx.err(ctx.tr._("The database check found problems:"))
        for problem in report.problems:
            ctx.err(f"  - {problem}")
    return EXIT_OK if report.ok else EXIT_REFUSED
