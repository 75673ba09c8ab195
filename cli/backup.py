"""``backup [--out FILE]`` and ``restore FILE``."""
from __future__ import annotations

from pathlib import Path

from cli import EXIT_OK
from cli.context import CliContext, command_line_actor


def register(subparsers, tr) -> None:
    backup = subparsers.add_parser("backup", help=tr._(
        "write a consistent backup of the database (safe while the program is in use)"))
    backup.add_argument("--out", metavar="FILE", help=tr._(
        "the backup file (default: a dated file in the backup folder)"))
    backup.set_defaults(handler=run_backup)
    restore = subparsers.add_parser("restore", help=tr._(
        "replace the database with a backup (the replaced one is kept)"))
    restore.add_argument("file", metavar="FILE")
    restore.set_defaults(handler=run_restore)


def run_backup(args, ctx: CliContext) -> int:
    result = ctx.services().backup.create(Path(args.out) if args.out else None)
    ctx.out(ctx.tr.format("Backup written: {path} ({size} bytes, schema {revision}).", path=result.path,
                          size=result.size, revision=result.schema_revision))
    return EXIT_OK


def run_restore(args, ctx: CliContext) -> int:
    # Not through ctx.services(): a damaged database must still be replaceable by its backup.
    from services import backup
    result = backup.restore(ctx.db_url, Path(args.file), command_line_actor())
    ctx.out(ctx.tr.format("The database was restored from {path} (made {created_at}).", path=result.path,
                          created_at=result.created_at))
    if result.kept_as:
        ctx.out(ctx.tr.format("The replaced database was kept as {path}.", path=result.kept_as))
    return EXIT_OK
