"""``info [--json]``: the database, its schema revision and what it holds."""
from __future__ import annotations

from cli import EXIT_OK
from cli.context import CliContext

# Other areas add sections to ``info --json`` (e.g. "plan_vs_fact") by appending here.
SECTIONS: list = []

from cli.plan_vs_fact import plan_vs_fact_section  # noqa: E402 - quota area
SECTIONS.append(plan_vs_fact_section)


def register(subparsers, tr) -> None:
    parser = subparsers.add_parser("info", help=tr._("show the database and counts of records"))
    parser.add_argument("--json", action="store_true", help=tr._("print one JSON object"))
    parser.set_defaults(handler=run)


def run(args, ctx: CliContext) -> int:
    services = ctx.services()
    summary = services.info.summary()
    for section in SECTIONS:
        summary.update(section(services))
    if args.json:
        ctx.json(summary)
        return EXIT_OK
    tr = ctx.tr
    ctx.out(tr.format("Database: {database}", database=summary["database"]))
    ctx.out(tr.format("Schema revision: {revision}", revision=summary["schema_revision"]))
    ctx.out(tr.format("Families: {count}", count=tr.format_number(summary["counts"]["families"])))
    ctx.out(tr.format("Persons: {count}", count=tr.format_number(summary["counts"]["persons"])))
    for name, value in summary["counts"].items():
        if name not in ("families", "persons"):
            ctx.out(f"  {name}: {tr.format_number(value)}")
    return EXIT_OK
