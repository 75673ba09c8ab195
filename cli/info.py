"""``info [--json]``: the database, its schema revision and what it holds."""
from __future__ import annotations

from cli import EXIT_OK
from cli.context import CliContext
from domain.messages import N_

# Other areas add sections to ``info --json`` (e.g. "plan_vs_fact") by appending here.
SECTIONS: list = []

from cli.plan_vs_fact import plan_vs_fact_section  # noqa: E402 - quota area
SECTIONS.append(plan_vs_fact_section)


COUNT_LABELS = {
    "families": N_("Families"), "persons": N_("Persons"), "identity_document": N_("Identity documents"),
    "kandas_status": N_("Kandas status records"), "family_event": N_("Timeline events"),
    "task": N_("Tasks"), "attachment": N_("Attachments"), "duplicate_candidate": N_("Possible duplicates"),
    "open_duplicates": N_("Duplicates awaiting review"), "quota_plan": N_("Quota plans"),
    "quota_inclusion": N_("Quota inclusions"), "subsidy_item": N_("Subsidy items"), "payment": N_("Payments"),
    "employment_plan": N_("Employment plans"), "job_placement": N_("Job placements"),
    "employment_measure": N_("Employment measures"), "education_quota": N_("Education quota places"),
    "education_application": N_("Education applications"), "adaptation_service": N_("Adaptation services"),
    "accommodation": N_("Stays in the centre"), "import_batch": N_("Import batches"), "app_user": N_("Users"),
    "audit_log": N_("Audit entries"), "region": N_("Regions"), "region_alias": N_("Region spellings"),
    "country": N_("Countries"), "mrp_rate": N_("MRP rates"), "receiving_region": N_("Receiving regions"),
    "support_rule": N_("Support rules"), "setting": N_("Settings"),
    "person_search_token": N_("Search keys"), "closed_month": N_("Approved months"),
    "subsidy_due_total": N_("Subsidy totals by due month"), "subsidy_paid_total": N_("Subsidy totals by payment month"),
}


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
    for name, value in summary["counts"].items():
        label = tr._(COUNT_LABELS[name]) if name in COUNT_LABELS else name
        ctx.out(f"  {label}: {tr.format_number(value)}")
    return EXIT_OK
