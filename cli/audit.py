"""``audit verify`` and ``audit list``."""
from __future__ import annotations

import datetime as dt

from cli import EXIT_OK, EXIT_REFUSED
from cli.context import CliContext


def _date(text: str) -> dt.date:
    import argparse
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from error


def register(subparsers, tr) -> None:
    parser = subparsers.add_parser("audit", help=tr._("the audit log: who changed what, and its integrity"))
    actions = parser.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help=tr._(
        "check the hash chain and compare it with the anchor outside the database (exit 1 on any "
        "difference)"))
    verify.add_argument("--json", action="store_true", help=tr._("print one JSON object"))
    verify.add_argument("--anchor", metavar="FILE", help=tr._(
        "compare with this anchor instead of this computer's: a backup file (.qbak) or an anchor file"))
    verify.set_defaults(handler=run_verify)
    listing = actions.add_parser("list", help=tr._("list audit entries, newest first"))
    listing.add_argument("--user", help=tr._("only entries by this login"))
    listing.add_argument("--entity", help=tr._("only entries about this kind of record (e.g. family)"))
    listing.add_argument("--record", help=tr._("only entries about this record id"))
    listing.add_argument("--since", type=_date, help=tr._("from this date (YYYY-MM-DD)"))
    listing.add_argument("--until", type=_date, help=tr._("up to and including this date (YYYY-MM-DD)"))
    listing.add_argument("--limit", type=int, default=None, help=tr._("at most this many entries"))
    listing.add_argument("--json", action="store_true", help=tr._("print one JSON object"))
    listing.set_defaults(handler=run_list)


def run_verify(args, ctx: CliContext) -> int:
    result = ctx.services().audit.verify(against=args.anchor)
    if args.json:
        ctx.json({"ok": result.ok, "checked": result.checked, "broken_id": result.broken_id,
                  "reason": result.reason, "head": {"count": result.head_count, "hash": result.head_hash},
                  "anchor": {"path": result.anchor_path, "state": result.anchor_state,
                             "count": result.anchor_count, "hash": result.anchor_hash}})
        return EXIT_OK if result.ok else EXIT_REFUSED
    _print_anchor(result, ctx)
    if result.ok:
        ctx.out(ctx.tr.ngettext("The audit log is intact: {count} entry checked.",
                                "The audit log is intact: {count} entries checked.",
                                result.checked).format(count=result.checked))
    elif result.broken_id is not None:
        ctx.err(ctx.tr.format("The audit log is broken at entry {id}.", id=result.broken_id))
        ctx.err(ctx.tr.format(result.message, **result.params))
    else:
        ctx.err(ctx.tr.format(result.message, **result.params))
    return EXIT_OK if result.ok else EXIT_REFUSED


def _print_anchor(result, ctx: CliContext) -> None:
    """Which anchor was checked: its file, and the count and hash it holds (or that there is none)."""
    if not result.anchor_path:
        return
    if result.anchor_state == "absent":
        ctx.out(ctx.tr.format("No audit anchor for this database on this computer yet ({path}): the chain was "
                              "checked on its own; the next change writes the anchor.", path=result.anchor_path))
    elif result.anchor_count is not None:
        ctx.out(ctx.tr.format("Anchor checked: {path} (entries: {count}, head {hash}).", path=result.anchor_path,
                              count=result.anchor_count, hash=result.anchor_hash[:12]))
        if result.anchor_state == "behind":
            newer = result.head_count - result.anchor_count
            ctx.out(ctx.tr.ngettext("{count} newer entry was written by other computers since this anchor.",
                                    "{count} newer entries were written by other computers since this anchor.",
                                    newer).format(count=newer))
    else:
        ctx.out(ctx.tr.format("Anchor checked: {path}.", path=result.anchor_path))


def run_list(args, ctx: CliContext) -> int:
    from services.dto_admin import AuditFilter
    flt = AuditFilter(actor=args.user, entity=args.entity, entity_id=args.record, since=args.since,
                      until=args.until)
    rows = ctx.services().audit.list(flt, limit=args.limit)
    if args.json:
        ctx.json({"entries": [{"id": r.id, "occurred_at": r.occurred_at.isoformat(), "user": r.actor_login,
                               "action": r.action, "entity": r.entity, "record": r.entity_id,
                               "before": r.before, "after": r.after} for r in rows]})
        return EXIT_OK
    for r in rows:
        ctx.out(f"{r.id:>7}  {ctx.tr.format_datetime(r.occurred_at)}  {r.actor_login:<16} {r.action:<12} "
                f"{r.entity}:{r.entity_id or ''}")
    return EXIT_OK
